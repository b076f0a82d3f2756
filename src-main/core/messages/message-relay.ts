import type { Alert, MessageLevel, MessageSource, ProjectMessage } from '../../common/alerts';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import { UserError } from '../errors';
import type { AlertEngine } from '../alerts/alert-engine';
import { parseNotify } from './notify-input';

/** What the relay reads from the engine. */
export interface RelaySettings {
  /** Whether a project of that name exists (messages name their project). */
  knows: (project: string) => boolean;
  /** Redacts text with the project's secrets and the known key shapes (HTTP and CLI messages are not yet redacted). */
  redact: (project: string, text: string) => string;
}

// A burst is gathered for this long after its first message, then sent as one message per channel.
const GATHER_MS = 2_000;
// At most one batch per project this often: a project that sends without pause reaches its channels
// twice a minute at most, each time with everything it sent meanwhile.
const MIN_GAP_MS = 30_000;
// Messages waiting for one project beyond this are refused: the sender hears so, the database stays bounded.
const MAX_WAITING = 1_000;
// A batch's text lists this many messages; the rest are counted.
const LISTED = 20;

const RANK: Record<MessageLevel, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Messages projects send through Agent OS (issue 25 §2). Each is stored when it arrives (so none is lost to
 * a restart); once a second the waiting ones are gathered per project into one `message` alert whose
 * deliveries go to the project's channels and are retried like any other notification.
 */
export class MessageRelay {
  constructor(
    private readonly store: Store,
    private readonly alerts: AlertEngine,
    private readonly events: EventBus,
    private readonly now: () => Date,
    private readonly settings: RelaySettings,
  ) {}

  /** A message from outside a run (`POST /notify/<key>`, `agent-os notify`): checked, redacted and stored. */
  /** A message by its project's ping key (HTTP `POST /notify/<key>`): an unknown key is not_found. */
  receiveByPingKey(key: string, input: unknown): { id: number | null } {
    const project = this.store.catalog.projectByPingKey(key);
    if (!project || !this.settings.knows(project)) throw new UserError('no project has this ping key', 'not_found');
    return this.receive(project, input, 'http');
  }

  receive(project: string, input: unknown, source: Exclude<MessageSource, 'task'>): { id: number | null } {
    if (!this.settings.knows(project)) throw new UserError(`no project "${project}"; see \`agent-os projects\``, 'not_found');
    const parsed = parseNotify(input);
    if ('error' in parsed) throw new UserError(`message not sent: ${parsed.error}`, 'invalid');
    if (this.store.messages.waitingOf(project).length >= MAX_WAITING)
      throw new UserError(`message not sent: ${project} already has ${MAX_WAITING} messages waiting to be sent; send fewer`, 'conflict');
    const redact = (t: string): string => this.settings.redact(project, t);
    this.store.messages.add(
      [{ project, title: parsed.title === null ? null : redact(parsed.title), message: redact(parsed.message), level: parsed.level, source, run_id: null }],
      this.now().toISOString(),
    );
    return { id: this.store.messages.list(1, project)[0]?.id ?? null };
  }

  /** Once a second (the delivery worker's pass): gathers each project's waiting messages whose time has come. */
  tick(): void {
    const now = this.now();
    for (const { project, first } of this.store.messages.waiting()) {
      if (now.getTime() - Date.parse(first) < GATHER_MS) continue;
      const last = this.store.messages.lastBatchAt(project);
      if (last && now.getTime() - Date.parse(last) < MIN_GAP_MS) continue;
      this.gather(project, now);
    }
  }

  private gather(project: string, now: Date): void {
    const alert = this.store.transaction((): Alert | null => {
      const batch = this.store.messages.waitingOf(project);
      const lastId = batch.at(-1)?.id;
      if (lastId === undefined) return null;
      const level = batch.reduce<MessageLevel>((top, m) => (RANK[m.level] > RANK[top] ? m.level : top), 'info');
      const recorded = this.store.alerts.record(
        { kind: 'message', subject: project, title: batchTitle(project, batch), detail: batchText(batch), payload: { level }, critical: level === 'critical' },
        now.toISOString(),
      );
      this.store.messages.gather(project, lastId, recorded.id);
      this.alerts.enqueue(recorded, 'message', null);
      return recorded;
    });
    if (alert) this.events.emit('alert.raised', { alert });
  }
}

/** "shop: Backup done", or "shop: 100 messages" for a batch. */
function batchTitle(project: string, batch: readonly ProjectMessage[]): string {
  const [only] = batch;
  if (batch.length === 1 && only) return `${project}: ${only.title ?? firstLine(only.message)}`;
  return `${project}: ${batch.length} messages`;
}

/** The message itself, or a batch as one line per message (the first LISTED, then a count). */
function batchText(batch: readonly ProjectMessage[]): string {
  const [only] = batch;
  if (batch.length === 1 && only) return only.message;
  const lines = batch.slice(0, LISTED).map((m) => `• ${m.level === 'info' ? '' : `[${m.level}] `}${m.title ? `${m.title}: ` : ''}${firstLine(m.message)}`);
  if (batch.length > LISTED) lines.push(`… and ${batch.length - LISTED} more (all of them are in the dashboard)`);
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

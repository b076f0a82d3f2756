import type { Alert, NotificationEvent } from '../../common/alerts';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { RemoteEngineStatus, StatusReport } from '../../common/models';
import { UserError } from '../errors';
import { EngineClient } from './engine-client';
import { openEngineStream } from './engine-stream';

const CALL_TIMEOUT_MS = 15_000;
// A burst of events (a run finishing changes its task and the tray) is one status fetch.
const REFRESH_DEBOUNCE_MS = 100;
const STATUS_EVENTS = ['run.started', 'run.finished', 'task.state', 'project.changed'] as const;

/** A remote engine as config.yml names it (`remotes`), with the token its `token_env` holds. */
export interface RemoteSpec {
  name: string;
  /** Base URL, e.g. https://agent-os.example.com (no trailing slash). */
  url: string;
  token: string | null;
  /** Where the token comes from, for messages. */
  tokenEnv: string;
}

/** What a remote engine tells the engine that shows it. */
export interface RemoteHooks {
  /** Its status or reachability changed. */
  changed(): void;
  /** It raised or resolved an alert (shown natively by a desktop host, once). */
  alert(alert: Alert, event: NotificationEvent): void;
}

/**
 * Another Agent OS engine (e.g. `agent-os serve` hosted 24/7), shown beside this one: its status kept fresh
 * from its event stream (engine-stream.ts), commands sent over its HTTP API. While the stream is down the
 * engine counts as unreachable, with the reason and since when.
 */
export class RemoteEngine {
  private state: RemoteEngineStatus['state'] = 'connecting';
  private since: Date;
  private error: string | null = null;
  private status: StatusReport | null = null;
  private stream: { close(): void } | null = null;
  private refreshTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly client: EngineClient | null;

  constructor(
    readonly spec: RemoteSpec,
    private readonly now: () => Date,
    private readonly hooks: RemoteHooks,
  ) {
    this.since = now();
    this.client = spec.token
      ? new EngineClient(spec.url, spec.token, { who: `remote "${spec.name}" (${spec.url})`, tokenHint: `check ${spec.tokenEnv}`, timeoutMs: CALL_TIMEOUT_MS })
      : null;
  }

  start(): void {
    if (!this.spec.token) return this.set('unreachable', `no token: set ${this.spec.tokenEnv} to the remote's API token`);
    this.open();
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.refreshTimer);
    this.stream?.close();
  }

  /** Since when it has been unreachable, or null while it answers. */
  unreachableSince(): Date | null {
    return this.state === 'unreachable' ? this.since : null;
  }

  snapshot(): RemoteEngineStatus {
    return {
      name: this.spec.name,
      url: this.spec.url,
      state: this.state,
      since: this.since.toISOString(),
      error: this.error,
      projects: this.status?.projects ?? [],
      paused_all: this.status?.paused_all ?? false,
    };
  }

  /** A command to the remote engine; a clear error when it does not answer or refuses. */
  call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    if (!this.client) throw new UserError(`remote "${this.spec.name}" has no token: set ${this.spec.tokenEnv} to its API token`, 'conflict');
    return this.client.call(name, arg);
  }

  private set(state: RemoteEngineStatus['state'], error: string | null): void {
    if (this.state !== state) this.since = this.now();
    const changed = this.state !== state || this.error !== error;
    this.state = state;
    this.error = error;
    if (changed) this.hooks.changed();
  }

  private open(): void {
    this.stream = openEngineStream(this.spec.url, this.spec.token ?? '', [...STATUS_EVENTS, 'alert.raised', 'alert.resolved'], {
      open: () => void this.refresh(),
      down: (reason, status) => this.set('unreachable', status === 401 ? `it refused the token (401); check ${this.spec.tokenEnv}` : reason),
      event: (name, payload) => {
        if (name === 'alert.raised' || name === 'alert.resolved') {
          const { alert } = payload as { alert: Alert };
          if (name === 'alert.raised') this.hooks.alert(alert, 'opened');
          else if (alert.state === 'resolved') this.hooks.alert(alert, 'resolved');
        } else this.refreshSoon();
      },
    });
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    try {
      const status = await this.call('status.get', undefined);
      if (this.closed) return; // an answer arriving after stop() changes nothing
      this.status = status;
      this.set('connected', null);
      this.hooks.changed();
    } catch (error) {
      this.set('unreachable', (error as Error).message);
    }
  }
}

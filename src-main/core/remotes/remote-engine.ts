import { EventSource } from 'eventsource';
import type { Alert, NotificationEvent } from '../../common/alerts';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { RemoteEngineStatus, StatusReport } from '../../common/models';
import { UserError } from '../errors';
import { EngineClient } from './engine-client';

const CALL_TIMEOUT_MS = 15_000;
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;
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
 * from its event stream, commands sent over its HTTP API. A dropped stream is reopened with exponential
 * backoff; while it is down the engine counts as unreachable, with the reason and since when.
 */
export class RemoteEngine {
  private state: RemoteEngineStatus['state'] = 'connecting';
  private since: Date;
  private error: string | null = null;
  private status: StatusReport | null = null;
  private source: EventSource | null = null;
  private retry: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private backoff = BACKOFF_START_MS;
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
    clearTimeout(this.retry);
    clearTimeout(this.refreshTimer);
    this.source?.close();
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
    if (this.closed) return;
    const token = this.spec.token ?? '';
    const stream = new EventSource(`${this.spec.url}/api/events`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    this.source = stream;
    stream.onopen = () => {
      this.backoff = BACKOFF_START_MS;
      void this.refresh();
    };
    // EventSource retries at a fixed pace and gives up on a refused stream (401, 5xx): back off here instead.
    stream.onerror = (event) => {
      stream.close();
      if (this.source !== stream || this.closed) return;
      const code = (event as { code?: number }).code;
      this.set('unreachable', code === 401 ? `it refused the token (401); check ${this.spec.tokenEnv}` : describeStreamError(event));
      this.retry = setTimeout(() => this.open(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    };
    for (const name of STATUS_EVENTS) stream.addEventListener(name, () => this.refreshSoon());
    for (const [name, event] of [
      ['alert.raised', 'opened'],
      ['alert.resolved', 'resolved'],
    ] as const) {
      stream.addEventListener(name, (message) => {
        const { alert } = JSON.parse(String((message as { data?: unknown }).data)) as { alert: Alert };
        if (event === 'opened' || alert.state === 'resolved') this.hooks.alert(alert, event);
      });
    }
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    try {
      this.status = await this.call('status.get', undefined);
      this.set('connected', null);
      this.hooks.changed();
    } catch (error) {
      this.set('unreachable', (error as Error).message);
    }
  }
}

function describeStreamError(event: unknown): string {
  const { code, message = '' } = event as { code?: number; message?: string };
  if (code) return `its event stream answered ${code}`;
  // EventSource passes fetch's own words ("TypeError: fetch failed", "terminated: other side closed").
  if (/ECONNREFUSED|fetch failed|connect/i.test(message)) return 'the connection was refused: is it running?';
  if (/terminated|closed|reset|socket/i.test(message)) return 'the connection was cut';
  if (/timeout|timed out/i.test(message)) return 'no answer in time';
  return message ? `no answer (${message})` : 'no answer';
}

import type { Clock, ClockTimer } from '../clock';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { RemoteEngineStatus } from '../../common/models';
import type { AlertEngine } from '../alerts/alert-engine';
import type { Config } from '../config/config-schema';
import { checkedDuration } from '../duration';
import { UserError } from '../errors';
import type { EventBus } from '../event-bus';
import { RemoteEngine, type RemoteSpec } from './remote-engine';

const CHECK_MS = 5_000;

/** Where a remote's token is read from when config names no `token_env`: AGENT_OS_REMOTE_<NAME>_TOKEN. */
export function defaultTokenEnv(name: string): string {
  return `AGENT_OS_REMOTE_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN`;
}

/** The alert subject of an unreachable remote. */
export const remoteSubject = (name: string): string => `remote:${name}`;

/**
 * The remote engines of config `remotes`, connected while this engine runs: their status goes into
 * `status.get`, their changes and alerts into this engine's events, commands for their tasks to them. One
 * unreachable for longer than its grace is an alert of its own ("server unreachable"), resolved when it answers.
 */
export class RemoteEngines {
  private engines = new Map<string, RemoteEngine>();
  private timer: ClockTimer | undefined;
  private running = false;
  private readonly grace = new Map<string, number>();

  constructor(
    private readonly events: EventBus,
    private readonly alerts: AlertEngine,
    private readonly clock: Clock,
    private readonly token: (envName: string) => string | undefined,
  ) {}

  /** Connects to the configured remotes (again, after a config change); keeps unchanged ones connected. */
  configure(remotes: Config['remotes']): void {
    const wanted = new Map(
      remotes.map((r) => {
        const tokenEnv = r.token_env ?? defaultTokenEnv(r.name);
        const spec: RemoteSpec = { name: r.name, url: r.url.replace(/\/+$/, ''), tokenEnv, token: this.token(tokenEnv) ?? null };
        this.grace.set(r.name, checkedDuration(r.grace));
        return [r.name, spec] as const;
      }),
    );
    for (const [name, engine] of this.engines) {
      const spec = wanted.get(name);
      if (spec && JSON.stringify(spec) === JSON.stringify(engine.spec)) continue;
      engine.stop();
      this.engines.delete(name);
      this.alerts.resolveSubject('remote_unreachable', remoteSubject(name));
    }
    for (const [name, spec] of wanted) {
      if (this.engines.has(name)) continue;
      const engine = new RemoteEngine(spec, () => this.clock.now(), {
        changed: () => this.events.emit('remote.changed', { engine: name }),
        alert: (alert, event) => this.events.emit('remote.alert', { engine: name, alert, event: event === 'resolved' ? 'resolved' : 'opened' }),
      });
      this.engines.set(name, engine);
      if (this.running) engine.start();
    }
  }

  start(): void {
    this.running = true;
    for (const engine of this.engines.values()) engine.start();
    this.timer = this.clock.setInterval(() => this.check(), CHECK_MS);
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    for (const engine of this.engines.values()) engine.stop();
  }

  /** Every remote's last known status; none while not connected (a one-shot CLI engine does not connect). */
  snapshot(): RemoteEngineStatus[] {
    return this.running ? [...this.engines.values()].map((e) => e.snapshot()) : [];
  }

  /** A command for a remote's task, sent to that remote. */
  call<K extends HandlerName>(engine: string, name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    const remote = this.engines.get(engine);
    if (!remote) throw new UserError(`no remote engine "${engine}"; config.yml lists ${[...this.engines.keys()].join(', ') || 'none'}`, 'not_found');
    return remote.call(name, arg);
  }

  /** Unreachable past its grace: an alert; reachable again: resolved. */
  check(): void {
    const now = this.clock.now().getTime();
    for (const [name, engine] of this.engines) {
      const since = engine.unreachableSince();
      if (since && now - since.getTime() >= (this.grace.get(name) ?? 300_000)) {
        const { url, error } = engine.snapshot();
        this.alerts.open({
          kind: 'remote_unreachable',
          subject: remoteSubject(name),
          title: `Agent OS server "${name}" is unreachable`,
          detail: `${url} has not answered since ${since.toISOString()}: ${error ?? 'no answer'}`,
          run_id: null,
        });
      } else if (!since) this.alerts.resolveSubject('remote_unreachable', remoteSubject(name));
    }
  }
}

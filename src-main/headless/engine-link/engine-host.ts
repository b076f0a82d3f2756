import type { CoreEventName, CoreEvents, HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { UserError } from '../../core/errors';
import { runningEngine } from '../../core/engine-lock';
import { ensureHome } from '../../core/home';
import { resolveApiToken } from '../server/api-token';
import { readServerInfo } from '../server/server-info';
import { attachToEngine } from './attached-engine';
import type { EngineLink, EngineNotice } from './engine-link';
import { startLocalEngine, type LocalEngineOptions } from './local-engine';

// An engine that is starting holds the lock a moment before it announces its server.
const STARTING_WAIT_MS = 1000;
const STARTING_ATTEMPTS = 8;
// How long an attached engine may be unreachable before this host checks whether it is gone for good.
const TAKE_OVER_CHECK_MS = 1000;

/**
 * The one rule for a long-lived host (the desktop app) and its home's engine (SPEC §1, one engine per home):
 * when a live engine already serves this home (`agent-os serve`), attach to it as a client over HTTP and
 * events; otherwise run the engine here. An engine that holds the home but serves nothing is waited for
 * briefly, then refused with an error saying which process it is.
 */
export async function openEngineLink(options: LocalEngineOptions): Promise<EngineLink> {
  const paths = ensureHome(options.home);
  let lastError: unknown = null;
  for (let attempt = 0; attempt < STARTING_ATTEMPTS; attempt++) {
    const info = readServerInfo(options.home, options.sqliteBinding);
    if (info && info.pid !== process.pid) {
      try {
        return await attachToEngine({ url: info.url, token: resolveApiToken(paths).value, who: `${info.host ?? 'Agent OS'} (pid ${info.pid})` });
      } catch (error) {
        lastError = error;
      }
    } else {
      try {
        return await startLocalEngine(options);
      } catch (error) {
        if (!(error instanceof UserError) || error.kind !== 'conflict') throw error;
        lastError = error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, STARTING_WAIT_MS));
  }
  const engine = runningEngine(options.home, options.sqliteBinding);
  throw new UserError(
    engine !== null
      ? `another Agent OS engine${engine.pid === null ? '' : ` (pid ${engine.pid})`} runs for ${options.home} but serves no API this app can use (${(lastError as Error).message}); stop it and start Agent OS again`
      : `could not start or reach the Agent OS engine for ${options.home}: ${(lastError as Error)?.message ?? 'unknown error'}`,
    'conflict',
  );
}

/**
 * The host's engine link, kept across changes: when the engine it attached to goes away for good (the
 * `serve` was stopped), the host takes over and runs the engine itself. Subscriptions carry over.
 */
export class EngineHost {
  private readonly subscriptions = new Set<{ name: CoreEventName; listener: (payload: CoreEvents[CoreEventName]) => void; off: () => void }>();
  private readonly changeListeners = new Set<() => void>();
  private unwatch: () => void = () => undefined;
  private takeOver: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    private link: EngineLink,
    private readonly options: LocalEngineOptions,
  ) {
    this.watch();
  }

  static async open(options: LocalEngineOptions): Promise<EngineHost> {
    return new EngineHost(await openEngineLink(options), options);
  }

  get mode(): EngineLink['mode'] {
    return this.link.mode;
  }
  get url(): string | null {
    return this.link.url;
  }
  get token(): string {
    return this.link.token;
  }
  get notice(): EngineNotice | null {
    return this.link.notice;
  }
  connected(): boolean {
    return this.link.connected();
  }

  call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    return this.link.call(name, arg);
  }

  on<E extends CoreEventName>(name: E, listener: (payload: CoreEvents[E]) => void): () => void {
    const entry = { name, listener: listener as (payload: CoreEvents[CoreEventName]) => void, off: this.link.on(name, listener) };
    this.subscriptions.add(entry);
    return () => {
      entry.off();
      this.subscriptions.delete(entry);
    };
  }

  /** Called when the link changes (attached ⇄ local) or its engine becomes (un)reachable. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  resume(): void {
    this.link.resume();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.takeOver);
    this.unwatch();
    await this.link.close();
  }

  private watch(): void {
    this.unwatch = this.link.onConnection((connected) => {
      this.changed();
      if (!connected) this.scheduleTakeOverCheck();
    });
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  private scheduleTakeOverCheck(): void {
    clearTimeout(this.takeOver);
    this.takeOver = setTimeout(() => void this.checkTakeOver(), TAKE_OVER_CHECK_MS);
  }

  private async checkTakeOver(): Promise<void> {
    if (this.closing || this.link.connected()) return;
    // Still alive (busy, restarting its server): the stream keeps retrying; look again later.
    if (runningEngine(this.options.home) !== null) return this.scheduleTakeOverCheck();
    const previous = this.link;
    let next: EngineLink;
    try {
      next = await openEngineLink(this.options);
    } catch {
      return this.scheduleTakeOverCheck();
    }
    if (this.closing) return void next.close();
    this.unwatch();
    await previous.close();
    this.link = next;
    for (const entry of this.subscriptions) entry.off = next.on(entry.name, entry.listener);
    this.watch();
    this.changed();
  }
}

import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { NotificationChannel } from '../../common/alerts';
import { createCore, type Core, type CoreOptions } from '../../core';
import { takeEngineLock } from '../../core/engine-lock';
import { loadConfig } from '../../core/config/load-config';
import { startHttpServer, type RunningServer } from '../server/http-server';
import { removeServerInfo, writeServerInfo } from '../server/server-info';
import { resolveServeSettings } from '../server/serve-settings';
import type { EngineLink, EngineNotice } from './engine-link';

/** What a host needs to run the engine itself. */
export interface LocalEngineOptions {
  home: string;
  /** The built dashboard (dist/renderer). */
  staticDir: string;
  examplesDir?: string;
  sqliteBinding?: string;
  adminKeys?: CoreOptions['adminKeys'];
  /** Who runs this engine, for other processes' messages (e.g. "the Agent OS app"). */
  hostName: string;
  /** Channels of the host (the desktop's native notifications). */
  channels?: NotificationChannel[];
}

/**
 * Runs the engine for this home in this process, with its HTTP server (the API the CLI goes through, the
 * dashboard, /ping). Takes the home's engine lock first, so a second engine never starts beside it. When
 * the configured port belongs to another program, the server takes a free port instead and the notice
 * says so: the CLI still finds this engine (server.json), and the user learns which port to free.
 */
export async function startLocalEngine(options: LocalEngineOptions): Promise<EngineLink> {
  const release = takeEngineLock(options.home, options.sqliteBinding);
  let core: Core | null = null;
  let server: RunningServer | null = null;
  try {
    const instance = createCore({
      home: options.home,
      examplesDir: options.examplesDir,
      sqliteBinding: options.sqliteBinding,
      adminKeys: options.adminKeys,
      channels: options.channels,
    });
    core = instance;
    await instance.start({ engine: true });
    // The same rules as `agent-os serve`: beyond loopback only when asked, and then hosted mode's checks.
    const loaded = loadConfig(instance.paths.config);
    const settings = resolveServeSettings({ flags: {}, env: process.env, server: loaded.config.server, configErrors: loaded.errors, paths: instance.paths });
    const { token, port } = settings;
    const listen = (at: number): Promise<RunningServer> => startHttpServer({ core: instance, staticDir: options.staticDir, ...settings, port: at });
    let notice: EngineNotice | null = null;
    try {
      server = await listen(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
      server = await listen(0);
      notice = {
        label: `⚠ Port ${port} is taken: using ${server.port}`,
        text:
          `Port ${port} is in use by another program, so the dashboard, API and /ping are on ${server.url} for now; ` +
          'free the port or set server.port in config.yml, then restart Agent OS.',
      };
    }
    writeServerInfo(options.home, { pid: process.pid, url: server.url, host: options.hostName, token_source: settings.tokenSource });
    const running = server;
    return {
      mode: 'local',
      url: running.url,
      token,
      notice,
      call: async <K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> => {
        const handler = instance.handlers[name] as (a: HandlerArg<K>) => HandlerResult<K> | Promise<HandlerResult<K>>;
        return handler(arg);
      },
      on: (name, listener) => instance.events.on(name, listener),
      connected: () => true,
      onConnection: () => () => undefined,
      resume: () => instance.resume(),
      close: async () => {
        await running.close().catch(() => undefined);
        await instance.stop();
        removeServerInfo(options.home);
        release();
      },
    };
  } catch (error) {
    await server?.close().catch(() => undefined);
    await core?.stop().catch(() => undefined);
    release();
    throw error;
  }
}

import { createCore, resolveHome, UserError } from '../../../core';
import { takeEngineLock } from '../../../core/engine-lock';
import { loadConfig } from '../../../core/config/load-config';
import { ensureHome } from '../../../core/home';
import type { RunningServer } from '../../server/http-server';
import { dashboardDir, examplesDir } from '../../server/bundle-paths';
import { resolveServeSettings, type ServeSettings } from '../../server/serve-settings';
import { removeServerInfo, writeServerInfo } from '../../server/server-info';
import { paint } from '../format';

/** `agent-os serve`: the long-running headless engine, until SIGINT or SIGTERM. */
export async function serve(opts: { host?: string; port?: number }): Promise<void> {
  const home = resolveHome();
  const paths = ensureHome(home);
  const loaded = loadConfig(paths.config);
  // Checked before anything starts: a refused combination leaves no lock, database or port behind.
  const settings = resolveServeSettings({ flags: opts, env: process.env, server: loaded.config.server, configErrors: loaded.errors, paths });
  const release = takeEngineLock(home);
  const core = createCore({ home, examplesDir: examplesDir() });
  let server: RunningServer | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write('agent-os: stopping already; send it again in a moment to force.\n');
      return;
    }
    process.stderr.write(`agent-os: ${signal}: stopping; running tasks are ended and recorded as interrupted…\n`);
    stopping = (server ? server.close() : Promise.resolve())
      .then(() => core.stop())
      .finally(() => {
        removeServerInfo(home);
        release();
        process.exit(0);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    await core.start({ engine: true });
    // Loaded here only: the HTTP stack (Fastify) is most of a CLI command's start-up time otherwise.
    const { startHttpServer } = await import('../../server/http-server');
    server = await startHttpServer({ core, staticDir: dashboardDir(), ...settings });
    writeServerInfo(home, { pid: process.pid, url: server.url, host: 'agent-os serve', token_source: settings.tokenSource });
  } catch (error) {
    await core.stop().catch(() => undefined);
    release();
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? new UserError(
          `the port is already in use (${(error as Error).message.replace(/^listen /, '')}); pick another with --port or server.port in config.yml`,
          'conflict',
        )
      : error;
  }
  const status = core.handlers['status.get']();
  const tasks = status.projects.flatMap((p) => p.tasks);
  const scheduled = tasks.filter((t) => t.next_run !== null).length;
  process.stdout.write(
    `${paint('bold', 'Agent OS')} engine running for ${home}\n` +
      `${status.projects.length} project(s), ${tasks.length} task(s), ${scheduled} scheduled. Stop with Ctrl-C.\n` +
      dashboardLines(settings, server, paths.token),
  );
  for (const warning of settings.warnings) process.stdout.write(`${paint('yellow', '!')} ${warning}\n`);
  for (const e of status.config_errors) process.stdout.write(`${paint('yellow', '! config.yml')} ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
  await new Promise<never>(() => undefined);
}

/**
 * Where to open the dashboard. The token is printed only where it is the home's own and the server is on
 * loopback (SPEC §10); a platform secret, or a hosted server whose output ends up in a platform's logs,
 * gets a placeholder naming where the token is.
 */
function dashboardLines(settings: ServeSettings, server: RunningServer, tokenFile: string): string {
  const base = settings.publicUrl ?? server.url;
  if (!settings.hosted && settings.tokenSource === 'file') return `Dashboard: ${base}/?token=${settings.token}\n`;
  const where = settings.tokenSource === 'env' ? 'the value of AGENT_OS_TOKEN' : `the token in ${tokenFile}`;
  const hosted = settings.hosted
    ? `Hosted mode on ${settings.host}:${server.port}: the token guards everything but /ping/… and /healthz; Host names accepted: ${
        settings.allowedHosts.join(', ') || 'the bound address'
      }.\n`
    : '';
  return `${hosted}Dashboard: ${base}/?token=<${where}>\n`;
}

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createCore, resolveHome, UserError } from '../../../core';
import { takeEngineLock } from '../../../core/engine-lock';
import { readToken } from '../../../core/home';
import type { RunningServer } from '../../server/http-server';
import { dashboardDir, examplesDir } from '../../server/bundle-paths';
import { removeServerInfo, writeServerInfo } from '../../server/server-info';
import { paint } from '../format';

/** `agent-os serve`: the long-running headless engine, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the engine (scheduler, heartbeats, live discovery) and the dashboard/API on loopback until Ctrl-C or SIGTERM')
    .option('--host <host>', 'address to bind (default: server.host in config.yml, 127.0.0.1)')
    .option('--port <port>', 'port to bind, 0 for any free one (default: server.port in config.yml, 7317)', portNumber)
    .action(async (opts: { host?: string; port?: number }) => {
      const home = resolveHome();
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
        const config = core.handlers['settings.get']();
        // Loaded here only: the HTTP stack (Fastify) is most of a CLI command's start-up time otherwise.
        const { startHttpServer } = await import('../../server/http-server');
        server = await startHttpServer({
          core,
          host: opts.host ?? config.server.host,
          port: opts.port ?? config.server.port,
          token: readToken(core.paths),
          staticDir: dashboardDir(),
        });
        writeServerInfo(home, { pid: process.pid, url: server.url, host: 'agent-os serve' });
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
          `Dashboard: ${server.url}/?token=${readToken(core.paths)}\n`,
      );
      for (const e of status.config_errors) process.stdout.write(`${paint('yellow', '! config.yml')} ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
      await new Promise<never>(() => undefined);
    });
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return n;
}

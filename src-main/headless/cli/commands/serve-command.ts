import type { Command } from 'commander';
import { createCore, resolveHome } from '../../../core';
import { takeEngineLock } from '../../../core/engine-lock';
import { paint } from '../format';

/** `agent-os serve`: the long-running headless engine, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the engine (scheduler, live project discovery) until Ctrl-C or SIGTERM')
    .action(async () => {
      const home = resolveHome();
      const release = takeEngineLock(home);
      const core = createCore({ home });
      let stopping: Promise<void> | null = null;
      const stop = (signal: string): void => {
        if (stopping) {
          process.stderr.write('agent-os: stopping already; send it again in a moment to force.\n');
          return;
        }
        process.stderr.write(`agent-os: ${signal}: stopping; running tasks are ended and recorded as interrupted…\n`);
        stopping = core.stop().finally(() => {
          release();
          process.exit(0);
        });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      try {
        await core.start({ engine: true });
      } catch (error) {
        release();
        throw error;
      }
      const status = core.handlers['status.get']();
      const tasks = status.projects.flatMap((p) => p.tasks);
      const scheduled = tasks.filter((t) => t.next_run !== null).length;
      process.stdout.write(
        `${paint('bold', 'Agent OS')} engine running for ${home}\n` +
          `${status.projects.length} project(s), ${tasks.length} task(s), ${scheduled} scheduled. Stop with Ctrl-C.\n`,
      );
      for (const e of status.config_errors) process.stdout.write(`${paint('yellow', '! config.yml')} ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
      await new Promise<never>(() => undefined);
    });
}

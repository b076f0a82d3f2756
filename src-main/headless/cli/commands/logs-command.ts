import type { Command } from 'commander';
import { positiveInt, REMOTE_OPTION, withBackend } from '../cli-context';
import { followLog } from '../follow-log';
import { terminalSafe } from '../terminal-safe';

/** `agent-os logs <run-id> [--follow]`. */
export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("print a run's log (redacted, capped with head and tail kept)")
    .argument('<run-id>', 'the run id (see `agent-os runs`)', positiveInt('run-id'))
    .option('-f, --follow', 'keep printing as the run writes, until it ends')
    .option('--raw', "print the task's bytes as they are, terminal escape sequences included")
    .option(...REMOTE_OPTION)
    .action(async (id: number, opts: { follow?: boolean; raw?: boolean; remote?: string }) => {
      await withBackend(async (backend) => {
        if (opts.follow) {
          await followLog(backend, id, process.stdout, opts.raw ? undefined : terminalSafe);
          return;
        }
        const { log, run } = await backend.call('runs.get', { id });
        process.stdout.write(opts.raw ? log : terminalSafe(log));
        if (!log) process.stderr.write(`run #${run.id} (${run.status}) has no output${run.error ? `: ${run.error}` : ''}\n`);
      }, opts.remote);
    });
}

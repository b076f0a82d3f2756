import type { Command } from 'commander';
import type { Run } from '../../../common/models';
import { formatDuration } from '../../../common/pure/time-text';
import { REMOTE_OPTION, withBackend } from '../cli-context';
import { followLog } from '../follow-log';
import { paint, printJson, statusLabel } from '../format';

/** The CLI's exit code for a finished run: the task's own code, else a conventional one. */
export function exitCodeOf(run: Run): number {
  if (run.status === 'success') return 0;
  if (run.exit_code !== null && run.exit_code !== 0) return run.exit_code;
  if (run.status === 'timeout') return 124;
  if (run.signal) return 128 + (SIGNALS[run.signal] ?? 0);
  return 1;
}
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };

/** `agent-os run <project>/<task> [--wait]`. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('start a run of a task now; with --wait, stream its log and exit with its exit code')
    .argument('<project/task>', 'the task to run')
    .option('--wait', "wait for the run (and its retries) to end, printing the log; exit code = the task's")
    .option('--json', 'print the run as JSON instead of its log')
    .option(...REMOTE_OPTION)
    .action(async (taskId: string, opts: { wait?: boolean; json?: boolean; remote?: string }) => {
      await withBackend(async (backend) => {
        if (!opts.wait) {
          const run = await backend.startInBackground(taskId);
          if (opts.json) return printJson(run);
          const outcome = run.status === 'skipped' ? paint('yellow', `skipped: ${run.error ?? ''}`) : `started run #${run.id}`;
          process.stdout.write(`${taskId}: ${outcome}\nFollow it with: agent-os logs ${run.id} --follow\n`);
          return;
        }
        let run = await backend.call('runs.start', { task: taskId });
        if (run.status === 'skipped') {
          process.stderr.write(`${taskId}: ${run.error ?? 'skipped'}\n`);
          process.exitCode = 1;
          return;
        }
        if (run.trigger === 'external') {
          // A launchd job: launchd runs it; Agent OS sees it end at its next look (serve: every 30 s).
          process.stdout.write(
            `${taskId}: asked launchd to start it (kickstart -k, run #${run.id}); see \`agent-os runs --task ${taskId}\` for how it ends.\n`,
          );
          return;
        }
        const stopOnSignal = (): void => {
          process.stderr.write(`\nagent-os: cancelling run #${run.id}…\n`);
          void backend.call('runs.cancel', { id: run.id }).catch(() => undefined);
        };
        process.once('SIGINT', stopOnSignal);
        process.once('SIGTERM', stopOnSignal);
        try {
          for (;;) {
            if (!opts.json)
              process.stderr.write(paint('gray', `── run #${run.id} of ${taskId} (${run.trigger}${run.attempt ? `, retry ${run.attempt}` : ''}) ──\n`));
            run = opts.json ? await await backend.call('runs.wait', { id: run.id }) : await followLog(backend, run.id, process.stdout);
            if (!opts.json)
              process.stderr.write(
                `${paint('gray', '──')} ${statusLabel(run.status)}${run.duration_ms !== null ? ` in ${formatDuration(run.duration_ms)}` : ''}${run.error ? `: ${run.error}` : ''}\n`,
              );
            const retry = (await backend.call('runs.list', { task: taskId, limit: 5 })).find((r) => r.retry_of === run.id);
            if (!retry) break;
            if (!opts.json) process.stderr.write(paint('yellow', `retrying as run #${retry.id} at ${retry.scheduled_for ?? 'once ready'}\n`));
            run = retry;
          }
        } finally {
          process.off('SIGINT', stopOnSignal);
          process.off('SIGTERM', stopOnSignal);
        }
        if (opts.json) printJson(run);
        process.exitCode = exitCodeOf(run);
      }, opts.remote);
    });
}

import type { Command } from 'commander';
import { positiveInt, REMOTE_OPTION, withBackend } from '../cli-context';
import { clip, paint, printJson, relativeTime, runDuration, statusLabel, table } from '../format';

/** `agent-os runs [--project P] [--task T] [--limit N] [--json]`, newest first. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list runs, newest first')
    .option('--project <name>', 'only this project')
    .option('--task <project/task>', 'only this task')
    .option('--limit <n>', 'at most n runs', positiveInt('--limit'), 20)
    .option('--json', 'print JSON for scripts (one object per run, newest first)')
    .option(...REMOTE_OPTION)
    .action(async (opts: { project?: string; task?: string; limit: number; json?: boolean; remote?: string }) => {
      const task = opts.task && !opts.task.includes('/') && opts.project ? `${opts.project}/${opts.task}` : opts.task;
      const runs = await withBackend(async (backend) => await backend.call('runs.list', { project: opts.project, task, limit: opts.limit }), opts.remote);
      if (opts.json) {
        return printJson(
          runs.map((r) => ({
            id: r.id,
            task: r.task,
            status: r.status,
            trigger: r.trigger,
            started_at: r.started_at,
            finished_at: r.finished_at,
            exit_code: r.exit_code,
            error: r.error,
            attempt: r.attempt,
            triggered_by: r.triggered_by,
            duration_ms: r.duration_ms,
            signal: r.signal,
            queued_at: r.queued_at,
          })),
        );
      }
      if (runs.length === 0) {
        process.stdout.write('No runs yet. Start one with `agent-os run <project>/<task>`.\n');
        return;
      }
      const rows = [
        ['ID', 'TASK', 'STATUS', 'TRIGGER', 'STARTED', 'TOOK', 'DETAIL'].map((h) => paint('gray', h)),
        ...runs.map((r) => [
          `#${r.id}`,
          r.task,
          statusLabel(r.status),
          r.trigger,
          relativeTime(r.started_at ?? r.queued_at),
          runDuration(r),
          r.error ? clip(r.error, 60) : r.exit_code !== null ? `exit ${r.exit_code}` : '',
        ]),
      ];
      process.stdout.write(`${table(rows)}\n`);
    });
}

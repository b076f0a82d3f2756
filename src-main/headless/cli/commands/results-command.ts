import type { Command } from 'commander';
import { positiveInt, withBackend } from '../cli-context';
import { clip, paint, printJson, relativeTime, table } from '../format';

/** `agent-os results <project>/<task> [--json]`, newest first. */
export function registerResults(program: Command): void {
  program
    .command('results')
    .description('show the results a task reported through AGENT_OS_OUTPUT, newest first')
    .argument('<project/task>', 'the task')
    .option('--limit <n>', 'at most n results', positiveInt('--limit'), 100)
    .option('--json', 'print JSON for scripts (one object per result, newest first)')
    .action(async (task: string, opts: { limit: number; json?: boolean }) => {
      const results = await withBackend(async (backend) => await backend.call('results.list', { task, limit: opts.limit }));
      if (opts.json) return printJson(results);
      if (results.length === 0) {
        process.stdout.write(`${task} has reported no results yet. A task reports one by appending {"type":"result",…} to $AGENT_OS_OUTPUT.\n`);
        return;
      }
      const rows = [
        ['KEY', 'RUN', 'RECORDED', 'DATA'].map((h) => paint('gray', h)),
        ...results.map((r) => [r.key ?? paint('gray', '(none)'), `#${r.run_id}`, relativeTime(r.recorded_at), clip(JSON.stringify(r.data), 80)]),
      ];
      process.stdout.write(`${table(rows)}\n`);
    });
}

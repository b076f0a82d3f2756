import { InvalidArgumentError, type Command } from 'commander';
import type { PingInput } from '../../../core/monitor/heartbeat-monitor';
import { withBackend } from '../cli-context';

/** `agent-os ping <project>/<task> [start|fail|N]`: the local helper for heartbeat pings. */
export function registerPing(program: Command): void {
  program
    .command('ping')
    .description('send a heartbeat ping for a heartbeat task (success, start, fail or an exit status)')
    .argument('<project/task>', 'the heartbeat task')
    .argument('[signal]', 'start | fail | log | an exit status 0-255 (default: success)', parseSignal)
    .option('--rid <id>', 'pairs a start with its end (as ?rid= does)')
    .action(async (task: string, signal: Pick<PingInput, 'kind' | 'exitStatus'> | undefined, opts: { rid?: string }) => {
      await withBackend((backend) => backend.ping(task, { ...(signal ?? { kind: 'success' }), rid: opts.rid, source: 'agent-os ping' }));
      process.stdout.write('OK\n');
    });
}

function parseSignal(value: string): Pick<PingInput, 'kind' | 'exitStatus'> {
  if (value === 'start' || value === 'fail' || value === 'log' || value === 'success') return { kind: value };
  if (/^\d{1,3}$/.test(value) && Number(value) <= 255) return { kind: 'exit', exitStatus: Number(value) };
  throw new InvalidArgumentError('use start, fail, log or an exit status 0-255.');
}

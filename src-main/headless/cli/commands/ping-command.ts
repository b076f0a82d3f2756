import { createHash } from 'node:crypto';
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
      await withBackend((backend) =>
        backend.ping(task, { ...(signal ?? { kind: 'success' }), rid: opts.rid === undefined ? undefined : runId(opts.rid), source: 'agent-os ping' }),
      );
      process.stdout.write('OK\n');
    });
}

function parseSignal(value: string): Pick<PingInput, 'kind' | 'exitStatus'> {
  if (value === 'start' || value === 'fail' || value === 'log' || value === 'success') return { kind: value };
  if (/^\d{1,3}$/.test(value) && Number(value) <= 255) return { kind: 'exit', exitStatus: Number(value) };
  throw new InvalidArgumentError('use start, fail, log or an exit status 0-255.');
}

/**
 * `--rid` as ?rid= takes it, a UUID (healthchecks.io's rule): a UUID is kept, any other text becomes the same
 * name-based UUID each time (SHA-1, RFC 4122 version 5 layout), so `--rid nightly` still pairs start and end.
 */
export function runId(text: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return text.toLowerCase();
  const hex = createHash('sha1').update(`agent-os rid:${text}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

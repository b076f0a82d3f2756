import type { Command } from 'commander';
import { positiveInt, withCore } from '../cli-context';

/** Internal: the detached worker that supervises a run queued by `agent-os run` (no --wait). */
export function registerExecute(program: Command): void {
  program
    .command('__execute', { hidden: true })
    .argument('<run-id>', 'the queued run', positiveInt('run-id'))
    .action(async (id: number) => {
      await withCore(async (core) => {
        const stop = (): void => void core.stop();
        process.once('SIGTERM', stop);
        await core.executeQueued(id);
        await core.idle();
      });
    });
}

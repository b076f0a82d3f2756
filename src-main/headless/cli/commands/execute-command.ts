import type { Command } from 'commander';
import { createCore, resolveHome } from '../../../core';
import { positiveInt } from '../cli-context';

/** Internal: the detached worker that supervises a run queued by `agent-os run` (no --wait). */
export function registerExecute(program: Command): void {
  program
    .command('__execute', { hidden: true })
    .argument('<run-id>', 'the queued run', positiveInt('run-id'))
    .action(async (id: number) => {
      // Always in-process: this worker is the engine that supervises the run.
      const core = createCore({ home: resolveHome() });
      process.once('SIGTERM', () => void core.stop());
      try {
        await core.start();
        await core.executeQueued(id);
        await core.idle();
      } finally {
        await core.stop();
      }
    });
}

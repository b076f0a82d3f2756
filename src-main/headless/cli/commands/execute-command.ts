import type { Command } from 'commander';
import { resolveHome } from '../../../core/home';
import { loadEngine, positiveInt } from '../cli-context';

/** Internal: the detached worker that supervises a run queued by `agent-os run` (no --wait). */
export function registerExecute(program: Command): void {
  program
    .command('__execute', { hidden: true })
    .argument('<run-id>', 'the queued run', positiveInt('run-id'))
    .action(async (id: number) => (await loadEngine()).executeQueued(resolveHome(), id));
}

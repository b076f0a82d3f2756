import type { HandlerArg, HandlerName, HandlerResult } from '../../../common/api';
import { createCore, type Core } from '../../../core';
import type { Backend } from '../cli-context';

/**
 * Runs a CLI command against an engine in this process (no server runs for this home). `cliEntry` is the
 * CLI's own script: runs that outlive the command (triggers, `run` without --wait) are supervised by a
 * detached worker started from it.
 */
export async function withLocalEngine<T>(home: string, cliEntry: string, fn: (backend: Backend) => Promise<T> | T): Promise<T> {
  const core = createCore({ home, followUpWorker: cliEntry });
  try {
    await core.start();
    return await fn(localBackend(core, cliEntry));
  } finally {
    await core.stop();
  }
}

function localBackend(core: Core, cliEntry: string): Backend {
  return {
    mode: 'local',
    paths: core.paths,
    call: async <K extends HandlerName>(name: K, arg: HandlerArg<K>) => {
      const handler = core.handlers[name] as (a: HandlerArg<K>) => HandlerResult<K> | Promise<HandlerResult<K>>;
      return handler(arg);
    },
    startInBackground: async (task) => core.startDetached(task, cliEntry),
    ping: async (taskId, input) => {
      await core.ping(core.pingKeyOf(taskId), input);
    },
  };
}

/** The detached worker that supervises a run queued by `agent-os run` (no --wait): always in-process. */
export async function executeQueued(home: string, id: number): Promise<void> {
  const core = createCore({ home });
  process.once('SIGTERM', () => void core.stop());
  try {
    await core.start();
    await core.executeQueued(id);
    await core.idle();
  } finally {
    await core.stop();
  }
}

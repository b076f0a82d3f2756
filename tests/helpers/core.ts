// Drives the engine in-process (createCore) against a real home folder and real child processes.
import type { Run } from '../../src-main/common/models';
import { createCore, type Core } from '../../src-main/core';

/** A started engine for the home; stop it when done. */
export async function startCore(home: string, hostEnv?: NodeJS.ProcessEnv): Promise<Core> {
  const core = createCore({ home, hostEnv });
  await core.start();
  return core;
}

/** Starts a run of the task and waits for it (and its retries) to end; returns the run and its log. */
export async function runTask(core: Core, task: string): Promise<{ run: Run; log: string }> {
  const started = core.handlers['runs.start']({ task });
  const run = await core.handlers['runs.wait']({ id: started.id });
  return { run, log: core.handlers['runs.get']({ id: run.id }).log };
}

import { spawn } from 'node:child_process';

/**
 * Starts a detached Agent OS process that executes an already-queued run, so `agent-os run` without
 * --wait can return at once while the run is still supervised (log, timeout, result) to its end.
 */
export function spawnRunWorker(cliEntry: string, runId: number, env: NodeJS.ProcessEnv): number | null {
  const child = spawn(process.execPath, [cliEntry, '__execute', String(runId)], { detached: true, stdio: 'ignore', env });
  child.unref();
  return child.pid ?? null;
}

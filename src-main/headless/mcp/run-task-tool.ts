import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Run } from '../../common/models';
import { ARG_SCHEMAS } from '../../core';
import { UserError } from '../../core/errors';
import type { Backend } from '../cli/cli-context';
import { defineTool, findTask } from './mcp-tool';
import { logTail, runView } from './mcp-views';

const POLL_MS = 250;
const ACTIVE: ReadonlySet<Run['status']> = new Set(['queued', 'waiting', 'running']);

/** Whether config `mcp.allow_run` lets an MCP client start this task ("project/task" or "project/*"). */
export function allowedToRun(task: string, allowRun: readonly string[]): boolean {
  const project = task.slice(0, task.indexOf('/'));
  return allowRun.some((entry) => entry === task || entry === `${project}/*`);
}

/** The refusal, saying exactly what to write where. */
export function notAllowed(task: string, configFile: string): UserError {
  const project = task.slice(0, task.indexOf('/'));
  return new UserError(
    `run_task may not start ${task} because it is not listed in mcp.allow_run; to allow it, add "${task}" (or "${project}/*" for every task of ${project}) to mcp: allow_run: [...] in ${configFile}`,
    'conflict',
  );
}

/**
 * Follows a run (and the retries it spawns) until it ends, the deadline passes or the server stops. Polls
 * rather than holding one long `runs.wait` request: the engine may be another process's, and an MCP
 * client gives up on a call after its own timeout anyway.
 */
async function followRun(backend: Backend, first: Run, deadline: number, signal: AbortSignal): Promise<Run> {
  let run = first;
  for (;;) {
    while (ACTIVE.has(run.status)) {
      if (Date.now() >= deadline || signal.aborted) return run;
      await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
      run = (await backend.call('runs.get', { id: run.id, log: false })).run;
    }
    const current = run;
    const retry = (await backend.call('runs.list', { task: run.task, limit: 20 })).find((r) => r.retry_of === current.id);
    if (!retry) return run;
    run = retry;
  }
}

export const runTask = defineTool({
  name: 'run_task',
  description: 'Starts a run of a task now, only for tasks listed in config.yml mcp.allow_run; with wait, returns how it ended and its log tail.',
  input: z
    .object({
      task: ARG_SCHEMAS['runs.start'].shape.task.describe('the task id "project/task"'),
      wait: z.boolean().default(false).describe('wait for the run (and its retries) to end'),
      wait_seconds: z.number().int().min(1).max(600).default(50).describe('with wait, give up waiting after this long (default 50)'),
    })
    .strict(),
  readOnly: false,
  run: async ({ task, wait, wait_seconds }, { backend, signal }) => {
    await findTask(backend, task);
    const { mcp } = await backend.call('settings.get', undefined);
    if (!allowedToRun(task, mcp.allow_run)) throw notAllowed(task, backend.paths.config);
    // Through the running server's engine when there is one; else a detached worker supervises the run,
    // so it goes on if the MCP client closes this server.
    const started = await backend.startInBackground(task);
    if (started.status === 'skipped') return { started: false, run: runView(started), message: `${task} did not start: ${started.error ?? 'skipped'}` };
    if (!wait || started.trigger === 'external') {
      return { started: true, run: runView(started), message: `started run #${started.id} of ${task}; see how it goes with runs or run_log` };
    }
    const run = await followRun(backend, started, Date.now() + wait_seconds * 1000, signal);
    if (ACTIVE.has(run.status)) {
      return { started: true, finished: false, run: runView(run), message: `run #${run.id} of ${task} is still ${run.status}; ask runs or run_log later` };
    }
    const { log } = await backend.call('runs.get', { id: run.id });
    return { started: true, finished: true, run: runView(run), log_tail: logTail(log), message: `run #${run.id} of ${task} ended: ${run.status}` };
  },
});

import { join } from 'node:path';
import type { Run } from '../../common/models';
import type { BuiltinExecutor } from '../costs/builtin-project';
import { checkedDuration } from '../duration';
import type { ManifestTask } from '../projects/manifest-schema';
import { CappedLog } from './capped-log';
import type { ExecuteContext } from './execute-context';
import { finishRun } from './finish-run';
import { createRedactor } from './redactor';
import type { ProcessOutcome, RunningProcess } from './spawn-process';

/**
 * Runs a built-in task (a cost fetcher) in-process with everything a command task gets: a capped,
 * redacted log, a timeout, cancel, stored outputs and a final row with a readable error.
 */
export async function executeBuiltin(ctx: ExecuteContext, run: Run, task: ManifestTask, executor: BuiltinExecutor): Promise<Run> {
  const started = ctx.now();
  const redactor = createRedactor(ctx.builtinSecrets?.() ?? []);
  const logFile = join(ctx.runLogsDir, `${run.id}.log`);
  const log = new CappedLog(logFile, ctx.logMaxBytes);
  const write = (line: string): void => log.write(redactor.redact(`${line}\n`));
  const controller = new AbortController();
  // A holder, not a let: TypeScript cannot see the cancel callback change it.
  const state: { cancelled: ProcessOutcome['cancelled'] } = { cancelled: false };
  const timeoutMs = checkedDuration(task.timeout);
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let settle: (outcome: ProcessOutcome) => void = () => undefined;
  const handle: RunningProcess = {
    pid: null,
    done: new Promise<ProcessOutcome>((resolve) => (settle = resolve)),
    cancel(reason = 'user') {
      state.cancelled = reason;
      controller.abort();
    },
  };
  ctx.store.runs.markStarted(run.id, started.toISOString(), null, process.pid, logFile);
  ctx.events.emit('run.started', { run: ctx.store.runs.get(run.id) as Run });
  ctx.onProcess?.(run.id, handle, log);
  try {
    const outputs = await executor({ log: write, signal: controller.signal });
    ctx.store.outputs.saveRunOutputs(run, outputs, ctx.now().toISOString());
    log.close();
    return finishRun(ctx, run, started, 'success', null, { exit_code: 0 });
  } catch (error) {
    const message = redactor.redact(error instanceof Error ? error.message : String(error));
    write(`error: ${message}`);
    log.close();
    if (state.cancelled === 'shutdown') return finishRun(ctx, run, started, 'interrupted', 'interrupted: Agent OS was stopped while it ran');
    if (state.cancelled) return finishRun(ctx, run, started, 'cancelled', 'cancelled');
    if (controller.signal.aborted) return finishRun(ctx, run, started, 'timeout', `timed out after ${task.timeout}`);
    // Earlier cost records stay as they were: nothing is written for a failed fetch.
    return finishRun(ctx, run, started, 'failed', message, { exit_code: 1 });
  } finally {
    clearTimeout(timer);
    settle({ exitCode: null, signal: null, timedOut: false, cancelled: state.cancelled, spawnError: null });
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '../../common/models';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import { parseDuration } from '../duration';
import type { EventBus } from '../event-bus';
import { loadProjectEnv } from '../projects/env-files';
import type { LoadedProject } from '../projects/load-manifest';
import type { ManifestTask } from '../projects/manifest-schema';
import type { BuiltinExecutor } from '../costs/builtin-project';
import { CappedLog } from './capped-log';
import { executeBuiltin } from './execute-builtin';
import { finishRun } from './finish-run';
import { costLinesFromLog, readOutputFile } from './output-protocol';
import { readLogFrom } from '../handlers/read-log';
import { createRedactor, RedactingStream, secretValues } from './redactor';
import { describeOutcome, LastLine } from './run-outcome';
import { spawnProcess, type RunningProcess } from './spawn-process';
import { buildTaskEnv } from './task-env';

const OUTPUT_EVENT_MS = 250;

/** What executing one run needs from the engine. */
export interface ExecuteContext {
  store: Store;
  events: EventBus;
  log: Logger;
  now: () => Date;
  runLogsDir: string;
  hostEnv: NodeJS.ProcessEnv;
  logMaxBytes: number;
  killGraceMs: number;
  /** Registers the live process so it can be cancelled. */
  onProcess?: (runId: number, process: RunningProcess, log: CappedLog) => void;
  /** In-process executors of the built-in project's tasks, by task id. */
  builtins?: ReadonlyMap<string, BuiltinExecutor>;
  /** Secrets the built-in tasks hold (admin keys), redacted from their logs. */
  builtinSecrets?: () => string[];
}

/**
 * Executes one queued run of a command task to its end: environment, process, log, output protocol,
 * and the final row. Never throws for anything the task does; the run records it.
 */
export async function executeRun(ctx: ExecuteContext, run: Run, project: LoadedProject, task: ManifestTask, triggerPayload: unknown): Promise<Run> {
  const started = ctx.now();
  const finish = (status: Run['status'], error: string | null, extra: Partial<Pick<Run, 'exit_code' | 'signal'>> = {}): Run =>
    finishRun(ctx, run, started, status, error, extra);
  const builtin = ctx.builtins?.get(run.task);
  if (builtin) return executeBuiltin(ctx, run, task, builtin);

  const env = loadProjectEnv(project.dir, project.manifest ?? { tasks: {}, triggers: [] });
  if (env.error) return finish('failed', env.error);
  const redactor = createRedactor(secretValues({ ...env.vars, ...task.env }));
  const tmp = mkdtempSync(join(tmpdir(), `agent-os-run-${run.id}-`));
  const logFile = join(ctx.runLogsDir, `${run.id}.log`);
  const logWriter = new CappedLog(logFile, ctx.logMaxBytes);
  const lastLine = new LastLine();
  // Live views learn that the log grew through a batched event, a few per second at most.
  let pendingBytes = 0;
  let outputTimer: NodeJS.Timeout | undefined;
  const flushOutputEvent = (): void => {
    outputTimer = undefined;
    if (pendingBytes > 0) ctx.events.emit('run.output', { run_id: run.id, bytes: pendingBytes });
    pendingBytes = 0;
  };
  const toLog = (text: string): void => {
    logWriter.write(text);
    lastLine.push(text);
    pendingBytes += text.length;
    outputTimer ??= setTimeout(flushOutputEvent, OUTPUT_EVENT_MS);
  };
  // One redacting stream per pipe: a secret split across stdout chunks stays whole even if stderr
  // writes in between.
  const streams = { stdout: new RedactingStream(redactor, toLog), stderr: new RedactingStream(redactor, toLog) };
  const endStreams = (): void => {
    streams.stdout.end();
    streams.stderr.end();
  };
  try {
    const outputPath = join(tmp, 'output.jsonl');
    let triggerPath: string | null = null;
    if (triggerPayload !== undefined) {
      triggerPath = join(tmp, 'trigger.json');
      writeFileSync(triggerPath, JSON.stringify(triggerPayload), { mode: 0o600 });
    }
    const timeoutMs = parseDuration(task.timeout) ?? 3_600_000;
    const processEnv = buildTaskEnv({ host: ctx.hostEnv, project: env.vars, task: task.env, runId: run.id, outputPath, triggerPath });
    const child = spawnProcess({
      command: task.command ?? [],
      cwd: resolve(project.dir, task.cwd),
      env: processEnv,
      timeoutMs,
      killGraceMs: ctx.killGraceMs,
      onOutput: (text, name) => streams[name].write(text),
    });
    ctx.store.runs.markStarted(run.id, started.toISOString(), child.pid, process.pid, logFile);
    ctx.events.emit('run.started', { run: ctx.store.runs.get(run.id) as Run });
    ctx.onProcess?.(run.id, child, logWriter);
    const outcome = await child.done;
    endStreams();
    const outputs = await readOutputFile(outputPath, redactor, finishedDay(ctx.now()));
    for (const problem of outputs.problems) logWriter.write(`\n[agent-os] AGENT_OS_OUTPUT: ${problem}\n`);
    // The log is complete (tail written) before it is read and before anyone hears the run finished.
    logWriter.close();
    if (run.task.endsWith('/_costs')) outputs.costs.push(...costLinesFromLog(readLogFrom(logFile, 0).text, finishedDay(ctx.now())));
    ctx.store.outputs.saveRunOutputs(run, outputs, ctx.now().toISOString());
    const { status, error } = describeOutcome(outcome, timeoutMs, lastLine.value);
    return finish(status, error, { exit_code: outcome.exitCode, signal: outcome.signal });
  } catch (error) {
    ctx.log.error({ run: run.id, err: String(error) }, 'run failed inside Agent OS');
    endStreams();
    logWriter.close();
    return finish('failed', redactor.redact(`Agent OS could not run the task: ${(error as Error).message}`));
  } finally {
    endStreams();
    clearTimeout(outputTimer);
    logWriter.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function finishedDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

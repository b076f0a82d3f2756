import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '../../common/models';
import { checkedDuration } from '../duration';
import { loadProjectEnv } from '../projects/env-files';
import type { LoadedProject } from '../projects/load-manifest';
import type { ManifestTask } from '../projects/manifest-schema';
import { CappedLog } from './capped-log';
import { executeBuiltin } from './execute-builtin';
import { finishRun } from './finish-run';
import { costLinesFromLog, readOutputFile } from './output-protocol';
import { readLogFrom } from '../handlers/read-log';
import { createRedactor, RedactingStream, secretValues, type Redactor } from './redactor';
import { describeOutcome, LastLine, tooShort } from './run-outcome';
import { spawnProcess, type OutputSink, type SpawnSpec } from './spawn-process';
import { buildTaskEnv } from './task-env';
import type { ExecuteContext } from './execute-context';

const OUTPUT_EVENT_MS = 250;

/** Everything a run needs before its process starts. */
export interface PreparedRun {
  redactor: Redactor;
  /** A private folder for AGENT_OS_OUTPUT and AGENT_OS_TRIGGER; removed when the run ends. */
  tmp: string;
  outputPath: string;
  spawn: Omit<SpawnSpec, 'onOutput'>;
}

/** Reads the project's env files and builds the task's environment, its private folder and its command. */
export function prepareRun(
  ctx: Pick<ExecuteContext, 'hostEnv' | 'killGraceMs'>,
  runId: number,
  project: LoadedProject,
  task: ManifestTask,
  triggerPayload: unknown,
  loginPath: string | null = null,
): PreparedRun | { error: string } {
  const env = loadProjectEnv(project.dir, project.manifest ?? { tasks: {}, triggers: [] });
  if (env.error) return { error: env.error };
  const redactor = createRedactor(secretValues({ ...env.vars, ...task.env }));
  const tmp = mkdtempSync(join(tmpdir(), `agent-os-run-${runId}-`));
  const outputPath = join(tmp, 'output.jsonl');
  let triggerPath: string | null = null;
  if (triggerPayload !== undefined) {
    triggerPath = join(tmp, 'trigger.json');
    writeFileSync(triggerPath, JSON.stringify(triggerPayload), { mode: 0o600 });
  }
  return {
    redactor,
    tmp,
    outputPath,
    spawn: {
      command: task.command ?? [],
      cwd: resolve(project.dir, task.cwd),
      env: buildTaskEnv({ host: ctx.hostEnv, loginPath, project: env.vars, task: task.env, runId, outputPath, triggerPath }),
      timeoutMs: checkedDuration(task.timeout),
      killGraceMs: ctx.killGraceMs,
    },
  };
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

  // At most the login shell's timeout, once per engine start; then answered at once.
  const loginPath = (await ctx.loginPath?.()) ?? null;
  const current = ctx.store.runs.get(run.id);
  // Cancelled or closed while the shell was asked: nothing to start.
  if (current && current.status !== 'queued' && current.status !== 'waiting') return current;
  let prepared: PreparedRun | { error: string };
  try {
    prepared = prepareRun(ctx, run.id, project, task, triggerPayload, loginPath);
  } catch (error) {
    prepared = { error: `Agent OS could not prepare the run: ${(error as Error).message}` };
  }
  if ('error' in prepared) return finish('failed', prepared.error);
  const { redactor, tmp, outputPath } = prepared;
  const logFile = join(ctx.runLogsDir, `${run.id}.log`);
  const logWriter = new CappedLog(logFile, ctx.logMaxBytes, { openLater: true });
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
  const onOutput: OutputSink = (text, name) => streams[name].write(text);
  try {
    const timeoutMs = prepared.spawn.timeoutMs;
    const child = spawnProcess({ ...prepared.spawn, onOutput });
    ctx.onProcess?.(run.id, child, logWriter);
    // Runs due at the same time start their processes before any of them does its bookkeeping.
    await new Promise<void>((resolve) => setImmediate(resolve));
    logWriter.open();
    ctx.store.runs.markStarted(run.id, started.toISOString(), child.pid, process.pid, logFile);
    ctx.events.emit('run.started', { run: ctx.store.runs.get(run.id) as Run });
    const outcome = await child.done;
    endStreams();
    const outputs = await readOutputFile(outputPath, redactor, finishedDay(ctx.now()));
    for (const problem of outputs.problems) logWriter.write(`\n[agent-os] AGENT_OS_OUTPUT: ${problem}\n`);
    // The log is complete (tail written) before it is read and before anyone hears the run finished.
    logWriter.close();
    if (run.task.endsWith('/_costs')) outputs.costs.push(...costLinesFromLog(readLogFrom(logFile, 0).text, finishedDay(ctx.now())));
    const described = describeOutcome(outcome, timeoutMs, lastLine.value);
    const short = described.status === 'success' ? tooShort(ctx.now().getTime() - started.getTime(), task.min_duration) : null;
    const { status, error } = short ? { status: 'failed' as const, error: short } : described;
    // What the run produced is written in one transaction; on a full disk it waits in memory for space
    // (issue 22: no finished run is lost), then the run is closed the same way.
    const save = (): void =>
      ctx.store.transaction(() => {
        ctx.store.outputs.saveRunOutputs(run, outputs, ctx.now().toISOString());
        // Stored now, sent by the relay's next pass (gathered with the project's other messages).
        ctx.store.messages.add(
          outputs.messages.map((m) => ({ ...m, project: run.project, source: 'task' as const, run_id: run.id })),
          ctx.now().toISOString(),
        );
      });
    if (ctx.disk) await ctx.disk.durably(save);
    else save();
    const close = (): Run => finish(status, error, { exit_code: outcome.exitCode, signal: outcome.signal });
    return ctx.disk ? await ctx.disk.durably(close) : close();
  } catch (error) {
    ctx.log.error({ run: run.id, err: String(error) }, 'run failed inside Agent OS');
    endStreams();
    logWriter.close();
    const close = (): Run => finish('failed', redactor.redact(`Agent OS could not run the task: ${(error as Error).message}`));
    return ctx.disk ? await ctx.disk.durably(close) : close();
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

// Acceptance (issue 10, SPEC §3 `triggers`, §4 AGENT_OS_TRIGGER): a run's result starts a task in another
// project when the trigger's condition matches it; the triggered run carries the upstream result, records
// what triggered it and shows the chain; a result that does not match starts nothing; chains are cut at a
// depth of 5. A real engine on a temp home with real task processes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { coreRuns, manifest, startEngine } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { NOTED_TRIGGER, SPIKE_TRIGGER, writeSignal, writeTradingAndCortana } from '../helpers/workflows';

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox('agent-os-workflows-');
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const engine = (): Core => {
  if (!core) throw new Error('the engine is not started');
  return core;
};

/** Runs a task by hand to its end and fails with its log unless it succeeded. */
async function runToSuccess(task: string): Promise<Run> {
  const started = engine().handlers['runs.start']({ task });
  const run = await engine().handlers['runs.wait']({ id: started.id });
  if (run.status !== 'success') throw new Error(`${task} ended ${run.status}: ${run.error ?? ''}\n${engine().handlers['runs.get']({ id: run.id }).log}`);
  return run;
}

/** The finished run of `task` that `upstream` triggered, once there is one. */
function triggeredRun(task: string, upstream: number): Promise<Run> {
  return waitFor(`a finished run of ${task} triggered by run #${upstream}`, () =>
    coreRuns(engine(), task).find((r) => r.triggered_by === upstream && r.finished_at !== null),
  );
}

describe('a trigger whose condition matches', () => {
  it('starts cortana/query_memories with the upstream result in AGENT_OS_TRIGGER when trading/volatility_check reports a spike', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER });
    writeSignal(trading, { spike: true, vix: 34.5, symbols: ['SPY', 'QQQ'], note: 'ünïcode "quoted"' });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const upstream = await runToSuccess('trading/volatility_check');
    const downstream = await triggeredRun('cortana/query_memories', upstream.id);

    expect(downstream).toMatchObject({ task: 'cortana/query_memories', project: 'cortana', status: 'success', trigger: 'trigger' });
    expect(downstream.triggered_by).toBe(upstream.id);
    const upstreamResult = engine().handlers['runs.get']({ id: upstream.id }).results;
    expect(upstreamResult.map((r) => r.data)).toEqual([{ spike: true, vix: 34.5, symbols: ['SPY', 'QQQ'], note: 'ünïcode "quoted"' }]);
    const view = engine().handlers['runs.get']({ id: downstream.id });
    // The trigger file held exactly the upstream result's data.
    expect(view.results.map((r) => r.data)).toEqual([{ received: upstreamResult[0]?.data }]);
    expect(view.log).toContain('trigger file: {"spike":true');
    // The run view shows what led to it.
    expect(view.chain.map((r) => [r.id, r.task])).toEqual([[upstream.id, 'trading/volatility_check']]);
    // Runs started by hand carry no trigger file and no upstream.
    expect(engine().handlers['runs.get']({ id: upstream.id }).chain).toEqual([]);
    expect(upstream).toMatchObject({ trigger: 'manual', triggered_by: null });
  });

  it('starts the target once per matching run, each with its own upstream result', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    writeSignal(trading, { spike: true, vix: 31 });
    const first = await runToSuccess('trading/volatility_check');
    const firstDown = await triggeredRun('cortana/query_memories', first.id);
    writeSignal(trading, { spike: true, vix: 45 });
    const second = await runToSuccess('trading/volatility_check');
    const secondDown = await triggeredRun('cortana/query_memories', second.id);

    const received = (run: Run): unknown =>
      engine()
        .handlers['runs.get']({ id: run.id })
        .results.map((r) => r.data);
    expect(received(firstDown)).toEqual([{ received: { spike: true, vix: 31 } }]);
    expect(received(secondDown)).toEqual([{ received: { spike: true, vix: 45 } }]);
    expect(coreRuns(engine(), 'cortana/query_memories').map((r) => r.triggered_by)).toEqual([first.id, second.id]);
  });
});

describe('a trigger whose condition does not match', () => {
  it('starts nothing when trading/volatility_check reports spike: false, while a trigger without a condition on the same run fires', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER + NOTED_TRIGGER });
    writeSignal(trading, { spike: false, vix: 12 });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const upstream = await runToSuccess('trading/volatility_check');
    // The unconditional trigger on the same run shows its triggers were evaluated, then nothing is left running.
    await triggeredRun('trading/noted', upstream.id);
    await engine().idle();

    expect(coreRuns(engine(), 'cortana/query_memories')).toEqual([]);
  });

  it("matches no condition when the run reported no result, and still fires the run's other triggers", async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER + NOTED_TRIGGER });
    writeFileSync(join(trading, 'signal.json'), '');
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const upstream = await runToSuccess('trading/volatility_check');
    expect(engine().handlers['runs.get']({ id: upstream.id }).results).toEqual([]);

    const noted = await triggeredRun('trading/noted', upstream.id);
    await engine().idle();
    expect(noted.status).toBe('success');
    expect(coreRuns(engine(), 'cortana/query_memories')).toEqual([]);
  });

  it('starts nothing when the run failed, since `status: success` is the trigger default', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER });
    writeFileSync(join(trading, 'report-signal.sh'), `echo '{"type":"result","spike":true}' >> "$AGENT_OS_OUTPUT"\nexit 2\n`);
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const started = engine().handlers['runs.start']({ task: 'trading/volatility_check' });
    const upstream = await engine().handlers['runs.wait']({ id: started.id });
    await engine().idle();

    expect(upstream.status).toBe('failed');
    expect(coreRuns(engine(), 'cortana/query_memories')).toEqual([]);
  });
});

describe('triggers on other outcomes and payload shapes', () => {
  it('fires a `status: failed` trigger on a failed run, handing on what the failed run reported, and not on a success', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, {
      triggers: '  - on: { task: volatility_check, status: failed }\n    run: cortana/query_memories\n',
    });
    writeFileSync(join(trading, 'report-signal.sh'), `cat signal.json >> "$AGENT_OS_OUTPUT"\n[ -f fail ] && exit 7\nexit 0\n`);
    writeSignal(trading, { feed: 'down' });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    await runToSuccess('trading/volatility_check');
    await engine().idle();
    expect(coreRuns(engine(), 'cortana/query_memories')).toEqual([]);

    writeFileSync(join(trading, 'fail'), '');
    const started = engine().handlers['runs.start']({ task: 'trading/volatility_check' });
    const failed = await engine().handlers['runs.wait']({ id: started.id });
    expect(failed.status).toBe('failed');
    const downstream = await triggeredRun('cortana/query_memories', failed.id);
    expect(
      engine()
        .handlers['runs.get']({ id: downstream.id })
        .results.map((r) => r.data),
    ).toEqual([{ received: { feed: 'down' } }]);
  });

  it('hands on several results of the upstream run as a list with their keys, and null when it reported none', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: NOTED_TRIGGER.replace('run: noted', 'run: cortana/query_memories') });
    writeFileSync(
      join(trading, 'signal.json'),
      `${JSON.stringify({ type: 'result', key: 'SPY', vix: 30 })}\n${JSON.stringify({ type: 'result', key: 'QQQ', vix: 33 })}\n`,
    );
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const several = await runToSuccess('trading/volatility_check');
    const fromSeveral = await triggeredRun('cortana/query_memories', several.id);
    writeFileSync(join(trading, 'signal.json'), '');
    const none = await runToSuccess('trading/volatility_check');
    const fromNone = await triggeredRun('cortana/query_memories', none.id);

    const received = (run: Run): unknown =>
      engine()
        .handlers['runs.get']({ id: run.id })
        .results.map((r) => r.data);
    expect(received(fromSeveral)).toEqual([
      {
        received: [
          { key: 'SPY', vix: 30 },
          { key: 'QQQ', vix: 33 },
        ],
      },
    ]);
    expect(received(fromNone)).toEqual([{ received: null }]);
  });
});

describe('trigger chains', () => {
  it('follows a chain of triggers five triggered runs deep and cuts it before the sixth', async () => {
    const steps = ['s0', 's1', 's2', 's3', 's4', 's5', 's6'];
    const tasks = Object.fromEntries(steps.map((s) => [s, ['command: ["true"]']]));
    const triggers = steps
      .slice(0, -1)
      .map((s, i) => `  - on: { task: ${s} }\n    run: ${steps[i + 1] ?? ''}\n`)
      .join('');
    const dir = writeProject(box.root, 'chain', { manifest: `${manifest('chain', tasks)}triggers:\n${triggers}` });
    writeConfig(box.home, [dir]);
    core = await startEngine(box.home);

    const first = await runToSuccess('chain/s0');
    let upstream = first;
    for (const step of steps.slice(1, 6)) upstream = await triggeredRun(`chain/${step}`, upstream.id);
    // s5 finished at depth 5; whatever it would trigger would have started by the time the engine is idle.
    await engine().idle();

    expect(coreRuns(engine(), 'chain/s6')).toEqual([]);
    for (const step of steps.slice(1, 6)) expect(coreRuns(engine(), `chain/${step}`).map((r) => [r.status, r.trigger])).toEqual([['success', 'trigger']]);
    const view = engine().handlers['runs.get']({ id: upstream.id });
    expect(view.run.task).toBe('chain/s5');
    expect(view.chain.map((r) => r.task)).toEqual(['chain/s0', 'chain/s1', 'chain/s2', 'chain/s3', 'chain/s4']);
    expect(view.chain[0]?.id).toBe(first.id);
  });
});

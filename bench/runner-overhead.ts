// Per-run overhead of Agent OS's runner against spawning the same process directly, in one process.
import { spawn } from 'node:child_process';
import type { Run } from '../src-main/common/models';
import { createCore } from '../src-main/core';
import { describeStats, makeHome, ms, sample, stats, type BenchRow } from './lib';

const RUNS = 200;
const WARM_UP = 20;
const TASK = 'bench/true';
const TARGET_OVERHEAD_MS = 3;

function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/true');
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`/bin/true exited with ${String(code)}`))));
  });
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

export async function runnerOverhead(): Promise<BenchRow[]> {
  const { home, remove } = makeHome('runner', [{ name: 'bench', manifest: 'name: bench\ntasks:\n  true:\n    command: ["/bin/true"]\n' }]);
  const core = createCore({ home });
  try {
    await core.start();
    // The engine's own signal that a run ended; runs.wait polls every 200 ms and would swamp the figure.
    const waiters = new Map<number, (run: Run) => void>();
    const finished = new Map<number, Run>();
    core.events.on('run.finished', ({ run }) => {
      const waiter = waiters.get(run.id);
      if (waiter) {
        waiters.delete(run.id);
        waiter(run);
      } else finished.set(run.id, run);
    });
    const statuses = new Map<string, number>();
    const runOnce = async (): Promise<void> => {
      const started = core.handlers['runs.start']({ task: TASK });
      const early = finished.get(started.id);
      const ended = early ?? (await new Promise<Run>((resolve) => waiters.set(started.id, resolve)));
      finished.delete(started.id);
      statuses.set(ended.status, (statuses.get(ended.status) ?? 0) + 1);
    };

    await sample(WARM_UP, spawnTrue);
    await sample(WARM_UP, runOnce);
    statuses.clear();
    // Alternate the two, so load from other work on the machine and warm-up drift hit both alike.
    // CPU time this process spends per run does not grow with load the way wall time does: reported beside it.
    const directWall: number[] = [];
    const agentWall: number[] = [];
    const cpu = { direct: 0, agentOs: 0 };
    for (let i = 0; i < RUNS; i++) {
      let before = process.cpuUsage();
      directWall.push(...(await sample(1, spawnTrue)));
      cpu.direct += cpuMs(process.cpuUsage(before));
      before = process.cpuUsage();
      agentWall.push(...(await sample(1, runOnce)));
      cpu.agentOs += cpuMs(process.cpuUsage(before));
    }
    const direct = stats(directWall);
    const agentOs = stats(agentWall);
    const cpuDirect = cpu.direct / RUNS;
    const cpuAgentOs = cpu.agentOs / RUNS;

    const ok = statuses.get('success') ?? 0;
    if (ok !== RUNS) throw new Error(`expected ${RUNS} successful runs, got ${JSON.stringify(Object.fromEntries(statuses))}`);
    const overhead = agentOs.mean - direct.mean;
    console.log(`  ${RUNS} sequential runs of /bin/true each way (alternating), after ${WARM_UP} warm-up runs; all ${ok} Agent OS runs ended "success".`);
    console.log(describeStats('spawn /bin/true directly', direct));
    console.log(describeStats('Agent OS runs.start → run.finished', agentOs));
    console.log(`  CPU time of this process per run (user+sys): direct ${ms(cpuDirect)}, Agent OS ${ms(cpuAgentOs)}, overhead ${ms(cpuAgentOs - cpuDirect)}`);
    console.log(
      `  overhead per run: mean ${ms(overhead)}, p50 ${ms(agentOs.p50 - direct.p50)}; ratio Agent OS / direct (mean): ${(agentOs.mean / direct.mean).toFixed(2)}×`,
    );

    return [
      { name: 'spawn /bin/true directly (mean)', value: direct.mean, unit: 'ms', baseline: null, ratio: null, target: null },
      {
        name: 'Agent OS run of /bin/true (mean)',
        value: agentOs.mean,
        unit: 'ms',
        baseline: direct.mean,
        baselineLabel: 'spawn',
        ratio: agentOs.mean / direct.mean,
        target: null,
      },
      {
        name: 'Agent OS run of /bin/true (p99)',
        value: agentOs.p99,
        unit: 'ms',
        baseline: direct.p99,
        baselineLabel: 'spawn p99',
        ratio: agentOs.p99 / direct.p99,
        target: null,
      },
      {
        name: 'runner overhead per run (p50)',
        value: agentOs.p50 - direct.p50,
        unit: 'ms',
        baseline: direct.p50,
        baselineLabel: 'spawn p50',
        ratio: agentOs.p50 / direct.p50,
        target: null,
      },
      {
        name: 'runner CPU overhead per run (user+sys)',
        value: cpuAgentOs - cpuDirect,
        unit: 'ms',
        baseline: cpuDirect,
        baselineLabel: 'spawn CPU',
        ratio: cpuAgentOs / cpuDirect,
        target: null,
      },
      {
        name: 'runner overhead per run (mean)',
        value: overhead,
        unit: 'ms',
        baseline: direct.mean,
        baselineLabel: 'spawn',
        ratio: agentOs.mean / direct.mean,
        target: TARGET_OVERHEAD_MS,
      },
    ];
  } finally {
    await core.stop();
    remove();
  }
}

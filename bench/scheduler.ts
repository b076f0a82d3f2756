// The scheduler under `agent-os serve`: what an idle engine with 500 tasks costs (CPU, RSS), how late
// scheduled runs start (scheduled_for → started_at), and what watching 50 roots of 100,000 files adds to
// start-up time and memory. BENCH_QUICK=1 shortens the idle window from 60 s to 15 s.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { describeStats, median, row, stats, type BenchRow } from './lib';
import { cpuSeconds, makeBenchHome, projectsYaml, rootsYaml, rssMb, sleep, startServe, writeBenchProject, writeRealisticRoot } from './scheduler-fixtures';

const QUICK = process.env.BENCH_QUICK === '1';
const IDLE_WINDOW_MS = QUICK ? 15_000 : 60_000;
const SETTLE_MS = 3000;
const FIRING_TASKS = 20;
const FIRINGS = 200;
const SINGLE_FIRINGS = QUICK ? 10 : 30;
const ROOTS = 50;
const FILES = 100_000;
const STARTS = 3;

interface StoredRun {
  id: number;
  task_id: string;
  status: string;
  trigger: string;
  scheduled_for: string | null;
  started_at: string | null;
  log_path: string | null;
}

function readRuns(home: string): StoredRun[] {
  const db = new Database(join(home, 'agent-os.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, task_id, status, trigger, scheduled_for, started_at, log_path FROM runs ORDER BY id').all() as StoredRun[];
  } finally {
    db.close();
  }
}

/** Starts serve for a home, lets it settle, and returns its RSS; stops it again. */
async function settledRss(home: string): Promise<{ rss: number; startupMs: number }> {
  const serve = await startServe(home);
  try {
    await sleep(SETTLE_MS);
    return { rss: rssMb(serve.pid), startupMs: serve.startupMs };
  } finally {
    await serve.stop();
  }
}

/** 500 tasks in 50 projects: 5 fire every minute, 45 hourly, 450 once a day; every one a real command. */
async function idleEngine(): Promise<BenchRow[]> {
  const empty = makeBenchHome('idle-empty', 'projects: []\n');
  const busy = makeBenchHome('idle-500', '');
  try {
    const dirs: string[] = [];
    for (let p = 0; p < 50; p++) {
      const tasks: Array<[string, string[]]> = [];
      for (let t = 0; t < 10; t++) {
        const schedule = t > 0 ? `${(p * 7 + t) % 60} ${(p + t) % 24} * * *` : p < 5 ? '* * * * *' : `${p % 60} * * * *`;
        tasks.push([`task-${t}`, ['command: ["true"]', `schedule: "${schedule}"`]]);
      }
      dirs.push(writeBenchProject(join(busy.root, 'projects'), `project-${p}`, tasks));
    }
    appendFileSync(join(busy.home, 'config.yml'), projectsYaml(dirs));

    // First starts create the databases (and persist 500 next_run_at values); the measured ones follow.
    await settledRss(empty.home);
    await settledRss(busy.home);
    // The empty-config serve idles beside it over the same window: the floor of Node, the bundle, SQLite
    // and the HTTP server with nothing to schedule, measured the same way.
    const [serve, floorServe] = [await startServe(busy.home), await startServe(empty.home)];
    let cpuPct: number;
    let rss: number;
    let floor: number;
    let floorCpuPct: number;
    let atBoundary = 0;
    const spikes: string[] = [];
    try {
      await sleep(SETTLE_MS);
      const [cpu0, floorCpu0] = [cpuSeconds(serve.pid), cpuSeconds(floorServe.pid)];
      const t0 = performance.now();
      // Sampled each second, to tell the minute boundary (when the every-minute tasks fire) from true idling.
      let last = cpu0;
      while (performance.now() - t0 < IDLE_WINDOW_MS) {
        serve.assertAlive();
        await sleep(Math.min(1000, IDLE_WINDOW_MS - (performance.now() - t0)));
        const now = cpuSeconds(serve.pid);
        const second = new Date().getSeconds();
        if (second <= 1) atBoundary += now - last;
        else if (now > last) spikes.push(`:${String(second).padStart(2, '0')} ${((now - last) * 1000).toFixed(0)} ms`);
        last = now;
      }
      const elapsed = (performance.now() - t0) / 1000;
      cpuPct = ((cpuSeconds(serve.pid) - cpu0) / elapsed) * 100;
      floorCpuPct = ((cpuSeconds(floorServe.pid) - floorCpu0) / elapsed) * 100;
      [rss, floor] = [rssMb(serve.pid), rssMb(floorServe.pid)];
    } finally {
      await serve.stop();
      await floorServe.stop();
    }
    const runs = readRuns(busy.home);
    const fired = runs.filter((r) => r.trigger === 'schedule').length;
    const scheduled = new Set(runs.map((r) => r.task_id)).size;
    console.log(
      `  idle window ${IDLE_WINDOW_MS / 1000} s${QUICK ? ' (BENCH_QUICK)' : ''}: CPU ${cpuPct.toFixed(3)} % of one core, RSS ${rss.toFixed(1)} MB; empty-config serve beside it: CPU ${floorCpuPct.toFixed(3)} %, RSS ${floor.toFixed(1)} MB`,
    );
    console.log(
      `  CPU in the 2 s after each minute boundary (5 tasks fire): ${(atBoundary * 1000).toFixed(0)} ms; other seconds with CPU use: ${spikes.join(', ') || 'none'}`,
    );
    console.log(
      `  ${fired} scheduled run(s) fired during the whole benchmark, by ${scheduled} distinct task(s); statuses: ${JSON.stringify(countBy(runs.map((r) => r.status)))}`,
    );
    return [
      row(`idle serve CPU, 500 tasks (${IDLE_WINDOW_MS / 1000} s window)`, cpuPct, '%', 0.5, floorCpuPct, 'serve, empty config'),
      row('idle serve RSS, 500 tasks', rss, 'MB', 80, floor, 'serve, empty config'),
    ];
  } finally {
    empty.remove();
    busy.remove();
  }
}

/**
 * Under serve, `tasks` tasks fire every second, all at the same instant, until `firings` runs (after a
 * warm-up second) have started. With `withIdle`, they are among 500 tasks in 50 projects (the rest hourly
 * or daily, as in the idle benchmark). Each firing task runs `date +%s%N`, so its log holds the moment
 * the task's own program ran: the delay as the task sees it, beside the recorded start.
 */
async function measureFiring(
  tasks: number,
  firings: number,
  withIdle: boolean,
): Promise<{ delays: number[]; ownClock: number[]; counted: StoredRun[]; others: Record<string, number>; cpuMsPerRun: number }> {
  const bench = makeBenchHome(`firing-${tasks}`, '');
  try {
    const projects = withIdle ? 50 : 1;
    const dirs: string[] = [];
    for (let p = 0; p < projects; p++) {
      const blocks: Array<[string, string[]]> = [];
      for (let t = p; t < tasks; t += projects) blocks.push([`fire-${t}`, ['command: ["date", "+%s%N"]', 'schedule: "*/1 * * * * *"']]);
      const idle = withIdle ? 10 - blocks.length : 0;
      for (let t = 0; t < idle; t++)
        blocks.push([`idle-${t}`, ['command: ["true"]', `schedule: "${t === 0 ? `${p % 60} * * * *` : `${(p * 7 + t) % 60} ${(p + t) % 24} * * *`}"`]]);
      dirs.push(writeBenchProject(join(bench.root, 'projects'), `project-${p}`, blocks));
    }
    appendFileSync(join(bench.home, 'config.yml'), projectsYaml(dirs));
    const serve = await startServe(bench.home);
    const deadline = Date.now() + 120_000;
    let cpu = 0;
    try {
      const cpu0 = cpuSeconds(serve.pid);
      while (readRuns(bench.home).filter((r) => r.started_at !== null).length < firings + tasks && Date.now() < deadline) {
        serve.assertAlive();
        await sleep(250);
      }
      cpu = cpuSeconds(serve.pid) - cpu0;
    } finally {
      await serve.stop();
    }
    const runs = readRuns(bench.home).filter((r) => r.trigger === 'schedule' && r.scheduled_for !== null && r.task_id.includes('/fire-'));
    const firstSecond = Math.min(...runs.map((r) => Date.parse(r.scheduled_for ?? '')));
    const counted = runs.filter((r) => r.started_at !== null && Date.parse(r.scheduled_for ?? '') > firstSecond).slice(0, firings);
    const delays = counted.map((r) => Date.parse(r.started_at ?? '') - Date.parse(r.scheduled_for ?? ''));
    const ownClock = counted.flatMap((r) => {
      const printed = r.log_path && existsSync(r.log_path) ? readFileSync(r.log_path, 'utf8').trim() : '';
      return /^\d{19}$/.test(printed) ? [Number(BigInt(printed) / 1000n) / 1000 - Date.parse(r.scheduled_for ?? '')] : [];
    });
    return {
      delays,
      ownClock,
      counted,
      others: countBy(runs.filter((r) => r.status !== 'success').map((r) => r.status)),
      cpuMsPerRun: (cpu * 1000) / runs.length,
    };
  } finally {
    bench.remove();
  }
}

/** Delay from the scheduled second to the run's start: 20 tasks at once among 500, and 1 task alone. */
export async function firingDelay(): Promise<BenchRow[]> {
  const many = await measureFiring(FIRING_TASKS, FIRINGS, true);
  const s = stats(many.delays);
  const own = stats(many.ownClock);
  console.log(describeStats(`${FIRING_TASKS} of 500 tasks, ${many.delays.length} firings, recorded start`, s));
  console.log(describeStats(`same, the task's own clock (${many.ownClock.length} logs)`, own));
  console.log(`  runs not successful: ${JSON.stringify(many.others)}; serve CPU per run: ${many.cpuMsPerRun.toFixed(1)} ms`);
  // Where the delay comes from: within each second, the n-th task to start waited for the n-1 before it.
  const byRank = new Map<number, number[]>();
  const bySecond = new Map<string, StoredRun[]>();
  for (const r of many.counted) bySecond.set(r.scheduled_for ?? '', [...(bySecond.get(r.scheduled_for ?? '') ?? []), r]);
  for (const group of bySecond.values()) {
    group.sort((a, b) => Date.parse(a.started_at ?? '') - Date.parse(b.started_at ?? ''));
    group.forEach((r, rank) => byRank.set(rank, [...(byRank.get(rank) ?? []), Date.parse(r.started_at ?? '') - Date.parse(r.scheduled_for ?? '')]));
  }
  const ranks = [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([rank, d]) => `#${rank + 1}: ${median(d).toFixed(0)}`);
  console.log(`  median delay by start order within a second (ms): ${ranks.join(', ')}`);
  const one = await measureFiring(1, SINGLE_FIRINGS, false);
  const s1 = stats(one.delays);
  console.log(describeStats(`1 task alone, ${one.delays.length} firings`, s1));
  const floor = stats(await bareSpawns(FIRING_TASKS, 30));
  console.log(describeStats(`floor: ${FIRING_TASKS} spawns of date in a row from a bare Node, time to the last`, floor));
  return [
    row(`firing delay p50 (${FIRING_TASKS} of 500 tasks every second)`, s.p50, 'ms', null, s1.p50, '1 task alone, p50'),
    row(`firing delay p99 (${FIRING_TASKS} of 500 tasks every second)`, s.p99, 'ms', 50, floor.p99, `${FIRING_TASKS} bare spawns in a row, p99`),
    row(`task's own clock p99 (${FIRING_TASKS} of 500 tasks every second)`, own.p99, 'ms', null, stats(one.ownClock).p99, '1 task alone, p99'),
  ];
}

/**
 * The floor under any firing delay: `count` spawns of `date` in a row from this plain Node process (no
 * engine, no database), timed to the moment the last one was spawned; `rounds` such rounds. Node's spawn
 * is synchronous up to the child's exec, so tasks due together start one fork after another.
 */
async function bareSpawns(count: number, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const children = Array.from({ length: count }, () => spawn('date', ['+%s%N'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    times.push(performance.now() - t0);
    await Promise.all(children.map((c) => new Promise((resolve) => c.on('close', resolve))));
  }
  return times;
}

/** 50 roots, 100,000 files: serve start-up to "engine running", and RSS beyond the same serve with no roots. */
async function watchingRoots(): Promise<BenchRow[]> {
  const empty = makeBenchHome('roots-empty', 'roots: []\n');
  const big = makeBenchHome('roots-50', '');
  try {
    const t0 = performance.now();
    const roots = Array.from({ length: ROOTS }, (_, i) => join(big.root, 'code', `root-${i}`));
    let files = 0;
    roots.forEach((root, i) => (files += writeRealisticRoot(root, i, FILES / ROOTS)));
    appendFileSync(join(big.home, 'config.yml'), rootsYaml(roots));
    console.log(`  wrote ${files} files under ${ROOTS} roots in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await settledRss(empty.home); // first starts create the databases
    await settledRss(big.home);
    const emptyRuns: Array<{ rss: number; startupMs: number }> = [];
    const bigRuns: Array<{ rss: number; startupMs: number }> = [];
    for (let i = 0; i < STARTS; i++) {
      emptyRuns.push(await settledRss(empty.home));
      bigRuns.push(await settledRss(big.home));
    }
    const startEmpty = median(emptyRuns.map((r) => r.startupMs));
    const startBig = median(bigRuns.map((r) => r.startupMs));
    const rssEmpty = median(emptyRuns.map((r) => r.rss));
    const rssBig = median(bigRuns.map((r) => r.rss));
    console.log(`  serve start-up (median of ${STARTS}): ${startBig.toFixed(0)} ms with ${ROOTS} roots, ${startEmpty.toFixed(0)} ms with none`);
    console.log(`  RSS ${SETTLE_MS / 1000} s after start (median): ${rssBig.toFixed(1)} MB with ${ROOTS} roots, ${rssEmpty.toFixed(1)} MB with none`);
    return [
      row(`serve start-up watching ${ROOTS} roots / ${FILES / 1000}k files`, startBig, 'ms', 2000, startEmpty, 'serve, empty config'),
      row(`RSS extra for watching ${ROOTS} roots / ${FILES / 1000}k files`, rssBig - rssEmpty, 'MB', 20),
    ];
  } finally {
    empty.remove();
    big.remove();
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The benchmark as `npm run bench` runs it. */
export async function schedulerBench(): Promise<BenchRow[]> {
  return [...(await idleEngine()), ...(await firingDelay()), ...(await watchingRoots())];
}

// Standalone: `npx tsx bench/scheduler.ts` (after `npm run build:main`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await schedulerBench();
  for (const r of rows)
    console.log(
      `${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.target === null ? '' : ` (target < ${r.target} ${r.unit}: ${r.value <= r.target ? 'PASS' : 'MISS'})`}`,
    );
}

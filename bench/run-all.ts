// `npm run bench`: runs every benchmark in sequence, prints a summary table and writes bench/results/latest.json.
// To add a benchmark: write a module exporting `async () => BenchRow[]` and list it in BENCHMARKS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cliStartBench } from './cli-start';
import { costsBench } from './costs';
import { dashboardBench } from './dashboard';
import { figure, machineFacts, type BenchRow, type Benchmark } from './lib';
import { pingLoad } from './ping-load';
import { runnerOverhead } from './runner-overhead';
import { schedulerBench } from './scheduler';
import { status100k } from './status-100k';
import { watcherBench } from './watcher';
import { remotesBench } from './remotes';
import { manifestParseBench } from './manifest-parse';
import { upcomingBench } from './upcoming';

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'CLI start: status --json on a one-task home, in-process and with a serve running, paired with node -e 0', run: cliStartBench },
  { name: 'runner overhead: 200 runs of /bin/true', run: runnerOverhead },
  { name: 'status with 100,000 runs in the database', run: status100k },
  { name: 'scheduler: idle serve with 500 tasks, firing delay, watching 50 roots of 100,000 files', run: schedulerBench },
  { name: 'watcher: fs.watch (Agent OS) vs chokidar 5 on 50 roots of 100,000 files', run: watcherBench },
  { name: 'heartbeat pings: 10,000 per run from 50 keep-alive clients against serve, vs a bare node:http server', run: pingLoad },
  { name: 'remotes: status across 2 engines (local serve + a hosted remote serve), 500 tasks each, on loopback', run: remotesBench },
  { name: 'costs: ingest a year of daily lines for 50 projects × 20 models (365,000), then the costs view queries', run: costsBench },
  { name: 'manifest: parse a 1,000 KB agent-os.yml near the 1 MB cap, refuse a 5 MB one', run: manifestParseBench },
  { name: 'schedule.upcoming: 24 h at 500 tasks (170 every minute) with 1,000,000 runs', run: upcomingBench },
  { name: 'dashboard in Chromium: 500 tasks, 1,000,000 runs (first render, filter as you type, event to row, bundle size)', run: dashboardBench },
];

type Verdict = 'PASS' | 'MISS' | 'info' | 'ERROR';

interface Outcome {
  benchmark: string;
  rows: Array<BenchRow & { verdict: Verdict }>;
  error?: string;
  seconds: number;
}

const verdict = (row: BenchRow): Verdict => (row.target === null ? 'info' : row.value <= row.target ? 'PASS' : 'MISS');

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const machine = machineFacts();
  console.log(
    `Agent OS benchmarks — node ${machine.node}, ${machine.platform}, ${machine.cpus} CPU(s) (${machine.cpu_model}), ${machine.memory_gb} GB RAM, load average ${machine.load_avg_1m}\n`,
  );
  const outcomes: Outcome[] = [];
  // `npm run bench -- ping costs` runs the benchmarks whose name contains one of the words.
  const only = process.argv.slice(2).map((w) => w.toLowerCase());
  for (const bench of BENCHMARKS.filter((b) => only.length === 0 || only.some((w) => b.name.toLowerCase().includes(w)))) {
    console.log(`▶ ${bench.name}`);
    const t0 = performance.now();
    try {
      const rows = await bench.run();
      outcomes.push({ benchmark: bench.name, rows: rows.map((r) => ({ ...r, verdict: verdict(r) })), seconds: (performance.now() - t0) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`  ✘ failed: ${message}`);
      outcomes.push({ benchmark: bench.name, rows: [], error: message, seconds: (performance.now() - t0) / 1000 });
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }

  const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'verdict'];
  const lines = outcomes.flatMap((o) =>
    o.error !== undefined
      ? [[o.benchmark, 'n/a', '', '', '', 'ERROR']]
      : o.rows.map((r) => [
          r.name,
          figure(r.value, r.unit),
          r.baseline === null ? '' : `${figure(r.baseline, r.unit)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
          r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
          r.target === null ? '' : `< ${figure(r.target, r.unit)}`,
          r.verdict,
        ]),
  );
  console.log('Summary');
  console.log(table([header, header.map((h) => '-'.repeat(h.length)), ...lines]));

  const out = new URL('./results/', import.meta.url);
  mkdirSync(out, { recursive: true });
  const file = new URL('latest.json', out);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, outcomes }, null, 2) + '\n');
  console.log(`\nLoad average at the end: ${loadavg()[0]?.toFixed(2) ?? '?'} on ${machine.cpus} CPU(s); figures taken on a busy machine are noisy.`);
  console.log(`Written to ${fileURLToPath(file)}`);
  const bad = outcomes.filter((o) => o.error !== undefined).length;
  const missed = outcomes.flatMap((o) => o.rows).filter((r) => r.verdict === 'MISS').length;
  if (missed) console.log(`${missed} figure(s) missed their target.`);
  // A crashed benchmark fails the command; a missed target is a finding, reported above, not a crash.
  if (bad) process.exitCode = 1;
}

await main();

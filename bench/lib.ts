// Shared pieces of the benchmark suite: the row every benchmark returns, statistics, temp homes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** One line of the summary table. Times are milliseconds; memory is MB; sizes on disk/wire are KB; CPU use is % of one core. */
export interface BenchRow {
  /** What was measured, with the statistic (mean, median, p95…). */
  name: string;
  /** The measured figure, in `unit`. */
  value: number;
  unit: 'ms' | 'MB' | 'KB' | '%';
  /** What the figure is compared against (same unit), or null when nothing is. */
  baseline: number | null;
  /** How the baseline was obtained, e.g. "spawn /bin/true". */
  baselineLabel?: string;
  /** value / baseline, or an explicitly chosen ratio (e.g. Agent OS run / direct spawn). */
  ratio: number | null;
  /** The figure must be at most this to PASS; null = reported for information. */
  target: number | null;
}

/** A benchmark: prints its own details while it runs and returns its summary rows. */
export interface Benchmark {
  name: string;
  run: () => Promise<BenchRow[]>;
}

/** Summary statistics of a list of samples (ms). */
export interface Stats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value.toFixed(Math.abs(value) < 10 ? 3 : Math.abs(value) < 100 ? 2 : 1)} ms`;
}

/** A figure in its unit: times as `ms()` does, MB, KB and % with two decimals. */
export function figure(value: number, unit: BenchRow['unit']): string {
  if (unit === 'ms' || !Number.isFinite(value)) return ms(value);
  return `${value.toFixed(2)} ${unit}`;
}

export function describeStats(label: string, s: Stats): string {
  return `  ${label.padEnd(34)} mean ${ms(s.mean)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  (min ${ms(s.min)}, max ${ms(s.max)}, n=${s.n})`;
}

/** Times `fn` `count` times in sequence and returns each duration in ms. */
export async function sample(count: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** A project to write into a temp home: folder name and its agent-os.yml text. */
export interface ProjectSpec {
  name: string;
  manifest: string;
}

/** A real temp Agent OS home with the given projects listed in config.yml; `remove()` deletes it all. */
export function makeHome(prefix: string, projects: readonly ProjectSpec[]): { home: string; projectDirs: string[]; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), `agent-os-bench-${prefix}-`));
  const home = join(root, 'home');
  mkdirSync(home);
  const projectDirs = projects.map((p) => {
    const dir = join(root, 'projects', p.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'agent-os.yml'), p.manifest);
    return dir;
  });
  // No system crontabs (/etc/cron.d): the figures are about the projects listed here.
  writeFileSync(join(home, 'config.yml'), `projects:\n${projectDirs.map((d) => `  - ${JSON.stringify(d)}`).join('\n')}\ncron:\n  dirs: []\n`);
  return { home, projectDirs, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The machine the figures were measured on. */
export function machineFacts(): Record<string, string | number> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.length,
    cpu_model: cpu[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    // Other work on the machine skews every figure; the 1-minute load average says how busy it was.
    load_avg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** A summary row: value against an optional target, with the ratio to a baseline measured in the same run. */
export function row(
  name: string,
  value: number,
  unit: BenchRow['unit'],
  target: number | null,
  baseline: number | null = null,
  baselineLabel?: string,
): BenchRow {
  return { name, value, unit, baseline, ...(baselineLabel ? { baselineLabel } : {}), ratio: baseline ? value / baseline : null, target };
}

/** The median of samples. */
export const median = (values: readonly number[]): number => stats(values).p50;

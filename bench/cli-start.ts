// A fast CLI (issue 26): `agent-os status --json` on a one-task home, timed as whole processes from outside
// and paired with `node -e 0` (A B A B …, the difference taken pair by pair so the machine's drift cancels):
// in-process (no engine running: the CLI loads the engine) ≤ 150 ms beyond Node's own start, and with a
// `serve` running (the CLI is a thin client of it) ≤ 50 ms beyond.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeStats, row, stats, type BenchRow } from './lib';
import { makeBenchHome, projectsYaml, startServe, writeBenchProject } from './scheduler-fixtures';

const CLI = fileURLToPath(new URL('../bin/agent-os.js', import.meta.url));
const PAIRS = 21;

/** Wall ms of one whole process, spawn to exit. */
function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr.toString().trim()}`);
  return ms;
}

/** Pairs of (CLI, node -e 0): each CLI time, each baseline, and the CLI's time beyond the baseline. */
function paired(env: NodeJS.ProcessEnv): { cli: number[]; node: number[]; beyond: number[] } {
  const out = { cli: [] as number[], node: [] as number[], beyond: [] as number[] };
  wallMs([CLI, 'status', '--json'], env); // warm-up: the first run fills the OS file cache
  for (let i = 0; i < PAIRS; i++) {
    const a = wallMs([CLI, 'status', '--json'], env);
    const b = wallMs(['-e', '0'], env);
    out.cli.push(a);
    out.node.push(b);
    out.beyond.push(a - b);
  }
  return out;
}

function report(label: string, p: ReturnType<typeof paired>, target: number): BenchRow {
  console.log(describeStats(`${label}: CLI`, stats(p.cli)));
  console.log(describeStats(`${label}: node -e 0`, stats(p.node)));
  console.log(describeStats(`${label}: beyond node -e 0`, stats(p.beyond)));
  return row(`CLI status --json ${label}, beyond node -e 0 (median of ${PAIRS} pairs)`, stats(p.beyond).p50, 'ms', target, stats(p.node).p50, 'node -e 0');
}

export async function cliStartBench(): Promise<BenchRow[]> {
  const bench = makeBenchHome('cli-start', '');
  try {
    const dir = writeBenchProject(join(bench.root, 'projects'), 'solo', [['job', ['command: ["true"]', 'schedule: "0 3 * * *"']]]);
    appendFileSync(join(bench.home, 'config.yml'), projectsYaml([dir]));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENT_OS_')) env[k] = v;
    Object.assign(env, { AGENT_OS_HOME: bench.home, NO_COLOR: '1' });

    const rows = [report('in-process', paired(env), 150)];
    const serve = await startServe(bench.home);
    try {
      rows.push(report('with serve running', paired(env), 50));
    } finally {
      await serve.stop();
    }
    return rows;
  } finally {
    bench.remove();
  }
}

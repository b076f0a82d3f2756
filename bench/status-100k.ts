// `status` with 100,000 runs in the database: in-process handler time, and the whole CLI beside Node's start-up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StatusReport } from '../src-main/common/models';
import { createCore } from '../src-main/core';
import { cliPhases } from './cli-phases';
import { describeStats, makeHome, ms, sample, stats, type BenchRow, type ProjectSpec } from './lib';
import { seedRuns } from './seed-runs';

const PROJECTS = 50;
const TASKS_PER_PROJECT = 10;
const RUNS = 100_000;
const LIVE_RUNS = 5;
const IN_PROCESS_SAMPLES = 30;
const CLI_SAMPLES = 10;
const TARGET_MS = 50;
const CLI = fileURLToPath(new URL('../bin/agent-os.js', import.meta.url));

function projectSpecs(): ProjectSpec[] {
  return Array.from({ length: PROJECTS }, (_, p) => {
    const name = `proj-${String(p).padStart(2, '0')}`;
    const tasks = Array.from({ length: TASKS_PER_PROJECT }, (_, t) =>
      t % 2 === 0 ? `  task-${t}:\n    command: ["/bin/true"]\n    schedule: "${t} 3 * * *"\n` : `  task-${t}:\n    command: ["/bin/true"]\n    timeout: 5m\n`,
    );
    return { name, manifest: `name: ${name}\ntasks:\n${tasks.join('')}` };
  });
}

/** Wall time of one child process, in ms; throws with its stderr when it fails. */
function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(result.status)}: ${result.stderr}`);
  return { ms: elapsed, stdout: result.stdout };
}

export async function status100k(): Promise<BenchRow[]> {
  if (!existsSync(fileURLToPath(new URL('../dist/headless/cli.mjs', import.meta.url))))
    throw new Error('the CLI is not built: run `npm run build:main` first (npm run bench does)');
  const { home, remove } = makeHome('status', projectSpecs());
  try {
    // First start: migrations create the tables and the catalog records the 500 tasks.
    const first = createCore({ home });
    await first.start();
    const taskIds = first.handlers['status.get']().projects.flatMap((p) => p.tasks.map((t) => t.id));
    const paths = first.paths;
    await first.stop();
    if (taskIds.length !== PROJECTS * TASKS_PER_PROJECT) throw new Error(`expected ${PROJECTS * TASKS_PER_PROJECT} tasks, found ${taskIds.length}`);
    const seeded = seedRuns(paths.db, taskIds, RUNS, { days: 90, running: LIVE_RUNS, logsDir: paths.runLogs });
    console.log(
      `  home: ${PROJECTS} projects × ${TASKS_PER_PROJECT} tasks; seeded ${seeded.inserted.toLocaleString('en')} runs in ${ms(seeded.ms)} (one transaction)`,
    );

    const core = createCore({ home });
    const tStart = performance.now();
    await core.start();
    const startMs = performance.now() - tStart;
    let report: StatusReport | null = null;
    let statusSamples: number[];
    let listSamples: number[];
    try {
      await sample(5, () => core.handlers['status.get']());
      statusSamples = await sample(IN_PROCESS_SAMPLES, () => (report = core.handlers['status.get']()));
      await sample(5, () => core.handlers['runs.list']({ limit: 50 }));
      listSamples = await sample(IN_PROCESS_SAMPLES, () => core.handlers['runs.list']({ limit: 50 }));
    } finally {
      await core.stop();
    }
    const states = new Map<string, number>();
    for (const t of (report as StatusReport | null)?.projects.flatMap((p) => p.tasks) ?? []) states.set(t.state, (states.get(t.state) ?? 0) + 1);
    const statusStats = stats(statusSamples);
    const listStats = stats(listSamples);
    console.log(`  task states in the report: ${JSON.stringify(Object.fromEntries(states))}`);
    console.log(`  core.start() with 50 projects (in-process, after migrations): ${ms(startMs)}`);
    console.log(describeStats(`status.get in-process`, statusStats));
    console.log(describeStats(`runs.list {limit: 50} in-process`, listStats));

    // The CLI: a fresh Node process each time, with no server running for this home, so it opens the engine
    // in-process. Interleave with `node -e 0` so drift hits both alike.
    const env = { ...process.env, AGENT_OS_HOME: home, NO_COLOR: '1' };
    const check = timeProcess([CLI, 'status', '--json'], env);
    const parsed = JSON.parse(check.stdout) as StatusReport;
    const cliTasks = parsed.projects.reduce((n, p) => n + p.tasks.length, 0);
    if (cliTasks !== taskIds.length) throw new Error(`status --json listed ${cliTasks} tasks, expected ${taskIds.length}`);
    timeProcess(['-e', '0'], env);
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < CLI_SAMPLES; i++) {
      cli.push(timeProcess([CLI, 'status', '--json'], env).ms);
      bare.push(timeProcess(['-e', '0'], env).ms);
    }
    const cliStats = stats(cli);
    const bareStats = stats(bare);
    console.log(`  status --json output: ${(check.stdout.length / 1024).toFixed(0)} KiB, ${cliTasks} tasks`);
    console.log(describeStats('node bin/agent-os.js status --json', cliStats));
    console.log(describeStats('node -e 0 (process start-up)', bareStats));
    console.log(`  CLI beyond bare Node start-up (median): ${ms(cliStats.p50 - bareStats.p50)}`);
    const phases = await cliPhases(home, CLI_SAMPLES);
    console.log(`  where a fresh CLI process spends it (median of ${CLI_SAMPLES}, after Node start-up):`);
    for (const [phase, value] of phases) console.log(`    ${phase.padEnd(16)} ${ms(value).padStart(10)}`);

    return [
      { name: 'status.get in-process, 100k runs (median)', value: statusStats.p50, unit: 'ms', baseline: null, ratio: null, target: TARGET_MS },
      { name: 'status.get in-process, 100k runs (p95)', value: statusStats.p95, unit: 'ms', baseline: null, ratio: null, target: null },
      { name: 'runs.list limit 50, 100k runs (median)', value: listStats.p50, unit: 'ms', baseline: null, ratio: null, target: null },
      {
        name: 'CLI status --json wall (median)',
        value: cliStats.p50,
        unit: 'ms',
        baseline: bareStats.p50,
        baselineLabel: 'node -e 0',
        ratio: cliStats.p50 / bareStats.p50,
        target: null,
      },
      {
        name: 'CLI status --json minus node start-up (median)',
        value: cliStats.p50 - bareStats.p50,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: TARGET_MS,
      },
      ...phases.map(([phase, value]): BenchRow => ({ name: `  of which ${phase}`, value, unit: 'ms', baseline: null, ratio: null, target: null })),
    ];
  } finally {
    remove();
  }
}

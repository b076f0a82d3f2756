// schedule.upcoming for 24 h at 500 tasks (170 of them every minute, some heartbeats) with 1,000,000 runs in
// the database (issue 22: no handler holds the engine's thread more than 50 ms).
import { createCore } from '../src-main/core';
import { describeStats, makeHome, ms, row, sample, stats, type BenchRow, type ProjectSpec } from './lib';
import { seedRuns } from './seed-runs';

const PROJECTS = 50;
const TASKS_PER_PROJECT = 10;
const RUNS = 1_000_000;
const TARGET_MS = 50;

function projectSpecs(): ProjectSpec[] {
  let everyMinute = 0;
  return Array.from({ length: PROJECTS }, (_, p) => {
    const name = `proj-${String(p).padStart(2, '0')}`;
    const tasks = Array.from({ length: TASKS_PER_PROJECT }, (_, t) => {
      if (everyMinute < 170 && t < 4) {
        everyMinute++;
        return `  task-${t}:\n    command: ["/bin/true"]\n    schedule: "* * * * *"\n`;
      }
      if (t === 9) return `  task-${t}:\n    heartbeat: { period: 5m, grace: 1m }\n`;
      return `  task-${t}:\n    command: ["/bin/true"]\n    schedule: "*/${t + 2} * * * *"\n    timezone: Europe/Oslo\n`;
    });
    return { name, manifest: `name: ${name}\ntasks:\n${tasks.join('')}` };
  });
}

export async function upcomingBench(): Promise<BenchRow[]> {
  const { home, remove } = makeHome('upcoming', projectSpecs());
  try {
    const first = createCore({ home });
    await first.start();
    const taskIds = first.handlers['status.get']().projects.flatMap((p) => p.tasks.map((t) => t.id));
    const paths = first.paths;
    await first.stop();
    const seeded = seedRuns(paths.db, taskIds, RUNS, { days: 90, running: 0, logsDir: paths.runLogs });
    console.log(`  home: ${taskIds.length} tasks; seeded ${seeded.inserted.toLocaleString('en')} runs in ${ms(seeded.ms)}`);
    const core = createCore({ home });
    await core.start();
    let count = 0;
    let samples: number[];
    try {
      await sample(3, () => core.handlers['schedule.upcoming']({ hours: 24 }));
      samples = await sample(20, () => (count = core.handlers['schedule.upcoming']({ hours: 24 }).length));
    } finally {
      await core.stop();
    }
    const s = stats(samples);
    console.log(`  ${describeStats(`schedule.upcoming 24 h (${count} entries)`, s)}`);
    return [row('schedule.upcoming 24 h, 500 tasks, 1M runs (p95)', s.p95, 'ms', TARGET_MS)];
  } finally {
    remove();
  }
}

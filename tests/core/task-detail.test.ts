// Issue 26 (a page per task): `tasks.detail` gives the task page what it shows: the command as typed, the
// next fire times from the schedule, the last runs and their success rate, average and p95 duration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { runStats } from '../../src-main/core/handlers/task-detail';
import { createClock, startEngine } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
});
afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const ended = (status: Run['status'], duration_ms: number | null): Run =>
  ({ id: 1, task: 'p/t', project: 'p', status, trigger: 'schedule', duration_ms }) as Run;

describe('run figures of a task page', () => {
  it('counts only runs that ended by themselves and takes the nearest-rank p95', () => {
    const runs = [
      ...Array.from({ length: 18 }, (_, i) => ended('success', 1000 + i * 10)),
      ended('failed', 5000),
      ended('timeout', 60_000),
      ended('skipped', null),
      ended('missed', null),
      ended('cancelled', 3),
    ];
    const stats = runStats(runs);
    expect(stats.ended).toBe(20);
    expect(stats.success_rate).toBeCloseTo(18 / 20);
    // 18 runs of 1000..1170 ms, one of 5 s and one of 60 s: the 19th of 20 sorted is the 5 s run.
    expect(stats.p95_ms).toBe(5000);
    expect(stats.avg_ms).toBe(Math.round((18 * 1085 + 5000 + 60_000) / 20));
  });

  it('has no figures before a task has ended a run', () => {
    expect(runStats([ended('skipped', null)])).toEqual({ ended: 0, success_rate: null, avg_ms: null, p95_ms: null });
  });
});

describe('tasks.detail', () => {
  it('shows the command as typed, the next five fire times from the schedule and the last runs', async () => {
    const dir = writeProject(box.root, 'shop', {
      manifest: `name: shop
tasks:
  nightly:
    command: ["sh", "-c", "echo it's night; exit 0"]
    schedule: "30 3 * * *"
    timezone: UTC
  broken:
    command: 'echo nope >&2; exit 4'
  beat:
    heartbeat: { period: 1h, grace: 10m }
`,
    });
    writeConfig(box.home, [dir]);
    core = await startEngine(box.home, createClock({ at: Date.parse('2026-12-07T10:00:00Z') }));

    const nightly = core.handlers['tasks.detail']({ task: 'shop/nightly' });
    expect(nightly.command).toBe(`sh -c 'echo it'\\''s night; exit 0'`);
    expect(nightly.next_runs).toEqual(['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12'].map((d) => `${d}T03:30:00.000Z`));
    expect(nightly.task).toMatchObject({ id: 'shop/nightly', kind: 'command', schedule: '30 3 * * *' });

    for (let i = 0; i < 3; i++) await core.handlers['runs.wait']({ id: core.handlers['runs.start']({ task: 'shop/broken' }).id });
    const broken = core.handlers['tasks.detail']({ task: 'shop/broken' });
    expect(broken.command).toBe('echo nope >&2; exit 4');
    expect(broken.next_runs).toEqual([]);
    expect(broken.runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(broken.runs[0]?.id).toBeGreaterThan(broken.runs[2]?.id ?? Infinity);
    expect(broken.stats).toMatchObject({ ended: 3, success_rate: 0 });
    expect(broken.stats.p95_ms).toBeGreaterThanOrEqual(0);

    // A heartbeat that never pinged: its first expected ping, then one per period.
    const beat = core.handlers['tasks.detail']({ task: 'shop/beat' });
    expect(beat.command).toBeNull();
    expect(beat.next_runs).toHaveLength(5);
    const gaps = beat.next_runs.slice(1).map((at, i) => Date.parse(at) - Date.parse(beat.next_runs[i] ?? ''));
    expect(new Set(gaps)).toEqual(new Set([3_600_000]));

    core.handlers['tasks.pause']({ task: 'shop/nightly' });
    expect(core.handlers['tasks.detail']({ task: 'shop/nightly' }).next_runs).toEqual([]);
    expect(() => core?.handlers['tasks.detail']({ task: 'shop/gone' })).toThrow('no task "shop/gone"; see `agent-os status` for the known ones');
  });
});

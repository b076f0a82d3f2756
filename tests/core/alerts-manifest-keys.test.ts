// The manifest keys of issue 16 §2 (min_duration, min_interval, heartbeat.start_grace, depends_on) follow the
// manifest validation of SPEC §3: an invalid manifest lists every error at once, each at its path, and the
// other projects keep running. depends_on is checked across manifests when they load, as triggers are.
import { describe, expect, it } from 'vitest';
import type { ConfigError, ProjectInfo } from '../../src-main/common/models';
import { manifest, projectOf, startEngine, useEngineSandbox } from '../helpers/engine';
import { writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();
const project = (name: string): ProjectInfo => {
  if (!t.core) throw new Error('no engine started');
  return projectOf(t.core, name);
};
const byPath = (errors: readonly ConfigError[]): Record<string, string> => Object.fromEntries(errors.map((e) => [e.path, e.message]));

describe('min_duration, min_interval and start_grace', () => {
  it('lists every misuse at once, each at its path with what was expected and found', async () => {
    const dir = writeProject(t.box.root, 'shop', {
      manifest: manifest('shop', {
        // A bad field elsewhere in the task: the task-level checks are still made.
        export: ['command: ["true"]', 'timeout: soon', 'min_interval: 5m'],
        longest: ['command: ["true"]', 'timeout: 10m', 'min_duration: 2h'],
        beat: ['heartbeat: { period: 1h, start_grace: later }', 'min_duration: fast'],
        backup: ['launchd: com.example.backup', 'min_duration: 30s'],
        fine: ['heartbeat: { period: 1h, grace: 5m, start_grace: 2h }', 'min_duration: 30s', 'min_interval: 50m'],
      }),
    });
    const other = writeProject(t.box.root, 'other', { manifest: manifest('other', { hello: ['command: ["echo", "still here"]'] }) });
    writeConfig(t.box.home, [dir, other]);
    t.core = await startEngine(t.box.home);

    const shop = project('shop');
    expect(shop.state).toBe('invalid');
    const errors = byPath(shop.errors);
    expect(Object.keys(errors).sort()).toEqual([
      'tasks.backup.min_duration',
      'tasks.beat.heartbeat.start_grace',
      'tasks.beat.min_duration',
      'tasks.export.min_interval',
      'tasks.export.timeout',
      'tasks.longest.min_duration',
    ]);
    expect(errors['tasks.export.min_interval']).toBe('expected min_interval only on a heartbeat task: it is the least time between two pings, found "5m"');
    expect(errors['tasks.longest.min_duration']).toBe('expected min_duration below the task\'s timeout (10m), or every run would fail, found "2h"');
    expect(errors['tasks.beat.heartbeat.start_grace']).toMatch(/^expected a duration above zero such as 30s, 15m or 1h30m, found "later"$/);
    expect(errors['tasks.beat.min_duration']).toMatch(/found "fast"$/);
    expect(errors['tasks.backup.min_duration']).toMatch(/^expected min_duration only on command, cron or heartbeat tasks/);
    expect(shop.errors.every((e) => typeof e.line === 'number')).toBe(true);
    expect(project('other')).toMatchObject({ state: 'ok', errors: [] });
  });
});

describe('depends_on', () => {
  it('refuses a missing upstream and the task itself, each at its path, while an upstream in an invalid manifest is kept', async () => {
    const shop = writeProject(t.box.root, 'shop', {
      manifest: manifest('shop', {
        db: ['command: ["true"]'],
        orders: ['command: ["true"]', 'depends_on: [db, shop/nope, orders, broken/job]'],
      }),
    });
    const broken = writeProject(t.box.root, 'broken', { manifest: 'name: broken\ntasks:\n  job:\n    command: 42\n' });
    writeConfig(t.box.home, [shop, broken]);
    t.core = await startEngine(t.box.home);

    const errors = byPath(project('shop').errors);
    expect(errors).toEqual({
      'tasks.orders.depends_on.1': 'expected an existing task, found "shop/nope"; check the project and task names',
      'tasks.orders.depends_on.2': 'expected another task, found "orders", the task itself; remove it',
    });
    expect(project('broken').state).toBe('invalid');
  });

  it('refuses a cycle across two manifests on each side of it, and accepts the same dependencies without the loop', async () => {
    const a = writeProject(t.box.root, 'a', { manifest: manifest('a', { x: ['command: ["true"]', 'depends_on: [b/y]'] }) });
    const b = writeProject(t.box.root, 'b', { manifest: manifest('b', { y: ['command: ["true"]', 'depends_on: [a/x]'] }) });
    writeConfig(t.box.home, [a, b]);
    t.core = await startEngine(t.box.home);

    for (const name of ['a', 'b']) {
      const [error] = project(name).errors;
      expect(project(name).errors, name).toHaveLength(1);
      expect(error?.path, name).toBe(`tasks.${name === 'a' ? 'x' : 'y'}.depends_on`);
      expect(error?.message, name).toMatch(/^the dependencies form a cycle: (a\/x → b\/y → a\/x|b\/y → a\/x → b\/y); remove one of them$/);
    }
    await t.core.stop();

    writeProject(t.box.root, 'b', { manifest: manifest('b', { y: ['command: ["true"]'] }) });
    t.core = await startEngine(t.box.home);
    expect(project('a')).toMatchObject({ state: 'ok', errors: [] });
    expect(t.core.handlers['tasks.list']({ project: 'a' })[0]?.depends_on).toEqual(['b/y']);
  });
});

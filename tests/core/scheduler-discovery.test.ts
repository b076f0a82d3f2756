// Live project discovery under the running engine (SPEC §2 "picked up live, without restart", §3 invalid
// manifests): manifests appear, go away, break and get fixed while the scheduler keeps going.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../src-main/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, waitFor, writeProject, type Sandbox, writeRootConfig } from '../helpers/fixtures';
import { coreRuns, manifest, startEngine } from '../helpers/engine';

let box: Sandbox;
let root: string;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
  root = writeRootConfig(box);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const project = (c: Core, name: string) => c.handlers['projects.list']().find((p) => p.name === name);
const runIds = (c: Core, task: string): number[] => coreRuns(c, task).map((r) => r.id);

describe('live project discovery', () => {
  it('lists a manifest dropped under a root within 5 s, and forgets it when the manifest is deleted', async () => {
    writeProject(root, 'existing', { manifest: manifest('existing', { noop: ['command: ["true"]'] }) });
    core = await startEngine(box.home);
    const c = core;
    expect(project(c, 'existing')).toBeDefined();
    expect(project(c, 'fresh')).toBeUndefined();

    const dir = writeProject(root, 'fresh', { manifest: manifest('fresh', { hello: ['command: ["true"]', 'schedule: "0 3 * * *"'] }) });
    const found = await waitFor('the new project to be listed', () => project(c, 'fresh'), { timeoutMs: 5000 });
    expect(found).toMatchObject({ name: 'fresh', path: dir, state: 'ok', errors: [], tasks: ['fresh/hello'] });
    expect(c.handlers['status.get']().projects.find((p) => p.name === 'fresh')?.tasks[0]?.next_run).not.toBeNull();

    rmSync(join(dir, 'agent-os.yml'));
    await waitFor('the deleted project to go', () => project(c, 'fresh') === undefined, { timeoutMs: 5000 });
    expect(project(c, 'existing')).toBeDefined();
  });

  it('finds a project folder whose name has a dot (acme.com, v1.2) live, like any other', async () => {
    writeProject(root, 'existing', { manifest: manifest('existing', { noop: ['command: ["true"]'] }) });
    core = await startEngine(box.home);
    const c = core;
    const dotted = writeProject(root, 'acme.com', { manifest: manifest('acme', { hello: ['command: ["true"]'] }) });
    const version = writeProject(root, 'v1.2', { manifest: manifest('v1-2', { hello: ['command: ["true"]'] }) });
    const found = await waitFor(
      'both dotted folders to be listed',
      () => project(c, 'acme') && project(c, 'v1-2') && [project(c, 'acme'), project(c, 'v1-2')],
      {
        timeoutMs: 5000,
      },
    );
    expect(found.map((p) => p?.path)).toEqual([dotted, version]);
  });

  it('marks a broken manifest invalid with its errors, keeps its last good tasks unfired, and resumes once fixed', async () => {
    const good = manifest('flaky', { beat: ['command: ["true"]', 'every: 1s'] });
    const dir = writeProject(root, 'flaky', { manifest: good });
    writeProject(root, 'steady', { manifest: manifest('steady', { beat: ['command: ["true"]', 'every: 1s'] }) });
    core = await startEngine(box.home);
    const c = core;
    await waitFor('a first scheduled run of flaky/beat', () => runIds(c, 'flaky/beat').length > 0);

    // Two mistakes at once: both are listed, not just the first.
    writeFileSync(join(dir, 'agent-os.yml'), 'name: flaky\ntasks:\n  beat:\n    command: ["true"]\n    every: soon\n    overlap: sometimes\n');
    const broken = await waitFor(
      'flaky to be invalid',
      () => {
        const p = project(c, 'flaky');
        return p?.state === 'invalid' && p;
      },
      { timeoutMs: 5000 },
    );
    expect(broken.errors.length).toBeGreaterThanOrEqual(2);
    expect(broken.errors.map((e) => e.path).join(' ')).toMatch(/every/);
    expect(broken.errors.map((e) => e.path).join(' ')).toMatch(/overlap/);
    expect(broken.tasks).toEqual(['flaky/beat']);
    const status = c.handlers['status.get']().projects.find((p) => p.name === 'flaky');
    expect(status?.tasks.map((t) => [t.id, t.state, t.next_run])).toEqual([['flaky/beat', 'paused', null]]);

    // While it stays broken the other project keeps firing; the broken one fires nothing.
    const before = runIds(c, 'flaky/beat');
    const steadyBefore = runIds(c, 'steady/beat').length;
    await waitFor('steady to fire 3 more times', () => runIds(c, 'steady/beat').length >= steadyBefore + 3, { timeoutMs: 10_000 });
    expect(runIds(c, 'flaky/beat')).toEqual(before);
    expect(project(c, 'steady')?.state).toBe('ok');

    writeFileSync(join(dir, 'agent-os.yml'), good);
    await waitFor('flaky to be valid again', () => project(c, 'flaky')?.state === 'ok', { timeoutMs: 5000 });
    const resumed = await waitFor(
      'a new scheduled run of flaky/beat',
      () => {
        const fresh = coreRuns(c, 'flaky/beat').filter((r) => !before.includes(r.id) && r.status === 'success');
        return fresh.length > 0 && fresh;
      },
      { timeoutMs: 5000 },
    );
    // The broken stretch was not downtime: it is not reported as missed runs, nor caught up.
    const afterFix = coreRuns(c, 'flaky/beat').filter((r) => !before.includes(r.id));
    expect(afterFix.filter((r) => r.status === 'missed' || r.trigger === 'catch_up').map((r) => `${r.status}/${r.trigger}: ${r.error ?? ''}`)).toEqual([]);
    expect(resumed[0]?.trigger).toBe('schedule');
  }, 40_000);
});

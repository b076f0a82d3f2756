// Issue 22 §1 / SPEC §12 "Limits": a project name already held stays with its folder. A new folder that
// sorts first and declares the same name is the invalid one, named with both folders; the holder keeps its
// tasks, history and ping key, live and after a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { manifest, startEngine } from '../helpers/engine';
import { createSandbox, waitFor, writeProject, type Sandbox, writeRootConfig } from '../helpers/fixtures';

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

const byPath = (c: Core, dir: string) => c.handlers['projects.list']().find((p) => p.path === dir);

describe('project name clashes', () => {
  it('keeps the name with the folder that held it when a newcomer that sorts first declares it', async () => {
    const good = writeProject(root, 'good', { manifest: manifest('good', { beat: ['heartbeat: { period: 1h, grace: 10m }'] }) });
    core = await startEngine(box.home);
    const c = core;
    const key = c.pingKeyOf('good/beat');
    const projectKey = byPath(c, good)?.ping_key;

    const intruder = writeProject(root, 'aaa-newcomer', { manifest: manifest('good', { other: ['command: ["true"]'] }) });
    const found = await waitFor('the newcomer to be listed', () => byPath(c, intruder), { timeoutMs: 5000 });
    expect(found.state).toBe('invalid');
    expect(found.errors.map((e) => e.message)).toEqual([
      `the project name "good" of ${intruder} is already used by ${good}; give this project another \`name:\``,
    ]);
    expect(byPath(c, good)).toMatchObject({ name: 'good', state: 'ok', tasks: ['good/beat'], ping_key: projectKey });
    expect(c.pingKeyOf('good/beat')).toBe(key);

    await c.stop();
    core = await startEngine(box.home);
    expect(byPath(core, good)).toMatchObject({ name: 'good', state: 'ok', tasks: ['good/beat'] });
    expect(byPath(core, intruder)?.state).toBe('invalid');
  });
});

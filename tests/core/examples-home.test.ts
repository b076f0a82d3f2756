// The example projects on a first start (issue 21 §2, SPEC §12 "Examples"): a packaged app's bundled files are
// read-only (inside app.asar a cwd cannot even exist), so the engine copies them into the home once and runs
// and watches the copies. The install here is a read-only copy of assets/.
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { createClock } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { makeReadOnly, treeState } from '../helpers/read-only';
import { runTask } from '../helpers/core';

const ASSETS = fileURLToPath(new URL('../../assets', import.meta.url));

let box: Sandbox;
let install: string;
let writable: () => void;
let core: Core | null = null;

async function start(): Promise<Core> {
  // A frozen clock: nothing fires on its own, the test starts every run.
  core = createCore({ home: box.home, clock: createClock({ frozen: true }), examplesDir: join(install, 'examples') });
  await core.start({ engine: true });
  return core;
}

async function restart(): Promise<Core> {
  await core?.stop();
  core = null;
  return start();
}

beforeEach(() => {
  box = createSandbox();
  install = join(box.root, 'install', 'assets');
  cpSync(ASSETS, install, { recursive: true });
  writable = makeReadOnly(install);
  // No projects or roots: a first start. No system crontabs (they would add a project).
  writeConfig(box.home, []);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  writable();
  box.cleanup();
});

describe('example projects on a first start', () => {
  it('copies the bundled examples into the home and runs them from there, leaving the read-only install untouched', async () => {
    const before = treeState(install);
    const c = await start();
    const examples = join(box.home, 'examples');
    const status = c.handlers['status.get']();
    expect(status.examples).toBe(examples);
    expect(status.projects.map((p) => [p.name, p.path])).toEqual([
      ['backups', join(examples, 'backups')],
      ['newsletter', join(examples, 'newsletter')],
      ['trading', join(examples, 'trading')],
    ]);
    // The copies are the user's to edit, whatever the install's modes.
    expect(statSync(join(examples, 'backups', 'agent-os.yml')).mode & 0o200).toBe(0o200);

    const prune = await runTask(c, 'backups/prune');
    expect(prune.run.status).toBe('success');
    expect(prune.log).toContain('kept 30 snapshots, removed 1');
    const feeds = await runTask(c, 'newsletter/fetch-feeds');
    expect(feeds.run.status).toBe('success');
    expect(c.handlers['results.list']({ task: 'newsletter/fetch-feeds' })[0]?.data).toEqual({ items: 48 });
    const snapshot = await runTask(c, 'backups/snapshot');
    expect(snapshot.run).toMatchObject({ status: 'failed', exit_code: 23 });
    expect(treeState(install)).toEqual(before);
  });

  it('watches the copies: an edited example manifest is picked up live, and its task runs with its cwd in the home', async () => {
    const c = await start();
    const manifest = join(box.home, 'examples', 'backups', 'agent-os.yml');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}  where:\n    command: ["pwd"]\n`);
    await waitFor(
      'the edited example to be reloaded',
      () =>
        c.handlers['projects.list']()
          .find((p) => p.name === 'backups')
          ?.tasks.includes('backups/where'),
      {
        timeoutMs: 5000,
      },
    );
    const where = await runTask(c, 'backups/where');
    expect(where.run.status).toBe('success');
    expect(where.log.trim().split('\n')).toContain(join(box.home, 'examples', 'backups'));
  });

  it('copies them only once: edits survive a restart, and deleted copies do not come back', async () => {
    await start();
    const manifest = join(box.home, 'examples', 'newsletter', 'agent-os.yml');
    writeFileSync(manifest, 'name: newsletter\ntasks:\n  mine:\n    command: ["true"]\n');
    let c = await restart();
    expect(readFileSync(manifest, 'utf8')).toContain('mine:');
    expect(c.handlers['projects.list']().find((p) => p.name === 'newsletter')?.tasks).toEqual(['newsletter/mine']);

    rmSync(join(box.home, 'examples'), { recursive: true });
    c = await restart();
    expect(c.handlers['status.get']()).toMatchObject({ projects: [] });
    expect(c.handlers['status.get']().examples).toBeUndefined();
  });

  it("stops showing the examples once config.yml lists a project of the user's own", async () => {
    await start();
    const own = writeProject(join(box.root, 'projects'), 'mine', { manifest: 'name: mine\ntasks:\n  hello:\n    command: ["true"]\n' });
    writeConfig(box.home, [own]);
    const c = core as Core;
    await waitFor(
      'only the own project to be listed',
      () =>
        c.handlers['status.get']()
          .projects.map((p) => p.name)
          .join() === 'mine',
      { timeoutMs: 5000 },
    );
    expect(c.handlers['status.get']().examples).toBeUndefined();
  });
});

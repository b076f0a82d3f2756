// Issue 22 §1 / SPEC §12 "Limits": a config.yml broken while the engine runs keeps the last good
// configuration (projects, their pings) and says so with the line; broken at start, nothing runs, not even
// the bundled examples.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { manifest } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let project: string;
let core: Core | null = null;
const BROKEN = 'projects:\n  - "/somewhere"\nserver:\n  port: [1\n';

beforeEach(() => {
  box = createSandbox();
  project = writeProject(box.root, 'mine', { manifest: manifest('mine', { beat: ['heartbeat: { period: 1h, grace: 10m }'] }) });
  writeConfig(box.home, [project]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

/** A folder of example projects like assets/examples, to see that a broken config does not start them. */
function examples(): string {
  const dir = join(box.root, 'examples');
  writeProject(dir, 'example-one', { manifest: manifest('example-one', { hello: ['command: ["true"]', 'every: 1m'] }) });
  return dir;
}

describe('a broken config.yml', () => {
  it('keeps the last good configuration while the engine runs, with the error and its line in status', async () => {
    core = createCore({ home: box.home, examplesDir: examples() });
    await core.start({ engine: true });
    const key = core.pingKeyOf('mine/beat');
    writeFileSync(join(box.home, 'config.yml'), BROKEN);
    core.reload();
    const status = core.handlers['status.get']();
    expect(status.projects.map((p) => p.name)).toContain('mine');
    expect(status.projects.map((p) => p.name)).not.toContain('example-one');
    expect(status.config_errors).toEqual([
      expect.objectContaining({ line: expect.any(Number), message: expect.stringMatching(/^is not valid YAML/) }),
      expect.objectContaining({ message: 'config.yml cannot be used as it is, so the engine keeps its last good configuration; fix the errors above' }),
    ]);
    // The heartbeat still takes pings: nothing the user's clients send is lost.
    await expect(core.ping(key, { kind: 'success' })).resolves.toMatchObject({ task: 'mine/beat' });
    writeConfig(box.home, [project]);
    core.reload();
    expect(core.handlers['status.get']().config_errors).toEqual([]);
  });

  it('runs nothing, not even the examples, when config.yml is broken at start, and says so', async () => {
    writeFileSync(join(box.home, 'config.yml'), BROKEN);
    mkdirSync(join(box.root, 'examples'), { recursive: true });
    core = createCore({ home: box.home, examplesDir: examples() });
    await core.start({ engine: true });
    const status = core.handlers['status.get']();
    expect(status.projects.filter((p) => p.name !== 'agent-os' && p.name !== 'unassigned').map((p) => p.name)).toEqual([]);
    expect(status.config_errors.map((e) => e.message)).toContain(
      'config.yml cannot be used as it is, so no project runs (not even the examples); fix the errors above',
    );
  });
});

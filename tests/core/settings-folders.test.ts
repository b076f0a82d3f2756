// Settings that change what the dashboard shows (issue 26): a folder that does not exist is refused with a
// reason instead of being written to config.yml and silently showing nothing, and a first start says that
// the projects shown are the bundled examples.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { startCore } from '../helpers/core';
import { useEngineSandbox } from '../helpers/engine';
import { writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();
const EXAMPLES = fileURLToPath(new URL('../../assets/examples', import.meta.url));

describe('adding folders in Settings', () => {
  it('refuses a project folder or root that does not exist, or is a file, and leaves config.yml as it was', async () => {
    const dir = writeProject(t.box.root, 'alpha', { manifest: 'name: alpha\ntasks:\n  hello:\n    command: ["true"]\n' });
    writeConfig(t.box.home, [dir]);
    t.core = await startCore(t.box.home);
    const before = readFileSync(join(t.box.home, 'config.yml'), 'utf8');
    const missing = join(t.box.root, 'no-such-folder');
    expect(() => t.core?.handlers['settings.update']({ projects: [dir, missing] })).toThrow(
      `project folder ${missing} does not exist; check the path (it must be a folder on this machine) and add it again`,
    );
    const file = join(t.box.root, 'notes.txt');
    writeFileSync(file, 'hi');
    expect(() => t.core?.handlers['settings.update']({ roots: [file] })).toThrow(`root folder ${file} is a file, not a folder`);
    expect(readFileSync(join(t.box.home, 'config.yml'), 'utf8')).toBe(before);
  });

  it('accepts a folder that exists, and keeps one already listed even if it has gone', async () => {
    const dir = writeProject(t.box.root, 'alpha', { manifest: 'name: alpha\ntasks:\n  hello:\n    command: ["true"]\n' });
    const gone = join(t.box.root, 'gone');
    writeConfig(t.box.home, [dir, gone]);
    t.core = await startCore(t.box.home);
    const code = join(t.box.root, 'code');
    mkdirSync(code);
    expect(t.core.handlers['settings.update']({ projects: [dir, gone], roots: [code] }).roots).toEqual([code]);
  });
});

describe('a first start', () => {
  it('says the projects shown are the bundled examples, and stops saying so once a folder is configured', async () => {
    t.core = createCore({ home: t.box.home, examplesDir: EXAMPLES });
    await t.core.start();
    const first = t.core.handlers['status.get']();
    // The folder in the home the examples were copied to and run from.
    expect(first.examples).toBe(join(t.box.home, 'examples'));
    expect(first.projects.length).toBeGreaterThan(0);
    const dir = writeProject(t.box.root, 'alpha', { manifest: 'name: alpha\ntasks:\n  hello:\n    command: ["true"]\n' });
    t.core.handlers['settings.update']({ projects: [dir] });
    const after = t.core.handlers['status.get']();
    expect(after.examples).toBeUndefined();
    expect(after.projects.map((p) => p.name)).toContain('alpha');
  });
});

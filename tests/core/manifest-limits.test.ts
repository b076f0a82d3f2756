// Issue 22 §1 / SPEC §12 "Limits": a manifest that is huge, not a regular file (a FIFO, a symlink to
// /dev/zero) or a YAML alias bomb is an error on its own project; the engine and the other projects go on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { loadManifest } from '../../src-main/core/projects/load-manifest';
import { manifest, startEngine } from '../helpers/engine';
import { createSandbox, waitFor, writeProject, type Sandbox, writeRootConfig } from '../helpers/fixtures';

let box: Sandbox;
let root: string;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
  root = writeRootConfig(box);
  writeProject(root, 'good', { manifest: manifest('good', { hello: ['command: ["true"]', 'schedule: "0 3 * * *"'] }) });
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

/** A manifest of about `bytes` bytes with many valid tasks. */
function bigManifest(name: string, bytes: number): string {
  const parts = [`name: ${name}\ntasks:\n`];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const block = `  task_${i}:\n    command: ["echo", "hi"]\n    schedule: "*/5 * * * *"\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** Eight lines that expand to 9^7 strings when turned into values. */
const ALIAS_BOMB = `name: bomb
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
tasks: {}
`;

const errorsOf = (c: Core, name: string): string[] => (c.handlers['projects.list']().find((p) => p.name === name)?.errors ?? []).map((e) => e.message);
const stateOf = (c: Core, name: string): string | undefined => c.handlers['projects.list']().find((p) => p.name === name)?.state;

describe('manifest limits', () => {
  it('refuses a 5 MB manifest with its size and the limit, without parsing it', async () => {
    writeProject(root, 'huge', { manifest: bigManifest('huge', 5 * 1024 * 1024) });
    const started = Date.now();
    core = await startEngine(box.home);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(errorsOf(core, 'huge')).toEqual(['agent-os.yml is 5.0 MB; the limit is 1 MB; make it smaller']);
    expect(stateOf(core, 'huge')).toBe('invalid');
    expect(stateOf(core, 'good')).toBe('ok');
  });

  it('reads a manifest just under the cap whole, every task of it', () => {
    const dir = writeProject(root, 'large', { manifest: bigManifest('large', 1000 * 1024) });
    const loaded = loadManifest(dir);
    expect(loaded.errors).toEqual([]);
    expect(Object.keys(loaded.manifest?.tasks ?? {}).length).toBeGreaterThan(14_000);
  });

  it('still finds a key given twice, with both lines', () => {
    const dir = writeProject(root, 'twice', { manifest: 'name: twice\ntasks:\n  a:\n    command: ["true"]\n  a:\n    command: ["false"]\n' });
    expect(loadManifest(dir).errors).toEqual([
      expect.objectContaining({ line: 5, message: 'is not valid YAML: the key "a" is given twice (first on line 3); keys must be unique, remove one' }),
    ]);
  });

  it('refuses a FIFO and a symlink to /dev/zero in place of agent-os.yml without reading them', async () => {
    const fifo = join(root, 'fifo');
    mkdirSync(fifo, { recursive: true });
    execFileSync('mkfifo', [join(fifo, 'agent-os.yml')]);
    const zero = join(root, 'zero');
    mkdirSync(zero, { recursive: true });
    symlinkSync('/dev/zero', join(zero, 'agent-os.yml'));
    core = await startEngine(box.home);
    const notRegular = 'agent-os.yml is not a regular file (a FIFO, a device or a link to one); replace it with a plain file';
    expect(errorsOf(core, 'fifo')).toEqual([notRegular]);
    expect(errorsOf(core, 'zero')).toEqual([notRegular]);
    expect(stateOf(core, 'good')).toBe('ok');
  });

  it('refuses a workflow file that is a FIFO, naming the file, and keeps the other tasks of the project', async () => {
    const dir = writeProject(root, 'ci', { manifest: manifest('ci', { local: ['command: ["true"]'] }) });
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    execFileSync('mkfifo', [join(dir, '.github', 'workflows', 'nightly.yml')]);
    core = await startEngine(box.home);
    const ci = core.handlers['projects.list']().find((p) => p.name === 'ci');
    expect(ci?.errors).toEqual([
      expect.objectContaining({
        file: join('.github', 'workflows', 'nightly.yml'),
        message: 'nightly.yml is not a regular file (a FIFO, a device or a link to one); replace it with a plain file',
      }),
    ]);
    expect(ci?.tasks).toContain('ci/local');
  });

  it('fails only the project holding a YAML alias bomb, and other projects still reload live', async () => {
    writeProject(root, 'bomb', { manifest: ALIAS_BOMB });
    core = await startEngine(box.home);
    const c = core;
    expect(stateOf(c, 'bomb')).toBe('invalid');
    expect(errorsOf(c, 'bomb')).toEqual([expect.stringMatching(/^is not usable YAML: .*too many aliases.*remove the repeated aliases/)]);
    expect(stateOf(c, 'good')).toBe('ok');
    writeFileSync(join(root, 'good', 'agent-os.yml'), manifest('good', { hello: ['command: ["true"]'], added: ['command: ["true"]'] }));
    await waitFor(
      'the edit of good to be picked up',
      () =>
        c.handlers['projects.list']()
          .find((p) => p.name === 'good')
          ?.tasks.includes('good/added'),
      {
        timeoutMs: 5000,
      },
    );
  });
});

// config.yml as the engine keeps it: the last good configuration through a broken file, and whether the file
// itself changed between two reads (a config reload asks the login shell again; a project edit does not).
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigKeeper } from '../../src-main/core/config/config-keeper';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-os-keeper-'));
  file = join(dir, 'config.yml');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes config.yml with a modification time of its own (no waiting for the clock to tick). */
function write(text: string, mtimeSeconds: number): void {
  writeFileSync(file, text);
  utimesSync(file, mtimeSeconds, mtimeSeconds);
}

const BROKEN = 'roots: [unclosed\n';

describe('ConfigKeeper', () => {
  it('keeps the last good configuration while the file is broken, with the errors and a line saying so', () => {
    write('scan_depth: 2\nresources: { openai: 3 }\n', 1000);
    const keeper = new ConfigKeeper(file);
    expect(keeper.current.config.scan_depth).toBe(2);
    expect(keeper.hasGood).toBe(true);

    write(BROKEN, 2000);
    const broken = keeper.read();
    expect(broken.broken).toBe(true);
    expect(broken.config.scan_depth).toBe(2);
    expect(broken.config.resources).toEqual({ openai: 3 });
    expect(broken.errors.at(-1)).toEqual({
      file,
      path: '',
      message: 'config.yml cannot be used as it is, so the engine keeps its last good configuration; fix the errors above',
    });
    expect(broken.errors.length).toBeGreaterThan(1);
    expect(keeper.current).toBe(broken);

    write('scan_depth: 4\n', 3000);
    expect(keeper.read()).toMatchObject({ broken: false, errors: [] });
    expect(keeper.current.config.scan_depth).toBe(4);
  });

  it('broken from the start has no good configuration: the defaults, and a line saying no project runs', () => {
    write(BROKEN, 1000);
    const keeper = new ConfigKeeper(file);
    expect(keeper.hasGood).toBe(false);
    expect(keeper.current.broken).toBe(true);
    expect(keeper.current.errors.at(-1)?.message).toBe('config.yml cannot be used as it is, so no project runs (not even the examples); fix the errors above');
    write('scan_depth: 1\n', 2000);
    keeper.read();
    expect(keeper.hasGood).toBe(true);
  });

  it('tells whether the file changed between the last two reads; the first read compares with nothing', () => {
    write('scan_depth: 2\n', 1000);
    const keeper = new ConfigKeeper(file);
    keeper.read();
    expect(keeper.fileChanged).toBe(false);
    keeper.read();
    expect(keeper.fileChanged).toBe(false);
    write('scan_depth: 3\n', 2000);
    keeper.read();
    expect(keeper.fileChanged).toBe(true);
    keeper.read();
    expect(keeper.fileChanged).toBe(false);
    rmSync(file);
    keeper.read();
    expect(keeper.fileChanged).toBe(true);
  });
});

// Issue 22 §3: app.log rotates by size on a 24/7 engine (app.log → app.log.1 … app.log.3), two processes of
// one home follow each other's rotation, and a write that fails (a full disk) drops the line, never throws.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppLogFile } from '../../src-main/core/app-log-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-os-applog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (i: number): string => `${JSON.stringify({ msg: `line ${i}`, pad: 'x'.repeat(80) })}\n`;

describe('app.log file', () => {
  it('rotates past its size cap and keeps only three older files', () => {
    const file = join(dir, 'logs', 'app.log');
    const log = new AppLogFile(file, 1000, 3);
    for (let i = 0; i < 100; i++) log.write(line(i));
    log.end();
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2', 'app.log.3']);
    for (const name of ['app.log', 'app.log.1', 'app.log.2', 'app.log.3']) expect(statSync(join(dir, 'logs', name)).size).toBeLessThan(1000 + line(0).length);
    expect(readFileSync(file, 'utf8')).toContain('line 99');
  });

  it('follows a rotation made by another process of the same home', () => {
    const file = join(dir, 'app.log');
    const serve = new AppLogFile(file, 1000, 3);
    const cli = new AppLogFile(file, 1000, 3);
    cli.write(line(0));
    for (let i = 1; i < 20; i++) serve.write(line(i));
    cli.write(line(1000));
    expect(readFileSync(file, 'utf8')).toContain('line 1000');
  });

  it('drops a line it cannot write instead of throwing', () => {
    const file = join(dir, 'gone', 'app.log');
    const log = new AppLogFile(file);
    rmSync(join(dir, 'gone'), { recursive: true });
    expect(() => log.write(line(1))).not.toThrow();
    expect(existsSync(file)).toBe(false);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CappedLog } from '../../src-main/core/runner/capped-log';

// The longest marker CappedLog writes is well under this; the size bound allows for it.
const MARKER_ALLOWANCE = 200;

describe('CappedLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-os-capped-log-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes output under the cap verbatim', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 4096);
    const parts = ['first line\n', 'second ✓ line\n', 'x'.repeat(2000), '\nlast line without newline'];
    for (const part of parts) log.write(part);
    log.close();
    expect(readFileSync(file, 'utf8')).toBe(parts.join(''));
  });

  it('with openLater, creates the file only on open() and keeps what came before, in order, under the cap', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 1024, { openLater: true });
    log.write('printed before the log existed\n');
    log.write('y'.repeat(2000));
    expect(existsSync(file)).toBe(false);
    log.open();
    log.write('\nafter\n');
    log.close();
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('printed before the log existed\nyyy')).toBe(true);
    expect(text.endsWith('y\nafter\n')).toBe(true);
    expect(text).toMatch(/of output cut here/);
    expect(statSync(file).size).toBeLessThanOrEqual(1024 + MARKER_ALLOWANCE);
  });

  it('with openLater, close() without open() still leaves the file with everything written', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 4096, { openLater: true });
    log.write('only line\n');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('only line\n');
  });

  it('writes output of exactly the cap verbatim', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 4096);
    const text = 'abcdefgh'.repeat(512);
    for (let i = 0; i < text.length; i += 100) log.write(text.slice(i, i + 100));
    log.close();
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('keeps the head and the tail of output over the cap and marks the cut', () => {
    const file = join(dir, 'run.log');
    const cap = 4096;
    const log = new CappedLog(file, cap);
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${String(i).padStart(5, '0')}\n`);
    for (const line of lines) log.write(line);
    log.close();
    const all = lines.join('');
    const content = readFileSync(file, 'utf8');
    expect(content.startsWith(all.slice(0, cap / 2))).toBe(true);
    expect(content.endsWith(all.slice(-cap / 2))).toBe(true);
    expect(content).toMatch(/\[agent-os: .* of output cut here; the log keeps its first and last .*\]/);
    expect(content).toContain('line 00000');
    expect(content).toContain('line 01999');
    expect(content).not.toContain('line 01000');
  });

  it('keeps the file within the cap plus the marker however much is written', () => {
    const file = join(dir, 'run.log');
    const cap = 8192;
    const log = new CappedLog(file, cap);
    for (let i = 0; i < 5000; i++) log.write(`chunk ${i} ${'z'.repeat(i % 300)}\n`);
    log.close();
    expect(statSync(file).size).toBeGreaterThan(cap);
    expect(statSync(file).size).toBeLessThanOrEqual(cap + MARKER_ALLOWANCE);
  });

  it('keeps the head and tail when one write is larger than the whole cap', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 4096);
    const text = 'H'.repeat(2048) + 'M'.repeat(100_000) + 'T'.repeat(2048);
    log.write(text);
    log.close();
    const content = readFileSync(file, 'utf8');
    expect(content.startsWith('H'.repeat(2048) + '\n')).toBe(true);
    expect(content.endsWith('\n' + 'T'.repeat(2048))).toBe(true);
    expect(content).not.toContain('M');
    expect(content).toContain('cut here');
  });

  it('counts every byte the task printed, including the cut ones', () => {
    const log = new CappedLog(join(dir, 'run.log'), 4096);
    log.write('é'.repeat(10_000));
    expect(log.totalBytes).toBe(20_000);
    log.close();
  });

  it('offers the most recent output while the run goes on', () => {
    const log = new CappedLog(join(dir, 'run.log'), 4096);
    for (let i = 0; i < 1000; i++) log.write(`progress ${i}\n`);
    expect(log.recentTail().endsWith('progress 999\n')).toBe(true);
    expect(Buffer.byteLength(log.recentTail())).toBeLessThanOrEqual(2048);
    log.close();
  });

  it('creates the log readable by its owner only and ignores writes after close', () => {
    const file = join(dir, 'run.log');
    const log = new CappedLog(file, 4096);
    log.write('before\n');
    log.close();
    log.write('after\n');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('before\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

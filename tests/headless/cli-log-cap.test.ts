// Acceptance: a run printing 50 MB keeps the CLI's memory bounded and its log at the configured cap,
// with the head and the tail kept and the cut marked (SPEC §2, §4).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, listRuns, spawnCli, type CliResult, type RunRow } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const CAP = 1024 * 1024;
// The cut marker line, e.g. "[agent-os: 49.0 MB of output cut here; …]", may come on top of the cap.
const MARKER_ALLOWANCE = 512;
const PRINTED = 50 * 1024 * 1024;
const RSS_LIMIT_BYTES = 150 * 1024 * 1024;

let box: Sandbox;
let result: CliResult;
let peakKb = 0;
let samples = 0;
let run: RunRow;
let log: Buffer;

/** The process's peak resident set so far (VmHWM), in kB, or null once it has gone. */
function peakRssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'x', {
    manifest: `name: x
tasks:
  big:
    command: 'echo FIRST-LINE; yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c ${PRINTED}; echo; echo LAST-LINE'
    timeout: 5m
`,
  });
  writeConfig(box.home, [dir], 'retention: { log_max_bytes: 1MB }\n');
  const child = spawnCli(['run', 'x/big', '--wait'], { home: box.home });
  const pid = child.pid as number;
  let exited = false;
  const sampler = (async () => {
    // VmHWM is the high-water mark, so the last reading before exit is the peak of the whole run.
    while (!exited) {
      const kb = peakRssKb(pid);
      if (kb !== null) {
        peakKb = Math.max(peakKb, kb);
        samples++;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  result = await collect(child, 120_000);
  exited = true;
  await sampler;
  const [latest] = await listRuns(box.home, ['--task', 'x/big']);
  if (!latest) throw new Error('no run of x/big was recorded');
  run = latest;
  log = readFileSync(join(box.home, 'logs', 'runs', `${run.id}.log`));
}, 150_000);

afterAll(() => box.cleanup());

describe('a run printing 50 MB', () => {
  it('succeeds', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(run.status).toBe('success');
  });

  it(`keeps the CLI's peak memory under ${RSS_LIMIT_BYTES / 1024 / 1024} MB`, () => {
    expect(samples).toBeGreaterThan(0);
    expect(peakKb * 1024).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it('keeps the log file at the 1 MB cap (plus the cut marker)', () => {
    const size = statSync(join(box.home, 'logs', 'runs', `${run.id}.log`)).size;
    expect(size).toBeGreaterThanOrEqual(CAP);
    expect(size).toBeLessThanOrEqual(CAP + MARKER_ALLOWANCE);
  });

  it('keeps the head: the log starts with the first line printed', () => {
    expect(log.subarray(0, 64).toString('utf8')).toMatch(/^FIRST-LINE\n0123456789abcdef/);
  });

  it('keeps the tail: the log ends with the last line printed', () => {
    expect(log.subarray(-64).toString('utf8')).toMatch(/\nLAST-LINE\n$/);
  });

  it('marks where and how much output was cut', () => {
    const text = log.toString('utf8');
    const marker = text.indexOf('[agent-os:');
    expect(marker).toBeGreaterThan(CAP / 4);
    expect(marker).toBeLessThan(text.length - CAP / 4);
    expect(text.slice(marker, marker + 200)).toMatch(/cut/);
  });

  it('prints a bounded log on the terminal too', () => {
    expect(result.stdout.length).toBeLessThanOrEqual(CAP + MARKER_ALLOWANCE);
    expect(result.stdout.startsWith('FIRST-LINE\n')).toBe(true);
    expect(result.stdout.endsWith('LAST-LINE\n')).toBe(true);
  });
});

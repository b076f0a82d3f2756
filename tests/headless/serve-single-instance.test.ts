// Acceptance: one engine per home. A second `agent-os serve` for the same home refuses with one clear line
// and a non-zero exit, and leaves the first one running.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';

let box: Sandbox;
let serve: ServeProcess | null = null;

beforeEach(() => {
  box = createSandbox();
  writeConfig(box.home, [], ANY_PORT);
});

afterEach(async () => {
  await serve?.stop();
  serve = null;
  box.cleanup();
});

describe('agent-os serve twice for one home', () => {
  it('refuses the second serve with a one-line error naming the running engine and a non-zero exit', async () => {
    serve = await startServe(box.home);
    const second = await runCli(['serve'], { home: box.home, timeoutMs: 20_000 });

    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^agent-os: .*another Agent OS engine \(pid \d+\).*running/);
    expect(lines[0]).toContain(String(serve.child.pid));
    expect(second.stdout).not.toMatch(/engine running/);
    // The first engine is untouched and still owns the home.
    expect(serve.child.exitCode).toBeNull();
    expect(existsSync(join(box.home, 'engine.pid'))).toBe(true);
  });

  it('starts again once the first serve has stopped and released the home', async () => {
    const first = await startServe(box.home);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(box.home, 'engine.pid'))).toBe(false);
    serve = await startServe(box.home);
    expect(serve.stdout()).toMatch(/engine running/);
  });
});

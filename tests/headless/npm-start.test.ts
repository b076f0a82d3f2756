import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('npm start without a display', () => {
  const home = mkdtempSync(join(tmpdir(), 'agent-os-start-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('says in one line why the desktop app cannot start, then serves the dashboard', async () => {
    writeFileSync(join(home, 'config.yml'), 'server:\n  port: 0\n');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AGENT_OS_HOME: home };
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const deadline = Date.now() + 30_000;
    while (!/Dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.test(out) && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(out).toMatch(/^agent-os: the desktop app cannot start here: there is no display \(DISPLAY\/WAYLAND_DISPLAY unset\)\. Running headless instead\.$/m);
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/\?token=/.exec(out);
    expect(url, out).not.toBeNull();
    expect(await exited).toBe(0);
  });
});

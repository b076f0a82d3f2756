// A newcomer's first `serve`: a clean copy of the checkout (what `git clone` gives: tracked and not-ignored
// files, no dist/), then `npm install`, then `agent-os serve` must serve the real dashboard, not a page
// saying it is not built. The packages come from this checkout's node_modules (hard-linked, installed
// offline): what is checked is what `npm install` leaves built, not the registry (.ci/run's `npm ci` is).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

/** The files `git clone` would check out: tracked ones and untracked ones git does not ignore. */
function cloneWorkingTree(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(REPO_ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(into, file));
  }
}

/** An environment without the npm lifecycle variables of the `npm test` that runs this. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|AGENT_OS_|INIT_CWD)/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

describe('a fresh clone after `npm install`', () => {
  const root = mkdtempSync(join(tmpdir(), 'agent-os-clone-'));
  const clone = join(root, 'agent-os');
  const home = join(root, 'home');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the built dashboard from `npx agent-os serve`, with the CLI ready', async () => {
    cloneWorkingTree(clone);
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    // Hard links: no copy of 450 MB; npm's own record of the tree is copied, as npm rewrites it in place.
    // The real folder: in a git worktree node_modules may be a symlink, and `cp -a` would copy the link, so the
    // rmSync below would delete the shared tree's own record.
    const modules = realpathSync(join(REPO_ROOT, 'node_modules'));
    execFileSync('cp', ['-al', modules, join(clone, 'node_modules')]);
    const record = join(clone, 'node_modules', '.package-lock.json');
    rmSync(record);
    copyFileSync(join(modules, '.package-lock.json'), record);
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], {
      cwd: clone,
      env: cleanEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }),
      stdio: 'pipe',
      timeout: 240_000,
    });
    expect(existsSync(join(clone, 'dist', 'renderer', 'index.html'))).toBe(true);

    mkdirSync(home);
    writeFileSync(join(home, 'config.yml'), 'server:\n  port: 0\n');
    const serve = spawn(process.execPath, [join(clone, 'bin', 'agent-os.js'), 'serve'], {
      cwd: clone,
      env: cleanEnv({ AGENT_OS_HOME: home }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    serve.stdout.on('data', (c: Buffer) => (out += c.toString()));
    serve.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => serve.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/Dashboard: \S+/.test(out) && Date.now() < deadline && serve.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      const link = /Dashboard: (\S+)/.exec(out)?.[1];
      expect(link, out).toBeDefined();
      const page = await fetch(link!);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).not.toContain('not built');
      expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
      const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(html)![1]!;
      expect((await fetch(new URL(script, link)).then((r) => r.text())).length).toBeGreaterThan(10_000);
    } finally {
      serve.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 300_000);
});

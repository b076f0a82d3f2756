// The desktop app as packaged (issue 21 §2): the folder scripts/package-desktop.mjs stages for electron-builder,
// made read-only as an installed app is, started under the Electron stand-in through the desktop smoke test's
// bootstrap (tests/desktop/smoke-main.cjs). It runs on its own node_modules, copies the examples into the home,
// runs them there, and writes nothing into its install.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageDesktopApp } from '../../scripts/desktop-stage.mjs';
import { cliJson, listRuns, type StatusDoc } from '../helpers/cli';
import { createSandbox, waitFor, writeConfig, type Sandbox } from '../helpers/fixtures';
import { makeReadOnly, treeState } from '../helpers/read-only';
import { startShell, type ShellProcess } from './support/shell-process';
import { trayReady } from './support/shell-bed';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

let box: Sandbox;
let staged: string;
let writable: () => void;
let shell: ShellProcess | null = null;

beforeEach(() => {
  box = createSandbox('agent-os-packaged-');
  staged = join(mkdtempSync(join(tmpdir(), 'agent-os-install-')), 'app');
  // The Node build stands in for the Electron one package-desktop.mjs puts there (the stand-in runs on Node).
  stageDesktopApp({ root: REPO, out: staged, binding: join(REPO, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node') });
  writable = makeReadOnly(staged);
  writeConfig(box.home, [], 'server:\n  port: 0\n');
});

afterEach(async () => {
  await shell?.kill();
  shell = null;
  writable();
  rmSync(join(staged, '..'), { recursive: true, force: true });
  box.cleanup();
});

describe('the packaged desktop app', () => {
  it('starts from its read-only install on a first start, runs the examples from the home and notifies a failing one', async () => {
    const before = treeState(staged);
    // Linux: the menu is set on the icon (the bootstrap only records it there; a popped-up menu it holds back).
    shell = await startShell({
      home: box.home,
      platform: 'linux',
      main: join(REPO, 'tests', 'desktop', 'smoke-main.cjs'),
      env: { AGENT_OS_SMOKE_APP: staged },
    });
    await trayReady(shell);
    const status = await cliJson<StatusDoc & { examples?: string }>(['status', '--json'], { home: box.home });
    expect(status.examples).toBe(join(box.home, 'examples'));
    expect(status.projects.map((p) => p.name)).toEqual(['backups', 'newsletter', 'trading']);

    await shell.send({ name: 'menu.click', from: 'context', path: ['Run now', 'backups', 'prune'] });
    const prune = await waitFor('backups/prune to finish', async () => (await listRuns(box.home)).find((r) => r.task === 'backups/prune' && r.finished_at), {
      timeoutMs: 20_000,
    });
    expect(prune.status).toBe('success');

    await shell.send({ name: 'menu.click', from: 'context', path: ['Run now', 'backups', 'snapshot'] });
    const snapshot = await shell.waitFor('the failure notification', (s) => s.notifications.find((n) => n.title.includes('backups/snapshot')), 20_000);
    expect(snapshot.body).toContain('nas.local');
    expect(treeState(staged)).toEqual(before);
  });
});

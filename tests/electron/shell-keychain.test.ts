// Agent OS's own credentials on the desktop: the GitHub and Railway tokens found in the environment at a first
// start are kept encrypted with the keychain (safeStorage), so a later start from the Dock, without that
// environment, still sees the cloud tasks' runs; no file under the home holds a token in clear.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src-main/common/models';
import { filesContaining, writeConfig } from '../helpers/fixtures';
import { trayReady, useShellBed } from './support/shell-bed';
import type { ShellProcess } from './support/shell-process';

const FIXTURES = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
const GITHUB = 'github_pat_11KEYCHAIN0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU';
const RAILWAY = '6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b';
const SERVICE = { service: '0b6a5c3e-1111-4a2b-9c3d-4e5f6a7b8c9d', environment: '7d8e9f0a-2222-4b3c-8d4e-5f6a7b8c9d0e' };

/** The status the tray window gets over IPC. */
function status(shell: ShellProcess): Promise<StatusReport> {
  return shell.send<StatusReport>({ name: 'ipc.invoke', windowId: 1, frameUrl: 'app://agent-os/', channel: 'agent-os:status.get', payload: undefined });
}

const observed = async (shell: ShellProcess): Promise<Record<string, boolean | undefined>> =>
  Object.fromEntries(
    (await status(shell)).projects
      .flatMap((p) => p.tasks)
      .filter((t) => t.cloud)
      .map((t) => [t.id, t.cloud?.observed]),
  );

describe('the desktop keychain', () => {
  const bed = useShellBed();

  it('keeps the GitHub and Railway tokens from a first start, for starts without them, and in no clear file', async () => {
    mkdirSync(join(bed.project, '.github', 'workflows'), { recursive: true });
    copyFileSync(join(FIXTURES, 'nightly-etl.yml'), join(bed.project, '.github', 'workflows', 'nightly-etl.yml'));
    copyFileSync(join(FIXTURES, 'railway.toml'), join(bed.project, 'railway.toml'));
    const cfg = `server:\n  port: 0\ngithub:\n  repos:\n    demo: acme/demo\nrailway:\n  services:\n    demo/railway:\n      service: ${SERVICE.service}\n      environment: ${SERVICE.environment}\n`;
    writeConfig(bed.box.home, [bed.project], cfg);
    const userData = mkdtempSync(join(tmpdir(), 'agent-os-user-data-'));

    const first = await bed.start({ userData, env: { AGENT_OS_GITHUB_TOKEN: GITHUB, AGENT_OS_RAILWAY_TOKEN: RAILWAY } });
    await trayReady(first);
    expect(await observed(first)).toEqual({ 'demo/github-nightly-etl': true, 'demo/railway': true });
    await first.send({ name: 'app.quit' }).catch(() => undefined);
    await first.exited;

    const second = await bed.start({ userData });
    await trayReady(second);
    expect(await observed(second)).toEqual({ 'demo/github-nightly-etl': true, 'demo/railway': true });
    await second.send({ name: 'app.quit' }).catch(() => undefined);
    await second.exited;
    expect(filesContaining(bed.box.home, GITHUB)).toEqual([]);
    expect(filesContaining(bed.box.home, RAILWAY)).toEqual([]);

    // Another user's keychain (another user-data folder) cannot read them: the tasks are unseen again.
    const stranger = await bed.start({ userData: mkdtempSync(join(tmpdir(), 'agent-os-user-data-')) });
    await trayReady(stranger);
    expect(await observed(stranger)).toEqual({ 'demo/github-nightly-etl': false, 'demo/railway': false });
  });
});

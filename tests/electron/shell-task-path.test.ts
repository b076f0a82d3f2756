// Issue 21 §1 in the desktop app: opened from Finder or as a login item, the app gets launchd's bare
// environment, yet a task finds a tool that only the user's login shell puts on PATH.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listRuns } from '../helpers/cli';
import { waitFor } from '../helpers/fixtures';
import { trayReady, useShellBed } from './support/shell-bed';

const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const bed = useShellBed('server:\n  port: 0\n', { tool: ['command: ["mytool", "from the app"]'] });

it('runs a task whose tool only the user’s .bash_profile puts on PATH, in an app started with launchd’s environment', async () => {
  const user = join(bed.box.root, 'user');
  mkdirSync(join(user, 'bin'), { recursive: true });
  writeFileSync(join(user, 'bin', 'mytool'), '#!/bin/sh\necho "mytool ran $1"\n');
  chmodSync(join(user, 'bin', 'mytool'), 0o755);
  writeFileSync(join(user, '.bash_profile'), 'echo "Last login: today"\nexport PATH="$HOME/bin:$PATH"\n');

  const shell = await bed.start({ platform: 'darwin', launchEnv: { HOME: user, SHELL: '/bin/bash', PATH: LAUNCHD_PATH, USER: 'me', TMPDIR: '/tmp' } });
  await trayReady(shell);
  await shell.send({ name: 'tray.rightClick' });
  await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'demo', 'tool'] });
  const run = await waitFor(
    'the run of demo/tool to end',
    async () => (await listRuns(bed.box.home)).find((r) => r.task === 'demo/tool' && !['queued', 'waiting', 'running'].includes(r.status)),
    { timeoutMs: 20_000 },
  );
  expect(run.status).toBe('success');
  expect(readFileSync(join(bed.box.home, 'logs', 'runs', `${String(run.id)}.log`), 'utf8')).toContain('mytool ran from the app');
});

// Issue 23: a launchd job whose KeepAlive is a dict of conditions shows the conditions ("runs while
// /path exists"), not just "kept alive"; a socket-activated job (Sockets) shows "on demand (socket)".
// The plists follow launchd.plist(5)'s KeepAlive and Sockets keys as Apple documents them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, type StatusDoc } from '../helpers/cli';
import { copyFakeLaunchctl, launchdDirsYaml, SYSTEM_PATH, tasksOf } from '../helpers/external-fixtures';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let env: Record<string, string>;

const plist = (label: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>${label}</string>
  <key>ProgramArguments</key><array><string>/usr/local/bin/${label.split('.').pop()}</string></array>
${body}
</dict>
</plist>
`;

beforeAll(() => {
  box = createSandbox('agent-os-launchd-conditions-');
  const agents = join(box.root, 'LaunchAgents');
  mkdirSync(agents);
  writeFileSync(
    join(agents, 'com.example.mounted.plist'),
    plist('com.example.mounted', '  <key>KeepAlive</key><dict><key>PathState</key><dict><key>/Volumes/Backup</key><true/></dict></dict>'),
  );
  writeFileSync(
    join(agents, 'com.example.retry.plist'),
    plist('com.example.retry', '  <key>RunAtLoad</key><true/>\n  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/><key>Crashed</key><true/></dict>'),
  );
  writeFileSync(
    join(agents, 'com.example.listener.plist'),
    plist('com.example.listener', '  <key>Sockets</key><dict><key>Listeners</key><dict><key>SockServiceName</key><string>8080</string></dict></dict>'),
  );
  writeConfig(box.home, [], launchdDirsYaml(agents));
  env = { PATH: `${copyFakeLaunchctl(box.root).bin}:${SYSTEM_PATH}`, FAKE_CRONTAB_MODE: 'none' };
});

afterAll(() => box.cleanup());

describe('launchd conditions', () => {
  it('shows KeepAlive conditions and socket activation in words', async () => {
    const doc = await cliJson<StatusDoc>(['status', '--json'], { home: box.home, env });
    const schedule = (label: string) => tasksOf(doc).find((t) => t.id === `unassigned/launchd-${label.replace(/\./g, '-')}`)?.schedule;
    expect(schedule('com.example.mounted')).toBe('runs while /Volumes/Backup exists');
    expect(schedule('com.example.retry')).toBe('at load; restarted while it fails (non-zero exit); restarted after a crash');
    expect(schedule('com.example.listener')).toBe('on demand (socket)');
  });
});

// Issue 23: a malformed XML plist in launchd.dirs is an error on its job, and the XML library's own
// complaint ("[xmldom fatalError] …") does not reach stderr of every CLI command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type StatusDoc } from '../helpers/cli';
import { copyFakeLaunchctl, launchdDirsYaml, SYSTEM_PATH, tasksOf } from '../helpers/external-fixtures';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let env: Record<string, string>;

beforeAll(() => {
  box = createSandbox('agent-os-plist-noise-');
  const agents = join(box.root, 'LaunchAgents');
  mkdirSync(agents);
  // Well formed up to a mistyped closing tag: the file ends in </plist>, so it reaches the XML parser.
  writeFileSync(
    join(agents, 'com.example.typo.plist'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n  <key>Label</key>\n  <string>com.example.typo</strin>\n</dict>\n</plist>\n',
  );
  writeConfig(box.home, [], launchdDirsYaml(agents));
  env = { PATH: `${copyFakeLaunchctl(box.root).bin}:${SYSTEM_PATH}`, FAKE_CRONTAB_MODE: 'none' };
});

afterAll(() => box.cleanup());

describe('library noise', () => {
  it('keeps the XML parser’s complaint off stderr and shows the problem on the job instead', async () => {
    for (const args of [
      ['runs', '--json'],
      ['status', '--json'],
      ['projects', '--json'],
    ]) {
      const result = await runCli(args, { home: box.home, env });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stderr, args.join(' ')).toBe('');
    }
    const doc = JSON.parse((await runCli(['status', '--json'], { home: box.home, env })).stdout) as StatusDoc;
    const typo = tasksOf(doc).find((t) => t.id.includes('typo'));
    expect(JSON.stringify(typo)).toMatch(/com\.example\.typo\.plist: XML plist is malformed/);
  });
});

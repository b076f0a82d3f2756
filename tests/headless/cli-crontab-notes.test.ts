// Issue 23: crontab lines cron skips are listed (status, status --json, the dashboard) instead of dropped
// silently, and a user crontab line with a system crontab's user column gets a note on its task.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, type StatusDoc } from '../helpers/cli';
import { FIXTURE_BIN, SYSTEM_PATH, tasksOf } from '../helpers/external-fixtures';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let env: Record<string, string>;

beforeAll(() => {
  box = createSandbox('agent-os-crontab-notes-');
  const crontab = join(box.root, 'crontab');
  writeFileSync(
    crontab,
    [
      '# m h dom mon dow command',
      '61 * * * * /usr/local/bin/too-late.sh',
      '@reboot root bash /opt/app/start.sh',
      '30 2 * * * /usr/local/bin/backup.sh',
      '',
    ].join('\n'),
  );
  writeConfig(box.home, []);
  env = { PATH: `${FIXTURE_BIN}:${SYSTEM_PATH}`, FAKE_CRONTAB_FILE: crontab, TZ: 'UTC' };
});

afterAll(() => box.cleanup());

describe('crontab notes', () => {
  it('lists a line cron skips in status --json and in status, with its line', async () => {
    const doc = await cliJson<StatusDoc & { source_notes?: string[] }>(['status', '--json'], { home: box.home, env });
    expect(doc.source_notes).toEqual([
      expect.stringMatching(/^cron: crontab -l line 2: "61 \* \* \* \*" is not a valid cron schedule.*cron skips this line\.$/),
    ]);
    const text = await runCli(['status'], { home: box.home, env });
    expect(text.stdout).toMatch(/note cron: crontab -l line 2: /);
  });

  it('notes a user column in a user crontab line on its task', async () => {
    const doc = await cliJson<StatusDoc>(['status', '--json'], { home: box.home, env });
    const reboot = tasksOf(doc).find((t) => t.schedule === '@reboot');
    expect(reboot?.note).toMatch(/"root" looks like the user column of a system crontab .* cron runs "root" as the command/);
    expect(tasksOf(doc).find((t) => t.schedule === '30 2 * * *')?.note ?? null).toBeNull();
  });
});

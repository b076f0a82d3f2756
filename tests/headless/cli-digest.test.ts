// `agent-os digest [--json]` (issue 16 §2): the daily digest printed on demand, from a real home where a task
// failed through the CLI; without `notify.digest` it says how to get it daily.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src-main/common/alerts';
import { cliJson, runCli } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'shop', {
    manifest: 'name: shop\ntasks:\n  db:\n    command: ["sh", "-c", "echo db: connection refused; exit 2"]\n  fine:\n    command: ["true"]\n',
  });
  writeConfig(box.home, [dir]);
  expect((await runCli(['run', 'shop/db', '--wait'], { home: box.home })).code).toBe(2);
});

afterAll(() => box.cleanup());

describe('agent-os digest', () => {
  it('prints the digest as JSON with the task still failing and the text channels get', async () => {
    const digest = await cliJson<Digest>(['digest', '--json'], { home: box.home });
    expect(digest.still_failing).toEqual([expect.objectContaining({ task: 'shop/db', state: 'failing', error: 'exited with code 2: db: connection refused' })]);
    expect(digest.day).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(digest.spend[0]).toMatchObject({ project: null, daily_budget_usd: null, monthly_budget_usd: null });
    expect(digest.text).toContain('Still failing (1):\n  • shop/db (failing since');
  });

  it('prints the text and says how to have it sent daily', async () => {
    const result = await runCli(['digest'], { home: box.home });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Agent OS digest for \d{4}-\d\d-\d\d: /);
    expect(result.stdout).toContain('shop/db (failing since');
    expect(result.stdout).toContain('set notify.digest: "08:00" in config.yml');
  });
});

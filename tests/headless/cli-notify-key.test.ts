// Issue 25 §2: each project has a ping key for `POST /notify/<ping_key>`; `projects --json` shows it with
// the URL to post to, so a job elsewhere (Railway, GitHub Actions, a script) can be wired up from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, type ProjectRow } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
beforeAll(() => {
  box = createSandbox();
  const shop = writeProject(box.root, 'shop', { manifest: 'name: shop\ntasks:\n  hello:\n    command: ["echo", "hi"]\n' });
  writeConfig(box.home, [shop], 'server:\n  port: 7391\n');
});
afterAll(() => box.cleanup());

describe('agent-os projects --json', () => {
  it("shows each project's ping key and the notify URL built on it, the same on every call", async () => {
    const [first] = await cliJson<Array<ProjectRow & { ping_key?: string; notify_url?: string }>>(['projects', '--json'], { home: box.home });
    expect(first?.ping_key).toMatch(/^[\w-]{22}$/);
    expect(first?.notify_url).toBe(`http://127.0.0.1:7391/notify/${first?.ping_key ?? ''}`);
    const [again] = await cliJson<Array<ProjectRow & { ping_key?: string }>>(['projects', '--json'], { home: box.home });
    expect(again?.ping_key).toBe(first?.ping_key);
  });
});

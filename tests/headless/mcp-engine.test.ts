// Acceptance (issue 16, part 1; SPEC §1 one engine per home): `agent-os mcp` is long-lived, so each request
// finds the home's engine anew: a serve started later is used from the next request on, and once it stops
// the engine runs in-process again. Closing the client ends the server, never the runs it started.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, isProcessGone, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { runOwner, startMcp, type McpSession } from '../helpers/mcp';

let box: Sandbox;
let release: string;
let serve: ServeProcess | null = null;
let mcp: McpSession | null = null;

beforeEach(() => {
  box = createSandbox();
  release = join(box.root, 'release');
  const dir = writeProject(box.root, 'p', {
    manifest: `name: p
tasks:
  ok:
    command: ["sh", "-c", "echo done"]
  slow:
    command: 'while [ ! -f ${release} ]; do sleep 0.1; done; echo released'
    timeout: 2m
`,
  });
  writeConfig(box.home, [dir], `${ANY_PORT}mcp:\n  allow_run: [p/*]\n`);
});

afterEach(async () => {
  writeFileSync(release, '');
  await mcp?.close();
  mcp = null;
  await serve?.stop();
  serve = null;
  box.cleanup();
});

async function runOk(session: McpSession): Promise<number> {
  const reply = await session.call('run_task', { task: 'p/ok', wait: true });
  expect(reply.isError, reply.text).toBe(false);
  const { run } = reply.json<{ run: { id: number; status: string } }>();
  expect(run.status).toBe('success');
  return run.id;
}

describe('agent-os mcp and the home’s one engine', () => {
  it('uses a serve started after it, and runs the engine in-process again once that serve stops', async () => {
    const session = await startMcp(box.home);
    mcp = session;
    const before = await runOk(session);
    expect(runOwner(box.home, before)).not.toBe(session.pid);

    serve = await startServe(box.home);
    const through = await runOk(session);
    expect(runOwner(box.home, through)).toBe(serve.child.pid);

    const servePid = serve.child.pid;
    await serve.stop();
    serve = null;
    const after = await runOk(session);
    expect(runOwner(box.home, after)).not.toBe(servePid);
    expect(runOwner(box.home, after)).not.toBe(session.pid);

    const runs = await listRuns(box.home);
    expect(runs.map((r) => [r.id, r.task, r.status])).toEqual([
      [after, 'p/ok', 'success'],
      [through, 'p/ok', 'success'],
      [before, 'p/ok', 'success'],
    ]);
  });

  it('ends when the client closes it, while a run it started goes on to its end', async () => {
    const session = await startMcp(box.home);
    const reply = await session.call('run_task', { task: 'p/slow' });
    const { run } = reply.json<{ run: { id: number } }>();
    const pid = session.pid;
    expect(pid).toBeGreaterThan(0);
    await session.close();
    await waitFor('agent-os mcp to exit', () => isProcessGone(pid ?? 0));
    // Still going without the MCP process: a detached worker supervises it.
    await waitFor('the slow run to be running', async () => (await listRuns(box.home)).find((r) => r.id === run.id)?.status === 'running');
    writeFileSync(release, '');
    const ended = await waitFor('the slow run to end', async () => {
      const row = (await listRuns(box.home)).find((r) => r.id === run.id);
      return row && row.status !== 'running' && row.status !== 'queued' ? row : undefined;
    });
    expect(ended).toMatchObject({ task: 'p/slow', status: 'success', exit_code: 0 });
  });
});

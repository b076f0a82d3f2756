// Acceptance (issue 16, part 1): `agent-os mcp` spoken to by the official SDK's MCP client, against a real home
// with real projects and runs, both with no engine running (each request runs the engine in-process, as the
// CLI does) and with `agent-os serve` running (each request goes through serve's engine). Secrets are planted
// everywhere a task can put them, and in an invalid manifest; no reply may carry one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, type RunRow } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { leakedSecrets, runOwner, startMcp, type McpSession } from '../helpers/mcp';

const OPENAI_KEY = 'sk-proj-Mcp0pen4iKey0123456789abcdefXYZ';
const SERVICE_TOKEN = 'tok_mcp_7f6e5d4c3b2a1f0e9d8c';
const TASK_ENV_SECRET = 'pw-Tq83nVx2Lk9s';
const OTHER_SECRET = 'other_Zx81Qm4Lp7Rw2Kv5';
const TYPO_SECRET = 'hx9Qw2LmP4vR7tZ1';

// Prints every secret it holds, and reports a result and a cost line that carry one too.
const REPORT_SCRIPT = `echo "calling openai with $OPENAI_API_KEY"
echo "service token $SERVICE_TOKEN" >&2
echo "db password $DB_PASSWORD"
echo "{\\"type\\":\\"result\\",\\"key\\":\\"2026-11-20\\",\\"rows\\":42,\\"token\\":\\"$SERVICE_TOKEN\\"}" >> "$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"cost\\",\\"usd\\":0.25,\\"provider\\":\\"openai\\",\\"model\\":\\"gpt-4o\\"}" >> "$AGENT_OS_OUTPUT"
echo "report done"
`;
/** The text of a resource read (project resources are JSON text, never a blob). */
const resourceText = (contents: ReadonlyArray<object>): string => String((contents[0] as { text?: string } | undefined)?.text);
const TOOLS = ['status', 'failing', 'runs', 'run_log', 'costs', 'results', 'run_task'];

describe.each([
  { mode: 'with no engine running (in-process)', serve: false },
  { mode: 'with agent-os serve running', serve: true },
])('agent-os mcp $mode', ({ serve: withServe }) => {
  let box: Sandbox;
  let serve: ServeProcess | null = null;
  let mcp: McpSession;
  let pingKey = '';
  let token = '';
  const secrets = (): string[] => [OPENAI_KEY, SERVICE_TOKEN, TASK_ENV_SECRET, OTHER_SECRET, TYPO_SECRET, token, pingKey];
  const run = (id: number): RunRow | undefined => runs.find((r) => r.id === id);
  let runs: RunRow[] = [];

  beforeAll(async () => {
    box = createSandbox();
    const vault = writeProject(box.root, 'vault', {
      manifest: `name: vault
tasks:
  report:
    command: ["sh", "report.sh"]
    env: { DB_PASSWORD: "${TASK_ENV_SECRET}" }
  broken:
    # The last line becomes the run's error summary.
    command: 'echo "connecting with $SERVICE_TOKEN"; echo "auth failed for $OPENAI_API_KEY" >&2; exit 3'
  chatty:
    command: 'i=0; while [ $i -lt 3000 ]; do echo "line $i of a long log"; i=$((i+1)); done'
  pulse:
    heartbeat: { period: 1h }
`,
      env: { OPENAI_API_KEY: OPENAI_KEY, SERVICE_TOKEN },
    });
    writeFileSync(join(vault, 'report.sh'), REPORT_SCRIPT);
    const other = writeProject(box.root, 'other', { manifest: 'name: other\ntasks:\n  idle:\n    command: ["true"]\n', env: { OTHER_SECRET } });
    // A key pasted into the wrong field: the manifest error quotes it.
    const typo = writeProject(box.root, 'typo', {
      manifest: `name: typo\ntasks:\n  t:\n    command: ["true"]\n    timeout: "${TYPO_SECRET}"\n`,
      env: { API_KEY: TYPO_SECRET },
    });
    writeConfig(box.home, [vault, other, typo], `${ANY_PORT}mcp:\n  allow_run: ["vault/*", "Not A Task"]\n`);
    const status = await cliJson<{ projects: Array<{ tasks: Array<{ ping_url?: string }> }> }>(['status', '--json'], { home: box.home });
    pingKey =
      status.projects
        .flatMap((p) => p.tasks)
        .find((t) => t.ping_url)
        ?.ping_url?.split('/ping/')[1] ?? '';
    token = readFileSync(join(box.home, 'token'), 'utf8').trim();
    if (withServe) serve = await startServe(box.home);
    mcp = await startMcp(box.home);
  }, 60_000);

  afterAll(async () => {
    await mcp?.close();
    await serve?.stop();
    box.cleanup();
  });

  it('lists the seven tools, each with a one-line description and an object input schema', async () => {
    const { tools } = await mcp.record(mcp.client.listTools());
    expect(tools.map((t) => t.name)).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description, tool.name).toMatch(/^[^\n]{20,200}$/);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(tool.name !== 'run_task');
    }
    const runTask = tools.find((t) => t.name === 'run_task');
    expect(runTask?.inputSchema.required).toEqual(['task']);
    expect(Object.keys(runTask?.inputSchema.properties ?? {})).toEqual(['task', 'wait', 'wait_seconds']);
  });

  it('run_task starts an allowed task, waits for it and returns its outcome; the run is in runs --json', async () => {
    const reply = await mcp.call('run_task', { task: 'vault/report', wait: true });
    expect(reply.isError, reply.text).toBe(false);
    const body = reply.json<{ finished: boolean; run: { id: number; status: string; trigger: string }; log_tail: string }>();
    expect(body).toMatchObject({ finished: true, run: { status: 'success', trigger: 'manual' } });
    expect(body.log_tail).toContain('calling openai with [REDACTED]');
    expect(body.log_tail).toContain('report done');
    runs = await listRuns(box.home);
    expect(run(body.run.id)).toMatchObject({ task: 'vault/report', status: 'success', trigger: 'manual', exit_code: 0 });
    // One engine per home: serve's engine ran it; without serve, a detached worker did (not this MCP process).
    if (serve) expect(runOwner(box.home, body.run.id)).toBe(serve.child.pid);
    else expect(runOwner(box.home, body.run.id)).not.toBe(mcp.pid);
    expect(runOwner(box.home, body.run.id)).toBeGreaterThan(0);
  });

  it('run_task without wait returns at once with the started run, which goes on to its end', async () => {
    const reply = await mcp.call('run_task', { task: 'vault/broken' });
    expect(reply.isError, reply.text).toBe(false);
    const { started, run: started_run } = reply.json<{ started: boolean; run: { id: number } }>();
    expect(started).toBe(true);
    const ended = await waitFor('the broken run to end', async () => {
      runs = await listRuns(box.home);
      const row = run(started_run.id);
      return row && row.status !== 'queued' && row.status !== 'running' ? row : undefined;
    });
    expect(ended).toMatchObject({ task: 'vault/broken', status: 'failed', exit_code: 3, error: 'exited with code 3: auth failed for [REDACTED]' });
    if (serve) expect(runOwner(box.home, started_run.id)).toBe(serve.child.pid);
  });

  it('run_task refuses a task not in mcp.allow_run, says how to allow it, and starts nothing', async () => {
    const reply = await mcp.call('run_task', { task: 'other/idle' });
    expect(reply.isError).toBe(true);
    expect(reply.text).toBe(
      `run_task may not start other/idle because it is not listed in mcp.allow_run; to allow it, add "other/idle" (or "other/*" for every task of other) to mcp: allow_run: [...] in ${join(box.home, 'config.yml')}`,
    );
    expect(await listRuns(box.home, ['--task', 'other/idle'])).toEqual([]);
  });

  it('reports a bad mcp.allow_run entry in one line and keeps the good entries', async () => {
    const { config_errors } = (await mcp.call('status')).json<{ config_errors: Array<{ path: string; message: string }> }>();
    expect(config_errors).toEqual([
      expect.objectContaining({
        path: 'mcp.allow_run.1',
        message: 'expected "project/task" or "project/*", e.g. "cortana/daily_update", found "Not A Task"; this entry is left out',
      }),
    ]);
  });

  it('failing names the failing task with its error summary and redacted log tail, and the invalid manifest', async () => {
    const reply = await mcp.call('failing');
    const body = reply.json<{
      summary: string;
      tasks: Array<{ id: string; state: string; error: string; log_tail: string }>;
      invalid_projects: Array<{ name: string; errors: Array<{ path: string; message: string }> }>;
    }>();
    expect(body.tasks.map((t) => [t.id, t.state])).toEqual([['vault/broken', 'failing']]);
    expect(body.tasks[0]).toMatchObject({
      error: 'exited with code 3: auth failed for [REDACTED]',
      log_tail: 'connecting with [REDACTED]\nauth failed for [REDACTED]',
    });
    expect(body.summary).toBe('2 thing(s) need attention: vault/broken failing, project typo has an invalid manifest');
    expect(body.invalid_projects).toEqual([{ name: 'typo', path: join(box.root, 'typo'), errors: [expect.objectContaining({ path: 'tasks.t.timeout' })] }]);
    expect(body.invalid_projects[0]?.errors[0]?.message).toBe('expected a duration above zero such as 30s, 15m or 1h30m, found "[REDACTED]"');
  });

  it("status gives every task's state, last run and next run, or one project's; an unknown project is a one-line error", async () => {
    const all = (await mcp.call('status')).json<{ projects: Array<{ name: string; tasks: Array<Record<string, unknown>> }> }>();
    expect(all.projects.map((p) => p.name)).toEqual(['other', 'typo', 'vault']);
    const vault = (await mcp.call('status', { project: 'vault' })).json<typeof all>();
    expect(vault.projects.map((p) => p.name)).toEqual(['vault']);
    const tasks = vault.projects[0]?.tasks ?? [];
    expect(tasks.map((t) => [t.id, t.kind, t.state])).toEqual([
      ['vault/report', 'command', 'ok'],
      ['vault/broken', 'command', 'failing'],
      ['vault/chatty', 'command', 'never'],
      ['vault/pulse', 'heartbeat', 'never'],
    ]);
    expect(tasks[0]).toMatchObject({ last_run: { task: 'vault/report', status: 'success' }, next_run: null });
    // The ping URL holds the heartbeat's ping key, which is a secret: MCP replies leave it out.
    expect(Object.keys(tasks[3] ?? {})).not.toContain('ping_url');
    const unknown = await mcp.call('status', { project: 'vaults' });
    expect(unknown).toMatchObject({ isError: true, text: 'no project "vaults"; the projects are other, typo, vault' });
  });

  it('runs filters by project, task, status and limit like the CLI', async () => {
    const ids = async (args: Record<string, unknown>): Promise<string[]> =>
      (await mcp.call('runs', args)).json<Array<{ task: string; status: string }>>().map((r) => `${r.task}:${r.status}`);
    expect(await ids({})).toEqual(['vault/broken:failed', 'vault/report:success']);
    expect(await ids({ project: 'vault', task: 'report' })).toEqual(['vault/report:success']);
    expect(await ids({ status: 'failed' })).toEqual(['vault/broken:failed']);
    expect(await ids({ limit: 1 })).toEqual(['vault/broken:failed']);
    expect(await ids({ project: 'other' })).toEqual([]);
    expect(await mcp.call('runs', { project: 'nope' })).toMatchObject({ isError: true, text: 'no project "nope"; the projects are other, typo, vault' });
    expect(await mcp.call('runs', { task: 'vault/nope' })).toMatchObject({
      isError: true,
      text: 'no task "vault/nope"; call the status tool to see every task id ("project/task")',
    });
  });

  it("run_log returns a run's redacted log, and a long one capped to its last max_chars with the cut marked", async () => {
    const [report] = await listRuns(box.home, ['--task', 'vault/report']);
    const small = (await mcp.call('run_log', { run_id: report?.id })).json<{ run: { id: number }; log: string; cut_chars: number }>();
    expect(small.cut_chars).toBe(0);
    expect(small.log).toContain('calling openai with [REDACTED]\n');
    expect(small.log).toContain('db password [REDACTED]\n');
    const chatty = (await mcp.call('run_task', { task: 'vault/chatty', wait: true })).json<{ run: { id: number; status: string } }>();
    expect(chatty.run.status).toBe('success');
    const capped = (await mcp.call('run_log', { run_id: chatty.run.id, max_chars: 1000 })).json<{ log: string; cut_chars: number }>();
    expect(capped.cut_chars).toBeGreaterThan(50_000);
    expect(capped.log).toMatch(/^\[agent-os\] … \d+ earlier characters left out; ask run_log with a larger max_chars to see more\n/);
    expect(capped.log.endsWith('line 2999 of a long log\n')).toBe(true);
    expect(capped.log.length).toBeLessThan(1200);
  });

  it('costs sums the cost lines the task reported, by project and by model', async () => {
    const byProject = (await mcp.call('costs', { since: '7d' })).json<{ total_usd: number; rows: Array<{ key: string; usd: number }> }>();
    expect(byProject.total_usd).toBeCloseTo(0.25);
    expect(byProject.rows).toEqual([expect.objectContaining({ key: 'vault', usd: 0.25 })]);
    const byModel = (await mcp.call('costs', { by: 'model' })).json<typeof byProject>();
    expect(byModel.rows.map((r) => r.key)).toEqual(['gpt-4o']);
  });

  it("results returns the task's results with their secrets redacted", async () => {
    const results = (await mcp.call('results', { task: 'vault/report' })).json<Array<{ key: string; data: unknown }>>();
    expect(results).toEqual([expect.objectContaining({ key: '2026-11-20', data: { rows: 42, token: '[REDACTED]' } })]);
  });

  it("lists one resource per project and reads a project's manifest summary and status, without commands or env values", async () => {
    const { resources } = await mcp.record(mcp.client.listResources());
    expect(resources.map((r) => [r.uri, r.name, r.mimeType])).toEqual([
      ['agent-os://project/other', 'other', 'application/json'],
      ['agent-os://project/typo', 'typo', 'application/json'],
      ['agent-os://project/vault', 'vault', 'application/json'],
    ]);
    expect(resources[2]?.description).toMatch(/^4 task\(s\): /);
    const { contents } = await mcp.record(mcp.client.readResource({ uri: 'agent-os://project/vault' }));
    const vault = JSON.parse(resourceText(contents)) as {
      name: string;
      tasks: Array<{ id: string; state: string }>;
      manifest: { env_files: string[]; tasks: Array<Record<string, unknown>> };
    };
    expect(vault.name).toBe('vault');
    expect(vault.tasks.map((t) => t.id)).toEqual(['vault/report', 'vault/broken', 'vault/chatty', 'vault/pulse']);
    expect(vault.manifest.env_files).toEqual(['.env']);
    expect(vault.manifest.tasks[0]).toMatchObject({ id: 'vault/report', owner: 'agent-os', timeout: '1h', env_names: ['DB_PASSWORD'] });
    expect(vault.manifest.tasks[3]).toMatchObject({ id: 'vault/pulse', owner: 'heartbeat', heartbeat: { period: '1h', grace: '30m' } });
    expect(resourceText(contents)).not.toContain('report.sh');
    await expect(mcp.record(mcp.client.readResource({ uri: 'agent-os://project/nope' }))).rejects.toThrow(
      'MCP error -32002: no project "nope"; the projects are other, typo, vault',
    );
  });

  it('answers bad input with a one-line tool error and keeps serving', async () => {
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['nope', {}, 'no tool "nope"; the tools are status, failing, runs, run_log, costs, results, run_task'],
      [
        'runs',
        { limit: 0, colour: 'red' },
        'bad arguments for runs: limit: Too small: expected number to be >=1; unknown field(s) "colour"; see the tool\'s input schema',
      ],
      ['run_task', { task: 'not a task' }, 'bad arguments for run_task: task: expected a task id "project/task"; see the tool\'s input schema'],
      ['run_task', {}, "bad arguments for run_task: task: expected string, received undefined; see the tool's input schema"],
      ['results', { task: 'vault/missing' }, 'no task "vault/missing"; call the status tool to see every task id ("project/task")'],
      ['run_log', { run_id: 99_999 }, 'no run with id 99999; see `agent-os runs`'],
      ['costs', { since: 'soon' }, 'since must be a number of days from 1d to 3660d such as 7d, 30d or 90d, not "soon"'],
    ];
    for (const [name, args, message] of bad) {
      const reply = await mcp.call(name, args);
      expect({ name, ...reply }).toMatchObject({ name, isError: true, text: message });
    }
    expect((await mcp.client.listTools()).tools).toHaveLength(7);
  });

  it('sent no planted secret, API token or ping key in any reply, and only protocol messages on stdout', () => {
    expect(pingKey).toMatch(/^[\w-]{16,}$/);
    expect([...mcp.called].sort()).toEqual([...TOOLS, 'nope'].sort());
    expect(mcp.replies.length).toBeGreaterThan(30);
    expect(leakedSecrets(mcp.replies, secrets())).toEqual([]);
    expect(mcp.protocolErrors).toEqual([]);
    expect(mcp.stderr()).toContain('agent-os mcp: serving the Model Context Protocol on stdio');
  });
});

// Acceptance (SPEC §1, §2, §9): secret hygiene of a real `agent-os serve`. The API token is in no file of
// the home but the token file (app log, database, server.json, run logs), and no API answer or live event
// carries a project's .env secret, even when its tasks print it, report it or post it in a ping body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, filesContaining, filesUnder, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { bearer, callApi, postApi, request, servedAt, subscribeEvents, type SseClient } from '../helpers/http';
import type { Run } from '../../src-main/common/models';

const SERVICE_TOKEN = 'tok_Qm9vYmFyQmF6UXV4MTIzNDU2';
const OPENAI_KEY = 'sk-proj-Zx81LmQ0aB7cD9eF2gH4iJ6k';
const SECRETS = [SERVICE_TOKEN, OPENAI_KEY];

let box: Sandbox;
let serve: ServeProcess | null = null;
let base = '';
let token = '';
let sse: SseClient | null = null;
/** Every API answer body collected, labelled. */
const answers: Array<[string, string]> = [];
let runs: Run[] = [];
let tokenFilesWhileRunning: string[] = [];

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'vault', {
    manifest: `name: vault
tasks:
  leak:
    command: 'echo "token: $SERVICE_TOKEN"; echo "key: $OPENAI_API_KEY" >&2; echo "{\\"type\\":\\"result\\",\\"key\\":\\"k1\\",\\"v\\":\\"$SERVICE_TOKEN\\"}" >> "$AGENT_OS_OUTPUT"'
  crash:
    command: 'echo "could not log in with $SERVICE_TOKEN" >&2; exit 1'
  beat:
    heartbeat: { period: 1h, grace: 1h }
`,
    env: { SERVICE_TOKEN, OPENAI_API_KEY: OPENAI_KEY },
  });
  writeConfig(box.home, [dir], ANY_PORT);
  serve = await startServe(box.home);
  ({ url: base, token } = servedAt(serve.stdout()));
  sse = await subscribeEvents(base, bearer(token));

  for (const task of ['vault/leak', 'vault/crash']) {
    const started = await callApi(base, token, 'runs.start', { task });
    await callApi(base, token, 'runs.wait', { id: started.id });
  }
  const ping = (await callApi(base, token, 'tasks.list', { project: 'vault' })).find((t) => t.id === 'vault/beat')?.ping_url ?? '';
  await request(ping, new URL(ping).pathname, { method: 'POST', body: `deploy ok, used ${SERVICE_TOKEN} and ${OPENAI_KEY}` });
  runs = await callApi(base, token, 'runs.list', {});

  const collect = async (label: string, name: string, arg: unknown): Promise<void> => {
    answers.push([label, (await postApi(base, name, arg, bearer(token))).text]);
  };
  for (const run of runs) {
    await collect(`runs.get ${run.task}`, 'runs.get', { id: run.id });
    await collect(`runs.tail ${run.task}`, 'runs.tail', { id: run.id });
  }
  await collect('runs.list', 'runs.list', {});
  await collect('status.get', 'status.get', {});
  await collect('tasks.list', 'tasks.list', {});
  await collect('projects.list', 'projects.list', {});
  await collect('results.list', 'results.list', { task: 'vault/leak' });
  await collect('settings.get', 'settings.get', {});
  answers.push(['events', JSON.stringify(sse.events)]);
  // The CLI through the server, the dashboard sign-in and refused attempts must not write the token anywhere.
  for (const args of [
    ['status', '--json'],
    ['runs', '--json'],
    ['logs', String(runs[0]?.id ?? 1)],
  ]) {
    const result = await runCli(args, { home: box.home });
    answers.push([`cli ${args.join(' ')}`, result.stdout + result.stderr]);
  }
  await request(base, `/?token=${token}`);
  await request(base, `/?token=${token}`, { headers: { host: 'evil.example' } });
  await postApi(base, 'status.get', {}, { ...bearer(token), origin: 'http://evil.example' });
  tokenFilesWhileRunning = filesContaining(box.home, token);
}, 90_000);

afterAll(async () => {
  sse?.close();
  await serve?.stop();
  box?.cleanup();
});

describe('the API token', () => {
  it('is in no file of the home but the token file while serve runs', () => {
    expect(filesUnder(box.home).some((f) => f.endsWith('app.log'))).toBe(true);
    expect(tokenFilesWhileRunning.map((f) => f.slice(box.home.length + 1))).toEqual(['token']);
  });

  it('is in no file of the home but the token file after serve has stopped', async () => {
    // An open event stream holds serve's shutdown (see http-serve-shutdown.test.ts): close ours first.
    sse?.close();
    await serve?.stop();
    serve = null;
    expect(filesContaining(box.home, token).map((f) => f.slice(box.home.length + 1))).toEqual(['token']);
  });

  it('is in no API answer or CLI output', () => {
    for (const [label, text] of answers) expect(text.includes(token), label).toBe(false);
  });
});

describe("a project's .env secrets", () => {
  it('were really printed, reported and posted by the tasks (the redaction had something to do)', () => {
    expect(runs.map((r) => `${r.task} ${r.status}`).sort()).toEqual(['vault/beat success', 'vault/crash failed', 'vault/leak success']);
    const leakLog = answers.find(([label]) => label === 'runs.get vault/leak')?.[1] ?? '';
    expect(leakLog).toContain('token: ');
    expect(leakLog).toContain('key: ');
    expect(answers.find(([label]) => label === 'runs.get vault/beat')?.[1]).toContain('deploy ok, used ');
    expect(answers.find(([label]) => label === 'results.list')?.[1]).toContain('"k1"');
    expect(answers.find(([label]) => label === 'runs.list')?.[1]).toContain('could not log in with');
  });

  it('appear in no API answer: runs.get, runs.tail, runs.list, status.get, tasks.list, results, settings', () => {
    for (const [label, text] of answers) {
      for (const secret of SECRETS) expect(text.includes(secret), `${label} leaks ${secret.slice(0, 8)}…`).toBe(false);
    }
  });

  it('appear in no live event and in no file of the home', () => {
    const events = answers.find(([label]) => label === 'events')?.[1] ?? '';
    expect(events).toContain('run.finished');
    for (const secret of SECRETS) {
      expect(events.includes(secret)).toBe(false);
      expect(filesContaining(box.home, secret)).toEqual([]);
    }
  });
});

// Issue 23, healthchecks.io compatibility: existing pings switch the base URL only. Each client is a real
// child process running the lines healthchecks documents (copied from healthchecks/healthchecks @ 29b5ec2:
// templates/front/snippets/bash_curl.txt, bash_wget.txt, python_urllib2.txt; templates/docs/bash.md and
// measuring_script_run_time.md), pointed at slug URLs `/ping/<project ping_key>/<task>` of a real server.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { withDatabase } from '../helpers/db';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, request, startTestServer, taskStatus, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer;
let dir: string;
/** `<server>/ping/<ping_key>/`: the base a healthchecks user puts before a slug. */
let slugBase: string;

const MANIFEST = `name: backups
tasks:
  nightly:
    heartbeat: { period: 1d, grace: 1h }
  certbot:
    heartbeat: { period: 1d, grace: 1h }
  pg-dump:
    heartbeat: { period: 1d, grace: 1h }
  timed:
    heartbeat: { period: 1d, grace: 1h }
  wget-job:
    heartbeat: { period: 1d, grace: 1h }
  py-job:
    heartbeat: { period: 1d, grace: 1h }
  runitor-job:
    heartbeat: { period: 1d, grace: 1h }
  build:
    command: ["true"]
`;

beforeAll(async () => {
  box = createSandbox();
  dir = writeProject(box.root, 'backups', { manifest: MANIFEST });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
  const [project] = await callApi(ts.url, ts.token, 'projects.list', {});
  slugBase = `${ts.url}/ping/${project?.ping_key ?? 'none'}/`;
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

/** Runs a shell line (the documented client) with PING_URL and friends in its environment. */
function sh(line: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('/bin/sh', ['-c', line], env);
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: box.root, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const runsOf = async (task: string): Promise<Run[]> => (await callApi(ts.url, ts.token, 'runs.list', { task: `backups/${task}` })).reverse();
const logOf = async (run: Run | undefined): Promise<string> => (await callApi(ts.url, ts.token, 'runs.get', { id: run?.id ?? 0 })).log ?? '';
const createdRows = (): Array<{ name: string }> =>
  withDatabase(box.home, (db) => db.prepare('SELECT name FROM created_checks ORDER BY name').all() as Array<{ name: string }>);

describe('healthchecks.io clients on slug URLs', () => {
  it('takes the documented curl line (bash_curl.txt) on /ping/<ping_key>/<task> and answers exactly OK', async () => {
    // curl -m 10 --retry 5 PING_URL
    const out = await sh('curl -m 10 --retry 5 "$PING_URL"', { PING_URL: `${slugBase}nightly` });
    expect(out).toMatchObject({ code: 0, stdout: 'OK' });
    expect((await runsOf('nightly')).map((r) => [r.status, r.trigger])).toEqual([['success', 'heartbeat']]);
    expect((await taskStatus(ts.url, ts.token, 'backups/nightly')).state).toBe('ok');
  });

  it('records `curl … PING_URL/$?` after a failing command (bash.md) as a failed run with that exit status', async () => {
    // /usr/bin/certbot renew  →  a command that exits 3; then: curl -m 10 --retry 5 PING_URL/$?
    const out = await sh('sh -c "exit 3"\ncurl -fsS -m 10 --retry 5 "$PING_URL/$?"', { PING_URL: `${slugBase}certbot` });
    expect(out).toMatchObject({ code: 0, stdout: 'OK' });
    expect((await runsOf('certbot')).map((r) => [r.status, r.exit_code])).toEqual([['failed', 3]]);
  });

  it('keeps the output posted with curl --data-raw (bash.md "Logging Command Output") as the run log', async () => {
    // m=$(/usr/bin/certbot renew 2>&1); curl -fsS -m 10 --retry 5 --data-raw "$m" PING_URL
    const out = await sh('m=$(printf "dumped 42 tables\\n" 2>&1)\ncurl -fsS -m 10 --retry 5 --data-raw "$m" "$PING_URL"', { PING_URL: `${slugBase}pg-dump` });
    expect(out).toMatchObject({ code: 0, stdout: 'OK' });
    const [ran] = await runsOf('pg-dump');
    expect(ran?.status).toBe('success');
    expect(await logOf(ran)).toContain('dumped 42 tables');
  });

  it('pairs /start?rid=$RID with ?rid=$RID (measuring_script_run_time.md) into one run', async () => {
    // RID=`uuidgen` (uuidgen is not on this machine; the kernel's random UUID is the same text)
    const script =
      'RID=`cat /proc/sys/kernel/random/uuid`\ncurl -fsS -m 10 --retry 5 "$PING_URL/start?rid=$RID"\ncurl -fsS -m 10 --retry 5 "$PING_URL?rid=$RID"';
    const out = await sh(script, { PING_URL: `${slugBase}timed` });
    expect(out).toMatchObject({ code: 0, stdout: 'OKOK' });
    const runs = await runsOf('timed');
    expect(runs.map((r) => r.status)).toEqual(['success']);
    expect(runs[0]?.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('takes the documented wget line (bash_wget.txt) and makes wget fail on an unknown slug', async () => {
    // wget PING_URL -T 10 -t 5 -O /dev/null
    expect((await sh('wget "$PING_URL" -T 10 -t 5 -O /dev/null -q', { PING_URL: `${slugBase}wget-job` })).code).toBe(0);
    expect((await runsOf('wget-job')).map((r) => r.status)).toEqual(['success']);
    // wget exits 8 on an error answer from the server: a mistyped slug is noticed, not taken as a ping.
    expect((await sh('wget "$PING_URL" -T 10 -t 1 -O /dev/null -q', { PING_URL: `${slugBase}wget-jbo` })).code).toBe(8);
  });

  it('takes the documented Python urllib snippet (python_urllib2.txt), whose except catches a 404', async () => {
    const snippet = (url: string): string =>
      [
        'import socket',
        'import urllib.request',
        '',
        'try:',
        `    urllib.request.urlopen("${url}", timeout=10)`,
        'except socket.error as e:',
        '    # Log ping failure here...',
        '    print("Ping failed: %s" % e)',
      ].join('\n');
    expect(await run('python3', ['-c', snippet(`${slugBase}py-job`)])).toMatchObject({ code: 0, stdout: '' });
    expect((await runsOf('py-job')).map((r) => r.status)).toEqual(['success']);
    expect((await run('python3', ['-c', snippet(`${slugBase}no-such-job`)])).stdout).toBe('Ping failed: HTTP Error 404: Not Found\n');
  });

  it('serves a runitor-style client: User-Agent runitor/…, /start?rid=<uuid4>, then /<exit code> with the output', async () => {
    // What runitor does (bdd/runitor cmd/runitor/main.go and internal/api.go): POST text/plain to
    // <api-url>/<ping-key>/<slug>/start, read Ping-Body-Limit, run the command, keep the last N bytes of its
    // output, POST them to /<exit code>; only a 200 counts as accepted.
    const client = join(box.root, 'runitor_like.py');
    writeFileSync(
      client,
      [
        'import subprocess, sys, urllib.request, uuid',
        'api, handle, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]',
        'rid = str(uuid.uuid4())',
        'ua = "runitor/v1.3.0 (+https://bdd.fi/x/runitor)"',
        'def ping(path, body=b""):',
        '    req = urllib.request.Request(f"{api}/{handle}/{path}?rid={rid}", data=body, method="POST",',
        '        headers={"User-Agent": ua, "Content-Type": "text/plain"})',
        '    with urllib.request.urlopen(req, timeout=5) as res:',
        '        assert res.status == 200, res.status',
        '        return res.headers.get("Ping-Body-Limit"), res.read().decode()',
        'limit, text = ping("start")',
        'limit = int(limit) if limit else 10000',
        'done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)',
        'out = done.stdout[-limit:]',
        'print(limit, text, ping(str(done.returncode), out)[1])',
        'sys.exit(done.returncode)',
      ].join('\n'),
    );
    const api = slugBase.replace(/\/[^/]+\/$/, '');
    const key = slugBase.slice(api.length + 1, -1);
    const out = await run('python3', [client, api, `${key}/runitor-job`, 'sh', '-c', 'echo rotating logs; echo disk full >&2; exit 4']);
    expect(out).toMatchObject({ code: 4, stdout: '102400 OK OK\n' });
    const runs = await runsOf('runitor-job');
    expect(runs.map((r) => [r.status, r.exit_code])).toEqual([['failed', 4]]);
    expect(await logOf(runs[0])).toContain('rotating logs\ndisk full');
    const sources = withDatabase(
      box.home,
      (db) =>
        db.prepare("SELECT source, rid FROM ping_events WHERE task_id = 'backups/runitor-job' ORDER BY id").all() as Array<{ source: string; rid: string }>,
    );
    expect(sources).toHaveLength(2);
    expect(sources.every((s) => s.source.includes('runitor/v1.3.0') && /^[0-9a-f-]{36}$/.test(s.rid))).toBe(true);
    expect(sources[0]?.rid).toBe(sources[1]?.rid);
  });

  it('answers an unknown slug 404 "not found", an uppercase one 400 and a command task 409, recording nothing', async () => {
    const count = (): number => withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM ping_events').get() as { n: number }).n);
    const before = count();
    expect(await request(slugBase, `${new URL(slugBase).pathname}missing`)).toMatchObject({ status: 404, text: 'not found' });
    expect(await request(slugBase, `${new URL(slugBase).pathname}missing/start`)).toMatchObject({ status: 404, text: 'not found' });
    expect(await request(slugBase, `${new URL(slugBase).pathname}Nightly`)).toMatchObject({ status: 400, text: 'invalid url format' });
    expect(await request(slugBase, `${new URL(slugBase).pathname}nightly/256`)).toMatchObject({ status: 400, text: 'invalid url format' });
    const build = await request(slugBase, `${new URL(slugBase).pathname}build`);
    expect(build.status).toBe(409);
    expect(build.text).toMatch(/backups\/build is a command task, not a heartbeat/);
    expect(await request(ts.url, '/ping/AAAAAAAAAAAAAAAAAAAAAA/nightly?create=1')).toMatchObject({ status: 404, text: 'not found' });
    expect(count()).toBe(before);
    expect(createdRows()).toEqual([]);
  });
});

describe('auto provisioning (?create=1)', () => {
  it('creates an unknown slug as a heartbeat (period 1 day, grace 1 hour) with the bash.md line, 201 Created, then 200 OK', async () => {
    // bash.md "Auto Provisioning New Checks": URL=PING_ENDPOINT$PING_KEY/$SLUG?create=1; curl -m 10 --retry 5 $URL
    const line = 'URL=$PING_ENDPOINT$PING_KEY/$SLUG?create=1\ncurl -m 10 --retry 5 -w " %{http_code}" $URL';
    const env = { PING_ENDPOINT: `${ts.url}/ping/`, PING_KEY: slugBase.split('/').at(-2) ?? '', SLUG: 'srv01' };
    expect(await sh(line, env)).toMatchObject({ code: 0, stdout: 'Created 201' });
    const task = await taskStatus(ts.url, ts.token, 'backups/srv01');
    expect(task).toMatchObject({ kind: 'heartbeat', state: 'ok', schedule: 'every 1d' });
    const last = Date.parse(task.last_run?.finished_at ?? '');
    expect(Date.parse(task.next_run ?? '') - last).toBe(24 * 3_600_000);
    expect(createdRows()).toEqual([{ name: 'srv01' }]);
    expect(await sh(line, env)).toMatchObject({ code: 0, stdout: 'OK 200' });
    expect((await runsOf('srv01')).map((r) => r.status)).toEqual(['success', 'success']);
    expect((await callApi(ts.url, ts.token, 'projects.list', {}))[0]?.tasks).toContain('backups/srv01');
  });

  it('creates with /start?create=1 too, and keeps the task across a restart of the engine', async () => {
    const answer = await request(ts.url, `${new URL(slugBase).pathname}srv02/start?create=1`, { method: 'POST' });
    expect([answer.status, answer.text, answer.headers['ping-body-limit']]).toEqual([201, 'Created', '102400']);
    expect((await runsOf('srv02')).map((r) => r.status)).toEqual(['running']);
    await ts.close();
    ts = await startTestServer(box.home);
    expect((await taskStatus(ts.url, ts.token, 'backups/srv02')).kind).toBe('heartbeat');
    expect(await request(ts.url, `${new URL(slugBase).pathname}srv02`)).toMatchObject({ status: 200, text: 'OK' });
    expect((await runsOf('srv02')).map((r) => r.status)).toEqual(['success']);
  });

  it('lets the manifest take a created heartbeat over: same task and runs, the manifest schedule, no created record', async () => {
    const runsBefore = await runsOf('srv01');
    writeFileSync(join(dir, 'agent-os.yml'), `${MANIFEST}  srv01:\n    heartbeat: { period: 6h, grace: 10m }\n`);
    await waitFor('the manifest schedule on backups/srv01', async () => (await taskStatus(ts.url, ts.token, 'backups/srv01')).schedule === 'every 6h');
    expect(createdRows()).toEqual([{ name: 'srv02' }]);
    expect((await runsOf('srv01')).map((r) => r.id)).toEqual(runsBefore.map((r) => r.id));
    // Taken out of the manifest again, it is gone: the manifest owns it now, the ping no longer does.
    writeFileSync(join(dir, 'agent-os.yml'), MANIFEST);
    await waitFor('backups/srv01 removed', async () => !(await callApi(ts.url, ts.token, 'tasks.list', {})).some((t) => t.id === 'backups/srv01'));
    expect(await request(ts.url, `${new URL(slugBase).pathname}srv01`)).toMatchObject({ status: 404, text: 'not found' });
  });
});

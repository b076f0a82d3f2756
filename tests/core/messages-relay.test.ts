// Projects speak through Agent OS (issue 25 §2): a task's `{"type":"notify"}` line, `POST /notify/<ping_key>`
// from a job elsewhere (sent here with real curl, as a Railway or GitHub job would) and `agent-os notify`
// reach the project's channels once, a burst as one batched message, routed by the manifest's `notify:`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runCli } from '../helpers/cli';
import { runTask } from '../helpers/core';
import { createClock, manifest } from '../helpers/engine';
import { filesContaining, writeConfig, writeProject } from '../helpers/fixtures';
import { request, startTestServer, type TestServer } from '../helpers/http';
import { jsonBody, startListener, type Listener } from '../helpers/listener';

const bed = useAlertBed();
let core: Core | null = null;
let served: TestServer | null = null;
const listeners: Listener[] = [];
afterEach(async () => {
  await core?.stop();
  await served?.close();
  core = null;
  served = null;
  for (const l of listeners.splice(0)) await l.close();
});

async function hook(): Promise<Listener> {
  const l = await startListener();
  listeners.push(l);
  return l;
}

function webhooks(hooks: Array<{ name?: string; url: string }>, extra = ''): string {
  const lines = hooks.map((h) => `    - { kind: json, url: "${h.url}"${h.name ? `, name: ${h.name}` : ''} }`);
  return `notify:\n  webhooks:\n${lines.join('\n')}\n${extra}`;
}

/** The JSON-webhook bodies of `message` events a listener got. */
const messagesAt = (l: Listener) => l.requests.map(jsonBody).filter((b) => b.event === ('message' as string));

describe('a task that writes a notify line', () => {
  it('sends the message once to the channels, naming the project, and lists it with its run', async () => {
    const channel = await hook();
    const script = `echo '{"type":"notify","title":"Backup done","message":"412 photos, 3.1 GB","level":"warning"}' >> "$AGENT_OS_OUTPUT"`;
    const dir = writeProject(bed.box.root, 'photos', { manifest: manifest('photos', { backup: [`command: ${JSON.stringify(['sh', '-c', script])}`] }) });
    writeConfig(bed.box.home, [dir], webhooks([{ url: channel.url('/hooks/all') }]));
    core = createCore({ home: bed.box.home });
    await core.start({ engine: true });

    const { run } = await runTask(core, 'photos/backup');
    const [sent] = await channel.waitForRequests(1, 'the message', (r) => jsonBody(r).event === ('message' as string));
    const body = jsonBody(sent as never) as ReturnType<typeof jsonBody> & { level: string; messages: Array<{ run_id: number }> };
    expect(body).toMatchObject({ headline: 'photos: Backup done', project: 'photos', level: 'warning' });
    expect(body.alert.detail).toBe('412 photos, 3.1 GB');
    expect(body.messages.map((m) => m.run_id)).toEqual([run.id]);
    expect(core.handlers['messages.list']({ project: 'photos' })).toEqual([
      expect.objectContaining({ title: 'Backup done', message: '412 photos, 3.1 GB', level: 'warning', source: 'task', run_id: run.id }),
    ]);
    // Sent once: a few more passes of the delivery worker add nothing.
    await new Promise((r) => setTimeout(r, 2500));
    expect(messagesAt(channel)).toHaveLength(1);
  });

  it('notes a notify line it cannot use on the run, and still runs the task', async () => {
    const script = `echo '{"type":"notify","message":"x","level":"loud"}' >> "$AGENT_OS_OUTPUT"`;
    const dir = writeProject(bed.box.root, 'photos', { manifest: manifest('photos', { backup: [`command: ${JSON.stringify(['sh', '-c', script])}`] }) });
    writeConfig(bed.box.home, [dir]);
    core = createCore({ home: bed.box.home });
    await core.start();
    const { run, log } = await runTask(core, 'photos/backup');
    expect(run.status).toBe('success');
    expect(log).toContain('AGENT_OS_OUTPUT: line 1: "level" must be info, warning or critical, not "loud"');
  });
});

describe('POST /notify/<ping_key>', () => {
  it('takes text from curl -d and JSON, answers 202 OK, and gathers a burst of 100 into one message per channel', async () => {
    const a = await hook();
    const b = await hook();
    const dir = writeProject(bed.box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["true"]'] }) });
    writeConfig(bed.box.home, [dir], `server:\n  port: 0\n${webhooks([{ url: a.url('/a') }, { url: b.url('/b') }])}`);
    const clock = createClock();
    served = await startTestServer(bed.box.home, { clock });
    const key = served.core.handlers['projects.list']().find((p) => p.name === 'shop')?.ping_key;
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // As a Railway cron or a GitHub Actions step would send it: curl, no token.
    const { stdout } = await promisify(execFile)('curl', [
      '-fsS',
      '-m',
      '10',
      '--retry',
      '3',
      '-d',
      'nightly sync: 1,204 orders imported',
      `${served.url}/notify/${key}`,
    ]);
    expect(stdout).toBe('OK\n');
    const first = await a.waitForRequests(1, 'the curl message', (r) => jsonBody(r).event === ('message' as string));
    expect(jsonBody(first[0] as never)).toMatchObject({ headline: 'shop: nightly sync: 1,204 orders imported', project: 'shop' });

    const json = await request(served.url, `/notify/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Stock low', message: 'SKU 4411 has 2 left', level: 'critical' }),
    });
    expect(json).toMatchObject({ status: 202, text: 'OK\n' });
    await Promise.all(
      Array.from({ length: 99 }, (_, i) =>
        request(served!.url, `/notify/${key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `order ${i + 1} shipped` }),
      ),
    );
    // A project's batches are at least 30 s apart: the burst waits for that, gathered, however fast it came.
    await new Promise((r) => setTimeout(r, 2500));
    expect(messagesAt(b)).toHaveLength(1);
    clock.advance(30_000);
    const batches = await b.waitForRequests(2, 'the burst as one message', (r) => jsonBody(r).event === ('message' as string));
    const burst = jsonBody(batches[1] as never) as ReturnType<typeof jsonBody> & { level: string };
    expect(burst.headline).toBe('shop: 100 messages');
    expect(burst.level).toBe('critical');
    expect(burst.alert.detail).toContain('[critical] Stock low: SKU 4411 has 2 left');
    expect(burst.alert.detail).toContain('… and 80 more');
    expect(messagesAt(a)).toHaveLength(2);
    expect(messagesAt(b)).toHaveLength(2);
    expect(served.core.handlers['messages.list']({ project: 'shop', limit: 1000 })).toHaveLength(101);
  });

  it('answers 404 "not found" for an unknown key and 400 with the reason for a bad message, storing nothing', async () => {
    const dir = writeProject(bed.box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["true"]'] }) });
    writeConfig(bed.box.home, [dir], 'server:\n  port: 0\n');
    served = await startTestServer(bed.box.home);
    const key = served.core.handlers['projects.list']().find((p) => p.name === 'shop')?.ping_key ?? '';

    expect(await request(served.url, '/notify/not-a-key', { method: 'POST', body: 'hi' })).toMatchObject({ status: 404, text: 'not found\n' });
    const bad = await request(served.url, `/notify/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x', level: 'urgent' }),
    });
    expect(bad).toMatchObject({ status: 400, text: 'message not sent: "level" must be info, warning or critical, not "urgent"\n' });
    expect((await request(served.url, `/notify/${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' })).status).toBe(400);
    expect(served.core.handlers['messages.list']()).toEqual([]);
  });

  it("redacts the project's secrets and key shapes before a message is stored or sent", async () => {
    const channel = await hook();
    const STRIPE = 'rk_live_51Hx9secretVALUEkeep0ut';
    const dir = writeProject(bed.box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["true"]'] }), env: { STRIPE_KEY: STRIPE } });
    writeConfig(bed.box.home, [dir], `server:\n  port: 0\n${webhooks([{ url: channel.url('/x') }])}`);
    served = await startTestServer(bed.box.home);
    const key = served.core.handlers['projects.list']().find((p) => p.name === 'shop')?.ping_key ?? '';
    const leak = `retrying with ${STRIPE} and sk-proj-AbCdEf0123456789AbCdEf0123456789`;
    expect((await request(served.url, `/notify/${key}`, { method: 'POST', body: leak })).status).toBe(202);

    const [sent] = await channel.waitForRequests(1, 'the message', (r) => jsonBody(r).event === ('message' as string));
    expect(sent?.raw).not.toContain(STRIPE);
    expect(sent?.raw).not.toContain('sk-proj-AbCdEf');
    await served.close();
    served = null;
    expect(filesContaining(bed.box.home, STRIPE)).toEqual([]);
  });
});

describe('routing by the manifest', () => {
  it("sends a project's alerts and messages only to the channels its notify: names, the others' to every channel", async () => {
    const phone = await hook();
    const team = await hook();
    const quiet = writeProject(bed.box.root, 'home-lab', {
      manifest: `name: home-lab\nnotify: [phone]\ntasks:\n  backup:\n    command: ["sh", "-c", "echo disk full; exit 3"]\n`,
    });
    const loud = writeProject(bed.box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["sh", "-c", "exit 4"]'] }) });
    writeConfig(
      bed.box.home,
      [quiet, loud],
      webhooks([
        { name: 'phone', url: phone.url('/phone') },
        { name: 'team', url: team.url('/team') },
      ]),
    );
    core = createCore({ home: bed.box.home });
    await core.start({ engine: true });

    await runTask(core, 'home-lab/backup');
    await runTask(core, 'shop/sync');
    core.handlers['messages.send']({ project: 'home-lab', message: 'UPS on battery' });
    await phone.waitForRequests(3, 'both failures and the message on phone');
    await team.waitForRequests(1, 'the shop failure on team');
    await new Promise((r) => setTimeout(r, 3000));
    const subjects = (l: Listener) => l.requests.map(jsonBody).map((x) => `${x.alert.subject}/${x.event}`);
    expect(subjects(phone).sort()).toEqual(['home-lab/backup/opened', 'home-lab/message', 'shop/sync/opened']);
    expect(subjects(team)).toEqual(['shop/sync/opened']);
  });

  it('names a channel a manifest routes to that config.yml does not have', async () => {
    const dir = writeProject(bed.box.root, 'home-lab', { manifest: `name: home-lab\nnotify: [pager]\ntasks:\n  backup:\n    command: ["true"]\n` });
    writeConfig(bed.box.home, [dir], webhooks([{ name: 'phone', url: 'http://127.0.0.1:9/x' }]));
    core = createCore({ home: bed.box.home });
    await core.start();
    expect(core.handlers['status.get']().config_errors).toContainEqual(
      expect.objectContaining({
        path: 'notify.0',
        message: expect.stringContaining('home-lab routes its alerts to "pager", but no channel in config.yml notify.webhooks has that name (named: phone)'),
      }),
    );
  });
});

describe('agent-os notify', () => {
  it('stores the message when no engine runs and says it goes out at the next start; the engine then sends it', async () => {
    const channel = await hook();
    const dir = writeProject(bed.box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["true"]'] }) });
    writeConfig(bed.box.home, [dir], webhooks([{ url: channel.url('/x') }]));

    const cli = await runCli(['notify', 'shop', 'price feed is stale', '--title', 'Feed', '--level', 'warning'], { home: bed.box.home });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Stored. Agent OS is not running, so it goes out when it next starts');
    expect((await runCli(['notify', 'shop', 'x', '--level', 'loud'], { home: bed.box.home })).stderr).toContain('use info, warning or critical');
    expect((await runCli(['notify', 'nope', 'x'], { home: bed.box.home })).stderr).toBe('agent-os: no project "nope"; see `agent-os projects`\n');

    const clock = createClock();
    core = createCore({ home: bed.box.home, clock });
    await core.start({ engine: true });
    const [sent] = await channel.waitForRequests(1, 'the stored message', (r) => jsonBody(r).event === ('message' as string));
    expect(jsonBody(sent as never)).toMatchObject({ headline: 'shop: Feed', level: 'warning' });
    // It is in the next day's digest too.
    clock.advance(24 * 3_600_000);
    expect(core.handlers['digest.preview']().text).toMatch(/Messages yesterday \(1\):\n {2}• shop \[warning\] at \d\d:\d\d: Feed: price feed is stale/);
  });
});

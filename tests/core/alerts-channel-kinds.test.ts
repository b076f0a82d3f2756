// The channels for a person away from the laptop (issue 25 §2): ntfy, Telegram, Pushover and email, each
// against a real local server speaking that service's wire format. Secrets come from the environment by
// name and never reach config, the database, logs or an answer.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { fakeNtfy, fakePushover, fakeSmtp, fakeTelegram, TELEGRAM_TOO_MANY, type FakeService, type FakeSmtp } from '../helpers/fake-channels';
import { filesContaining, waitFor, writeConfig } from '../helpers/fixtures';
import { writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const TG_TOKEN = '7412995853:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const PUSHOVER_TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const PUSHOVER_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const NTFY_TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
const SMTP_PASSWORD = 'Vq8-smtp-Pa55word-kR2';

const servers: Array<FakeService | FakeSmtp> = [];
let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
  for (const s of servers.splice(0)) await s.close();
});

/** An engine on the bed's home whose environment holds the given secrets (as `serve` would get them). */
async function engineWith(env: Record<string, string>): Promise<Core> {
  core = createCore({ home: bed.box.home, hostEnv: { ...process.env, ...env } });
  await core.start({ engine: true });
  return core;
}

function channelsYaml(lines: string[]): string {
  return `notify:\n  retry_base: 100ms\n  webhooks:\n${lines.map((l) => `    - ${l}`).join('\n')}\n`;
}

/** Everything the engine could show: the channel list and the alerts with their deliveries. */
function answers(c: Core): string {
  return JSON.stringify([c.handlers['channels.list'](), c.handlers['alerts.list']()]);
}

describe('Telegram', () => {
  it('sends a failure through the Bot API as plain text with sound, its recovery silently, and keeps the bot token out of every file and answer', async () => {
    const telegram = await fakeTelegram(TG_TOKEN, '-1001234567890');
    servers.push(telegram);
    const project = writeToggleProject(bed.box.root, 'nas');
    writeConfig(
      bed.box.home,
      [project.dir],
      channelsYaml([`{ kind: telegram, name: phone, chat_id: -1001234567890, token_env: TG_TOKEN, api_url: "${telegram.base}" }`]),
    );
    const c = await engineWith({ TG_TOKEN });

    expect((await runTask(c, project.task)).run.status).toBe('failed');
    const [opened] = await waitFor('the failure on Telegram', () => telegram.received.length >= 1 && telegram.received);
    const body = JSON.parse(opened?.raw ?? '{}') as { chat_id: string; text: string; disable_notification: boolean };
    expect(opened?.path).toBe(`/bot${TG_TOKEN}/sendMessage`);
    expect(body.chat_id).toBe('-1001234567890');
    expect(body.text).toContain('nas/nightly');
    expect(body.text).toContain('the database refused the connection');
    expect(body.disable_notification).toBe(false);

    project.failing(false);
    expect((await runTask(c, project.task)).run.status).toBe('success');
    const recovered = await waitFor('the recovery on Telegram', () => telegram.received[1]);
    expect(JSON.parse(recovered.raw)).toMatchObject({ disable_notification: true, text: expect.stringContaining('Recovered: nas/nightly') });

    const channel = c.handlers['channels.list']()[0];
    expect(channel).toMatchObject({ kind: 'telegram', name: 'phone', target: 'chat -1001234567890' });
    expect(answers(c)).not.toContain(TG_TOKEN);
    await c.stop();
    expect(filesContaining(bed.box.home, TG_TOKEN)).toEqual([]);
    expect(filesContaining(bed.box.home, 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw')).toEqual([]);
  });

  it('waits as long as a 429 says in its body before sending again', async () => {
    const telegram = await fakeTelegram(TG_TOKEN, '42');
    servers.push(telegram);
    telegram.queue(TELEGRAM_TOO_MANY);
    const project = writeToggleProject(bed.box.root, 'nas');
    writeConfig(bed.box.home, [project.dir], channelsYaml([`{ kind: telegram, chat_id: 42, token_env: TG_TOKEN, api_url: "${telegram.base}" }`]));
    const c = await engineWith({ TG_TOKEN });

    await runTask(c, project.task);
    const delivery = await waitFor('a delivery waiting after the 429', () =>
      c.handlers['alerts.list']()
        .flatMap((a) => a.deliveries)
        .find((d) => d.last_error?.includes('429')),
    );
    expect(delivery.last_error).toContain('Too Many Requests: retry after 7');
    const waitMs = Date.parse(delivery.next_attempt_at ?? '') - Date.now();
    // retry_base is 100ms: only the body's retry_after can push the next attempt ~7 s away.
    expect(waitMs).toBeGreaterThan(5_000);
    expect(telegram.received).toHaveLength(1);
  });

  it('says which variable to set when the bot token is missing, and what Telegram answered for a wrong chat', async () => {
    const telegram = await fakeTelegram(TG_TOKEN, '42');
    servers.push(telegram);
    writeConfig(
      bed.box.home,
      [],
      channelsYaml([
        `{ kind: telegram, chat_id: 42, token_env: TG_MISSING_TOKEN, api_url: "${telegram.base}" }`,
        `{ kind: telegram, chat_id: 99, token_env: TG_TOKEN, api_url: "${telegram.base}" }`,
      ]),
    );
    const c = await engineWith({ TG_TOKEN });
    const [missing, wrongChat] = c.handlers['channels.list']();

    expect(await c.handlers['channels.test']({ id: missing?.id ?? '' })).toEqual({
      ok: false,
      error: 'Telegram: TG_MISSING_TOKEN is not set; export it where Agent OS starts (or store it in the desktop keychain)',
    });
    const answer = await c.handlers['channels.test']({ id: wrongChat?.id ?? '' });
    expect(answer.ok).toBe(false);
    expect(answer.error).toContain('Telegram answered 400');
    expect(answer.error).toContain('chat not found');
    expect(answer.error).not.toContain(TG_TOKEN);
  });
});

describe('ntfy', () => {
  it('publishes to the topic with Title, Priority and Tags headers and the access token, and reports a refused topic', async () => {
    const ntfy = await fakeNtfy(NTFY_TOKEN);
    servers.push(ntfy);
    const project = writeToggleProject(bed.box.root, 'backups');
    writeConfig(
      bed.box.home,
      [project.dir],
      channelsYaml([`{ kind: ntfy, url: "${ntfy.base}/erik-alerts", token_env: NTFY_TOKEN }`, `{ kind: ntfy, url: "${ntfy.base}/no-token-topic" }`]),
    );
    const c = await engineWith({ NTFY_TOKEN });

    await runTask(c, project.task);
    const sent = await waitFor('the push on the protected topic', () => ntfy.received.find((r) => r.path === '/erik-alerts'));
    expect(sent.headers).toMatchObject({ title: 'backups/nightly failed', priority: '5', tags: 'rotating_light', authorization: `Bearer ${NTFY_TOKEN}` });
    expect(sent.raw).toContain('the database refused the connection');

    const refused = c.handlers['channels.list']().find((ch) => ch.target.startsWith('127.0.0.1') && ch.id !== c.handlers['channels.list']()[0]?.id);
    const answer = await c.handlers['channels.test']({ id: refused?.id ?? '' });
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('ntfy answered 403') });
    expect(answer.error).toContain('forbidden');
    expect(answers(c)).not.toContain(NTFY_TOKEN);
  });
});

describe('Pushover', () => {
  it('posts the documented form with the priority of the level, and shows its answer for a bad user key', async () => {
    const pushover = await fakePushover(PUSHOVER_TOKEN, PUSHOVER_USER);
    servers.push(pushover);
    const project = writeToggleProject(bed.box.root, 'photos');
    const api = `${pushover.base}/1/messages.json`;
    writeConfig(
      bed.box.home,
      [project.dir],
      channelsYaml([
        `{ kind: pushover, user_env: PUSHOVER_USER, token_env: PUSHOVER_TOKEN, api_url: "${api}" }`,
        `{ kind: pushover, user_env: OTHER_USER, token_env: PUSHOVER_TOKEN, api_url: "${api}" }`,
      ]),
    );
    const c = await engineWith({ PUSHOVER_TOKEN, PUSHOVER_USER, OTHER_USER: 'uNotARealUserKey0000000000000' });

    await runTask(c, project.task);
    const sent = await waitFor('the push to the good user', () => pushover.received.find((r) => new URLSearchParams(r.raw).get('user') === PUSHOVER_USER));
    const form = new URLSearchParams(sent.raw);
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form)).toMatchObject({ token: PUSHOVER_TOKEN, title: 'photos/nightly failed', priority: '1' });
    expect(form.get('message')).toContain('the database refused the connection');

    const bad = c.handlers['channels.list']()[1];
    const answer = await c.handlers['channels.test']({ id: bad?.id ?? '' });
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('Pushover answered 400') });
    expect(answer.error).toContain('user identifier is not a valid user');
    expect(answers(c)).not.toContain(PUSHOVER_TOKEN);
    expect(answers(c)).not.toContain(PUSHOVER_USER);
  });
});

describe('email', () => {
  it('sends a mail over SMTP with AUTH, and a wrong password is a readable error without the password', async () => {
    const smtp = await fakeSmtp('alerts@example.com', SMTP_PASSWORD);
    servers.push(smtp);
    const project = writeToggleProject(bed.box.root, 'mail');
    writeConfig(
      bed.box.home,
      [project.dir],
      channelsYaml([
        `{ kind: email, name: inbox, to: erik@example.com, from: "Agent OS <alerts@example.com>", smtp_url_env: SMTP_URL }`,
        `{ kind: email, to: [erik@example.com, ops@example.com], from: alerts@example.com, smtp_url_env: BAD_SMTP_URL }`,
      ]),
    );
    const c = await engineWith({
      SMTP_URL: `smtp://alerts%40example.com:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`,
      BAD_SMTP_URL: `smtp://alerts%40example.com:not-the-${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`,
    });

    await runTask(c, project.task);
    const mail = await waitFor('the mail', () => smtp.mails[0]);
    expect(mail.to).toEqual(['erik@example.com']);
    expect(mail.raw).toMatch(/^Subject: \[Agent OS\] mail\/nightly failed/m);
    expect(mail.raw).toContain('the database refused the connection');

    const bad = c.handlers['channels.list']().find((ch) => ch.target === 'erik@example.com, ops@example.com');
    const answer = await c.handlers['channels.test']({ id: bad?.id ?? '' });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/^Email could not be sent: .*535/);
    expect(answer.error).not.toContain(SMTP_PASSWORD);
    await c.stop();
    expect(filesContaining(bed.box.home, SMTP_PASSWORD)).toEqual([]);
  });
});

describe('channel entries in config.yml', () => {
  it('names the bad field of each entry, lists the kinds for an unknown one, and never quotes a token pasted where its variable name belongs', async () => {
    writeConfig(
      bed.box.home,
      [],
      channelsYaml([
        `{ kind: pager, url: "https://pager.example.com/hook" }`,
        `{ kind: telegram, chat_id: 42, token_env: "${TG_TOKEN}" }`,
        `{ kind: ntfy, url: "https://ntfy.sh/" }`,
        `{ kind: slack, url: "https://hooks.slack.com/services/T0/B0/x" }`,
      ]),
    );
    const c = await engineWith({});
    const errors = c.handlers['status.get']().config_errors ?? [];
    const text = JSON.stringify(errors);

    expect(errors.map((e) => e.path)).toEqual(['notify.webhooks.0.kind', 'notify.webhooks.1.token_env', 'notify.webhooks.2.url']);
    expect(text).toContain('expected kind to be one of discord, slack, json, ntfy, telegram, email, pushover');
    expect(text).toContain('expected the topic URL, such as https://ntfy.sh/my-alerts');
    expect(text).not.toContain(TG_TOKEN);
    expect(c.handlers['channels.list']().map((ch) => ch.kind)).toEqual(['slack']);
  });
});

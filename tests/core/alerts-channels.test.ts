// Settings' channel list and "send test" button (SPEC §9): a test message really goes out, a failing
// channel says why, and the secret path of a webhook URL never leaves config.yml.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { channelOf, jsonBody, notifyConfig, writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const { listen } = bed;
const engine = (): Promise<Core> => bed.engine();

const SECRET_PATH = '/api/webhooks/1187/Zt9-secret-webhook-token-Qm4';

describe('channels.test', () => {
  it('sends a test message to a listener and answers ok', async () => {
    const good = await listen();
    writeConfig(bed.box.home, [], notifyConfig([{ kind: 'json', url: good.url('/hooks/good') }]));
    const c = await engine();

    const answer = await c.handlers['channels.test']({ id: channelOf(c, good) });

    expect(answer).toEqual({ ok: true, error: null });
    expect(good.requests).toHaveLength(1);
    const [sent] = good.requests;
    if (!sent) throw new Error('the listener received nothing');
    expect(sent.path).toBe('/hooks/good');
    expect(jsonBody(sent).event).toBe('test');
  });

  it('answers ok:false with the error text when the listener answers 500', async () => {
    const broken = await listen({ then: 500, errorBody: 'webhook store is down for maintenance' });
    writeConfig(bed.box.home, [], notifyConfig([{ kind: 'discord', url: broken.url(SECRET_PATH) }]));
    const c = await engine();

    const answer = await c.handlers['channels.test']({ id: channelOf(c, broken) });

    expect(answer.ok).toBe(false);
    expect(answer.error).toContain('500');
    expect(answer.error).toContain('webhook store is down for maintenance');
    expect(answer.error).not.toContain('Zt9-secret');
    expect(broken.requests).toHaveLength(1);
  });

  it('gives up on a never-answering listener within notify.timeout and answers ok:false', async () => {
    const silent = await listen({ then: 'hang' });
    writeConfig(bed.box.home, [], notifyConfig([{ kind: 'json', url: silent.url('/hooks/silent') }], { timeout: '1s' }));
    const c = await engine();

    // A deadline well past notify.timeout (1s) and well before the 10s a hard-coded timeout would take.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), 5000)));
    const answer = await Promise.race([c.handlers['channels.test']({ id: channelOf(c, silent) }), deadline]);
    clearTimeout(timer);

    expect(answer).not.toBe('deadline');
    expect(answer).toMatchObject({ ok: false });
    await waitFor('the listener to see the request closed', () => silent.requests[0]?.closedByClient);
  });
});

describe('webhook URLs in responses', () => {
  it('never show the secret path in channels.list or alerts.list, only host/…', async () => {
    const broken = await listen({ then: 500 });
    const slack = await listen();
    const project = writeToggleProject(bed.box.root, 'shop');
    const hooks = [
      { kind: 'discord' as const, url: broken.url(SECRET_PATH) },
      { kind: 'slack' as const, url: slack.url('/services/T0001/B0001/Xy7-slack-secret-Pz2') },
    ];
    writeConfig(bed.box.home, [project.dir], notifyConfig(hooks, { retry_base: '100ms', max_attempts: 1 }));
    const c = await engine();

    expect((await runTask(c, project.task)).run.status).toBe('failed');
    // The 500 channel gives up at once (max_attempts 1): its channel_failing alert names the channel.
    const failing = await waitFor('a channel_failing alert', () => c.handlers['alerts.list']().find((a) => a.kind === 'channel_failing'));
    await waitFor('the failing channel to show as failing', () => c.handlers['channels.list']().find((ch) => ch.id === failing.subject)?.failing);

    const channels = c.handlers['channels.list']();
    expect(channels.map((ch) => ch.target).sort()).toEqual([`${new URL(broken.base).host}/…`, `${new URL(slack.base).host}/…`].sort());
    const shown = JSON.stringify([channels, c.handlers['alerts.list']()]);
    for (const secret of ['Zt9-secret-webhook-token-Qm4', '/api/webhooks/1187', 'Xy7-slack-secret-Pz2', '/services/T0001']) expect(shown).not.toContain(secret);
    expect(failing.title).toContain(`${new URL(broken.base).host}/…`);
  });
});

// @vitest-environment jsdom
// Issue 25: channel health, last delivery and Send test in Settings; the inbox's Messages with each
// project's notify URL, a Copy button and a curl line; a banner while a channel does not answer.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelInfo, Delivery, ProjectMessage } from '../../src-main/common/alerts';
import { examplesStatus, makeSettings } from './support/factories';
import { renderApp, useMountedApps } from './support/render-app';

const track = useMountedApps();
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

const delivery = (over: Partial<Delivery>): Delivery => ({
  id: 1,
  alert_id: 1,
  channel: 'ntfy-1',
  event: 'opened',
  status: 'pending',
  attempts: 7,
  next_attempt_at: null,
  last_error: 'ntfy answered 502: bad gateway',
  created_at: ago(3_600_000),
  sent_at: null,
  ...over,
});

const channels = (): ChannelInfo[] => [
  {
    id: 'ntfy-1',
    kind: 'ntfy',
    name: 'phone',
    target: 'ntfy.sh/…',
    failing: true,
    last_delivery: delivery({}),
    last_sent_at: ago(2 * 3_600_000),
    waiting: 3,
  },
  { id: 'slack-1', kind: 'slack', name: null, target: 'hooks.slack.com/…', failing: false, last_delivery: null, last_sent_at: ago(5 * 60_000), waiting: 0 },
];

describe('Settings › Notification channels', () => {
  it("shows each channel's health and last delivery, and sends a test on demand", async () => {
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'settings.get': () => makeSettings(),
          'channels.list': channels,
          'channels.test': () => ({ ok: true, error: null }),
          'digest.preview': () => ({
            day: '',
            generated_at: '',
            failures: [],
            recoveries: [],
            still_failing: [],
            missed: [],
            spend: [],
            messages: [],
            upcoming: [],
            text: '',
          }),
        },
        'settings',
      ),
    );
    const section = await screen.findByRole('region', { name: 'Notification channels' });
    await waitFor(() => expect(section.querySelectorAll('li')).toHaveLength(2));
    const [phone, slack] = [...section.querySelectorAll<HTMLElement>('li')];
    expect(phone?.querySelector('.badge')?.textContent).toBe('not answering');
    expect(phone?.querySelector('.channel-health')?.textContent?.trim()).toBe(
      'not answering: ntfy answered 502: bad gateway · 3 notifications kept, sent once it answers · last delivered 2h ago',
    );
    expect(slack?.querySelector('.badge')?.textContent).toBe('ok');
    expect(slack?.querySelector('.channel-health')?.textContent?.trim()).toBe('last delivered 5m ago');

    const lists = m.transport.callsOf('channels.list').length;
    fireEvent.click(within(section).getByRole('button', { name: 'Send a test to slack hooks.slack.com/…' }));
    await waitFor(() => expect(slack?.querySelector('.channel-test')?.textContent?.trim()).toBe('Delivered.'));
    expect(m.transport.callsOf('channels.test')).toEqual([{ id: 'slack-1' }]);
    // Its last delivery is read again after the test.
    expect(m.transport.callsOf('channels.list').length).toBeGreaterThan(lists);
  });
});

describe('the inbox', () => {
  const message = (id: number, over: Partial<ProjectMessage>): ProjectMessage => ({
    id,
    project: 'shop',
    title: null,
    message: 'nightly export done',
    level: 'info',
    source: 'http',
    run_id: null,
    received_at: ago(60_000),
    alert_id: 9,
    ...over,
  });

  it('lists the messages projects sent, and how each project sends one: its notify URL with Copy and a curl line', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (t: string) => (copied.push(t), Promise.resolve()) } });
    const status = {
      ...examplesStatus(),
      channels_down: [{ id: 'ntfy-1', label: 'phone (ntfy.sh/…)', since: ago(3_600_000), error: 'ntfy answered 502', waiting: 3 }],
    };
    track(
      await renderApp(
        {
          'status.get': () => status,
          'alerts.list': () => [],
          'messages.list': () => [
            message(2, { title: 'Disk almost full', message: '92 % used on /data', level: 'warning', source: 'task' }),
            message(1, { alert_id: null, source: 'cli' }),
          ],
          'projects.list': () => [
            { name: 'shop', path: '/p/shop', state: 'ok', errors: [], tasks: [], ping_key: 'k3y', notify_url: 'http://127.0.0.1:7317/notify/k3y' },
          ],
        },
        'alerts',
      ),
    );
    expect((await screen.findByText(/^Channel phone/)).textContent).toBe(
      'Channel phone (ntfy.sh/…) is not answering (ntfy answered 502): 3 notifications kept, sent once it answers.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Messages' }));
    const list = await screen.findByRole('list', { name: 'Messages from projects' });
    const rows = [...list.querySelectorAll<HTMLElement>('li')];
    expect(rows.map((r) => r.querySelector('.task-name')?.textContent)).toEqual(['shop: Disk almost full', 'shop: nightly export done']);
    expect(rows[0]?.querySelector('.badge')?.textContent).toBe('warning');
    expect(rows[0]?.querySelector('.task-meta')?.textContent).toBe('1m ago · from a run · sent to its channels');
    expect(rows[1]?.querySelector('.task-meta')?.textContent).toBe('1m ago · agent-os notify · waiting to be sent');

    expect(screen.getByLabelText('Notify URL of shop').textContent).toBe('http://127.0.0.1:7317/notify/k3y');
    expect(screen.getByLabelText('curl line for shop').textContent).toBe(
      `curl -fsS -m 10 -H 'content-type: application/json' -d '{"title":"Backup","message":"finished","level":"info"}' http://127.0.0.1:7317/notify/k3y`,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy the curl line for shop' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain('http://127.0.0.1:7317/notify/k3y');
    await screen.findByText('Copied');
  });
});

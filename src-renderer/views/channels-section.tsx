import { useCallback, useEffect, useState } from 'react';
import type { ChannelInfo } from '../../src-main/common/alerts';
import { useClient, useEventListener } from '../app-context';
import { relativeTime } from '../components/time-format';

/** One line on how a channel is doing: when it last delivered, or since when it does not answer and what waits. */
export function channelHealth(c: ChannelInfo, now = Date.now()): string {
  const last = c.last_sent_at ? `last delivered ${relativeTime(c.last_sent_at, now)}` : 'nothing delivered yet';
  if (!c.failing) return last;
  const error = c.last_delivery?.last_error ? `: ${c.last_delivery.last_error}` : '';
  const kept = c.waiting > 0 ? ` · ${c.waiting} notification${c.waiting === 1 ? '' : 's'} kept, sent once it answers` : '';
  return `not answering${error}${kept} · ${last}`;
}

/**
 * Notification channels (config.yml `notify.webhooks`): each with its health, its last delivery and a
 * "Send test" button.
 */
export function ChannelsSection() {
  const client = useClient();
  const listen = useEventListener();
  const [channels, setChannels] = useState<ChannelInfo[]>([]);
  const [results, setResults] = useState<Record<string, string>>({});
  const load = useCallback(
    () =>
      void client
        .call('channels.list', {})
        .then(setChannels)
        .catch(() => setChannels([])),
    [client],
  );
  useEffect(() => {
    load();
    // A channel that fails or comes back raises or resolves its channel_failing alert.
    return listen((event) => {
      if (event.name === 'alert.raised' || event.name === 'alert.resolved') load();
    });
  }, [load, listen]);
  const test = async (id: string): Promise<void> => {
    setResults((r) => ({ ...r, [id]: 'Sending…' }));
    try {
      const result = await client.call('channels.test', { id });
      setResults((r) => ({ ...r, [id]: result.ok ? 'Delivered.' : `Failed: ${result.error ?? 'unknown error'}` }));
    } catch (e) {
      setResults((r) => ({ ...r, [id]: `Failed: ${e instanceof Error ? e.message : String(e)}` }));
    }
    load();
  };
  return (
    <section aria-label="Notification channels">
      <h2>Notification channels</h2>
      {channels.length === 0 ? (
        <p className="muted">None yet: add ntfy, Telegram, email, Pushover, Discord, Slack or JSON webhooks under `notify.webhooks` in config.yml.</p>
      ) : null}
      <ul className="plain-list">
        {channels.map((c) => (
          <li key={c.id} data-channel={c.id}>
            <span>
              <strong>{c.name ?? c.kind}</strong> {c.name ? <span className="muted">{c.kind}</span> : null} <code>{c.target}</code>{' '}
              <span className={`badge ${c.failing ? 'state-failing' : 'state-ok'}`}>{c.failing ? 'not answering' : 'ok'}</span>
              <span className="muted channel-health"> {channelHealth(c)}</span>
              {results[c.id] ? <span className="muted channel-test"> {results[c.id]}</span> : null}
            </span>
            <button type="button" onClick={() => void test(c.id)} aria-label={`Send a test to ${c.name ?? c.kind} ${c.target}`}>
              Send test
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

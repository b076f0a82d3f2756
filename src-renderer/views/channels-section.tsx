import { useEffect, useState } from 'react';
import type { ChannelInfo } from '../../src-main/common/alerts';
import { useClient } from '../app-context';

/** Notification channels with a "Send test" button each; channels are configured in config.yml. */
export function ChannelsSection() {
  const client = useClient();
  const [channels, setChannels] = useState<ChannelInfo[]>([]);
  const [results, setResults] = useState<Record<string, string>>({});
  useEffect(
    () =>
      void client
        .call('channels.list', {})
        .then(setChannels)
        .catch(() => setChannels([])),
    [client],
  );
  const test = async (id: string): Promise<void> => {
    setResults((r) => ({ ...r, [id]: 'Sending…' }));
    try {
      const result = await client.call('channels.test', { id });
      setResults((r) => ({ ...r, [id]: result.ok ? 'Delivered.' : `Failed: ${result.error ?? 'unknown error'}` }));
    } catch (e) {
      setResults((r) => ({ ...r, [id]: `Failed: ${e instanceof Error ? e.message : String(e)}` }));
    }
  };
  return (
    <section aria-label="Notification channels">
      <h2>Notification channels</h2>
      {channels.length === 0 ? <p className="muted">None yet: add Discord, Slack or JSON webhooks under `notify.webhooks` in config.yml.</p> : null}
      <ul className="plain-list">
        {channels.map((c) => (
          <li key={c.id}>
            <span>
              <strong>{c.kind}</strong> <code>{c.target}</code> {c.failing ? <span className="badge state-failing">failing</span> : null}
              {results[c.id] ? <span className="muted"> {results[c.id]}</span> : null}
            </span>
            <button type="button" onClick={() => void test(c.id)} aria-label={`Send a test to ${c.kind} ${c.target}`}>
              Send test
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { Digest } from '../../src-main/common/alerts';
import { useAppState, useClient } from '../app-context';

/** The daily digest (config `notify.digest`): when it goes out, and a preview of what it would say now. */
export function DigestSection() {
  const client = useClient();
  const notify = useAppState((s) => s.settings?.notify);
  const [digest, setDigest] = useState<Digest | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      void client
        .call('digest.preview', {})
        .then((d) => {
          setDigest(d);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [client],
  );
  const flapping = notify?.flapping;
  return (
    <section aria-label="Daily digest">
      <h2>Daily digest</h2>
      <p className="muted">
        {notify?.digest ? `Sent to every channel daily at ${notify.digest}.` : 'Off: set notify.digest: "08:00" in config.yml to get it daily.'}
      </p>
      {flapping ? (
        <p className="muted">
          {flapping.changes > 0
            ? `A task that changes state more than ${flapping.changes} times within ${flapping.window} alerts once as flapping, then stays quiet until it is stable.`
            : 'Flapping detection is off (notify.flapping.changes: 0).'}
        </p>
      ) : null}
      {error ? (
        // A preview that cannot load is no reason to alarm anyone: the digest itself is made by the engine.
        <p className="muted">Preview unavailable: {error}</p>
      ) : digest ? (
        <pre className="digest-text" aria-label="Digest preview">
          {digest.text}
        </pre>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

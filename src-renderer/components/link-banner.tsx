import { useEffect, useState } from 'react';
import { useAppState } from '../app-context';
import { clockTime } from './time-format';

const BACK_SHOWN_MS = 10_000;

/**
 * The engine's live link, said in words: while it is gone the data on screen is old (and dimmed, Run
 * disabled), so the banner says from when; once it is back, for a few seconds, that it is back.
 */
export function LinkBanner() {
  const offline = useAppState((s) => s.linkSeen && !s.linkUp);
  const syncedAt = useAppState((s) => s.syncedAt);
  const backAt = useAppState((s) => s.linkBackAt);
  const [hidden, setHidden] = useState<string | null>(null);
  useEffect(() => {
    if (!backAt) return;
    const timer = setTimeout(() => setHidden(backAt), BACK_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [backAt]);
  if (offline) {
    return (
      <div className="banner offline-banner" role="alert">
        <span>Disconnected from Agent OS — showing data from {clockTime(syncedAt)}. Reconnecting…</span>
      </div>
    );
  }
  if (backAt && hidden !== backAt) {
    return (
      <div className="banner back-banner" role="status">
        <span>Connected to Agent OS again since {clockTime(backAt)}; the data is current.</span>
      </div>
    );
  }
  return null;
}

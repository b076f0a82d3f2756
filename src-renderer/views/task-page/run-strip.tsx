import type { Run } from '../../../src-main/common/models';
import { useAppState } from '../../app-context';
import { duration } from '../../components/time-format';

/** The last runs, oldest left, one bar each: colour by outcome, height by duration; a bar opens its run. */
export function RunStrip({ runs }: { runs: readonly Run[] }) {
  const openRun = useAppState((s) => s.openRun);
  const ordered = [...runs].reverse();
  const longest = Math.max(1, ...ordered.map((r) => r.duration_ms ?? 0));
  return (
    <div className="run-strip" role="list" aria-label="Last runs, oldest first">
      {ordered.map((r) => {
        const share = r.duration_ms === null ? 0.15 : Math.max(0.08, r.duration_ms / longest);
        return (
          <button
            type="button"
            role="listitem"
            key={r.id}
            className={`strip-bar status-${r.status}`}
            style={{ height: `${Math.round(share * 100)}%` }}
            title={`#${r.id} ${r.status}${r.duration_ms === null ? '' : ` · ${duration(r.duration_ms)}`}`}
            aria-label={`Run ${r.id}: ${r.status}${r.duration_ms === null ? '' : `, ${duration(r.duration_ms)}`}`}
            onClick={() => openRun(r.id)}
          />
        );
      })}
    </div>
  );
}

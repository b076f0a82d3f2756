import { useEffect, useState } from 'react';
import type { UpcomingRun } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { relativeTime } from '../components/time-format';

const RANGES = [
  { hours: 24, label: 'Next 24 h' },
  { hours: 24 * 7, label: 'Next 7 days' },
] as const;

/** One timeline of what runs next, across every source, grouped by day. */
export function ScheduleView() {
  const openTask = useAppState((s) => s.openTask);
  const [hours, setHours] = useState<number>(24);
  const upcoming = useAppState((s) => s.upcoming);
  const loadUpcoming = useAppState((s) => s.loadUpcoming);
  const load = useAppState((s) => s.upcomingLoad);
  useEffect(() => void loadUpcoming(hours), [hours, loadUpcoming]);
  const days = groupByDay(upcoming);
  return (
    <div className="schedule-view">
      <div className="segmented" role="radiogroup" aria-label="Range">
        {RANGES.map((r) => (
          <button
            key={r.hours}
            type="button"
            role="radio"
            aria-checked={hours === r.hours}
            className={hours === r.hours ? 'active' : ''}
            onClick={() => setHours(r.hours)}
          >
            {r.label}
          </button>
        ))}
      </div>
      {load.state === 'failed' ? (
        <div className="empty" role="alert">
          <p>Could not load the schedule: {load.error}</p>
          <button type="button" onClick={() => void loadUpcoming(hours)}>
            Try again
          </button>
        </div>
      ) : load.state === 'loading' ? (
        <p className="empty" role="status">
          Loading the schedule…
        </p>
      ) : upcoming.length === 0 ? (
        <p className="empty">Nothing is scheduled in this range. Give a task a `schedule:` or `every:` in its agent-os.yml.</p>
      ) : null}
      {load.state !== 'ready'
        ? null
        : days.map(([day, items]) => (
            <section key={day} aria-label={day}>
              <h2>{day}</h2>
              <ol className="timeline">
                {collapseRepeats(items).map(({ item: u, repeats, every }) => (
                  <li key={`${u.task}@${u.at}`} className={u.paused ? 'paused' : ''}>
                    <time dateTime={u.at}>{new Date(u.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}</time>
                    <span>
                      <button type="button" className="link timeline-task task-open" onClick={() => openTask(u.task)} aria-label={`Open task ${u.task}`}>
                        {u.task}
                      </button>
                      {OWNER[u.kind] ? <span className="muted owner"> · {OWNER[u.kind]}</span> : null}
                      {repeats > 1 ? <span className="muted repeats"> · {repeatsText(repeats, every)}</span> : null}
                    </span>
                    <span className="muted">{u.kind === 'heartbeat' ? 'ping expected' : u.paused ? 'paused' : relativeTime(u.at)}</span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
    </div>
  );
}

/** Who runs a schedule, when it is not Agent OS itself: the schedule view shows every source in one list. */
const OWNER: Partial<Record<UpcomingRun['kind'], string>> = { github_actions: 'GitHub', railway: 'Railway', launchd: 'launchd', cron: 'crontab' };

function groupByDay(items: readonly UpcomingRun[]): Array<[string, UpcomingRun[]]> {
  const days = new Map<string, UpcomingRun[]>();
  for (const item of items) {
    const day = new Date(item.at).toLocaleDateString(undefined, { weekday: 'long', month: 'short', day: 'numeric' });
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days];
}

const REPEAT_LIMIT = 4;

/** "every minute · 1,440 this day", or "then 23 more this day" for a task without a steady pace. */
function repeatsText(repeats: number, every: string | null): string {
  return every ? `every ${every} · ${repeats.toLocaleString('en')} this day` : `then ${(repeats - 1).toLocaleString('en')} more this day`;
}

/**
 * A task firing more than a few times a day shows once (its first time) with its exact count, not 96 rows:
 * the engine sends such a day as one entry with `count` (and its pace in `every`); entries listed one by
 * one (launchd, crontab) are counted here.
 */
function collapseRepeats(items: readonly UpcomingRun[]): Array<{ item: UpcomingRun; repeats: number; every: string | null }> {
  const totals = new Map<string, { count: number; folded: boolean; every: string | null }>();
  for (const item of items) {
    const total = totals.get(item.task) ?? { count: 0, folded: false, every: null };
    total.count += item.count ?? 1;
    if (item.count !== undefined) {
      total.folded = true;
      total.every = item.every ?? null;
    }
    totals.set(item.task, total);
  }
  const shown = new Set<string>();
  const out: Array<{ item: UpcomingRun; repeats: number; every: string | null }> = [];
  for (const item of items) {
    const total = totals.get(item.task) ?? { count: 1, folded: false, every: null };
    if (!total.folded && total.count <= REPEAT_LIMIT) out.push({ item, repeats: 1, every: null });
    else if (!shown.has(item.task)) {
      shown.add(item.task);
      out.push({ item, repeats: total.count, every: total.every });
    }
  }
  return out;
}

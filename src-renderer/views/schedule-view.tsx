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
                {collapseRepeats(items).map(({ item: u, repeats }) => (
                  <li key={`${u.task}@${u.at}`} className={u.paused ? 'paused' : ''}>
                    <time dateTime={u.at}>{new Date(u.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}</time>
                    <span>
                      <button type="button" className="link timeline-task task-open" onClick={() => openTask(u.task)} aria-label={`Open task ${u.task}`}>
                        {u.task}
                      </button>
                      {OWNER[u.kind] ? <span className="muted owner"> · {OWNER[u.kind]}</span> : null}
                      {repeats > 1 ? <span className="muted repeats"> · then {repeats - 1} more this day</span> : null}
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
  for (const item of items.slice(0, 1000)) {
    const day = new Date(item.at).toLocaleDateString(undefined, { weekday: 'long', month: 'short', day: 'numeric' });
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days];
}

const REPEAT_LIMIT = 4;

/** A task firing more than a few times a day shows once (its first time) with a count, not 96 rows. */
function collapseRepeats(items: readonly UpcomingRun[]): Array<{ item: UpcomingRun; repeats: number }> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.task, (counts.get(item.task) ?? 0) + 1);
  const shown = new Set<string>();
  const out: Array<{ item: UpcomingRun; repeats: number }> = [];
  for (const item of items) {
    const count = counts.get(item.task) ?? 1;
    if (count <= REPEAT_LIMIT) out.push({ item, repeats: 1 });
    else if (!shown.has(item.task)) {
      shown.add(item.task);
      out.push({ item, repeats: count });
    }
  }
  return out;
}

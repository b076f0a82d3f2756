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
  const [hours, setHours] = useState<number>(24);
  const upcoming = useAppState((s) => s.upcoming);
  const loadUpcoming = useAppState((s) => s.loadUpcoming);
  useEffect(() => void loadUpcoming(hours), [hours, loadUpcoming]);
  const days = groupByDay(upcoming);
  return (
    <div className="schedule-view">
      <div className="segmented" role="radiogroup" aria-label="Range">
        {RANGES.map((r) => (
          <button key={r.hours} type="button" role="radio" aria-checked={hours === r.hours} className={hours === r.hours ? 'active' : ''} onClick={() => setHours(r.hours)}>
            {r.label}
          </button>
        ))}
      </div>
      {upcoming.length === 0 ? <p className="empty">Nothing is scheduled in this range. Give a task a `schedule:` or `every:` in its agent-os.yml.</p> : null}
      {days.map(([day, items]) => (
        <section key={day} aria-label={day}>
          <h2>{day}</h2>
          <ol className="timeline">
            {items.map((u) => (
              <li key={`${u.task}@${u.at}`} className={u.paused ? 'paused' : ''}>
                <time dateTime={u.at}>{new Date(u.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}</time>
                <span className="timeline-task">{u.task}</span>
                <span className="muted">{u.kind === 'heartbeat' ? 'ping expected' : u.paused ? 'paused' : relativeTime(u.at)}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function groupByDay(items: readonly UpcomingRun[]): Array<[string, UpcomingRun[]]> {
  const days = new Map<string, UpcomingRun[]>();
  for (const item of items.slice(0, 1000)) {
    const day = new Date(item.at).toLocaleDateString(undefined, { weekday: 'long', month: 'short', day: 'numeric' });
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days];
}

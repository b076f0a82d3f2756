// GitHub's shortest schedule interval is 5 minutes ("The shortest interval you can run scheduled workflows
// is once every 5 minutes", docs.github.com: events that trigger workflows, schedule). A cron that asks for
// more often (issue 23: `*/4`) runs about every 5 minutes there; Agent OS expects it as GitHub runs it.

/** The shortest gap, in minutes, between the minutes a cron's minute field allows (60 for one a hour). */
function shortestMinuteGap(field: string): number {
  const minutes = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const [from, to] = range === '*' ? [0, 59] : range.includes('-') ? range.split('-').map(Number) : [Number(range), stepText ? 59 : Number(range)];
    if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isInteger(step) || step <= 0) return 60;
    for (let m = from as number; m <= (to as number); m += step) minutes.add(m);
  }
  const sorted = [...minutes].sort((a, b) => a - b);
  if (sorted.length < 2) return 60;
  let gap = 60 - (sorted[sorted.length - 1] as number) + (sorted[0] as number);
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, (sorted[i] as number) - (sorted[i - 1] as number));
  return gap;
}

/** For a cron GitHub cannot run as often as written: the cron it effectively runs and a note; else null. */
export function githubInterval(cron: string): { runsAs: string; note: string } | null {
  const [minute = '*', ...rest] = cron.trim().split(/\s+/);
  const gap = shortestMinuteGap(minute);
  if (gap >= 5) return null;
  const runsAs = ['*/5', ...rest].join(' ');
  return {
    runsAs,
    note: `"${cron}" asks for a run every ${gap === 1 ? 'minute' : `${gap} minutes`}, but GitHub runs schedules at most every 5 minutes: expected as "${runsAs}"`,
  };
}

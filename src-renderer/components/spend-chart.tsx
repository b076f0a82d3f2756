import { useMemo } from 'react';
import { TimeChart } from './time-chart';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];
const DAYS = 30;
const usd = (v: number): string => `$${v.toFixed(2)}`;

/** Each calendar day of the 30 ending `today` (YYYY-MM-DD), so days without spend show as gaps, not packed together. */
export function lastDays(today: string, count = DAYS): string[] {
  const end = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Daily spend of the last 30 days, one stacked bar per day and one colour per key, with dated axes. */
export function SpendChart({ today, points }: { today: string; points: ReadonlyArray<{ day: string; key: string; usd: number }> }) {
  const { x, series, total } = useMemo(() => {
    const days = lastDays(today);
    const keys = [...new Set(points.map((p) => p.key))];
    return {
      x: days.map((d) => Date.parse(`${d}T12:00:00`) / 1000),
      series: keys.map((key, k) => ({
        label: key,
        color: COLORS[k % COLORS.length] as string,
        values: days.map((d) => points.filter((p) => p.day === d && p.key === key).reduce<number | null>((s, p) => (s ?? 0) + p.usd, null)),
      })),
      total: points.reduce((s, p) => s + p.usd, 0),
    };
  }, [today, points]);
  if (points.length === 0) return <p className="muted">No spend in the last 30 days.</p>;
  return <TimeChart title={`Daily spend over the last 30 days, ${usd(total)} in all`} x={x} series={series} kind="bars" format={usd} />;
}

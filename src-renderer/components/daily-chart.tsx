import { useMemo } from 'react';
import uPlot, { type AlignedData } from 'uplot';
import { axis, UplotChart } from './uplot-chart';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];
const DAYS = 30;
const DAY_S = 86_400;
const bars = uPlot.paths.bars?.({ size: [0.8, 30] });
const usd = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `$${v.toFixed(2)}`);

/** The 30 calendar days ending `today` (YYYY-MM-DD), oldest first, each as seconds at 00:00 UTC. */
function lastDays(today: string): number[] {
  const end = Date.parse(`${today}T00:00:00Z`) / 1000;
  return Array.from({ length: DAYS }, (_, i) => end - (DAYS - 1 - i) * DAY_S);
}

/**
 * Spend per day for the last 30 days, stacked per key (project): a dated x axis with every day on it (days
 * without spend show as gaps, not squeezed out), dollars on the y axis, each key's value for a day on hover.
 */
export function DailyChart({ points, today }: { points: ReadonlyArray<{ day: string; key: string; usd: number }>; today: string }) {
  const { data, keys, raw, colorOf } = useMemo(() => {
    const days = lastDays(today);
    const keys = [...new Set(points.map((p) => p.key))];
    const index = new Map(days.map((d, i) => [new Date(d * 1000).toISOString().slice(0, 10), i]));
    const raw = keys.map(() => days.map(() => 0));
    for (const p of points) {
      const i = index.get(p.day);
      const k = keys.indexOf(p.key);
      if (i !== undefined && raw[k]) raw[k][i] = (raw[k][i] ?? 0) + p.usd;
    }
    // Stacked: a key's bar reaches its own spend plus that of the keys before it. Drawn top-down (the tallest
    // first), so each shorter bar paints over the lower part of the one before; a day without its spend is a gap.
    const stacked = raw.map((_, k) => days.map((_, i) => raw.slice(0, k + 1).reduce((a, r) => a + (r[i] ?? 0), 0)));
    const topDown = raw.map((_, j) => raw.length - 1 - j);
    const series = topDown.map((k) => (stacked[k] ?? []).map((v, i) => ((raw[k]?.[i] ?? 0) > 0 ? v : null)));
    return { data: [days, ...series] as AlignedData, keys: topDown.map((k) => keys[k] ?? ''), raw: topDown.map((k) => raw[k] ?? []), colorOf: topDown };
  }, [points, today]);

  if (keys.length === 0) return <p className="muted">No spend in the last 30 days.</p>;
  return (
    <figure className="daily-chart">
      <UplotChart
        label={`Daily spend for the last ${DAYS} days, by project`}
        height={160}
        data={data}
        options={(colors) => ({
          scales: {
            x: { time: true, range: (_u, min, max) => [min - DAY_S / 2, max + DAY_S / 2] },
            y: { range: (_u, _min, max) => [0, Math.max(max, 0.01) * 1.1] },
          },
          axes: [axis(colors, { space: 60 }), axis(colors, { values: (_u, ticks) => ticks.map((t) => usd(t)), size: 60 })],
          series: [
            { label: 'Day', value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)) },
            ...keys.map((key, k) => {
              const color = COLORS[(colorOf[k] ?? 0) % COLORS.length] ?? '#2563eb';
              return {
                label: key,
                fill: color,
                stroke: color,
                paths: bars,
                points: { show: false },
                value: (_u: uPlot, _v: number | null, _s: number, i: number | null) => (i === null ? '—' : usd(raw[k]?.[i] ?? 0)),
              };
            }),
          ],
          legend: { live: true },
          cursor: { points: { show: false } },
        })}
      />
      <table className="chart-values">
        <caption>Spend per day and project</caption>
        <tbody>
          {points.map((p) => (
            <tr key={`${p.day}-${p.key}`}>
              <td>{p.day}</td>
              <td>{p.key}</td>
              <td>{usd(p.usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

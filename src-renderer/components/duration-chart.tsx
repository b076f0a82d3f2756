import { useMemo } from 'react';
import uPlot, { type AlignedData } from 'uplot';
import type { Run } from '../../src-main/common/models';
import { clock, duration } from './time-format';
import { axis, UplotChart } from './uplot-chart';

const FAILED = new Set<Run['status']>(['failed', 'timeout', 'interrupted']);
const bars = uPlot.paths.bars?.({ size: [0.7, 24] });

/** When a run happened: it started, or was queued (a run that never started). */
const runTime = (run: Run): string => run.started_at ?? run.queued_at;

/**
 * The last runs of a task as a strip of bars, oldest on the left: height is the duration (seconds axis),
 * colour the outcome, each bar dated on the x axis; hover shows the run's time and duration.
 */
export function DurationChart({ runs }: { runs: readonly Run[] }) {
  const timed = useMemo(() => [...runs].reverse().filter((r) => r.duration_ms !== null), [runs]);
  const data = useMemo<AlignedData>(
    () => [
      timed.map((_, i) => i),
      timed.map((r) => (r.status === 'success' ? (r.duration_ms ?? 0) / 1000 : null)),
      timed.map((r) => (FAILED.has(r.status) ? (r.duration_ms ?? 0) / 1000 : null)),
    ],
    [timed],
  );
  if (timed.length === 0) return <p className="muted">No run has a duration yet.</p>;
  const at = (i: number): string => clock(timed[Math.round(i)] ? runTime(timed[Math.round(i)] as Run) : null);
  // The axis says what tells the runs apart: the time of day when they all ran within a day, else the date.
  const first = Date.parse(runTime(timed[0] as Run));
  const span = Date.parse(runTime(timed[timed.length - 1] as Run)) - first;
  const tick = (i: number): string => {
    const run = timed[i];
    if (!run) return '';
    const d = new Date(runTime(run));
    if (span >= 86_400_000) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    return d.toLocaleTimeString(
      undefined,
      span < 3_600_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' },
    );
  };
  return (
    <figure className="duration-chart">
      <UplotChart
        label={`Durations of the last ${timed.length} runs`}
        height={140}
        data={data}
        options={(colors) => ({
          scales: { x: { time: false, range: [-0.5, timed.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] } },
          axes: [
            axis(colors, { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? tick(t) : '')), space: 80 }),
            axis(colors, { values: (_u, ticks) => ticks.map((t) => duration(t * 1000)), size: 56 }),
          ],
          series: [
            { label: 'Run', value: (_u, i) => (i === null ? '—' : `#${timed[i]?.id ?? ''} ${at(i)}`) },
            {
              label: 'Succeeded',
              fill: '#16a34a',
              stroke: '#15803d',
              paths: bars,
              points: { show: false },
              value: (_u, v) => (v === null ? '—' : duration(v * 1000)),
            },
            {
              label: 'Failed',
              fill: '#dc2626',
              stroke: '#b91c1c',
              paths: bars,
              points: { show: false },
              value: (_u, v) => (v === null ? '—' : duration(v * 1000)),
            },
          ],
          legend: { live: true },
          cursor: { points: { show: false } },
        })}
      />
      <table className="chart-values">
        <caption>Durations of the last runs</caption>
        <tbody>
          {timed.map((r) => (
            <tr key={r.id}>
              <td>{`#${r.id}`}</td>
              <td>{clock(runTime(r))}</td>
              <td>{r.status}</td>
              <td>{duration(r.duration_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

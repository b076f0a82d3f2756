import { useMemo } from 'react';
import type { Run } from '../../../src-main/common/models';
import { TimeChart } from '../../components/time-chart';
import { duration } from '../../components/time-format';

const format = (seconds: number): string => duration(seconds * 1000);

/** How long each of the last runs took, on a dated axis (values on hover). */
export function DurationChart({ runs }: { runs: readonly Run[] }) {
  const { x, series } = useMemo(() => {
    const timed = [...runs].reverse().filter((r) => r.duration_ms !== null && (r.started_at ?? r.queued_at));
    return {
      x: timed.map((r) => Date.parse(r.started_at ?? r.queued_at) / 1000),
      series: [{ label: 'Duration', color: '#2563eb', values: timed.map((r) => (r.duration_ms ?? 0) / 1000) }],
    };
  }, [runs]);
  if (x.length < 2) return null;
  return <TimeChart title={`Run durations, last ${x.length} runs`} x={x} series={series} kind="points" format={format} />;
}

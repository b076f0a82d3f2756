import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './time-chart.css';

/** One series of a time chart. */
export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  color: string;
}

/** What the chart needs: times (unix seconds), series, and how to write a value. */
export interface TimeChartProps {
  /** Accessible summary, e.g. "Run durations, last 50 runs". */
  title: string;
  x: readonly number[];
  series: readonly ChartSeries[];
  /** Bars (one per x, stacked in series order) or points joined by a line. */
  kind: 'bars' | 'points';
  format: (value: number) => string;
  height?: number;
}

// uPlot draws on a canvas and reads matchMedia (device pixel ratio) as soon as it loads: it is loaded with the
// first chart (its own chunk of the bundle), and a page without them (jsdom) gets the summary only.
const canDraw = (): boolean => typeof window.matchMedia === 'function' && typeof HTMLCanvasElement !== 'undefined';

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

/**
 * A chart with dated x axis, value y axis and values on hover (uPlot, made for time series and small).
 * Stacked bars are drawn as running totals, tallest first, so each key shows as its own band.
 */
export function TimeChart({ title, x, series, kind, format, height = 150 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw() || x.length === 0) return;
    let plot: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let alive = true;
    void import('uplot').then(({ default: UPlot }) => {
      if (!alive) return;
      // Bars stack as running totals drawn tallest first (the last key's total at the back, the first key in front).
      const shown = kind === 'bars' ? [...series].reverse() : [...series];
      const running = (upTo: number, j: number): number | null =>
        series.slice(0, upTo + 1).reduce<number | null>((sum, s) => (s.values[j] == null ? sum : (sum ?? 0) + (s.values[j] as number)), null);
      const ys = shown.map((_, i) => (kind === 'bars' ? x.map((__, j) => running(series.length - 1 - i, j)) : [...(shown[i]?.values ?? [])]));
      const grid = { stroke: cssVar('--border'), width: 1 };
      const axis = { stroke: cssVar('--muted'), grid, ticks: grid };
      plot = new UPlot(
        {
          width: el.clientWidth || 380,
          height,
          legend: { live: true },
          cursor: { points: { show: kind === 'points' } },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
          axes: [{ ...axis }, { ...axis, size: 56, values: (_u, ticks) => ticks.map((t) => format(t)) }],
          series: [
            {
              label: 'Time',
              value: (_u, v) =>
                v == null ? '—' : new Date(v * 1000).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
            },
            ...shown.map((s) => ({
              label: s.label,
              stroke: s.color,
              fill: kind === 'bars' ? s.color : undefined,
              width: kind === 'bars' ? 0 : 1.5,
              points: { show: kind === 'points', size: 5, fill: s.color },
              paths: kind === 'bars' ? UPlot.paths.bars?.({ size: [0.7, 40] }) : undefined,
              // Hover shows each key's own value, not the running total it is drawn at.
              value: (_u: uPlot, _v: number | null, _sidx: number, idx: number | null) => {
                const v = idx === null ? null : (s.values[idx] ?? null);
                return v == null ? '—' : format(v);
              },
            })),
          ],
        },
        [[...x], ...ys] as uPlot.AlignedData,
        el,
      );
      const drawn = plot;
      resize = new ResizeObserver(() => drawn.setSize({ width: el.clientWidth || 380, height }));
      resize.observe(el);
    });
    return () => {
      alive = false;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [x, series, kind, format, height]);
  return <div ref={box} className="time-chart" role="img" aria-label={title} />;
}

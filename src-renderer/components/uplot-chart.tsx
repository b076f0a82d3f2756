import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './uplot-chart.css';

/** The page's colours, read from its CSS variables so the chart follows light and dark. */
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
}

function colorsOf(el: Element): ChartColors {
  const style = getComputedStyle(el);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return { text: read('--text', '#1c1f24'), muted: read('--muted', '#5f6673'), grid: read('--border', '#e3e6ea') };
}

/** A browser that can draw on a canvas (a test DOM without one gets the table beside the chart only). */
function canDraw(): boolean {
  return typeof window.matchMedia === 'function' && typeof ResizeObserver === 'function';
}

/**
 * A uPlot chart sized to its box, redrawn when the data changes or the colour scheme flips. `options` gets
 * the page's colours; width and height are filled in. Values on hover come from uPlot's legend.
 */
export function UplotChart({
  label,
  height,
  data,
  options,
}: {
  label: string;
  height: number;
  data: AlignedData;
  options: (colors: ChartColors) => Omit<Options, 'width' | 'height'>;
}) {
  const box = useRef<HTMLDivElement>(null);
  const make = useRef(options);
  make.current = options;

  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw()) return;
    let chart: uPlot | null = null;
    const build = (): void => {
      chart?.destroy();
      chart = new uPlot({ ...make.current(colorsOf(el)), width: Math.max(el.clientWidth, 200), height }, data, el);
    };
    build();
    const resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', build);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', build);
      chart?.destroy();
    };
  }, [data, height]);

  return <div ref={box} className="uplot-chart" role="img" aria-label={label} />;
}

/** Axis styling shared by the charts. */
export function axis(colors: ChartColors, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: colors.muted,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: '11px system-ui, sans-serif',
    ...extra,
  };
}

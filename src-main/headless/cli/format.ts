import { stripVTControlCharacters, styleText } from 'node:util';
import type { Run, RunStatus, TaskState } from '../../common/models';
import { formatDuration } from '../../common/pure/time-text';

const useColor = (): boolean => process.stdout.isTTY === true && !process.env.NO_COLOR;

type Style = Parameters<typeof styleText>[0];
/** Colors text when stdout is a terminal (and NO_COLOR is unset). */
export function paint(style: Style, text: string): string {
  return useColor() ? styleText(style, text) : text;
}

const STATE_STYLE: Record<TaskState, Style> = {
  ok: 'green',
  failing: ['red', 'bold'],
  running: 'cyan',
  late: 'yellow',
  down: ['red', 'bold'],
  paused: 'gray',
  never: 'gray',
  unknown: 'yellow',
};
const STATE_MARK: Record<TaskState, string> = { ok: '✔', failing: '✘', running: '▶', late: '⏰', down: '✘', paused: '⏸', never: '·', unknown: '?' };

/** "✘ failing" in the state's color. */
export function stateLabel(state: TaskState): string {
  return paint(STATE_STYLE[state], `${STATE_MARK[state]} ${state}`);
}

const STATUS_STYLE: Partial<Record<RunStatus, Style>> = {
  success: 'green',
  failed: 'red',
  timeout: 'red',
  interrupted: 'yellow',
  running: 'cyan',
  queued: 'cyan',
  waiting: 'cyan',
  skipped: 'gray',
  cancelled: 'gray',
  missed: 'yellow',
};
/** A run status in its color. */
export function statusLabel(status: RunStatus): string {
  return paint(STATUS_STYLE[status] ?? 'white', status);
}

export { relativeTime } from '../../common/pure/time-text';

/** The run's duration, or how long it has been running. */
export function runDuration(run: Run, now = Date.now()): string {
  if (run.duration_ms !== null) return formatDuration(run.duration_ms);
  if (run.started_at) return `${formatDuration(now - Date.parse(run.started_at))}…`;
  return '—';
}

/** Left-aligned columns; widths ignore color codes. */
export function table(rows: string[][], gap = 2): string {
  const visible = (s: string): number => stripVTControlCharacters(s).length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell) + gap)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** Cuts text to n characters with an ellipsis. */
export function clip(text: string, n: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > n ? `${oneLine.slice(0, n - 1)}…` : oneLine;
}

/** Writes JSON for scripts: stable, two-space indented. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

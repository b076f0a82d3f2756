import type { RunStatus } from '../../common/models';
import { formatDuration } from '../../common/pure/time-text';
import { parseDuration } from '../duration';
import type { ProcessOutcome } from './spawn-process';

/** Turns how a process ended into the run's status and one readable sentence (null on success). */
export function describeOutcome(outcome: ProcessOutcome, timeoutMs: number, lastLine: string): { status: RunStatus; error: string | null } {
  const hint = lastLine ? `: ${lastLine}` : '';
  if (outcome.spawnError) return { status: 'failed', error: outcome.spawnError };
  if (outcome.timedOut) return { status: 'timeout', error: `timed out after ${formatDuration(timeoutMs)}; its process group was killed${hint}` };
  if (outcome.cancelled === 'shutdown') return { status: 'interrupted', error: 'interrupted: Agent OS was stopped while it ran; its process group was killed' };
  if (outcome.cancelled) return { status: 'cancelled', error: 'cancelled; its process group was killed' };
  if (outcome.exitCode === 0) return { status: 'success', error: null };
  if (outcome.signal) return { status: 'failed', error: `killed by ${outcome.signal}${hint}` };
  return { status: 'failed', error: `exited with code ${String(outcome.exitCode)}${hint}` };
}

/**
 * Why a run that ended well still failed because it was over too soon (manifest `min_duration`, as
 * written there), or null. A job that exits at once usually skipped its work (healthchecks #236).
 */
export function tooShort(durationMs: number, minDuration: string | undefined): string | null {
  const min = minDuration === undefined ? null : parseDuration(minDuration);
  if (min === null || durationMs >= min) return null;
  return `finished in ${formatDuration(durationMs)}; expected at least ${minDuration}`;
}

/** Why a heartbeat ping came too soon after the previous one (manifest `min_interval`), or null. */
export function tooSoon(sincePreviousMs: number | null, minInterval: string | undefined): string | null {
  const min = minInterval === undefined ? null : parseDuration(minInterval);
  if (min === null || sincePreviousMs === null || sincePreviousMs >= min) return null;
  return `pinged ${formatDuration(sincePreviousMs)} after the previous ping; expected at least ${minInterval} apart`;
}

/** Keeps the last non-empty output line (already redacted), for error summaries. */
export class LastLine {
  private buffer = '';

  push(text: string): void {
    this.buffer = (this.buffer + text).slice(-2000);
  }

  get value(): string {
    const lines = this.buffer
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const last = lines[lines.length - 1] ?? '';
    return last.length > 200 ? `${last.slice(0, 197)}…` : last;
  }
}

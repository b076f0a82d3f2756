import type { RunStatus } from '../../common/models';
import { formatDuration } from '../duration';
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

import type { ProjectHealth } from '../../common/models';
import type { AlertEngine } from '../alerts/alert-engine';
import type { Store } from '../db/store';
import { readLogFrom } from '../handlers/read-log';
import type { Run } from '../../common/models';

const STATES = new Set(['ok', 'degraded', 'down']);

/** Reads what a `<project>/_status` run printed: the last line that is a JSON object with a valid state. */
export function parseHealth(log: string): {
  state: ProjectHealth['state'];
  message: string | null;
  metrics: Record<string, unknown> | null;
  error: string | null;
} {
  const lines = log.trimEnd().split('\n').reverse();
  for (const line of lines) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const v = value as { state?: unknown; message?: unknown; metrics?: unknown };
    if (typeof v.state !== 'string' || !STATES.has(v.state)) {
      return {
        state: 'unknown',
        message: null,
        metrics: null,
        error: `the status command printed {"state": ${JSON.stringify(v.state ?? null)}}; expected "ok", "degraded" or "down"`,
      };
    }
    const metrics = v.metrics && typeof v.metrics === 'object' && !Array.isArray(v.metrics) ? (v.metrics as Record<string, unknown>) : null;
    return { state: v.state as ProjectHealth['state'], message: typeof v.message === 'string' ? v.message.slice(0, 500) : null, metrics, error: null };
  }
  const last =
    lines
      .find((l) => l.trim())
      ?.trim()
      .slice(0, 120) ?? '';
  return {
    state: 'unknown',
    message: null,
    metrics: null,
    error: `the status command printed no JSON object like {"state":"ok","message":"…"}${last ? `; its last line was: ${last}` : ''}`,
  };
}

/**
 * After a `<project>/_status` run: record the project's health (kept as history) and alert on down.
 * A failed or timed-out status command is itself a readable error on the project, never a crash.
 */
export function recordHealth(store: Store, alerts: AlertEngine, run: Run, now: Date): void {
  const log = readLogFrom(store.runs.logPath(run.id), 0).text;
  const parsed =
    run.status === 'success'
      ? parseHealth(log)
      : { state: 'unknown' as const, message: null, metrics: null, error: `the status command did not succeed (${run.error ?? run.status})` };
  store.health.record({ project: run.project, at: now.toISOString(), run_id: run.id, ...parsed });
  const subject = `project:${run.project}`;
  if (parsed.state === 'down') {
    alerts.open({ kind: 'down', subject, title: `${run.project} reports it is down`, detail: parsed.message, run_id: run.id });
  } else if (parsed.state === 'ok' || parsed.state === 'degraded') {
    alerts.resolveSubject('down', subject);
  }
}

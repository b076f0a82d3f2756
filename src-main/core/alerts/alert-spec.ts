import type { Alert, AlertKind } from '../../common/alerts';

/** What opening an alert takes. */
export interface AlertSpec {
  kind: AlertKind;
  subject: string;
  title: string;
  detail: string | null;
  run_id: number | null;
}

/** The alert moves folding asks of the engine that owns the alerts (open, resolve, release from a fold). */
export interface AlertMoves {
  open(a: AlertSpec, into?: Alert | null): Alert | null;
  resolve(alert: Alert): void;
  release(alert: Alert, from: number, runId: number | null, detail: string | null): void;
}

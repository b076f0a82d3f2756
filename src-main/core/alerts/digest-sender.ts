import type { Alert, Digest } from '../../common/alerts';
import { localDay } from '../costs/cost-report';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import type { AlertEngine } from './alert-engine';

/** What sending the digest reads on each pass (config can change live). */
export interface DigestSettings {
  /** config `notify.digest`: local "HH:MM", or undefined for no digest. */
  time: () => string | undefined;
  build: (now: Date) => Digest;
}

/** The latest local day whose digest time has come by `now` (today once it is past HH:MM, else yesterday). */
export function dueDay(now: Date, time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const due = new Date(now);
  due.setHours(h, m, 0, 0);
  if (due > now) due.setDate(due.getDate() - 1);
  return localDay(due);
}

/**
 * Sends the daily digest once a day at `notify.digest`, to every channel: the day is claimed in the
 * database first (one engine, once; an engine that was off at that time sends it when it starts that day),
 * then the digest is recorded as an alert of kind `digest` whose deliveries are retried like any other.
 */
export class DigestSender {
  /** The due day this engine last asked the database about: the claim is tried once a day, not every second. */
  private asked: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly alerts: AlertEngine,
    private readonly events: EventBus,
    private readonly now: () => Date,
    private readonly settings: DigestSettings,
  ) {}

  tick(): void {
    const time = this.settings.time();
    if (!time) return;
    const now = this.now();
    const day = dueDay(now, time);
    if (day === this.asked) return;
    this.asked = day;
    if (!this.store.alerts.claimDigestDay(day)) return;
    const digest = this.settings.build(now);
    const [headline = ''] = digest.text.split('\n');
    const alert: Alert = this.store.transaction(() => {
      const recorded = this.store.alerts.record(
        { kind: 'digest', subject: `digest:${digest.day}`, title: headline, detail: digest.text, payload: digest },
        now.toISOString(),
      );
      this.alerts.enqueue(recorded, 'digest', null);
      return recorded;
    });
    this.events.emit('alert.raised', { alert });
  }
}

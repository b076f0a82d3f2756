import schedule from 'node-schedule';

/** Starts a timer for an instant; null when it cannot (the instant has passed). */
export type StartTimer = (at: Date, fire: () => void) => { cancel(): void } | null;

/** node-schedule's one-off jobs: for instants any distance ahead (it handles delays past setTimeout's 24.8 days). */
export const scheduleTimer: StartTimer = (at, fire) => schedule.scheduleJob(at, fire);

/** A plain setTimeout, for instants a moment ahead: lighter than a node-schedule job. */
export const shortTimer: StartTimer = (at, fire) => {
  const timer = setTimeout(fire, Math.max(0, at.getTime() - Date.now()));
  return { cancel: () => clearTimeout(timer) };
};

/**
 * One timer per distinct instant, holding every id due then: tasks due at the same time are
 * handled in one callback, in one turn of the event loop, rather than one timer each that other work can
 * slip between.
 */
export class TimerGroups {
  private readonly groups = new Map<number, { job: { cancel(): void }; ids: Set<string> }>();
  private readonly instantOf = new Map<string, number>();

  constructor(
    private readonly onDue: (ids: string[], at: Date) => void,
    private readonly startTimer: StartTimer = scheduleTimer,
  ) {}

  /** Arms `id` for `at` (replacing its earlier instant, if any). */
  add(id: string, at: Date): void {
    this.remove(id);
    const ms = at.getTime();
    let group = this.groups.get(ms);
    if (!group) {
      const job = this.startTimer(at, () => {
        const due = this.groups.get(ms);
        this.groups.delete(ms);
        if (!due) return;
        for (const member of due.ids) this.instantOf.delete(member);
        this.onDue([...due.ids], at);
      });
      if (!job) {
        // The instant passed while we got here (node-schedule refuses it): it is due now.
        setImmediate(() => this.onDue([id], at));
        return;
      }
      group = { job, ids: new Set() };
      this.groups.set(ms, group);
    }
    group.ids.add(id);
    this.instantOf.set(id, ms);
  }

  remove(id: string): void {
    const ms = this.instantOf.get(id);
    if (ms === undefined) return;
    this.instantOf.delete(id);
    const group = this.groups.get(ms);
    group?.ids.delete(id);
    if (group && group.ids.size === 0) {
      group.job.cancel();
      this.groups.delete(ms);
    }
  }

  clear(): void {
    for (const group of this.groups.values()) group.job.cancel();
    this.groups.clear();
    this.instantOf.clear();
  }
}

import schedule from 'node-schedule';

/**
 * One node-schedule timer per distinct instant, holding every id due then: tasks due at the same time are
 * handled in one callback, in one turn of the event loop, rather than one timer each that other work can
 * slip between.
 */
export class TimerGroups {
  private readonly groups = new Map<number, { job: schedule.Job; ids: Set<string> }>();
  private readonly instantOf = new Map<string, number>();

  constructor(private readonly onDue: (ids: string[], at: Date) => void) {}

  /** Arms `id` for `at` (replacing its earlier instant, if any). */
  add(id: string, at: Date): void {
    this.remove(id);
    const ms = at.getTime();
    let group = this.groups.get(ms);
    if (!group) {
      const job = schedule.scheduleJob(at, () => {
        const due = this.groups.get(ms);
        this.groups.delete(ms);
        if (!due) return;
        for (const member of due.ids) this.instantOf.delete(member);
        this.onDue([...due.ids], at);
      });
      if (!job) {
        // node-schedule refuses an instant that passed while we got here: it is due now.
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

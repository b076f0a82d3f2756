import type { Clock, ClockTimer } from '../clock';

/**
 * One timer per distinct instant, holding every id due then: tasks due at the same time are handled in
 * one callback, in one turn of the event loop, rather than one timer each that other work can slip between.
 * Timers come from the engine's Clock, so a test's clock moves them.
 */
export class TimerGroups {
  private readonly groups = new Map<number, { timer: ClockTimer; ids: Set<string> }>();
  private readonly instantOf = new Map<string, number>();

  constructor(
    private readonly onDue: (ids: string[], at: Date) => void,
    private readonly clock: Clock,
  ) {}

  /** Arms `id` for `at` (replacing its earlier instant, if any). An instant already past is due at once. */
  add(id: string, at: Date): void {
    this.remove(id);
    const ms = at.getTime();
    let group = this.groups.get(ms);
    if (!group) {
      const timer = this.clock.setTimeout(
        () => {
          const due = this.groups.get(ms);
          this.groups.delete(ms);
          if (!due) return;
          for (const member of due.ids) this.instantOf.delete(member);
          this.onDue([...due.ids], at);
        },
        Math.max(0, ms - this.clock.now().getTime()),
      );
      group = { timer, ids: new Set() };
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
      group.timer.cancel();
      this.groups.delete(ms);
    }
  }

  clear(): void {
    for (const group of this.groups.values()) group.timer.cancel();
    this.groups.clear();
    this.instantOf.clear();
  }
}

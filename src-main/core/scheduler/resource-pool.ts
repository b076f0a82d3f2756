/**
 * Named concurrency limits (config `resources`). A run takes one slot in each resource it names, all at
 * once or none (no partial holds, so two tasks naming the same resources cannot deadlock), FIFO.
 */
export class ResourcePool {
  private readonly inUse = new Map<string, number>();
  private readonly queue: Array<{ names: string[]; grant: () => void }> = [];

  constructor(private limits: Record<string, number>) {}

  /** New limits from a config reload; waiting runs get a chance at once. */
  setLimits(limits: Record<string, number>): void {
    this.limits = limits;
    this.drain();
  }

  /** A resource not configured counts as limit 1: naming it means "not at the same time". */
  limit(name: string): number {
    return this.limits[name] ?? 1;
  }

  private fits(names: readonly string[]): boolean {
    return names.every((n) => (this.inUse.get(n) ?? 0) < this.limit(n));
  }

  private take(names: readonly string[]): () => void {
    for (const n of names) this.inUse.set(n, (this.inUse.get(n) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const n of names) this.inUse.set(n, Math.max(0, (this.inUse.get(n) ?? 1) - 1));
      this.drain();
    };
  }

  /** Takes the slots now if free (returns release), else null. */
  tryAcquire(names: readonly string[]): (() => void) | null {
    if (names.length === 0) return () => undefined;
    if (this.queue.length > 0 || !this.fits(names)) return null;
    return this.take(names);
  }

  /** Waits for the slots; `signal` aborts the wait (a cancelled waiting run). */
  acquire(names: readonly string[], signal?: AbortSignal): Promise<() => void> {
    const now = this.tryAcquire(names);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const entry = { names: [...names], grant: () => resolve(this.take(names)) };
      this.queue.push(entry);
      signal?.addEventListener('abort', () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new Error('aborted'));
          this.drain();
        }
      });
    });
  }

  private drain(): void {
    // Strict FIFO per resource set: the head waits until it fits, later entries that share nothing may pass.
    const blocked = new Set<string>();
    for (let i = 0; i < this.queue.length;) {
      const entry = this.queue[i] as { names: string[]; grant: () => void };
      if (!entry.names.some((n) => blocked.has(n)) && this.fits(entry.names)) {
        this.queue.splice(i, 1);
        entry.grant();
        continue;
      }
      entry.names.forEach((n) => blocked.add(n));
      i++;
    }
  }
}

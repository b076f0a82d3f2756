/**
 * Pings arriving together (50 clients) share one commit instead of paying one each: that commit is most
 * of a ping's cost. Each ping still succeeds or fails on its own (a savepoint per ping inside the batch),
 * and each caller's promise settles only once the batch has committed.
 */
export function pingBatcher<I, R>(transaction: (work: () => void) => void, record: (input: I) => R): (input: I) => Promise<R> {
  type Pending = { input: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  const queue: Pending[] = [];
  const flush = (): void => {
    const batch = queue.splice(0);
    const outcomes: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = [];
    try {
      transaction(() => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: record(p.input) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) p.resolve(outcome.value);
      else p.reject(outcome?.error);
    });
  };
  return (input) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ input, resolve, reject });
    });
}

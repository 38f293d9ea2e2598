/**
 * Calls made in the same turn of the event loop answered by one call with all their arguments, in order: many
 * independent loops (a webhook drain per subscription) share a statement instead of sending one each. `run` answers
 * each argument at its index; if it fails, every call of the batch fails with it.
 */
export function coalesced<A, R>(run: (args: A[]) => Promise<R[]>): (arg: A) => Promise<R> {
  let waiting: { arg: A; resolve: (r: R) => void; reject: (err: unknown) => void }[] | null = null;
  const flush = () => {
    const batch = waiting!;
    waiting = null;
    run(batch.map((w) => w.arg)).then(
      (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  };
  return (arg) =>
    new Promise<R>((resolve, reject) => {
      if (!waiting) {
        waiting = [];
        setImmediate(flush);
      }
      waiting.push({ arg, resolve, reject });
    });
}

/** How many chunk reads or writes one array operation keeps in flight by default. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Run `fn` over `items` with at most `limit` calls in flight. Stops starting new work after
 * the first failure or an abort, waits for what is running, then rethrows.
 */
export async function forEachConcurrent<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const it = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (;;) {
      if (failure) return;
      // An abort after the last item started is no failure: all the work was done (a chunk
      // written just before the abort must not be reported as not written).
      const next = it.next();
      if (next.done) return;
      if (signal?.aborted) {
        failure ??= {
          error: signal.reason ?? new DOMException("The operation was aborted", "AbortError"),
        };
        return;
      }
      try {
        await fn(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.max(1, limit); i++) workers.push(worker());
  await Promise.all(workers);
  if (failure) throw failure.error;
}

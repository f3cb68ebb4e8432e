/**
 * Serializes writers of the same chunk. `acquire` resolves once the caller holds the lock for
 * `key` and returns the function that releases it. Reads never lock.
 *
 * zarr-python's `synchronizer=` argument: pass one when opening or creating an array that
 * several writers update at once ({@link ThreadSynchronizer} within a process,
 * `ProcessSynchronizer` of `@zarrkit/sync-process` across processes).
 */
export interface Synchronizer {
  /**
   * Wait for the lock of `key` (a chunk key) and take it; resolves to the function that
   * releases it. Callers release in a `finally` ({@link withLock} does).
   */
  acquire(key: string): Promise<() => void | Promise<void>>;
  /** Name printed by `info()`, e.g. `ThreadSynchronizer`. */
  toString(): string;
}

/** Run `fn` while holding the lock for `key` (or directly without a synchronizer). */
export async function withLock<T>(
  sync: Synchronizer | undefined,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!sync) return fn();
  const release = await sync.acquire(key);
  try {
    return await fn();
  } finally {
    await release();
  }
}

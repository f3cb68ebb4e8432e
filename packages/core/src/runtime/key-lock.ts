import type { Store } from "../store/store.js";

/**
 * Serializes writers of one key of one store inside this process, so that
 * `await Promise.all([z.set(a, 1), z.set(b, 2)])` keeps both writes even when `a` and `b`
 * share a chunk: each read-modify-write of the chunk waits for the one before it.
 *
 * Locks hang off the store object itself, not the array, so two `ZarrArray`s opened on the
 * same store share them. A WeakMap lets a dropped store take its (empty) lock table with it.
 * Other threads and processes still need a Synchronizer: this only orders one event loop.
 */
const tails = new WeakMap<Store, Map<string, Promise<void>>>();

/** Run `fn` once every earlier `withKeyLock` on the same store and key has settled. */
export async function withKeyLock<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  let table = tails.get(store);
  if (!table) {
    table = new Map();
    tails.set(store, table);
  }
  const previous = table.get(key);
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  table.set(key, mine);
  try {
    if (previous) await previous;
    return await fn();
  } finally {
    release();
    // The last waiter removes the entry, so the table only holds keys being written now.
    if (table.get(key) === mine) table.delete(key);
  }
}

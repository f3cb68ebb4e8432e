import { type Store, storeSet } from "@zarrkit/core";

/** Write every value of `initial` into `store`: the usual `open` of a writable store's factory. */
export async function seedStore(store: Store, initial: Record<string, Uint8Array>): Promise<void> {
  await Promise.all(Object.entries(initial).map(([key, value]) => storeSet(store, key, value)));
}

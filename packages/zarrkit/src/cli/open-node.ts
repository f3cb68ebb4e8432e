// Opening the array or group a location names, read-only.
import { type Group, open, type Store, type ZarrArray } from "@zarrkit/core";
import { closeStore, type Location, openLocation } from "./location.js";

/** Run `fn` on the node at a location, closing the store afterwards whatever happens. */
export async function withNode<T>(
  location: Location,
  fn: (node: ZarrArray | Group, store: Store) => Promise<T>,
): Promise<T> {
  const store = await openLocation(location, "r");
  try {
    const node = await open(store, { mode: "r", path: location.path });
    return await fn(node, store);
  } finally {
    await closeStore(store);
  }
}

import { join } from "node:path";
import { openArray, type Store } from "@zarrkit/core";
import { FIXTURES_V2, type FixtureEntry, readTree } from "@zarrkit/test-utils";

/**
 * A directory fixture zarr-python wrote, in memory and read-only: the plugins' tests open
 * arrays through it without depending on a store plugin (a plugin imports no other plugin).
 */
export function fixtureStore(store: string): Store {
  const files = readTree(join(FIXTURES_V2, store));
  return {
    get: async (key) => files.get(key),
    list: async (prefix = "") => [...files.keys()].filter((k) => k.startsWith(prefix)),
    readOnly: true,
    toString: () => `FixtureStore(${store})`,
  };
}

/** The array of a fixture entry, opened read-only from its `fixtureStore`. */
export function openFixtureArray(entry: FixtureEntry) {
  return openArray(fixtureStore(entry.store), { mode: "r", path: entry.array });
}

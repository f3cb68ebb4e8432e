import {
  elementsOf,
  FIXTURES_V2,
  fixtureManifest,
  readTree,
  toManifestValue,
} from "@zarrkit/test-utils";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStore, openArray, isCodecRegistered } from "../src/index.js";

async function loadStore(dir: string): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const [k, v] of readTree(dir)) await store.set(k, v);
  return store;
}

const directoryFixtures = fixtureManifest().filter((f) => f.store.endsWith(".zarr"));

describe("reading every zarr-python fixture", () => {
  for (const f of directoryFixtures) {
    const ids = [f.compressor?.id, ...(f.filters ?? []).map((x) => x.id)].filter(
      (x): x is string => !!x,
    );
    it(`${f.store}${f.array ? `/${f.array}` : ""} (${f.features.join(", ")})`, async () => {
      for (const id of ids)
        expect(isCodecRegistered(id), `codec ${id} registered by zarrkit`).toBe(true);
      const store = await loadStore(join(FIXTURES_V2, f.store));
      const z = await openArray(store, { mode: "r", path: f.array });
      expect(z.shape).toEqual(f.shape);
      expect(z.chunks).toEqual(f.chunks);
      expect(z.dtype).toBe(f.dtype);
      expect(z.order).toBe(f.order);
      const all = await z.get(null);
      expect(all.shape).toEqual(f.shape);
      expect(elementsOf(all).map(toManifestValue)).toEqual(f.values);
    });
  }
});

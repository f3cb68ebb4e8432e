import { describe, expect, it } from "vitest";
import {
  listKeys,
  type ReadableStore,
  ReadOnlyError,
  readRange,
  storeDelete,
  storeSet,
  StoreKeyError,
  ZarrError,
} from "../src/index.js";

/** A read-only store with nothing but `get`: what a minimal remote store looks like. */
function getOnly(values: Record<string, number[]>): ReadableStore {
  return {
    async get(key) {
      const v = values[key];
      return v ? new Uint8Array(v) : undefined;
    },
    toString: () => "GetOnlyStore",
  };
}

describe("the store contract", () => {
  const store = getOnly({ k: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });

  it("reads ranges and suffixes through get when a store has no getRange", async () => {
    expect(await readRange(store, "k", { offset: 2, length: 3 })).toEqual(
      new Uint8Array([2, 3, 4]),
    );
    expect(await readRange(store, "k", { offset: 8 })).toEqual(new Uint8Array([8, 9]));
    expect(await readRange(store, "k", { offset: 12, length: 3 })).toEqual(new Uint8Array(0));
    expect(await readRange(store, "k", { suffixLength: 4 })).toEqual(new Uint8Array([6, 7, 8, 9]));
    expect(await readRange(store, "k", { suffixLength: 40 })).toEqual(
      new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    );
    expect(await readRange(store, "missing", { suffixLength: 4 })).toBeUndefined();
  });

  it("refuses bad ranges naming the key", async () => {
    await expect(readRange(store, "k", { offset: -1 })).rejects.toThrow(StoreKeyError);
    await expect(readRange(store, "k", { offset: 0, length: 1.5 })).rejects.toThrow(
      /"k": range length/,
    );
    await expect(readRange(store, "k", { suffixLength: -3 })).rejects.toThrow(/suffixLength/);
  });

  it("fails writes and listings of a store without those capabilities, naming the store", async () => {
    await expect(storeSet(store, "a", new Uint8Array(1))).rejects.toThrow(ReadOnlyError);
    await expect(storeSet(store, "a", new Uint8Array(1))).rejects.toThrow(/GetOnlyStore/);
    await expect(storeDelete(store, "k")).rejects.toThrow(ReadOnlyError);
    const err = await listKeys(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZarrError);
    expect(String(err)).toMatch(/GetOnlyStore cannot list/);
  });

  it("refuses writes to a store that says it is read-only even though it has set", async () => {
    const calls: string[] = [];
    const ro = {
      ...getOnly({}),
      readOnly: true,
      async set(key: string) {
        calls.push(key);
      },
      async delete() {
        return false;
      },
    };
    await expect(storeSet(ro, "x", new Uint8Array(1))).rejects.toThrow(/read-only/);
    expect(calls).toEqual([]);
  });
});

import { array, openArray, type Store } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import "../src/index.js";

class MapStore implements Store {
  readonly data = new Map<string, Uint8Array>();
  async get(key: string) {
    return this.data.get(key);
  }
  async set(key: string, value: Uint8Array) {
    this.data.set(key, value.slice());
  }
  async delete(key: string) {
    return this.data.delete(key);
  }
  async list(prefix = "") {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix));
  }
  toString() {
    return "MapStore";
  }
}

describe("object arrays through core's pipeline", () => {
  it("writes and reads a 2-d string array with vlen-utf8", async () => {
    const store = new MapStore();
    const words = Array.from({ length: 5 * 7 }, (_, i) => `w${i}-${"é".repeat(i % 4)}`);
    await array(
      { data: words, shape: [5, 7] },
      {
        store,
        dtype: "|O",
        objectCodec: { id: "vlen-utf8" }, // resolved through the registry
        chunks: [2, 3],
        compressor: null,
      },
    );
    const meta = JSON.parse(new TextDecoder().decode(store.data.get(".zarray")!));
    expect(meta.dtype).toBe("|O");
    expect(meta.filters).toEqual([{ id: "vlen-utf8" }]);
    const z = await openArray(store, { mode: "r" });
    expect((await z.get(null)).data).toEqual(words);
    expect(await z.get([4, 6])).toBe(words[34]);
  });
});

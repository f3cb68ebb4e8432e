import { array, getCodec, isCodecRegistered, open, openArray, type Store } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { loadXorDelta, XOR_DELTA_ID } from "../src/index.js";
import { XorDelta } from "../src/xor-delta.js";

/** A store in a Map: all an outside author needs to test against core alone. */
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

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe("XorDelta codec", () => {
  it("XORs each element with the previous one", () => {
    const codec = new XorDelta({ itemsize: 2 });
    const input = Uint8Array.from([0x12, 0x34, 0x12, 0x35, 0xff, 0x00]);
    expect(Array.from(codec.encode(input))).toEqual([0x12, 0x34, 0x00, 0x01, 0xed, 0x35]);
  });

  it("round-trips every element size, odd lengths included", () => {
    for (const itemsize of [1, 2, 4, 8] as const) {
      const codec = new XorDelta({ itemsize });
      for (const n of [0, 1, 7, 8, 9, 1001]) {
        const input = Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);
        expect(codec.decode(codec.encode(input)), `${itemsize}/${n}`).toEqual(input);
      }
    }
  });

  it("turns smooth floats into mostly zero bytes", () => {
    const smooth = Float64Array.from({ length: 1000 }, (_, i) => 100 + Math.sin(i / 50));
    const enc = new XorDelta({ itemsize: 8 }).encode(smooth);
    const zeros = enc.filter((b) => b === 0).length;
    expect(zeros).toBeGreaterThan(0.2 * enc.length);
    expect(bytes(smooth).filter((b) => b === 0).length).toBeLessThan(0.05 * enc.length);
  });

  it("takes the element size from the pipeline when not configured", () => {
    const codec = new XorDelta();
    const info = { dtype: "<i4", itemsize: 4, shape: [3] };
    const input = bytes(Int32Array.from([1, 3, 7]));
    expect(Array.from(new Int32Array(codec.encode(input, info).buffer))).toEqual([1, 2, 4]);
    expect(() => codec.encode(input)).toThrow(/example-xor-delta: no "itemsize"/);
  });

  it("has a config and repr of its own", () => {
    expect(new XorDelta().toConfig()).toEqual({ id: "example-xor-delta" });
    expect(new XorDelta({ itemsize: 4 }).toConfig()).toEqual({
      id: "example-xor-delta",
      itemsize: 4,
    });
    expect(String(new XorDelta({ itemsize: 4 }))).toBe("XorDelta(itemsize=4)");
    expect(() => new XorDelta({ itemsize: 3 as never })).toThrow(
      /example-xor-delta: "itemsize" must be 1, 2, 4 or 8/,
    );
    expect(() => XorDelta.fromConfig({ id: "example-xor-delta", level: 1 })).toThrow(
      /unknown configuration key "level"/,
    );
  });

  it("registers its id with core on import", async () => {
    expect(isCodecRegistered(XOR_DELTA_ID)).toBe(true);
    const codec = await getCodec({ id: "example-xor-delta", itemsize: 8 });
    expect(codec).toBeInstanceOf(XorDelta);
    expect(await loadXorDelta()).toBe(XorDelta);
  });
});

describe("XorDelta in a Zarr array", () => {
  it("writes its id into the metadata and reads the array back", async () => {
    const store = new MapStore();
    const values = Float64Array.from({ length: 30 * 20 }, (_, i) => Math.cos(i / 40) * 1e3);
    const z = await array(
      { data: values, shape: [30, 20] },
      {
        store,
        chunks: [8, 8],
        dtype: "<f8",
        compressor: null,
        filters: [{ id: XOR_DELTA_ID }], // a config is enough: the registry builds the codec
      },
    );
    const meta = JSON.parse(new TextDecoder().decode(store.data.get(".zarray")!));
    expect(meta.filters).toEqual([{ id: "example-xor-delta" }]);
    // The stored chunk is XOR-encoded, not the raw floats.
    const first = store.data.get("0.0")!;
    expect(first.length).toBe(8 * 8 * 8);
    expect(new Float64Array(first.slice().buffer)[1]).not.toBe(values[1]);

    // Reopening resolves the filter through the registry, from the metadata alone.
    const again = await openArray(store, { mode: "r" });
    expect(again.filters?.[0]).toBeInstanceOf(XorDelta);
    const got = await again.get(null);
    expect(got.shape).toEqual([30, 20]);
    expect(Array.from(got.data as Float64Array)).toEqual(Array.from(values));
    expect(await z.get([3, 7])).toBe(values[3 * 20 + 7]);
    const opened = await open(store, { mode: "r" });
    expect(String(opened)).toContain("Array((30, 20), float64");
  });
});

import {
  MapStore,
  type ObjectArraySpec,
  readObjectArrayWithPython,
  writeObjectArrayWithPython,
} from "@zarrkit/codec-test-utils";
import { array, openArray } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import "../src/index.js";

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

// Item i of the 5 x 3 array holds i % 4 elements counting down from 10 * i: written once as
// Python, once as the typed arrays we expect.
const SPEC: ObjectArraySpec = {
  pyValues: `
def values():
    a = np.empty(15, dtype=object)
    for i in range(15):
        a[i] = np.arange(10 * i, 10 * i - i % 4, -1, dtype="<i2")
    return a.reshape(5, 3)`,
  jsValues: Array.from({ length: 15 }, (_, i) =>
    Int16Array.from({ length: i % 4 }, (_, k) => 10 * i - k),
  ),
  shape: [5, 3],
  chunks: [2, 2],
  codec: { id: "vlen-array", dtype: "i2" },
};

describe("vlen-array object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const { filters, store } = await writeObjectArrayWithPython(SPEC, 'numcodecs.VLenArray("<i2")');
    expect(filters).toEqual([{ id: "vlen-array", dtype: "<i2" }]);
    const z = await openArray(store, { mode: "r" });
    expect(z.filters?.map((f) => f.toConfig())).toEqual([{ id: "vlen-array", dtype: "<i2" }]);
    expect(String(z.filters?.[0])).toBe("VLenArray(dtype='<i2')");
    expect((await z.get(null)).data).toEqual(SPEC.jsValues);
    expect(await z.get([4, 2])).toEqual(Int16Array.of(140, 139));
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const out = await readObjectArrayWithPython(SPEC, 'numcodecs.VLenArray("<i2")');
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual, JSON.stringify(out.diff)).toBe(true);
  });
});

import {
  loadStore,
  type NumericFilterCase,
  numericFilterRoundTrip,
  type ObjectArraySpec,
  readObjectArrayWithPython,
  writeObjectArrayWithPython,
} from "@zarrkit/codec-test-utils";
import { openArray } from "@zarrkit/core";
import { tempDirs } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import "../src/index.js";

const dirs = tempDirs("zarrkit-json2-");
const tmp = dirs.make;
afterAll(dirs.removeAll);

// The same 5 x 3 values, as Python and as the JS values we expect.
const SPEC: ObjectArraySpec = {
  pyValues: `
def values():
    v = ['a', 1, 2.5, None, True, [1, [2]], {'k': 'v', 'n': None}, 'é🙂', -3,
        2**70, float('nan'), '', [], {}, 'last']
    a = np.empty(len(v), dtype=object)
    for i, x in enumerate(v):
        a[i] = x
    return a.reshape(5, 3)`,
  jsValues: [
    "a",
    1,
    2.5,
    null,
    true,
    [1, [2]],
    { k: "v", n: null },
    "é🙂",
    -3,
    2n ** 70n,
    Number.NaN,
    "",
    [],
    {},
    "last",
  ],
  shape: [5, 3],
  chunks: [2, 2],
  codec: { id: "json2" },
};

describe("json2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const dir = tmp();
    const filters = writeObjectArrayWithPython(dir, SPEC, "numcodecs.JSON(indent=1)");
    expect(filters).toEqual([
      {
        id: "json2",
        encoding: "utf-8",
        skipkeys: false,
        ensure_ascii: true,
        check_circular: true,
        allow_nan: true,
        indent: 1,
        separators: [", ", ": "],
        sort_keys: true,
        strict: true,
      },
    ]);
    const z = await openArray(loadStore(dir), { mode: "r" });
    expect(String(z.filters?.[0])).toContain("indent=1");
    expect((await z.get(null)).data).toEqual(SPEC.jsValues);
    expect(await z.get([3, 0])).toEqual(2n ** 70n);
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const out = await readObjectArrayWithPython(tmp(), SPEC, "numcodecs.JSON()");
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual, JSON.stringify(out.diff)).toBe(true);
  });

  // zarr-python applies json2 to any dtype; the chunk then holds floats as floats ("1.0")
  const NUMERIC: NumericFilterCase[] = [
    {
      dtype: "<f8",
      py: "[0.0, 1.5, -2.0, float('nan'), 1e300]",
      js: Float64Array.of(0, 1.5, -2, Number.NaN, 1e300),
    },
    { dtype: ">f4", py: "[0.1, -1.0, 3.0, 0.0, 2.5]", js: Float32Array.of(0.1, -1, 3, 0, 2.5) },
    { dtype: "<i2", py: "[1, -2, 3, 32767, -32768]", js: Int16Array.of(1, -2, 3, 32767, -32768) },
    {
      dtype: "<u8",
      py: "[0, 2**64 - 1, 2**53 + 1, 7, 1]",
      js: BigUint64Array.of(0n, 2n ** 64n - 1n, 2n ** 53n + 1n, 7n, 1n),
    },
    { dtype: "|b1", py: "[True, False, True, True, False]", js: Uint8Array.of(1, 0, 1, 1, 0) },
  ];

  it("reads and writes numeric arrays with a json2 filter exactly as zarr-python", async () => {
    const results = await numericFilterRoundTrip(tmp(), NUMERIC, "numcodecs.JSON()", {
      id: "json2",
    });
    const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
    for (const [i, r] of results.entries()) {
      expect(r.filters, r.dtype).toEqual([expect.objectContaining({ id: "json2" })]);
      expect(r.read, r.dtype).toEqual(NUMERIC[i]!.js);
      for (const c of r.chunks) {
        expect(c.theirs, `${r.dtype} chunk ${c.key}`).toBeDefined();
        expect(text(c.ours), `${r.dtype} chunk ${c.key}`).toBe(text(c.theirs));
      }
    }
    expect(results).toHaveLength(NUMERIC.length);
  });
});

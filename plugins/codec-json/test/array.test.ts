import {
  type NumericFilterCase,
  SHARED_NUMERIC_CASES,
  numericFilterRoundTrip,
  mixedObjectArray,
  readObjectArrayWithPython,
  writeObjectArrayWithPython,
} from "@zarrkit/codec-test-utils";
import { openArray } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import "../src/index.js";

// The shared 5 x 3 values, with what only json2 holds at items 9 and 11.
const SPEC = mixedObjectArray(
  { id: "json2" },
  { py: "2**70", js: 2n ** 70n },
  { py: "''", js: "" },
);

describe("json2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const { filters, store } = await writeObjectArrayWithPython(SPEC, "numcodecs.JSON(indent=1)");
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
    const z = await openArray(store, { mode: "r" });
    expect(String(z.filters?.[0])).toContain("indent=1");
    expect((await z.get(null)).data).toEqual(SPEC.jsValues);
    expect(await z.get([3, 0])).toEqual(2n ** 70n);
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const out = await readObjectArrayWithPython(SPEC, "numcodecs.JSON()");
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
    { dtype: "<i2", py: "[1, -2, 3, 32767, -32768]", js: Int16Array.of(1, -2, 3, 32767, -32768) },
    ...SHARED_NUMERIC_CASES,
  ];

  it("reads and writes numeric arrays with a json2 filter exactly as zarr-python", async () => {
    const results = await numericFilterRoundTrip(NUMERIC, "numcodecs.JSON()", {
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

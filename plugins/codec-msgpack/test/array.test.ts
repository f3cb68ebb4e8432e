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

// The shared 5 x 3 values, with what only msgpack2 holds at items 9 and 11.
const SPEC = mixedObjectArray(
  { id: "msgpack2" },
  { py: "2**63", js: 2n ** 63n },
  { py: "b'\\x00\\x01'", js: Uint8Array.of(0, 1) },
  true,
);

describe("msgpack2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const { filters, store } = await writeObjectArrayWithPython(
      SPEC,
      "numcodecs.MsgPack(use_single_float=True)",
    );
    expect(filters).toEqual([
      { id: "msgpack2", raw: false, use_single_float: true, use_bin_type: true },
    ]);
    const z = await openArray(store, { mode: "r" });
    expect(String(z.filters?.[0])).toBe(
      "MsgPack(raw=False, use_bin_type=True, use_single_float=True)",
    );
    expect((await z.get(null)).data).toEqual(SPEC.jsValues);
    expect(await z.get([3, 0])).toEqual(2n ** 63n);
    expect(await z.get([3, 2])).toEqual(Uint8Array.of(0, 1));
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const out = await readObjectArrayWithPython(SPEC, "numcodecs.MsgPack()");
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual, JSON.stringify(out.diff)).toBe(true);
  });

  // zarr-python applies msgpack2 to any dtype; float arrays pack every element as a float
  const NUMERIC: NumericFilterCase[] = [
    {
      dtype: "<f8",
      py: "[0.0, 1.5, -2.0, float('nan'), 1e10]",
      js: Float64Array.of(0, 1.5, -2, Number.NaN, 1e10),
    },
    {
      dtype: "<i8",
      py: "[1, -2, 2**40, -2**63, 70000]",
      js: BigInt64Array.of(1n, -2n, 2n ** 40n, -(2n ** 63n), 70000n),
    },
    ...SHARED_NUMERIC_CASES,
  ];

  it.each([false, true])(
    "reads and writes numeric arrays with a msgpack2 filter exactly as zarr-python (use_single_float %s)",
    async (single) => {
      const results = await numericFilterRoundTrip(
        NUMERIC,
        `numcodecs.MsgPack(use_single_float=${single ? "True" : "False"})`,
        { id: "msgpack2", use_single_float: single },
      );
      const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString("hex");
      for (const [i, r] of results.entries()) {
        const js = NUMERIC[i]!.js;
        // float32 packing rounds float64 values: compare with what float32 holds
        const want =
          single && js instanceof Float64Array ? Float64Array.from(Float32Array.from(js)) : js;
        expect(r.read, r.dtype).toEqual(want);
        for (const c of r.chunks) {
          expect(c.theirs, `${r.dtype} chunk ${c.key}`).toBeDefined();
          expect(hex(c.ours), `${r.dtype} chunk ${c.key}`).toBe(hex(c.theirs));
        }
      }
      expect(results).toHaveLength(NUMERIC.length);
    },
  );
});

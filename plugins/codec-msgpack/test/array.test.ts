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

const dirs = tempDirs("zarrkit-msgpack2-");
const tmp = dirs.make;
afterAll(dirs.removeAll);

// The same 5 x 3 values, as Python and as the JS values we expect.
const SPEC: ObjectArraySpec = {
  pyValues: `
def values():
    v = ['a', 1, 2.5, None, True, [1, [2]], {'k': 'v', 'n': None}, 'é🙂', -3,
        2**63, float('nan'), b'\\x00\\x01', [], {}, 'last']
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
    2n ** 63n,
    Number.NaN,
    Uint8Array.of(0, 1),
    [],
    {},
    "last",
  ],
  shape: [5, 3],
  chunks: [2, 2],
  codec: { id: "msgpack2" },
  orderedKeys: true,
};

describe("msgpack2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const dir = tmp();
    const filters = writeObjectArrayWithPython(
      dir,
      SPEC,
      "numcodecs.MsgPack(use_single_float=True)",
    );
    expect(filters).toEqual([
      { id: "msgpack2", raw: false, use_single_float: true, use_bin_type: true },
    ]);
    const z = await openArray(loadStore(dir), { mode: "r" });
    expect(String(z.filters?.[0])).toBe(
      "MsgPack(raw=False, use_bin_type=True, use_single_float=True)",
    );
    expect((await z.get(null)).data).toEqual(SPEC.jsValues);
    expect(await z.get([3, 0])).toEqual(2n ** 63n);
    expect(await z.get([3, 2])).toEqual(Uint8Array.of(0, 1));
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const out = await readObjectArrayWithPython(tmp(), SPEC, "numcodecs.MsgPack()");
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
    { dtype: ">f4", py: "[0.1, -1.0, 3.0, 0.0, 2.5]", js: Float32Array.of(0.1, -1, 3, 0, 2.5) },
    {
      dtype: "<i8",
      py: "[1, -2, 2**40, -2**63, 70000]",
      js: BigInt64Array.of(1n, -2n, 2n ** 40n, -(2n ** 63n), 70000n),
    },
    {
      dtype: "<u8",
      py: "[0, 2**64 - 1, 2**53 + 1, 7, 1]",
      js: BigUint64Array.of(0n, 2n ** 64n - 1n, 2n ** 53n + 1n, 7n, 1n),
    },
    { dtype: "|b1", py: "[True, False, True, True, False]", js: Uint8Array.of(1, 0, 1, 1, 0) },
  ];

  it.each([false, true])(
    "reads and writes numeric arrays with a msgpack2 filter exactly as zarr-python (use_single_float %s)",
    async (single) => {
      const results = await numericFilterRoundTrip(
        tmp(),
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

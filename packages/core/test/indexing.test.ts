import { PY_HELPERS, runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { IndexError, NdArray, create, parseSelectionString, slice } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

// Selections in NumPy syntax; each is applied by NumPy and by zarrkit to the same data.
const SELECTIONS = [
  "...",
  ":",
  "0",
  "-1",
  "3, 4",
  "-1, -1",
  "0, :",
  ":, 0",
  "2:9, 3:17",
  "1:17:3, ::4",
  "3:30:4, -5:",
  "-5:, 1:2",
  "::7",
  "5:5",
  "10:2",
  ":, 16",
  "..., 5",
  "4, ...",
  "0:100, 0:100",
  "-100:3",
  ":, ::-1",
  "17",
  "0, 17",
  "1:2:0",
];

const SHAPE = [17, 17];
const CHUNKS = [4, 5];

async function makeArray(order: "C" | "F") {
  const store = new RecordingStore();
  const z = await create(SHAPE, { dtype: "<i4", chunks: CHUNKS, compressor: null, order, store });
  const data = Int32Array.from({ length: 17 * 17 }, (_, i) => i * 3 - 100);
  await z.set(null, new NdArray(data, SHAPE, "<i4"));
  return { z, store };
}

describe("basic indexing matches NumPy", () => {
  const expected = runPythonJson<
    Record<string, { shape?: number[]; values?: number[]; scalar?: number; error?: string }>
  >(
    `${PY_HELPERS}
a = (np.arange(17 * 17, dtype="i4") * 3 - 100).reshape(17, 17)
out = {}
for s in ${JSON.stringify(SELECTIONS)}:
    try:
        r = eval("a[" + s + "]")
        if np.ndim(r) == 0:
            out[s] = {"scalar": int(r)}
        else:
            out[s] = {"shape": list(r.shape), "values": [int(x) for x in np.asarray(r).reshape(-1)]}
    except Exception as e:
        out[s] = {"error": type(e).__name__}
print(json.dumps(out))`,
  );

  for (const order of ["C", "F"] as const) {
    for (const sel of SELECTIONS) {
      it(`a[${sel}] (${order} order)`, async () => {
        const { z } = await makeArray(order);
        const want = expected[sel]!;
        if (want.error || sel.includes("::-1")) {
          // zarr-python refuses negative steps too; NumPy's other errors are index errors.
          await expect(z.get(sel)).rejects.toBeInstanceOf(IndexError);
          return;
        }
        const got = await z.get(sel);
        if (want.scalar !== undefined) {
          expect(got).toBe(want.scalar);
          return;
        }
        const nd = got as NdArray;
        expect(nd.shape).toEqual(want.shape);
        expect(Array.from(nd.data as Int32Array)).toEqual(want.values);
      });
    }
  }
});

describe("assignment matches NumPy", () => {
  const CASES: [string, string][] = [
    ["2:9, 3:17", "scalar"],
    ["1:17:3, ::4", "array"],
    ["3, :", "array"],
    [":, 7", "scalar"],
    ["...", "array"],
    ["0:4, 0:5", "array"],
    ["16, 16", "scalar"],
  ];
  const expected = runPythonJson<Record<string, number[]>>(
    `${PY_HELPERS}
out = {}
for s, kind in ${JSON.stringify(CASES)}:
    a = np.full((17, 17), -1, dtype="i4")
    region = eval("a[" + s + "]")
    if kind == "scalar":
        v = 42
    else:
        v = (np.arange(np.size(region), dtype="i4") + 1000).reshape(np.shape(region))
    exec("a[" + s + "] = v")
    out[s] = [int(x) for x in a.reshape(-1)]
print(json.dumps(out))`,
  );
  for (const order of ["C", "F"] as const) {
    for (const [sel, kind] of CASES) {
      it(`a[${sel}] = ${kind} (${order} order)`, async () => {
        const store = new RecordingStore();
        const z = await create(SHAPE, {
          dtype: "<i4",
          chunks: CHUNKS,
          compressor: null,
          order,
          store,
          fillValue: -1,
        });
        if (kind === "scalar") await z.set(sel, 42);
        else {
          const region = (await z.get(sel)) as NdArray | number;
          const shape = typeof region === "number" ? [] : region.shape;
          const n = shape.reduce((a, b) => a * b, 1);
          await z.set(sel, { data: Int32Array.from({ length: n }, (_, i) => i + 1000), shape });
        }
        const all = (await z.get(null)) as NdArray;
        expect(Array.from(all.data as Int32Array)).toEqual(expected[sel]);
      });
    }
  }
});

describe("chunk access", () => {
  it("a single-element read touches one chunk", async () => {
    const { z, store } = await makeArray("C");
    store.reset();
    await z.get([9, 11]);
    expect(store.chunkReads()).toEqual(["2.2"]);
  });

  it("a write covering whole chunks never reads them", async () => {
    const { z, store } = await makeArray("C");
    store.reset();
    await z.set([slice(4, 12), slice(0, 10)], 7);
    expect(store.chunkReads()).toEqual([]);
    expect(store.writes.sort()).toEqual(["1.0", "1.1", "2.0", "2.1"]);
    // A partial write reads what it updates.
    store.reset();
    await z.set([slice(4, 6), slice(0, 10)], 8);
    expect(store.chunkReads().sort()).toEqual(["1.0", "1.1"]);
  });

  it("edge chunks are stored full size", async () => {
    const { store } = await makeArray("C");
    // 17 = 4*4 + 1: the last row of chunks still holds 4 x 5 int32.
    expect(store.map.get("4.3")!.byteLength).toBe(4 * 5 * 4);
  });

  it("a failed write leaves the old chunk intact", async () => {
    const { z, store } = await makeArray("C");
    const before = store.map.get("0.0")!.slice();
    store.failOn = (k) => k === "0.0";
    await expect(z.set([slice(0, 2), slice(0, 2)], 99)).rejects.toThrow(
      /injected failure writing 0.0/,
    );
    expect(store.map.get("0.0")).toEqual(before);
  });

  it("parses NumPy selection strings", () => {
    expect(parseSelectionString("3:30:4, -5:")).toEqual([slice(3, 30, 4), slice(-5, null)]);
    expect(parseSelectionString("..., 5")).toEqual(["...", 5]);
    expect(() => parseSelectionString("1:2:3:4")).toThrow(IndexError);
    expect(() => parseSelectionString("a")).toThrow(/not an integer/);
  });

  it("out-of-range indices name the dimension and length", async () => {
    const { z } = await makeArray("C");
    await expect(z.get([17, 0])).rejects.toThrow(
      "index 17 is out of bounds for dimension 0 with length 17",
    );
    await expect(z.get([0, -18])).rejects.toThrow(
      "index -18 is out of bounds for dimension 1 with length 17",
    );
    await expect(z.get([0, 0, 0])).rejects.toThrow(/too many indices/);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { array, openArray, type Store } from "@zarrkit/core";
import { runPythonJson, writeTree } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
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

function loadDir(dir: string): MapStore {
  const store = new MapStore();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else store.data.set(relative(dir, p).split("\\").join("/"), readFileSync(p));
    }
  };
  walk(dir);
  return store;
}

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "zarrkit-json2-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// The same 5 x 3 values, as a Python literal and as the JS values we expect.
const PY_VALUES = `['a', 1, 2.5, None, True, [1, [2]], {'k': 'v', 'n': None}, 'é🙂', -3,
  2**70, float('nan'), '', [], {}, 'last']`;
const JS_VALUES: unknown[] = [
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
];

const PY_PRELUDE = `
import json, sys, numpy as np, zarr, numcodecs
def values():
    v = ${PY_VALUES.replace(/\n/g, " ")}
    a = np.empty(len(v), dtype=object)
    for i, x in enumerate(v):
        a[i] = x
    return a.reshape(5, 3)
def same(x, y):
    if type(x) is not type(y):
        return False
    if isinstance(x, float) and x != x:
        return y != y
    if isinstance(x, list):
        return len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
    return x == y
`;

describe("json2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const dir = tmp();
    const meta = runPythonJson<{ filters: unknown }>(
      `${PY_PRELUDE}
z = zarr.open_array(${JSON.stringify(dir)}, mode="w", shape=(5, 3),
    chunks=(2, 2), dtype=object, object_codec=numcodecs.JSON(indent=1), compressor=None)
z[...] = values()
print(json.dumps({"filters": [f.get_config() for f in z.filters]}))`,
    );
    expect(meta.filters).toEqual([
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
    const z = await openArray(loadDir(dir), { mode: "r" });
    expect(String(z.filters?.[0])).toContain("indent=1");
    expect((await z.get(null)).data).toEqual(JS_VALUES);
    expect(await z.get([3, 0])).toEqual(2n ** 70n);
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const store = new MapStore();
    await array(
      { data: JS_VALUES, shape: [5, 3] },
      {
        store,
        dtype: "|O",
        objectCodec: { id: "json2" },
        chunks: [2, 2],
        compressor: null,
      },
    );
    const dir = tmp();
    writeTree(dir, store.data);
    const out = runPythonJson<{
      same: boolean;
      read: string;
      diff: unknown[];
      chunksEqual: boolean;
    }>(
      `${PY_PRELUDE}
z = zarr.open_array(${JSON.stringify(dir)}, mode="r")
got = z[...]
# zarrkit's default fill value for object arrays is None, which pads the edge chunks
ref = zarr.array(values(), chunks=(2, 2), object_codec=numcodecs.JSON(), compressor=None,
    fill_value=None)
keys = sorted(k for k in ref.store if not k.startswith("."))
print(json.dumps({
    "same": same(got.tolist(), values().tolist()),
    "read": repr(got.tolist()),
    "diff": [(k, ref.store[k].decode(), z.store[k].decode()) for k in keys if ref.store[k] != z.store.get(k)],
    "chunksEqual": keys == sorted(k for k in z.store if not k.startswith("."))
        and all(ref.store[k] == z.store[k] for k in keys),
}))`,
    );
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual, JSON.stringify(out.diff)).toBe(true);
  });

  // zarr-python applies json2 to any dtype; the chunk then holds floats as floats ("1.0")
  const NUMERIC: { dtype: string; py: string; js: ArrayLike<unknown> }[] = [
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
    const dir = tmp();
    runPythonJson(
      `import json, numpy as np, zarr, numcodecs
g = zarr.open_group(${JSON.stringify(dir)}, mode="w")
for name, dtype, values in ${JSON.stringify(NUMERIC.map((c, i) => [`n${i}`, c.dtype, c.py]))}:
    g.array(name, np.array(eval(values), dtype=dtype), chunks=2, filters=[numcodecs.JSON()],
        compressor=None)
print(json.dumps(True))`,
    );
    const theirs = loadDir(dir);
    const ours = new MapStore();
    for (const [i, c] of NUMERIC.entries()) {
      const z = await openArray(theirs, { path: `n${i}`, mode: "r" });
      expect(z.metadata.filters, c.dtype).toEqual([expect.objectContaining({ id: "json2" })]);
      expect((await z.get(null)).data, c.dtype).toEqual(c.js);
      await array(
        { data: c.js as never, shape: [5] },
        {
          store: ours,
          path: `n${i}`,
          dtype: c.dtype,
          chunks: [2],
          filters: [{ id: "json2" }],
          compressor: null,
        },
      );
      for (const key of ["0", "1", "2"]) {
        const text = (s: MapStore) => new TextDecoder().decode(s.data.get(`n${i}/${key}`));
        expect(text(ours), `${c.dtype} chunk ${key}`).toBe(text(theirs));
      }
    }
  });
});

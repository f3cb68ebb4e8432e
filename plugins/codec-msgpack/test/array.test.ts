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
  const d = mkdtempSync(join(tmpdir(), "zarrkit-msgpack2-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// The same 5 x 3 values, as a Python literal and as the JS values we expect.
const PY_VALUES = `['a', 1, 2.5, None, True, [1, [2]], {'k': 'v', 'n': None}, 'é🙂', -3,
  2**63, float('nan'), b'\\x00\\x01', [], {}, 'last']`;
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
  2n ** 63n,
  Number.NaN,
  Uint8Array.of(0, 1),
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

describe("msgpack2 object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const dir = tmp();
    const meta = runPythonJson<{ filters: unknown }>(
      `${PY_PRELUDE}
z = zarr.open_array(${JSON.stringify(dir)}, mode="w", shape=(5, 3),
    chunks=(2, 2), dtype=object, object_codec=numcodecs.MsgPack(use_single_float=True), compressor=None)
z[...] = values()
print(json.dumps({"filters": [f.get_config() for f in z.filters]}))`,
    );
    expect(meta.filters).toEqual([
      { id: "msgpack2", raw: false, use_single_float: true, use_bin_type: true },
    ]);
    const z = await openArray(loadDir(dir), { mode: "r" });
    expect(String(z.filters?.[0])).toBe(
      "MsgPack(raw=False, use_bin_type=True, use_single_float=True)",
    );
    expect((await z.get(null)).data).toEqual(JS_VALUES);
    expect(await z.get([3, 0])).toEqual(2n ** 63n);
    expect(await z.get([3, 2])).toEqual(Uint8Array.of(0, 1));
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const store = new MapStore();
    await array(
      { data: JS_VALUES, shape: [5, 3] },
      {
        store,
        dtype: "|O",
        objectCodec: { id: "msgpack2" },
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
ref = zarr.array(values(), chunks=(2, 2), object_codec=numcodecs.MsgPack(), compressor=None,
    fill_value=None)
keys = sorted(k for k in ref.store if not k.startswith("."))
print(json.dumps({
    "same": same(got.tolist(), values().tolist()),
    "read": repr(got.tolist()),
    "diff": [(k, ref.store[k].hex(), z.store[k].hex()) for k in keys if ref.store[k] != z.store.get(k)],
    "chunksEqual": keys == sorted(k for k in z.store if not k.startswith("."))
        and all(ref.store[k] == z.store[k] for k in keys),
}))`,
    );
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual, JSON.stringify(out.diff)).toBe(true);
  });
});

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
  const d = mkdtempSync(join(tmpdir(), "zarrkit-vlen-array-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Item i of the 5 x 3 array holds i % 4 elements counting down from 10 * i: written once as
// Python, once as the typed arrays we expect.
const PY_VALUES = `
def values():
    a = np.empty(15, dtype=object)
    for i in range(15):
        a[i] = np.arange(10 * i, 10 * i - i % 4, -1, dtype="<i2")
    return a.reshape(5, 3)
def same(x, y):
    return x.shape == y.shape and all(
        p.dtype == q.dtype and p.tobytes() == q.tobytes() for p, q in zip(x.flat, y.flat))
`;
const JS_VALUES = Array.from({ length: 15 }, (_, i) =>
  Int16Array.from({ length: i % 4 }, (_, k) => 10 * i - k),
);

describe("vlen-array object arrays against zarr-python 2.13", () => {
  it("reads exactly what zarr-python wrote (edge chunks included)", async () => {
    const dir = tmp();
    runPythonJson(
      `import json, numpy as np, zarr, numcodecs
${PY_VALUES}
z = zarr.open_array(${JSON.stringify(dir)}, mode="w", shape=(5, 3), chunks=(2, 2),
    dtype=object, object_codec=numcodecs.VLenArray("<i2"), compressor=None)
z[...] = values()
print(json.dumps(z.filters[0].get_config()))`,
    );
    const z = await openArray(loadDir(dir), { mode: "r" });
    expect(z.metadata.filters).toEqual([{ id: "vlen-array", dtype: "<i2" }]);
    expect(String(z.filters?.[0])).toBe("VLenArray(dtype='<i2')");
    expect((await z.get(null)).data).toEqual(JS_VALUES);
    expect(await z.get([4, 2])).toEqual(Int16Array.of(140, 139));
  });

  it("writes what zarr-python reads exactly, chunk bytes identical to its own", async () => {
    const store = new MapStore();
    await array(
      { data: JS_VALUES, shape: [5, 3] },
      {
        store,
        dtype: "|O",
        objectCodec: { id: "vlen-array", dtype: "i2" },
        chunks: [2, 2],
        compressor: null,
      },
    );
    const dir = tmp();
    writeTree(dir, store.data);
    const out = runPythonJson<{ same: boolean; read: string; chunksEqual: boolean }>(
      `import json, numpy as np, zarr, numcodecs
${PY_VALUES}
z = zarr.open_array(${JSON.stringify(dir)}, mode="r")
got = z[...]
# zarrkit's default fill value for object arrays is None, which pads the edge chunks
ref = zarr.array(values(), chunks=(2, 2), object_codec=numcodecs.VLenArray("<i2"),
    compressor=None, fill_value=None)
keys = sorted(k for k in ref.store if not k.startswith("."))
print(json.dumps({
    "same": same(got, values()),
    "read": repr(got),
    "chunksEqual": keys == sorted(k for k in z.store if not k.startswith("."))
        and all(ref.store[k] == z.store[k] for k in keys),
}))`,
    );
    expect(out.same, `zarr-python read ${out.read}`).toBe(true);
    expect(out.chunksEqual).toBe(true);
  });
});

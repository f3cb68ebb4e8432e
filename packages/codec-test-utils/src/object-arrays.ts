import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { array, type CodecConfig, openArray, type Store } from "@zarrkit/core";
import { pySame, readTree, runPythonJson, writeTree } from "@zarrkit/test-utils";

/** A store over a Map, so a test can compare the chunk bytes themselves. */
export class MapStore implements Store {
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

/** Every file under `dir` (a store zarr-python wrote) in a MapStore. */
export function loadStore(dir: string): MapStore {
  const store = new MapStore();
  for (const [k, v] of readTree(dir)) store.data.set(k, v);
  return store;
}

/** Runs `fn` with a fresh folder for zarr-python to read or write, removed afterwards. */
async function inTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-object-array-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An object array written by each side and read by the other: zarr-python's `values()` and
 * the same elements in C order as zarrkit holds them.
 */
export interface ObjectArraySpec {
  /** Python defining `values()`, the object array (`numpy as np` is imported). */
  pyValues: string;
  jsValues: unknown[];
  shape: number[];
  chunks: number[];
  /** The object codec as zarrkit's config. */
  codec: CodecConfig;
  /** Compare dict key order too (see pySame). */
  orderedKeys?: boolean;
}

/**
 * The 5 x 3 object array the JSON and MsgPack tests share: strings (non-ASCII too), ints,
 * floats (NaN too), None, a bool, nested lists and dicts, empty ones. `wide` (item 9) and
 * `other` (item 11) are the two elements each codec fills with what only it holds.
 */
export function mixedObjectArray(
  codec: CodecConfig,
  wide: { py: string; js: unknown },
  other: { py: string; js: unknown },
  orderedKeys = false,
): ObjectArraySpec {
  return {
    pyValues: `
def values():
    v = ['a', 1, 2.5, None, True, [1, [2]], {'k': 'v', 'n': None}, 'é🙂', -3,
        ${wide.py}, float('nan'), ${other.py}, [], {}, 'last']
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
      wide.js,
      Number.NaN,
      other.js,
      [],
      {},
      "last",
    ],
    shape: [5, 3],
    chunks: [2, 2],
    codec,
    orderedKeys,
  };
}

const prelude = (spec: ObjectArraySpec) =>
  `import json, numpy as np, zarr, numcodecs
${spec.pyValues}
${pySame(spec.orderedKeys)}`;

const tuple = (xs: readonly number[]) => `(${xs.join(", ")},)`;

/**
 * zarr-python writes `values()` with the object codec `pyCodec` (a numcodecs expression) and
 * no compressor; returns the configs of the array's filters and the store it wrote.
 */
export function writeObjectArrayWithPython(
  spec: ObjectArraySpec,
  pyCodec: string,
): Promise<{ filters: Record<string, unknown>[]; store: MapStore }> {
  return inTempDir((dir) => {
    const filters = runPythonJson<Record<string, unknown>[]>(
      `${prelude(spec)}
z = zarr.open_array(${JSON.stringify(dir)}, mode="w", shape=${tuple(spec.shape)},
    chunks=${tuple(spec.chunks)}, dtype=object, object_codec=${pyCodec}, compressor=None)
z[...] = values()
print(json.dumps([f.get_config() for f in z.filters]))`,
    );
    return { filters, store: loadStore(dir) };
  });
}

/** What zarr-python made of an object array zarrkit wrote. */
export interface PythonObjectRead {
  /** zarr-python read `values()` back exactly. */
  same: boolean;
  /** repr of what it read, for the failure message. */
  read: string;
  /** zarr-python's own chunks (written with `pyCodec`) hold the same keys and bytes. */
  chunksEqual: boolean;
  /** [key, theirs, ours] in hex, where the chunks differ. */
  diff: [string, string, string | null][];
}

/**
 * zarrkit writes `jsValues` with `spec.codec`; zarr-python reads it back and writes `values()`
 * itself with `pyCodec` (fill value None, as zarrkit's default for object arrays pads the
 * edge chunks with None) to compare the chunk bytes.
 */
export async function readObjectArrayWithPython(
  spec: ObjectArraySpec,
  pyCodec: string,
): Promise<PythonObjectRead> {
  const store = new MapStore();
  await array(
    { data: spec.jsValues, shape: spec.shape },
    { store, dtype: "|O", objectCodec: spec.codec, chunks: spec.chunks, compressor: null },
  );
  return inTempDir((dir) => {
    writeTree(dir, store.data);
    return runPythonJson<PythonObjectRead>(
      `${prelude(spec)}
z = zarr.open_array(${JSON.stringify(dir)}, mode="r")
got = z[...]
ref = zarr.array(values(), chunks=${tuple(spec.chunks)}, object_codec=${pyCodec},
    compressor=None, fill_value=None)
keys = sorted(k for k in ref.store if not k.startswith("."))
print(json.dumps({
    "same": same(got, values()),
    "read": repr(got.tolist()),
    "diff": [(k, ref.store[k].hex(), z.store[k].hex() if k in z.store else None)
        for k in keys if ref.store[k] != z.store.get(k)],
    "chunksEqual": keys == sorted(k for k in z.store if not k.startswith("."))
        and all(ref.store[k] == z.store[k] for k in keys),
}))`,
    );
  });
}

/** A numeric array both sides write through an object codec used as a filter. */
export interface NumericFilterCase {
  dtype: string;
  /** The five values as a Python list literal. */
  py: string;
  js: ArrayLike<unknown>;
}

/** Numeric cases every object codec writes alike; each test adds its float64 and wide-int ones. */
export const SHARED_NUMERIC_CASES: readonly NumericFilterCase[] = [
  { dtype: ">f4", py: "[0.1, -1.0, 3.0, 0.0, 2.5]", js: Float32Array.of(0.1, -1, 3, 0, 2.5) },
  {
    dtype: "<u8",
    py: "[0, 2**64 - 1, 2**53 + 1, 7, 1]",
    js: BigUint64Array.of(0n, 2n ** 64n - 1n, 2n ** 53n + 1n, 7n, 1n),
  },
  { dtype: "|b1", py: "[True, False, True, True, False]", js: Uint8Array.of(1, 0, 1, 1, 0) },
];

/** One case of {@link numericFilterRoundTrip}: what zarrkit read, and each side's chunks. */
export interface NumericFilterResult {
  dtype: string;
  filters: unknown;
  read: unknown;
  chunks: { key: string; ours: Uint8Array | undefined; theirs: Uint8Array | undefined }[];
}

/**
 * zarr-python writes each case (five values, chunks of 2) as array `n<i>` with the filter
 * `pyFilter` (a numcodecs expression); zarrkit reads each back and writes the same values with
 * `filter`, for the test to compare the values read and the three chunks of each side.
 */
export async function numericFilterRoundTrip(
  cases: readonly NumericFilterCase[],
  pyFilter: string,
  filter: CodecConfig,
): Promise<NumericFilterResult[]> {
  const theirs = await inTempDir((dir) => {
    runPythonJson(
      `import json, numpy as np, zarr, numcodecs
g = zarr.open_group(${JSON.stringify(dir)}, mode="w")
for name, dtype, values in ${JSON.stringify(cases.map((c, i) => [`n${i}`, c.dtype, c.py]))}:
    g.array(name, np.array(eval(values), dtype=dtype), chunks=2, filters=[${pyFilter}],
        compressor=None)
print(json.dumps(True))`,
    );
    return loadStore(dir);
  });
  const ours = new MapStore();
  const results: NumericFilterResult[] = [];
  for (const [i, c] of cases.entries()) {
    const z = await openArray(theirs, { path: `n${i}`, mode: "r" });
    const read = (await z.get(null)).data;
    await array(
      { data: c.js as never, shape: [5] },
      {
        store: ours,
        path: `n${i}`,
        dtype: c.dtype,
        chunks: [2],
        filters: [filter],
        compressor: null,
      },
    );
    results.push({
      dtype: c.dtype,
      filters: z.filters?.map((f) => f.toConfig()) ?? null,
      read,
      chunks: ["0", "1", "2"].map((key) => ({
        key,
        ours: ours.data.get(`n${i}/${key}`),
        theirs: theirs.data.get(`n${i}/${key}`),
      })),
    });
  }
  return results;
}

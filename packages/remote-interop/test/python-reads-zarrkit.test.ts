// zarr-python 2.13 reads over HTTP, through fsspec's HTTP filesystem, a hierarchy zarrkit
// wrote to a directory that a real nginx serves: several dtypes, compressors and filters,
// nested groups, attributes and consolidated metadata. Values are compared exactly with the
// data zarrkit was given.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { PY_HELPERS, runPythonJson, toManifestValue } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "zarrkit";

const SHAPE = [37, 23];
const N = SHAPE[0]! * SHAPE[1]!;
const idx = Array.from({ length: N }, (_, i) => i);

interface Written {
  path: string;
  dtype: string;
  data: ArrayLike<unknown>;
  /** The values in the manifest encoding Python's helper prints. */
  expected: unknown[];
  options: Record<string, unknown>;
  config: { compressor: string | null; filters: string[] | null };
}

const floats = idx.map((i) => (i % 97 === 1 ? Number.NaN : i % 89 === 2 ? -Infinity : i * 0.5 - 3));

const ARRAYS: Written[] = [
  {
    path: "ints/i1",
    dtype: "|i1",
    data: Int8Array.from(idx, (i) => ((i * 7) % 256) - 128),
    expected: idx.map((i) => ((i * 7) % 256) - 128),
    options: { compressor: new zarr.Zlib({ level: 1 }) },
    config: { compressor: "zlib", filters: null },
  },
  {
    path: "ints/u2_big_endian",
    dtype: ">u2",
    data: Uint16Array.from(idx, (i) => (i * 331) % 65536),
    expected: idx.map((i) => (i * 331) % 65536),
    options: {
      compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
    },
    config: { compressor: "blosc", filters: null },
  },
  {
    path: "ints/i8",
    dtype: "<i8",
    data: BigInt64Array.from(idx, (i) => BigInt(i) * 1_000_000_007n - 2n ** 62n),
    expected: idx.map((i) => (BigInt(i) * 1_000_000_007n - 2n ** 62n).toString()),
    options: { compressor: new zarr.Zstd({ level: 3 }) },
    config: { compressor: "zstd", filters: null },
  },
  {
    path: "floats/f4_delta",
    dtype: "<f4",
    data: Float32Array.from(idx, (i) => i * 0.25 - 100),
    expected: idx.map((i) => i * 0.25 - 100),
    options: { compressor: new zarr.LZ4(), filters: [new zarr.Delta({ dtype: "<f4" })] },
    config: { compressor: "lz4", filters: ["delta"] },
  },
  {
    path: "floats/f8",
    dtype: "<f8",
    data: Float64Array.from(floats),
    expected: floats.map(toManifestValue),
    options: { compressor: new zarr.BZ2({ level: 1 }) },
    config: { compressor: "bz2", filters: null },
  },
  {
    path: "flags",
    dtype: "|b1",
    data: Uint8Array.from(idx, (i) => Number(i % 3 === 0)),
    expected: idx.map((i) => i % 3 === 0),
    options: { compressor: null, dimensionSeparator: "/" },
    config: { compressor: null, filters: null },
  },
];

const WORDS = ["héllo", "", "wörld", "zarr", "über", "🙂"];

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-remote-written-"));
let nginx: NginxServer;

beforeAll(async () => {
  const root = await zarr.openGroup(join(tmp, "written.zarr"), { mode: "w" });
  await root.attrs.set("title", "written by zarrkit");
  for (const a of ARRAYS) {
    const z = await root.zeros(a.path, {
      shape: SHAPE,
      chunks: [10, 7],
      dtype: a.dtype,
      ...a.options,
    });
    await z.set(null, new zarr.NdArray(a.data as never, SHAPE, a.dtype));
    await z.attrs.set("dtype", a.dtype);
  }
  const words = await root.empty("text/words", {
    shape: [WORDS.length],
    chunks: [4],
    dtype: "O",
    objectCodec: new zarr.VLenUTF8(),
  });
  await words.set(null, WORDS);
  await zarr.consolidateMetadata(join(tmp, "written.zarr"));
  nginx = await startNginx({ root: tmp });
});

afterAll(async () => {
  await nginx?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface PyView {
  dtype: string;
  shape: number[];
  compressor: { id: string } | null;
  filters: { id: string }[] | null;
  attrs: Record<string, unknown>;
  values: unknown[];
}

const PATHS = [...ARRAYS.map((a) => a.path), "text/words"];

/**
 * Each array Python opens from the root `opener` returns: from the consolidated metadata
 * every array it lists; without it each known path (HTTP cannot list a folder).
 */
function pythonReads(opener: string): {
  attrs: Record<string, unknown>;
  arrays: Record<string, PyView>;
} {
  return runPythonJson(`${PY_HELPERS}import fsspec
from zarr.storage import FSStore
url = ${JSON.stringify(`${nginx.url}written.zarr`)}
g = ${opener}
arrays = {}
if isinstance(g.store, zarr.storage.ConsolidatedMetadataStore):
    g.visitvalues(lambda v: arrays.__setitem__(v.path, zj.describe(v)) if isinstance(v, zarr.Array) else None)
else:
    for p in ${JSON.stringify(PATHS)}:
        arrays[p] = zj.describe(g[p])
print(json.dumps({"attrs": g.attrs.asdict(), "arrays": arrays}))`);
}

const OPENERS: [string, string][] = [
  ["zarr.open_consolidated(fsspec.get_mapper(url))", "consolidated, fsspec mapper"],
  ['zarr.open_group(FSStore(url, mode="r"), mode="r")', "FSStore, no consolidation"],
];

describe("zarr-python reads over HTTP what zarrkit wrote", () => {
  for (const [opener, what] of OPENERS) {
    it(`every array, attribute and value (${what})`, () => {
      const py = pythonReads(opener);
      expect(py.attrs).toEqual({ title: "written by zarrkit" });
      expect(Object.keys(py.arrays).sort()).toEqual([...PATHS].sort());
      for (const a of ARRAYS) {
        const v = py.arrays[a.path]!;
        expect(v.dtype, a.path).toBe(a.dtype);
        expect(v.shape, a.path).toEqual(SHAPE);
        expect(v.compressor?.id ?? null, a.path).toBe(a.config.compressor);
        expect(v.filters?.map((f) => f.id) ?? null, a.path).toEqual(a.config.filters);
        expect(v.attrs, a.path).toEqual({ dtype: a.dtype });
        expect(v.values, a.path).toEqual(a.expected);
      }
      const words = py.arrays["text/words"]!;
      expect(words.dtype).toBe("|O");
      expect(words.filters?.map((f) => f.id)).toEqual(["vlen-utf8"]);
      expect(words.values).toEqual(WORDS);
    });
  }
});

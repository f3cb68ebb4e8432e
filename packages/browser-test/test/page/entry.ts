// The app that runs in Chromium: the umbrella package, as a browser app imports it. The test
// drives it through `globalThis.zarrkitBrowserTest` and compares what comes back with values it
// computes itself (or with zarr-python's).
import * as zarr from "zarrkit";

/** Data in and out of the page: plain numbers, so they cross the Playwright boundary exactly. */
export interface PlainArray {
  data: number[];
  shape: number[];
}

export type CompressorName =
  | "blosc-lz4-shuffle"
  | "blosc-zstd-bitshuffle"
  | "zlib-1"
  | "lz4"
  | "zstd-1"
  | "bz2-9";

export interface WriteSpec {
  /** A NumPy-style selection string, such as "0:20, :" or "36, ::2". */
  selection: string;
  value: number | PlainArray;
}

export interface ArraySpec {
  dtype: "<i4" | "<f8" | "|u1";
  shape: number[];
  chunks: number[];
  compressor: CompressorName;
  writes: WriteSpec[];
  reads: string[];
}

export interface ArrayResult {
  repr: string;
  compressor: string;
  reads: (PlainArray | number)[];
  /** Every key of the store, with its bytes in base64 (for zarr-python to read). */
  store: Record<string, string>;
}

export interface FixtureResult {
  dtype: string;
  shape: number[];
  compressor: unknown;
  values: number[];
}

const compressors: Record<CompressorName, () => zarr.Codec> = {
  "blosc-lz4-shuffle": () =>
    new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
  "blosc-zstd-bitshuffle": () =>
    new zarr.Blosc({ cname: "zstd", clevel: 3, shuffle: zarr.Blosc.BITSHUFFLE }),
  "zlib-1": () => new zarr.Zlib({ level: 1 }),
  lz4: () => new zarr.LZ4(),
  "zstd-1": () => new zarr.Zstd({ level: 1 }),
  "bz2-9": () => new zarr.BZ2({ level: 9 }),
};

const typed = {
  "<i4": Int32Array,
  "<f8": Float64Array,
  "|u1": Uint8Array,
} as const;

function plain(value: unknown): PlainArray | number {
  if (value instanceof zarr.NdArray) {
    return { data: Array.from(value.data as ArrayLike<number>), shape: [...value.shape] };
  }
  if (typeof value === "number") return value;
  throw new Error(`expected an NdArray or a number, got ${String(value)}`);
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

async function roundTrip(spec: ArraySpec): Promise<ArrayResult> {
  const store = new zarr.MemoryStore();
  const z = await zarr.zeros(spec.shape, {
    dtype: spec.dtype,
    chunks: spec.chunks,
    compressor: compressors[spec.compressor](),
    store,
  });
  const Typed = typed[spec.dtype];
  for (const w of spec.writes) {
    const value =
      typeof w.value === "number"
        ? w.value
        : { data: Typed.from(w.value.data), shape: w.value.shape };
    await z.set(w.selection, value as never);
  }
  // Read from a fresh handle, so values come from the stored chunks.
  const again = await zarr.openArray(store, { mode: "r" });
  const reads: (PlainArray | number)[] = [];
  for (const sel of spec.reads) reads.push(plain(await again.get(sel)));
  const entries: Record<string, string> = {};
  for (const key of await store.list()) entries[key] = base64((await store.get(key))!);
  return { repr: String(again), compressor: String(again.compressor), reads, store: entries };
}

/** Fetch a store written by zarr-python (served as static files) and read it whole. */
async function readFixture(base: string, keys: string[]): Promise<FixtureResult> {
  const store = new zarr.MemoryStore();
  for (const key of keys) {
    const response = await fetch(`${base}/${key}`);
    if (!response.ok) throw new Error(`GET ${base}/${key}: ${response.status}`);
    await store.set(key, new Uint8Array(await response.arrayBuffer()));
  }
  const z = await zarr.openArray(store, { mode: "r" });
  const all = await z.get(null);
  if (!(all instanceof zarr.NdArray)) throw new Error("expected an NdArray");
  return {
    dtype: z.dtype,
    shape: [...z.shape],
    compressor: z.compressor?.toConfig() ?? null,
    values: Array.from(all.data as ArrayLike<number>),
  };
}

/** What the page's runtime is: a browser, with no Node globals, using pako for deflate; defaults. */
async function environment() {
  const g = globalThis as Record<string, unknown>;
  return {
    process: typeof g.process,
    require: typeof g.require,
    Buffer: typeof g.Buffer,
    window: typeof g.window,
    deflateEngines: zarr.deflateEngines(),
    bloscCompressors: zarr.blosc.listCompressors(),
    // zarr-python's defaults: a memory store and Blosc lz4.
    defaults: String(await zarr.zeros([4])),
    defaultCompressor: String((await zarr.zeros([4])).compressor),
  };
}

/**
 * Read an array from a zip archive that is one value of a memory store (fetched whole here,
 * since the test server does not do ranges), through the range reader; and whether the
 * browser's DecompressionStream inflated its deflated members.
 */
async function readZipArchive(url: string, path: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const store = new zarr.MemoryStore();
  await store.set("archive.zip", new Uint8Array(await response.arrayBuffer()));
  const zs = await zarr.openZipInStore(store, "archive.zip");
  const z = await zarr.openArray(zs, { mode: "r", path });
  const all = await z.get(null);
  if (!(all instanceof zarr.NdArray)) throw new Error("expected an NdArray");
  let nativeInflate = true;
  try {
    new DecompressionStream("deflate-raw");
  } catch {
    nativeInflate = false;
  }
  return {
    keys: await zs.list(),
    shape: [...all.shape],
    values: Array.from(all.data as ArrayLike<number>),
    nativeInflate,
  };
}

const api = { roundTrip, readFixture, readZipArchive, environment };
export type BrowserTestApi = typeof api;
(globalThis as { zarrkitBrowserTest?: BrowserTestApi }).zarrkitBrowserTest = api;

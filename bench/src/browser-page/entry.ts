// The page of the browser benchmark (bench/src/browser.ts drives it): zarrkit and zarrita.js in
// one page, reading the same v2 array either over HTTP (the same origin as the page, so no
// CORS) or from one in-page Map that both read through thin store wrappers. The page times each
// read itself (performance.now()), so the Playwright round trip is not in the figures, and hands
// back a sample of the values for the driver to check.
import FetchStore from "@zarrita/storage/fetch";
import * as zarrita from "zarrita";
import * as zarr from "zarrkit";

export type Lib = "zarrkit" | "zarrita";
export type Source = "http" | "memory";
/** [rowStart, rowStop, colStart, colStop], or null for the whole array. */
export type Selection = [number, number, number, number] | null;

export interface ReadResult {
  ms: number;
  length: number;
  /** Values at every `sampleStep`-th flat index of the result, starting at 0. */
  samples: number[];
  sampleStep: number;
}

export interface PageInfo {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  workers: number;
}

// biome-ignore lint/suspicious/noExplicitAny: zarrita's array type is generic over its store
type ZarritaArray = any;
const opened = new Map<
  string,
  { zarrkit: zarr.ZarrArray; zarrita: ZarritaArray; shape: number[] }
>();

// Past the browser's HTTP cache, so every read goes to the server, for both libraries alike.
const noStore = (input: RequestInfo | URL, init?: RequestInit) =>
  fetch(input, { ...init, cache: "no-store" });

/**
 * zarrkit's codec workers as a bundled app turns them on: the workers import the module that
 * registers the umbrella's codecs. Size and thresholds stay at their defaults (one worker per
 * core; chunks of 256 KiB and more go to the workers).
 */
function useWorkers(workerModule: string): PageInfo {
  zarr.configureWorkers({ modules: [new URL(workerModule, location.href).href] });
  return info();
}

function info(): PageInfo {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === "function",
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    workers: zarr.workerSettings().size,
  };
}

async function openHttp(path: string): Promise<number[]> {
  const url = new URL(path, location.href).href;
  const z = await zarr.openArray(url, { mode: "r", storageOptions: { fetch: noStore } });
  const store = new FetchStore(url, { fetch: (r: Request) => fetch(r, { cache: "no-store" }) });
  const a = await zarrita.open.v2(zarrita.root(store), { kind: "array" });
  opened.set("http", { zarrkit: z, zarrita: a, shape: [...z.shape] });
  return [...z.shape];
}

/**
 * Fetch every key once into a Map; both libraries then read that Map. zarrita asks for
 * absolute keys ("/.zarray"), zarrkit for relative ones.
 */
async function openMemory(path: string, keys: string[]): Promise<number> {
  const map = new Map<string, Uint8Array>();
  let bytes = 0;
  await Promise.all(
    keys.map(async (key) => {
      const res = await fetch(new URL(`${path}/${key}`, location.href), { cache: "no-store" });
      if (!res.ok) throw new Error(`GET ${path}/${key}: ${res.status}`);
      const b = new Uint8Array(await res.arrayBuffer());
      bytes += b.byteLength;
      map.set(key, b);
    }),
  );
  const forZarrkit = {
    get: async (key: string) => map.get(key),
    set: async (key: string, value: Uint8Array) => void map.set(key, value),
    delete: async (key: string) => map.delete(key),
    list: async (prefix = "") => [...map.keys()].filter((k) => k.startsWith(prefix)),
    toString: () => "Map",
  };
  const forZarrita = { get: async (key: string) => map.get(key.replace(/^\//, "")) };
  const z = await zarr.openArray(forZarrkit, { mode: "r" });
  const a = await zarrita.open.v2(zarrita.root(forZarrita), { kind: "array" });
  opened.set("memory", { zarrkit: z, zarrita: a, shape: [...z.shape] });
  return bytes;
}

async function read(lib: Lib, source: Source, sel: Selection): Promise<ReadResult> {
  const arrays = opened.get(source);
  if (!arrays) throw new Error(`no array opened from ${source}`);
  let data: ArrayLike<number>;
  const t0 = performance.now();
  if (lib === "zarrkit") {
    const got = await arrays.zarrkit.get(
      sel === null ? null : [zarr.slice(sel[0], sel[1]), zarr.slice(sel[2], sel[3])],
    );
    data = (got as zarr.NdArray).data as Int32Array;
  } else {
    const got =
      sel === null
        ? await zarrita.get(arrays.zarrita)
        : await zarrita.get(arrays.zarrita, [
            zarrita.slice(sel[0], sel[1]),
            zarrita.slice(sel[2], sel[3]),
          ]);
    data = got.data as Int32Array;
  }
  const ms = performance.now() - t0;
  // About 1000 values, a stride that is no multiple of a row, so every column phase is seen.
  const sampleStep = Math.max(1, Math.floor(data.length / 1000) | 1);
  const samples: number[] = [];
  for (let i = 0; i < data.length; i += sampleStep) samples.push(data[i]!);
  return { ms, length: data.length, samples, sampleStep };
}

/** Tasks the codec workers ran and their summed busy time, so far. */
function workerStats(): {
  tasks: number;
  workerMs: number;
  started: number;
  broken: string | null;
} {
  const pool = zarr.getWorkerPool();
  return {
    tasks: pool.stats.tasks,
    workerMs: pool.stats.workerMs,
    started: pool.started,
    broken: pool.broken ? pool.broken.message : null,
  };
}

const api = { useWorkers, info, openHttp, openMemory, read, workerStats };
export type BrowserBenchApi = typeof api;
(globalThis as { zarrkitBench?: BrowserBenchApi }).zarrkitBench = api;

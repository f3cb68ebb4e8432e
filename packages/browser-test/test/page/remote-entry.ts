// The app of the remote-store test: reads arrays over HTTP (a location string opens
// HttpStore), decoding chunks in codec workers (Web Workers). Served by the test's nginx, from
// the same root as the stores, so the requests need no CORS.
import * as zarr from "zarrkit";
import type { PlainArray } from "./entry.js";

export interface RemoteRead extends PlainArray {
  /** Chunks the codec workers decoded for this read. */
  workerTasks: number;
  /** Workers running after the read. */
  workersStarted: number;
  /** The pool's start error, if no worker could start. */
  workersBroken: string | null;
}

/**
 * The workers import `workerModule` (it registers the codecs into the workers' registry) and
 * take every chunk, however small, so the test's small chunks go through them too.
 */
function useWorkers(workerModule: string): void {
  zarr.configureWorkers({
    modules: [new URL(workerModule, location.href).href],
    enabled: true,
    size: 2,
  });
}

async function readSlice(url: string, selection: string): Promise<RemoteRead> {
  const z = await zarr.openArray(new URL(url, location.href).href, {
    mode: "r",
    // Past the browser's HTTP cache, so every read reaches the server and shows in its log.
    storageOptions: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, { ...init, cache: "no-store" }),
    },
  });
  const pool = zarr.getWorkerPool();
  const before = pool.stats.tasks;
  const got = await z.get(selection);
  if (!(got instanceof zarr.NdArray)) throw new Error(`expected an NdArray from ${selection}`);
  return {
    data: Array.from(got.data as ArrayLike<number>),
    shape: [...got.shape],
    workerTasks: pool.stats.tasks - before,
    workersStarted: pool.started,
    workersBroken: pool.broken ? String(pool.broken.message) : null,
  };
}

export interface S3Target {
  endpoint: string;
  bucket: string;
  prefix: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface S3Result extends PlainArray {
  keys: string[];
}

/**
 * Write a v3 array (Blosc lz4) to an S3 bucket from the page, cross-origin (the endpoint is
 * another port), then read a slice back through a fresh store. The array is built in memory
 * and its keys PUT one by one, and the read names its format: Swift's s3api sends no CORS
 * headers on a 404, so the page cannot probe for keys that do not exist (see
 * plugins/store-s3/README.md), only write and read keys that do.
 */
async function s3RoundTrip(
  target: S3Target,
  shape: number[],
  chunks: number[],
  values: number[],
  selection: string,
): Promise<S3Result> {
  const open = () =>
    new zarr.S3Store({
      bucket: target.bucket,
      prefix: target.prefix,
      endpoint: target.endpoint,
      region: target.region,
      credentials: target.credentials,
      forcePathStyle: true,
    });
  const memory = new zarr.MemoryStore();
  const z = await zarr.create(shape, {
    dtype: "<i4",
    chunks,
    compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
    zarrFormat: 3,
    store: memory,
  });
  await z.set(null, { data: Int32Array.from(values), shape });
  const s3 = open();
  const keys = (await memory.list()).sort();
  for (const key of keys) await s3.set(key, (await memory.get(key))!);
  const again = await zarr.openArray(open(), { mode: "r", zarrFormat: 3 });
  const got = await again.get(selection);
  if (!(got instanceof zarr.NdArray)) throw new Error(`expected an NdArray from ${selection}`);
  return { data: Array.from(got.data as ArrayLike<number>), shape: [...got.shape], keys };
}

const api = { useWorkers, readSlice, s3RoundTrip };
export type RemoteTestApi = typeof api;
(globalThis as { zarrkitRemoteTest?: RemoteTestApi }).zarrkitRemoteTest = api;

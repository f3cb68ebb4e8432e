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

const api = { useWorkers, readSlice };
export type RemoteTestApi = typeof api;
(globalThis as { zarrkitRemoteTest?: RemoteTestApi }).zarrkitRemoteTest = api;

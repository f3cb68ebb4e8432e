// The app's work, shared by every way the app loads zarrkit (import, require, a browser
// bundle): the caller passes the functions it loaded, so this file tests nothing about loading.
// Plain JavaScript, because the app runs it with plain node. Returns plain JSON for the test to
// compare with values it computes itself.
"use strict";

const SHAPE = [20, 30];
const CHUNKS = [7, 8];

/** Element (i, j) of the first write: large, negative and positive int32 values. */
const first = (i, j) => (i * 30 + j) * 7919 - 1000000;

async function bytesOf(store, key) {
  const b = await store.get(key);
  return b === undefined ? null : Array.from(b.subarray(0, 16));
}

/**
 * lib: { create(shape, chunks, dtype) -> Promise<ZarrArray>, open(store) -> Promise<ZarrArray> }.
 * Writes the whole array, then a region with a scalar, reads it back through a fresh open.
 */
async function roundTrip(lib) {
  const z = await lib.create(SHAPE, CHUNKS, "<i4");
  const data = new Int32Array(SHAPE[0] * SHAPE[1]);
  for (let i = 0; i < SHAPE[0]; i++)
    for (let j = 0; j < SHAPE[1]; j++) data[i * 30 + j] = first(i, j);
  await z.set(null, { data, shape: SHAPE });
  await z.set("2:5, 3:9", -7);
  const again = await lib.open(z.store);
  const all = await again.get(null);
  const column = await again.get("1:19:3, 4");
  const scalar = await again.get([19, 29]);
  const meta = JSON.parse(new TextDecoder().decode(await z.store.get(".zarray")));
  return {
    repr: String(again),
    compressor: String(again.compressor),
    meta: {
      dtype: meta.dtype,
      shape: meta.shape,
      chunks: meta.chunks,
      compressor: meta.compressor,
    },
    chunkHead: await bytesOf(z.store, "0.0"),
    all: { data: Array.from(all.data), shape: Array.from(all.shape) },
    column: { data: Array.from(column.data), shape: Array.from(column.shape) },
    scalar,
  };
}

/**
 * Chunks of 1 MiB, above the size from which the umbrella hands codec work to worker threads in
 * Node, so the workers start from the installed package's files. Returns the elements read back
 * that differ from those written (none, if all is well) and a few of them.
 */
async function bigRoundTrip(lib) {
  const n = 262144;
  const z = await lib.create([n], [n / 2], "<f8");
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = i * 0.5 - 1000;
  await z.set(null, { data, shape: [n] });
  const again = await lib.open(z.store);
  const back = (await again.get(null)).data;
  let mismatches = 0;
  for (let i = 0; i < n; i++) if (back[i] !== data[i]) mismatches++;
  return { length: back.length, mismatches, samples: [back[0], back[n / 2], back[n - 1]] };
}

/**
 * The minimal app's `lib` for roundTrip: arrays in a MemoryStore compressed with Zlib level 1,
 * from what the caller loaded of the three packages (named, so a bundle keeps only those).
 */
function minimalLib({ zeros, openArray, MemoryStore, Zlib }) {
  return {
    create: (shape, chunks, dtype) =>
      zeros(shape, {
        chunks,
        dtype,
        store: new MemoryStore(),
        compressor: new Zlib({ level: 1 }),
      }),
    open: (store) => openArray(store, { mode: "r" }),
  };
}

module.exports = { roundTrip, bigRoundTrip, minimalLib, SHAPE, CHUNKS };

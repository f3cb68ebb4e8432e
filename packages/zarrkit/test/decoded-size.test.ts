// A chunk that decodes to more or fewer bytes than one chunk of the array is a CodecError that
// names the key and both sizes (or, past a compressor, the key and the bound it stopped at) (zarr-python: "cannot reshape"), on this thread, in a codec
// worker, and in a worker that decodes straight into a shared output.
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

afterAll(async () => {
  zarr.configureWorkers({ enabled: null });
  await zarr.terminateWorkers();
});

type Chain = {
  name: string;
  dtype: "<i4" | "<f8";
  filters: zarr.CodecConfig[] | null;
  compressor: zarr.CodecConfig | null;
};

const CHAINS: Chain[] = [
  { name: "no codec", dtype: "<i4", filters: null, compressor: null },
  { name: "Delta", dtype: "<i4", filters: [{ id: "delta", dtype: "<i4" }], compressor: null },
  {
    name: "Delta + Zlib",
    dtype: "<i4",
    filters: [{ id: "delta", dtype: "<i4" }],
    compressor: { id: "zlib", level: 1 },
  },
  {
    name: "AsType + Zlib",
    dtype: "<f8",
    filters: [{ id: "astype", encode_dtype: "<f4", decode_dtype: "<f8" }],
    compressor: { id: "zlib", level: 1 },
  },
  {
    name: "FixedScaleOffset + Zlib",
    dtype: "<f8",
    filters: [{ id: "fixedscaleoffset", offset: 0, scale: 1, dtype: "<f8", astype: "|u1" }],
    compressor: { id: "zlib", level: 1 },
  },
];

async function makeArray(chain: Chain, store: zarr.Store, n: number, chunk: number) {
  return zarr.create([n], {
    chunks: [chunk],
    dtype: chain.dtype,
    store,
    filters: chain.filters,
    compressor: chain.compressor,
  });
}

/** An array of 20 elements in chunks of 10 whose chunk "1" holds `length` encoded elements. */
async function withBadChunk(chain: Chain, length: number) {
  const store = new zarr.MemoryStore();
  const sourceStore = new zarr.MemoryStore();
  const source = await makeArray(chain, sourceStore, length, length);
  await source.set(
    null,
    Array.from({ length }, (_, i) => i),
  );
  const z = await makeArray(chain, store, 20, 10);
  await z.set(
    null,
    Array.from({ length: 20 }, (_, i) => i),
  );
  await store.set("1", (await sourceStore.get("0"))!);
  return z;
}

const MODES: [string, () => void][] = [
  ["on the calling thread", () => zarr.configureWorkers({ enabled: false })],
  ["in codec workers", () => zarr.configureWorkers({ enabled: true })],
];

describe.each(MODES)("a chunk of the wrong decoded size, %s", (_mode, setup) => {
  describe.each(CHAINS)("$name", (chain) => {
    const itemsize = chain.dtype === "<i4" ? 4 : 8;
    it.each([
      ["longer", 20],
      ["shorter", 5],
    ])(
      "%s: get() of the whole array and of the chunk alone fail naming key and sizes",
      async (_w, length) => {
        setup();
        const z = await withBadChunk(chain, length);
        // A compressor stops one byte past the size it may produce (a longer stream could be a
        // decompression bomb), so its error names the key and that bound, not the full length.
        const message =
          chain.compressor && length > 10
            ? /chunk "1": codec "zlib" failed to decode: .*more than the \d+ bytes this decode may produce/
            : new RegExp(`chunk "1".*${length * itemsize} bytes, expected ${10 * itemsize}`);
        await expect(z.get()).rejects.toThrow(zarr.CodecError);
        await expect(z.get()).rejects.toThrow(message);
        await expect(z.get([zarr.slice(10, 20)])).rejects.toThrow(message);
        await expect(z.get([zarr.slice(12, 14)])).rejects.toThrow(message);
        // The chunk next to it still reads.
        expect(Array.from((await z.get([zarr.slice(0, 10)])).data as ArrayLike<number>)).toEqual(
          Array.from({ length: 10 }, (_, i) => i),
        );
      },
    );
  });
});

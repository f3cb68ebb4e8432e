// The umbrella in a browser page: its defaults (Blosc lz4), a Zstd array (WebAssembly fetched
// from beside the bundle), and what an LZMA write does where liblzma is not available.
import * as zarr from "zarrkit";
import rt from "./round-trip.cjs";

async function main() {
  const defaults = await rt.roundTrip({
    create: (shape, chunks, dtype) => zarr.zeros(shape, { chunks, dtype }),
    open: (store) => zarr.openArray(store, { mode: "r" }),
  });
  const zstd = await rt.roundTrip({
    create: (shape, chunks, dtype) =>
      zarr.zeros(shape, { chunks, dtype, compressor: new zarr.Zstd({ level: 1 }) }),
    open: (store) => zarr.openArray(store, { mode: "r" }),
  });
  let lzmaWrite;
  try {
    const z = await zarr.zeros([4], { chunks: [4], dtype: "<i4", compressor: new zarr.LZMA() });
    await z.set(null, 1);
    lzmaWrite = { ok: true };
  } catch (e) {
    lzmaWrite = { ok: false, name: e?.name, message: String(e?.message ?? e) };
  }
  return { defaults, zstd, lzmaWrite };
}

globalThis.packTest = main().then(
  (result) => ({ result }),
  (e) => ({ error: String(e?.stack ?? e) }),
);

// The app of wasm-missing.test.ts: each call uses a codec whose WebAssembly file the server
// may not have, and reports how the promise settled (or that it did not, within a limit).
import * as zarr from "zarrkit";

export interface Settled {
  state: "resolved" | "rejected" | "pending";
  codecError?: boolean;
  message?: string;
  /** The decoded bytes when resolved. */
  bytes?: number[];
}

async function settle(p: Promise<Uint8Array>, ms: number): Promise<Settled> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ state: "pending" }), ms);
  });
  const done = p.then(
    (bytes): Settled => ({ state: "resolved", bytes: Array.from(bytes) }),
    (e: unknown): Settled => ({
      state: "rejected",
      codecError: e instanceof zarr.CodecError,
      message: e instanceof Error ? e.message : String(e),
    }),
  );
  try {
    return await Promise.race([done, pending]);
  } finally {
    clearTimeout(timer);
  }
}

const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export const api = {
  bloscZstdDecode: (chunk: string, ms: number) =>
    settle(new zarr.Blosc({ cname: "zstd" }).decode(bytesOf(chunk)), ms),
  bloscZstdEncode: (ms: number) =>
    settle(new zarr.Blosc({ cname: "zstd" }).encode(new Uint8Array(1000)), ms),
  zstdDecode: (frame: string, ms: number) => settle(new zarr.Zstd().decode(bytesOf(frame)), ms),
  bz2Decode: (stream: string, ms: number) => settle(new zarr.BZ2().decode(bytesOf(stream)), ms),
  setZstdWasmUrl: (url: string) => zarr.setZstdWasmUrl(url),
};

export type WasmMissingApi = typeof api;

(globalThis as unknown as { wasmMissing: WasmMissingApi }).wasmMissing = api;

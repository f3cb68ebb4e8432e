// Where bzip2.wasm comes from: setBz2WasmSource with bytes, a function, a file URL or a path,
// and the message when it cannot be loaded. (Each test file runs in its own module graph, so
// the source set here does not leak into bz2.test.ts.)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { CodecError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { BZ2, setBz2WasmSource } from "../src/index.js";

const WASM = createRequire(import.meta.url).resolve("bzip2-wasm/bzip2-1.0.8/bzip2.wasm");
const text = new TextEncoder().encode("zarrkit ".repeat(1000));

async function roundTrip(): Promise<void> {
  const codec = new BZ2({ level: 9 });
  const encoded = await codec.encode(text);
  expect(encoded.length).toBeLessThan(100);
  expect(await codec.decode(encoded)).toEqual(text);
}

describe("setBz2WasmSource", () => {
  it("takes the bytes, a function, a file URL or a path", async () => {
    const bytes = new Uint8Array(readFileSync(WASM));
    setBz2WasmSource(bytes);
    await roundTrip();
    setBz2WasmSource(bytes.buffer);
    await roundTrip();
    let calls = 0;
    setBz2WasmSource(async () => {
      calls++;
      return bytes;
    });
    await roundTrip();
    await roundTrip();
    expect(calls).toBe(1);
    setBz2WasmSource(pathToFileURL(WASM));
    await roundTrip();
    setBz2WasmSource(WASM);
    await roundTrip();
  });

  it("says where it looked and what to do when the file is missing or not WebAssembly", async () => {
    setBz2WasmSource("/nowhere/bzip2.wasm");
    const missing = new BZ2().encode(text);
    await expect(missing).rejects.toThrow(CodecError);
    await expect(missing).rejects.toThrow(
      /^bz2: cannot load bzip2.wasm from \/nowhere\/bzip2.wasm: .*ENOENT.*Copy node_modules\/bzip2-wasm\/bzip2-1.0.8\/bzip2.wasm next to your bundle or call setBz2WasmSource$/,
    );
    setBz2WasmSource(new TextEncoder().encode("not wasm"));
    await expect(new BZ2().decode(new Uint8Array([1, 2, 3]))).rejects.toThrow(
      "bz2: cannot load bzip2.wasm from the bytes given: ",
    );
    // A failed load is not cached: a good source works afterwards.
    setBz2WasmSource(pathToFileURL(WASM).href);
    await roundTrip();
  });
});

// zstd.wasm that cannot be read, or is not WebAssembly, rejects with a CodecError naming the
// file and what to do, instead of zstd-wasm's init() waiting forever (it logs the failure and
// never settles).
import { existsSync } from "node:fs";
import { CodecError } from "@zarrkit/core";
import { beforeEach, describe, expect, it } from "vitest";
import { zstdWasmLocation } from "../src/wasm-file.js";
import { initZstdWasm, type WasmFile, type ZstdWasm } from "../src/index.js";

const INIT_KEY = Symbol.for("zarrkit.zstd-wasm.init");

function fakeLib(): ZstdWasm & { inits: number } {
  return {
    inits: 0,
    init() {
      this.inits++;
      // What zstd-wasm does with bad bytes: never settles.
      return new Promise<void>(() => {});
    },
    compress: () => new Uint8Array(0),
    decompress: () => new Uint8Array(0),
  };
}

const file = (bytes: () => Promise<Uint8Array>): WasmFile => ({
  location: () => "/srv/app/zstd.wasm",
  bytes,
  howToProvide: "put it there",
  passBytes: false,
});

beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[INIT_KEY];
});

describe("loading zstd.wasm in Node", () => {
  it("reads the file of the installed zstd-wasm package by default", () => {
    const where = zstdWasmLocation();
    expect(where).toMatch(/@bokuweb[/\\]zstd-wasm[/\\]dist[/\\]common[/\\]zstd\.wasm$/);
    expect(existsSync(where)).toBe(true);
  });

  it("a missing file rejects with a CodecError naming it and what to do", async () => {
    const lib = fakeLib();
    const missing = file(() =>
      Promise.reject(new Error("ENOENT: no such file or directory, open '/srv/app/zstd.wasm'")),
    );
    const e = await initZstdWasm("zstd", lib, missing).catch((e: unknown) => e);
    expect(e).toBeInstanceOf(CodecError);
    expect((e as Error).message).toBe(
      "zstd: cannot load zstd.wasm from /srv/app/zstd.wasm: ENOENT: no such file or directory, open '/srv/app/zstd.wasm'. To fix: put it there",
    );
    expect(lib.inits).toBe(0);
  });

  it("a file that is not WebAssembly rejects before zstd-wasm's init() can hang on it", async () => {
    const lib = fakeLib();
    const html = new TextEncoder().encode("<!doctype html><title>404</title>");
    const e = await initZstdWasm(
      "blosc",
      lib,
      file(async () => html),
    ).catch((e: unknown) => e);
    expect(e).toBeInstanceOf(CodecError);
    expect((e as Error).message).toBe(
      `blosc: cannot load zstd.wasm from /srv/app/zstd.wasm: its ${html.length} bytes are not WebAssembly. To fix: put it there`,
    );
    expect(lib.inits).toBe(0);
  });

  it("a failure is not remembered: the next call tries again", async () => {
    const lib = fakeLib();
    let calls = 0;
    const flaky = file(() => {
      calls++;
      return Promise.reject(new Error("EACCES"));
    });
    await expect(initZstdWasm("zstd", lib, flaky)).rejects.toThrow("EACCES");
    await expect(initZstdWasm("zstd", lib, flaky)).rejects.toThrow("EACCES");
    expect(calls).toBe(2);
  });
});

import { beforeEach, expect, it, vi } from "vitest";

// Each test gets a fresh copy of the loader, as a page that has not used Delta yet.
type Loader = typeof import("../src/wasm/delta-kernels.js");
let loader: Loader;
beforeEach(async () => {
  vi.resetModules();
  loader = await import("../src/wasm/delta-kernels.js");
});

it("keeps the module under the size browsers compile synchronously on the main thread", async () => {
  const { DELTA_KERNELS_WASM } = await import("../src/wasm/delta-kernels-wasm.js");
  const bytes = Buffer.from(DELTA_KERNELS_WASM, "base64");
  expect(bytes.length).toBeLessThanOrEqual(loader.SYNC_COMPILE_LIMIT);
  expect(loader.SYNC_COMPILE_LIMIT).toBe(4096);
});

it("runs the kernels from the very first call, without waiting for a compile", () => {
  const k = loader.deltaKernels();
  expect(k).not.toBeNull();
  // The first encode already goes through them: [5, 7, 4] differenced in the module's memory.
  k!.bytes.set(new Uint8Array(Int32Array.of(5, 7, 4).buffer), 0);
  k!.encode.i4(0, 3);
  expect(Array.from(new Int32Array(k!.bytes.buffer, 0, 3))).toEqual([5, 2, -3]);
});

it("reports them loaded to loadDeltaKernels, and not while disabled", async () => {
  expect(await loader.loadDeltaKernels()).toBe(true);
  loader.setDeltaKernelsEnabled(false);
  expect(loader.deltaKernels()).toBeNull();
  expect(await loader.loadDeltaKernels()).toBe(false);
  loader.setDeltaKernelsEnabled(true);
  expect(loader.deltaKernels()).not.toBeNull();
});

it("starts disabled kernels only when they are enabled again", async () => {
  loader.setDeltaKernelsEnabled(false);
  expect(loader.deltaKernels()).toBeNull();
  loader.setDeltaKernelsEnabled(true);
  expect(loader.deltaKernels()).not.toBeNull();
});

// Seeded fuzzing of Zstd decoding (codec-test-utils' fuzzDecode): mutated frames, lying
// headers and bombs fail with CodecError only, never return more than their bound, and leave
// the process's memory (zstd-wasm's heap included) within a few MiB of where it started.
import { fuzzBreaches, fuzzDecode, fuzzSamples, rng } from "@zarrkit/codec-test-utils";
import { expect, it } from "vitest";
import { Zstd } from "../src/index.js";
import { zstdHeapBytes } from "./zstd-heap.js";

function payloads(): Uint8Array[] {
  const rand = rng(11);
  const text = new TextEncoder().encode("zarr chunk ".repeat(400));
  const noisy = Uint8Array.from({ length: 8192 }, (_, i) => (i % 64 < 40 ? i & 7 : rand() * 256));
  const floats = new Uint8Array(new Float64Array(2048).map((_, i) => Math.sin(i / 50)).buffer);
  return [text, noisy, floats, new Uint8Array(20000)];
}

/** A frame without a declared size of `n` RLE blocks of 128 KiB. */
function rleBomb(n: number): Uint8Array {
  const bytes = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58];
  for (let i = 0; i < n; i++) {
    const v = ((128 * 1024) << 3) | (1 << 1) | (i === n - 1 ? 1 : 0);
    bytes.push(v & 0xff, (v >>> 8) & 0xff, v >>> 16, 0x55);
  }
  return Uint8Array.from(bytes);
}

/** Single-segment frame header declaring `size` bytes (8-byte field) before a raw block. */
function declaring(size: number): Uint8Array {
  const fcs = new Uint8Array(8);
  new DataView(fcs.buffer).setBigUint64(0, BigInt(size), true);
  return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, ...fcs, 0x01, 0x00, 0x00]);
}

it("fuzzes 400 cases: CodecError only, bounded output and memory", async () => {
  const codec = new Zstd();
  const samples = await fuzzSamples(codec, payloads());
  const heapBefore = zstdHeapBytes();
  const report = await fuzzDecode({
    codec,
    samples,
    cases: 400,
    seed: 20261130,
    bombs: [rleBomb(8192), rleBomb(2048), declaring(2 ** 40), declaring(2 ** 31 - 17)],
  });
  expect(fuzzBreaches(report)).toEqual([]);
  // Every kind of mutation ran, and the bombs were all refused.
  // fuzzDecode gives bombs one case in 8 (the mutations take turns), so 400 hold 50.
  expect(report.byMutation.bomb).toEqual({ decoded: 0, rejected: 50 });
  // Which header lies zstd can catch depends on the lie (some leave a frame that still
  // decodes within its bound): a bound, not a count.
  expect(report.byMutation["header-lie"].rejected).toBeGreaterThan(0);
  expect(report.byMutation.none.decoded).toBe(50);
  // The bare limit of the run is 1 MiB: the heap may grow by that and zstd's context, no more.
  expect(zstdHeapBytes() - heapBefore).toBeLessThan(8 * 1024 * 1024);
}, 20_000);

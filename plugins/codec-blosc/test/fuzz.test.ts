// Seeded fuzzing of Blosc decoding (codec-test-utils' fuzzDecode) with each inner compressor:
// mutated chunks, lying nbytes and bombs fail with CodecError only, never return more than
// their bound, and leave memory (zstd-wasm's heap included) near where it started.
import { fuzzBreaches, fuzzDecode, fuzzSamples, rng, withUint32 } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { Blosc, CNAMES } from "../src/index.js";
import { FORMAT } from "../src/streams.js";
import { zstdHeapBytes } from "./zstd-heap.js";

function payloads(): Uint8Array[] {
  const rand = rng(7);
  const text = new TextEncoder().encode("blosc block ".repeat(600));
  const noisy = Uint8Array.from({ length: 16384 }, (_, i) => (i % 32 < 24 ? i & 15 : rand() * 256));
  const ints = new Uint8Array(new Int32Array(4096).map((_, i) => i * 3 - 5000).buffer);
  return [text, noisy, ints, new Uint8Array(40000)];
}

/** A header claiming 1 GiB (nbytes and blocksize) over a one-stream body: a bomb by its claim. */
function claiming(flags: number): Uint8Array {
  const out = new Uint8Array(40);
  const v = new DataView(out.buffer);
  out.set([2, 1, flags, 1]);
  v.setUint32(4, 2 ** 30, true);
  v.setUint32(8, 2 ** 30, true);
  v.setUint32(12, 40, true);
  v.setUint32(16, 20, true);
  v.setUint32(20, 16, true);
  return out;
}

describe("Blosc decode fuzzing, 300 cases per inner compressor", () => {
  for (const cname of CNAMES) {
    it(cname, async () => {
      const codec = new Blosc({ cname, clevel: 5, shuffle: 1 });
      const samples = await fuzzSamples(codec, payloads());
      const heapBefore = zstdHeapBytes();
      const report = await fuzzDecode({
        codec,
        samples,
        cases: 300,
        seed: 4242,
        // nbytes, or the blocksize with it, at bytes 4 and 8 of the header.
        lie: (enc, claimed, rand) =>
          rand() < 0.5
            ? withUint32(enc, 4, claimed)
            : withUint32(withUint32(enc, 4, claimed), 8, claimed),
        bombs: [claiming((FORMAT[cname] << 5) | 0x10), claiming(0x02)],
      });
      expect(fuzzBreaches(report)).toEqual([]);
      expect(report.byMutation["header-lie"].decoded).toBe(0);
      expect(report.byMutation.none.decoded).toBe(38);
      expect(zstdHeapBytes() - heapBefore).toBeLessThan(8 * 1024 * 1024);
    }, 20_000);
  }
});

import { FUZZ_MEMORY_BOUND, fuzzDecode, fuzzSamples, payload } from "@zarrkit/codec-test-utils";
import { expect, it } from "vitest";
import { BZ2 } from "../src/index.js";

it("fuzz: mutated chunks fail with a CodecError and memory stays bounded", async () => {
  const codec = new BZ2({ level: 1 });
  const samples = await fuzzSamples(codec, [
    payload("<i4", 4096, 1, 1000),
    payload("<f8", 2048, 2, 100),
    payload("|u1", 300, 3),
    new Uint8Array(65536),
  ]);
  // 128 MiB of zeros in a few hundred bytes.
  const bomb = await codec.encode(new Uint8Array(128 * 1024 * 1024));
  const report = await fuzzDecode({ codec, samples, cases: 240, seed: 5, bombs: [bomb] });
  expect(report.foreign).toEqual([]);
  expect(report.oversize).toEqual([]);
  expect(report.validFailures).toEqual([]);
  expect(report.byMutation.bomb).toEqual({ decoded: 0, rejected: 30 });
  expect(report.peakRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.maxRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.peakArrayBuffersGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
}, 60_000);

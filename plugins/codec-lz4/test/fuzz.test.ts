import {
  FUZZ_MEMORY_BOUND,
  fuzzDecode,
  fuzzSamples,
  payload,
  withUint32,
} from "@zarrkit/codec-test-utils";
import { expect, it } from "vitest";
import { LZ4 } from "../src/index.js";
import { zeroChunk } from "./bombs.js";

it("fuzz: mutated chunks fail with a CodecError and memory stays bounded", async () => {
  const codec = new LZ4();
  const samples = await fuzzSamples(codec, [
    payload("<i4", 4096, 1, 1000),
    payload("<f8", 2048, 2, 100),
    payload("|u1", 300, 3),
    new Uint8Array(65536),
  ]);
  const report = await fuzzDecode({
    codec,
    samples,
    cases: 400,
    seed: 11,
    lie: (encoded, claimed) => withUint32(encoded, 0, claimed),
    bombs: [zeroChunk(200 * 1024 * 1024)],
  });
  expect(report.foreign).toEqual([]);
  expect(report.oversize).toEqual([]);
  expect(report.validFailures).toEqual([]);
  expect(report.byMutation.bomb).toEqual({ decoded: 0, rejected: 50 });
  expect(report.byMutation["header-lie"].decoded).toBe(0);
  expect(report.peakRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.maxRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.peakArrayBuffersGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
});

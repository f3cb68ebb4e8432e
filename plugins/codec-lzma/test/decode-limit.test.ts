import { boundEdge, boundRefusals, peakRssGrowth } from "@zarrkit/codec-test-utils";
import { getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LZMA, type LzmaBackendName, setLzmaBackend } from "../src/index.js";
import { xzZeros } from "./bombs.js";

const MiB = 1024 * 1024;
const initialLimit = getDecodeLimit();
let bomb: Uint8Array;

beforeAll(async () => {
  bomb = await xzZeros(256 * MiB);
}, 60_000);

afterEach(() => {
  setDecodeLimit(initialLimit);
  setLzmaBackend("auto");
});

describe.each<LzmaBackendName>(["lzma-native", "xz-decompress"])(
  "%s decodes no further than the decode's bound",
  (backend) => {
    it("a 256 MiB xz bomb in a 1 KiB chunk fails without decoding it", async () => {
      setLzmaBackend(backend);
      const codec = new LZMA();
      expect(bomb.length).toBeLessThan(64 * 1024);
      const expected =
        "lzma: the stream decodes to more than the 1024 bytes this decode may produce";
      const growth = await peakRssGrowth(async () => {
        expect(await boundRefusals(codec, bomb, 1024)).toEqual([expected, expected]);
      });
      // Decoding it all costs 256 MiB at least (+768 MiB for the 768 MiB bomb before).
      expect(growth).toBeLessThan(48 * MiB);
    });

    it("a bare decode stops at the process-wide limit", async () => {
      setLzmaBackend(backend);
      setDecodeLimit(2 * MiB);
      const growth = await peakRssGrowth(async () => {
        await expect(new LZMA().decode(bomb)).rejects.toThrow(
          "lzma: the stream decodes to more than the 2097152 bytes this decode may produce (raise it with setDecodeLimit)",
        );
      });
      expect(growth).toBeLessThan(48 * MiB);
    });

    it("data of exactly the bound decode; one byte more fails", async () => {
      const codec = new LZMA();
      const data = new Uint8Array(70000).map((_, i) => (i * 7) % 251);
      const exact = await new LZMA({ preset: 1 }).encode(data);
      const over = await new LZMA({ preset: 1 }).encode(new Uint8Array(70001));
      setLzmaBackend(backend);
      const edge = await boundEdge(codec, exact, over, 70000);
      expect(edge.returnedOut).toBe(true);
      expect(edge.decoded).toEqual([data, data, data]);
      expect(edge.overflows).toEqual(
        Array(3).fill(
          "lzma: the stream decodes to more than the 70000 bytes this decode may produce (raise it with setDecodeLimit)",
        ),
      );
    });
  },
);

describe("the other formats are bounded too (lzma-native)", () => {
  it.each([
    ["FORMAT_ALONE", { format: LZMA.FORMAT_ALONE, preset: 1 }],
    ["FORMAT_RAW", { format: LZMA.FORMAT_RAW, filters: [{ id: LZMA.FILTER_LZMA2, preset: 1 }] }],
  ])("%s: 16 MiB of zeros in a 4 KiB chunk fail", async (_name, options) => {
    const codec = new LZMA(options);
    const zeros = await codec.encode(new Uint8Array(16 * MiB));
    const growth = await peakRssGrowth(async () => {
      await expect(codec.decode(zeros, new Uint8Array(4096))).rejects.toThrow(
        "lzma: the stream decodes to more than the 4096 bytes this decode may produce",
      );
    });
    expect(growth).toBeLessThan(48 * MiB);
  });
});

describe("the step size rests on LZMA's largest expansion", () => {
  it("zeros, LZMA's best case, expand less than 8192:1 (the ratio the input steps assume)", async () => {
    const zeros = new Uint8Array(16 * MiB);
    for (const options of [
      { format: LZMA.FORMAT_ALONE, preset: 9 + LZMA.PRESET_EXTREME },
      { format: LZMA.FORMAT_XZ, preset: 9 + LZMA.PRESET_EXTREME },
    ]) {
      const encoded = await new LZMA(options).encode(zeros);
      expect(zeros.length / encoded.length).toBeGreaterThan(4000);
      expect(zeros.length / encoded.length).toBeLessThan(8192);
    }
  }, 120_000);
});

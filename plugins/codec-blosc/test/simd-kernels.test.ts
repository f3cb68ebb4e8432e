import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compressBlock } from "@zarrkit/lz4-block";
import { dtypeBytes, noise, sameBytes } from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { bitshuffle, bitunshuffle, shuffle, unshuffle } from "../src/shuffle.js";
import { type Kernels, LZ4_TABLE_BYTES, loadKernels, reserve } from "../src/wasm/index.js";

let k: Kernels;
beforeAll(async () => {
  const loaded = await loadKernels();
  if (!loaded) throw new Error("the WebAssembly kernels did not load");
  k = loaded;
});

/** Runs `fn` with `input` at an odd offset of the kernels' memory; returns `outLen` bytes of output. */
function inKernels(
  input: Uint8Array,
  outLen: number,
  fn: (src: number, dst: number, scratch: number) => void,
): Uint8Array {
  // Unaligned on purpose: chunks land at any offset.
  const src = LZ4_TABLE_BYTES + 3;
  const dst = src + input.length + 5;
  const scratch = dst + outLen + 7;
  const mem = reserve(k, scratch + input.length + 64);
  mem.set(input, src);
  mem.fill(0xa5, dst, dst + outLen);
  fn(src, dst, scratch);
  return mem.slice(dst, dst + outLen);
}

const TYPESIZES = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 32];
/** Element counts around the 16-element SIMD step, plus byte tails of 0 to typesize - 1. */
const COUNTS = [0, 1, 8, 15, 16, 17, 24, 31, 32, 33, 48, 1000, 4096 + 8];

describe("byte shuffle kernels", () => {
  it.each(TYPESIZES)("typesize %i: the same bytes as the JavaScript shuffle, and back", (ts) => {
    for (const count of COUNTS) {
      for (const tail of [0, ts - 1]) {
        const len = count * ts + tail;
        const data = noise(len, len + ts);
        const js = new Uint8Array(len);
        shuffle(ts, data, 0, js, 0, len);
        const wasm = inKernels(data, len, (s, d) => k.shuffle(ts, s, d, len));
        expect(sameBytes(wasm, js), `shuffle ts ${ts} len ${len}`).toBe("equal");
        const back = inKernels(js, len, (s, d) => k.unshuffle(ts, s, d, len));
        expect(sameBytes(back, data), `unshuffle ts ${ts} len ${len}`).toBe("equal");
        const jsBack = new Uint8Array(len);
        unshuffle(ts, js, 0, jsBack, 0, len);
        expect(sameBytes(jsBack, data), `js unshuffle ts ${ts} len ${len}`).toBe("equal");
      }
    }
  });

  it("puts byte j of element i at plane j, index i (typesize 4, by hand)", () => {
    const data = Uint8Array.from({ length: 64 + 3 }, (_, i) => i);
    const out = inKernels(data, data.length, (s, d) => k.shuffle(4, s, d, data.length));
    // 16 elements: plane 1 holds bytes 1, 5, 9, ...; the 3 trailing bytes stay at the end.
    expect([...out.subarray(16, 20)]).toEqual([1, 5, 9, 13]);
    expect([...out.subarray(48, 52)]).toEqual([3, 7, 11, 15]);
    expect([...out.subarray(64)]).toEqual([64, 65, 66]);
  });
});

describe("bit shuffle kernels", () => {
  it.each(TYPESIZES)("typesize %i: the same bytes as the JavaScript bitshuffle, and back", (ts) => {
    for (const count of [...COUNTS, 7, 9, 4095]) {
      for (const tail of [0, ts - 1]) {
        const len = count * ts + tail;
        const data = noise(len, 3 * len + ts);
        const js = new Uint8Array(len);
        bitshuffle(ts, data, 0, js, 0, len);
        const wasm = inKernels(data, len, (s, d, x) => k.bitshuffle(ts, s, d, len, x));
        expect(sameBytes(wasm, js), `bitshuffle ts ${ts} len ${len}`).toBe("equal");
        const back = inKernels(js, len, (s, d) => k.bitunshuffle(ts, s, d, len));
        expect(sameBytes(back, data), `bitunshuffle ts ${ts} len ${len}`).toBe("equal");
        const jsBack = new Uint8Array(len);
        bitunshuffle(ts, js, 0, jsBack, 0, len);
        expect(sameBytes(jsBack, data), `js bitunshuffle ts ${ts} len ${len}`).toBe("equal");
      }
    }
  });

  it("puts bit b of element i at plane b, byte i / 8, bit i % 8 (typesize 1, by hand)", () => {
    // Element 3 has bit 5 set, element 10 bit 0: plane 5 byte 0 = 1 << 3, plane 0 byte 1 = 1 << 2.
    const data = new Uint8Array(16);
    data[3] = 1 << 5;
    data[10] = 1;
    const out = inKernels(data, 16, (s, d, x) => k.bitshuffle(1, s, d, 16, x));
    const expected = new Uint8Array(16);
    expected[5 * 2] = 1 << 3;
    expected[1] = 1 << 2;
    expect([...out]).toEqual([...expected]);
  });
});

/** Data sets for the LZ4 compressor: what compresses well, badly, and in between. */
function lz4Inputs(): [string, Uint8Array][] {
  const ramp = new Uint8Array(Int32Array.from({ length: 70_000 }, (_, i) => i).buffer);
  const shuffledRamp = new Uint8Array(ramp.length);
  shuffle(4, ramp, 0, shuffledRamp, 0, ramp.length);
  const runs = Uint8Array.from({ length: 300_000 }, (_, i) => Math.floor(i / 777) % 5);
  return [
    ["empty", new Uint8Array(0)],
    ["1 byte", new Uint8Array([7])],
    ["12 bytes", noise(12, 1)],
    ["13 zeros", new Uint8Array(13)],
    ["noise 100", noise(100, 2)],
    ["noise 70000", noise(70_000, 3)],
    ["zeros 65546 (the last 16-bit table size)", new Uint8Array(65_546)],
    ["zeros 65547 (the first 32-bit table size)", new Uint8Array(65_547)],
    ["zeros 1 MiB", new Uint8Array(1 << 20)],
    ["runs 300000", runs],
    ["shuffled int32 ramp", shuffledRamp],
    ["int32 values", dtypeBytes("<i4", 100_001, 5)],
    ["float64 values", dtypeBytes("<f8", 50_000, 6)],
    ["text-like", Uint8Array.from({ length: 200_000 }, (_, i) => 97 + ((i * i) % 26))],
  ];
}

describe("LZ4 compression kernel", () => {
  it("writes @zarrkit/lz4-block's bytes (liblz4's) for every input, acceleration and limit", () => {
    for (const [name, data] of lz4Inputs()) {
      const bound = data.length + Math.floor(data.length / 255) + 16;
      const js = new Uint8Array(bound);
      const full = compressBlock(data, js, 1);
      // Limits: unbounded, exactly enough, one byte short, and far too small.
      for (const cap of [bound, full, full - 1, Math.floor(full / 2), 1]) {
        for (const accel of [1, 5, 9]) {
          const expected = new Uint8Array(Math.max(cap, 0));
          const size = compressBlock(data, expected, accel);
          let got = -1;
          const out = inKernels(data, Math.max(cap, 0), (s, d) => {
            got = k.lz4Compress(s, data.length, d, cap, accel, 0);
          });
          expect(got, `${name} cap ${cap} accel ${accel}`).toBe(size);
          expect(
            sameBytes(out.subarray(0, got), expected.subarray(0, size)),
            `${name} cap ${cap} accel ${accel}`,
          ).toBe("equal");
        }
      }
    }
  });
});

describe("the committed module", () => {
  it("matches a fresh build of kernels.wat and encode-kernels.as", () => {
    const script = fileURLToPath(new URL("../scripts/build-wasm.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toContain("kernels.ts matches its sources");
    expect(r.status).toBe(0);
  }, 120_000);
});

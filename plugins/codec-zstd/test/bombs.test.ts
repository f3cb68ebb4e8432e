// Decompression bombs: frames whose header or blocks claim far more than the chunk may hold
// are refused before zstd-wasm allocates, and its heap (which WebAssembly never shrinks) stays
// within the decode's bound. Each case failed on the code before the bound (heap at 1-2 GiB,
// or a 1 GiB output, or a RangeError).
import { byteChunk as info, rejection } from "@zarrkit/codec-test-utils";
import { getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { Zstd } from "../src/index.js";
import { zstdHeapBytes } from "./zstd-heap.js";

const MiB = 1024 * 1024;
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** A block header: last flag, type (0 raw, 1 RLE, 2 compressed), size. */
function blockHeader(last: boolean, type: number, size: number): number[] {
  const v = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff];
}

/** A frame without a declared size: `n` RLE blocks of 128 KiB each (window 2 MiB). */
function rleFrame(n: number): Uint8Array {
  const bytes = [...MAGIC, 0x00, (21 - 10) << 3];
  for (let i = 0; i < n; i++) bytes.push(...blockHeader(i === n - 1, 1, 128 * 1024), 0x61);
  return Uint8Array.from(bytes);
}

/** A single-segment frame declaring `declared` bytes (4-byte field) over `blocks`. */
function declaring(declared: number, blocks: number[]): Uint8Array {
  const fcs = [declared & 0xff, (declared >>> 8) & 0xff, (declared >>> 16) & 0xff, declared >>> 24];
  return Uint8Array.from([...MAGIC, 0xa0, ...fcs, ...blocks]);
}

beforeAll(async () => {
  // Loads zstd-wasm, so the heap measured below starts from its initial size.
  await new Zstd().decode(await new Zstd().encode(new Uint8Array(1000)));
});

describe("zstd bombs", () => {
  it("32 KiB of RLE blocks without a declared size (1 GiB) is refused, heap unchanged", async () => {
    const bomb = rleFrame(8192);
    expect(bomb.length).toBeLessThan(33 * 1024);
    const heap = zstdHeapBytes();
    const rss = process.memoryUsage().rss;
    const e = await rejection(new Zstd().decode(bomb, undefined, info(4 * MiB)));
    expect(e.message).toBe(
      "zstd: the size the frame's raw and RLE blocks hold is 1073741824 bytes, more than the 4194304 bytes this decode may produce",
    );
    const bare = await rejection(new Zstd().decode(bomb));
    expect(bare.message).toContain(`more than the ${getDecodeLimit()} bytes`);
    expect(bare.message).toContain("(raise it with setDecodeLimit)");
    expect(zstdHeapBytes()).toBe(heap);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB);
  });

  it("a frame without a declared size whose compressed blocks pass the bound fails at the bound", async () => {
    // 64 MiB of a repeated 997-byte pattern (compressed blocks, not RLE) in a frame that
    // declares nothing: the blocks alone cannot tell the size.
    const data = new Uint8Array(64 * MiB);
    for (let i = 0; i < data.length; i++) data[i] = ((i % 997) * 131) & 0xff;
    const frame = withoutContentSize(await new Zstd().encode(data));
    const heap = zstdHeapBytes();
    const e = await rejection(new Zstd().decode(frame, undefined, info(2 * MiB)));
    expect(e.message).toBe(
      "zstd: the stream decodes to more than the 2097152 bytes this decode may produce",
    );
    // The capacity given to zstd-wasm is the bound: the heap grows by about 2 MiB, not 64.
    expect(zstdHeapBytes() - heap).toBeLessThan(8 * MiB);
  });

  it("a 12-byte frame declaring 1.1 GiB is refused before any allocation", async () => {
    const bomb = declaring(1.1 * 2 ** 30, blockHeader(true, 0, 0));
    expect(bomb.length).toBe(12);
    const heap = zstdHeapBytes();
    const e = await rejection(new Zstd().decode(bomb));
    expect(e.message).toBe(
      "zstd: corrupt or truncated data: the frame declares 1181116006 bytes, but its blocks decode to 0 bytes",
    );
    expect(zstdHeapBytes()).toBe(heap);
  });

  it("a consistent frame declaring more than the decode limit names the claim, the bound and the setter", async () => {
    // 192 RLE blocks of 128 KiB: 24 MiB, declared, in under 1 KiB; the limit set to 16 MiB.
    const blocks: number[] = [];
    for (let i = 0; i < 192; i++) blocks.push(...blockHeader(i === 191, 1, 128 * 1024), 7);
    const bomb = declaring(24 * MiB, blocks);
    const previous = setDecodeLimit(16 * MiB);
    try {
      const heap = zstdHeapBytes();
      const e = await rejection(new Zstd().decode(bomb));
      expect(e.message).toBe(
        "zstd: the frame's declared size is 25165824 bytes, more than the 16777216 bytes this decode may produce (raise it with setDecodeLimit)",
      );
      expect(zstdHeapBytes()).toBe(heap);
      // Raised past the claim, the same frame decodes.
      setDecodeLimit(32 * MiB);
      const out = await new Zstd().decode(bomb);
      expect(out.length).toBe(24 * MiB);
      expect(out[24 * MiB - 1]).toBe(7);
    } finally {
      setDecodeLimit(previous);
    }
  });
});

/** The frame with its Frame_Content_Size field removed (no dictionary id). */
function withoutContentSize(frame: Uint8Array): Uint8Array {
  const fhd = frame[4]!;
  const single = (fhd >> 5) & 1;
  expect(fhd & 3, "no dictionary id").toBe(0);
  const fcsBytes = [single, 2, 4, 8][fhd >> 6]!;
  // Not single segment: a window descriptor (8 MiB, or the frame's own) precedes the blocks.
  const window = single ? (23 - 10) << 3 : frame[5]!;
  const blocks = frame.subarray(5 + (single ? 0 : 1) + fcsBytes);
  return Uint8Array.from([...frame.subarray(0, 4), fhd & 0x1c, window, ...blocks]);
}

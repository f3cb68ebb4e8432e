// Decompression bombs in Blosc chunks: header claims (nbytes, blocksize, memcpyed size, the
// inner zstd frame's size) that the bound or the chunk's own bytes make impossible are refused
// with a CodecError naming the claim and the bound, before any allocation, in JavaScript or in
// zstd-wasm's heap (which never shrinks). Each reproducer allocated 1-2 GiB before the bound.
import { byteChunk as info, rejection as codecRejection } from "@zarrkit/codec-test-utils";
import { getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { Blosc } from "../src/index.js";
import { compressorReference, sameBytes } from "@zarrkit/codec-test-utils";
import { zstdHeapBytes } from "./zstd-heap.js";

const MiB = 1024 * 1024;

/** A Blosc 1.x chunk: header fields, block starts, then `body` (stream sizes and data). */
function chunk(
  h: { flags: number; typesize?: number; nbytes: number; blocksize: number; version?: number },
  starts: number[],
  body: number[],
): Uint8Array {
  const cbytes = 16 + 4 * starts.length + body.length;
  const out = new Uint8Array(cbytes);
  const view = new DataView(out.buffer);
  out.set([h.version ?? 2, 1, h.flags, h.typesize ?? 1]);
  view.setUint32(4, h.nbytes, true);
  view.setUint32(8, h.blocksize, true);
  view.setUint32(12, cbytes, true);
  for (const [i, s] of starts.entries()) view.setUint32(16 + 4 * i, s, true);
  out.set(body, 16 + 4 * starts.length);
  return out;
}

const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const ZSTD = (4 << 5) | 0x10;
const LZ4 = (1 << 5) | 0x10;
const MEMCPYED = 0x02;
/** A zstd frame (single segment, 4-byte declared size) with one raw block of `raw` bytes. */
const zstdFrame = (declared: number, raw: number[]) => [
  0x28,
  0xb5,
  0x2f,
  0xfd,
  0xa0,
  ...le32(declared),
  ...[((raw.length << 3) | 1) & 0xff, (raw.length >>> 5) & 0xff, raw.length >>> 13],
  ...raw,
];

/** The message of the CodecError `p` rejects with. */
const rejection = async (p: Promise<unknown>) => (await codecRejection(p)).message;

/** Runs `f` with the bare decode limit at `bytes`. */
async function withLimit<T>(bytes: number, f: () => Promise<T>): Promise<T> {
  const previous = setDecodeLimit(bytes);
  try {
    return await f();
  } finally {
    setDecodeLimit(previous);
  }
}

beforeAll(async () => {
  // zstd-wasm loaded, so its heap is measured from its initial size.
  const b = new Blosc({ cname: "zstd" });
  await b.decode(await b.encode(new Uint8Array(4096)));
});

describe("Blosc with zstd inside", () => {
  it("a 39-byte chunk whose frame declares 1 GiB: CodecError naming the claim, heap unchanged", async () => {
    const bomb = chunk(
      { flags: ZSTD, nbytes: 256, blocksize: 256 },
      [20],
      [...le32(15), ...zstdFrame(2 ** 30, [1, 2, 3])],
    );
    expect(bomb.length).toBe(39);
    const heap = zstdHeapBytes();
    const message = await rejection(new Blosc().decode(bomb));
    expect(message).toBe(
      "blosc: corrupt chunk: block 0 stream 0: the zstd frame declares 1073741824 bytes, the stream holds 256",
    );
    expect(message).not.toContain("compress");
    expect(zstdHeapBytes()).toBe(heap);
  });

  it("the same frame with header nbytes 1 GiB: refused by the bound and by zstd's ratio", async () => {
    const bomb = chunk(
      { flags: ZSTD, nbytes: 2 ** 30, blocksize: 2 ** 30 },
      [20],
      [...le32(15), ...zstdFrame(2 ** 30, [1, 2, 3])],
    );
    const heap = zstdHeapBytes();
    expect(await rejection(new Blosc().decode(bomb))).toBe(
      `blosc: header nbytes is 1073741824 bytes, more than the ${getDecodeLimit()} bytes this decode may produce (raise it with setDecodeLimit)`,
    );
    expect(await withLimit(2 ** 31, () => rejection(new Blosc().decode(bomb)))).toBe(
      "blosc: corrupt chunk: block 0 stream 0 claims 1073741824 bytes from 15 compressed bytes, more than zstd's 32768:1 allows (491520)",
    );
    expect(zstdHeapBytes()).toBe(heap);
  });

  it("a frame that decodes to more than its stream fails as a decompression error", async () => {
    // No declared size: zstd-wasm gets the stream's 16 bytes as capacity, the raw block has 20.
    const frame = [
      0x28,
      0xb5,
      0x2f,
      0xfd,
      0x00,
      0x58,
      (20 << 3) | 1,
      0,
      0,
      ...new Array(20).fill(9),
    ];
    const bomb = chunk(
      { flags: ZSTD, nbytes: 16, blocksize: 16 },
      [20],
      [...le32(frame.length), ...frame],
    );
    expect(await rejection(new Blosc().decode(bomb))).toBe(
      "blosc: corrupt chunk: block 0 stream 0: zstd: the data decode to more than the stream holds",
    );
  });
});

describe("header claims, bare decode", () => {
  it("nbytes 2^31-17 in a 32-byte chunk: refused before allocating", async () => {
    const bomb = chunk(
      { flags: LZ4, nbytes: 2 ** 31 - 17, blocksize: 2 ** 30 },
      [24, 24],
      [...le32(4), 0, 0, 0, 0],
    );
    expect(bomb.length).toBe(32);
    const rss = process.memoryUsage().rss;
    expect(await rejection(new Blosc().decode(bomb))).toBe(
      `blosc: header nbytes is 2147483631 bytes, more than the ${getDecodeLimit()} bytes this decode may produce (raise it with setDecodeLimit)`,
    );
    // With the limit raised past the claim, the chunk's own bytes refuse it.
    expect(await withLimit(2 ** 32, () => rejection(new Blosc().decode(bomb)))).toBe(
      "blosc: corrupt chunk: block 0 stream 0 claims 1073741824 bytes from 4 compressed bytes, more than lz4's 256:1 allows (1024)",
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB);
  });

  it("blocksize 1 with nbytes 200 MiB: the block table cannot fit, refused before allocating", async () => {
    const bomb = chunk({ flags: LZ4, nbytes: 200 * MiB, blocksize: 1 }, [20], [0, 0, 0, 0]);
    const rss = process.memoryUsage().rss;
    expect(await rejection(new Blosc().decode(bomb))).toBe(
      "blosc: corrupt or truncated chunk: header nbytes 209715200 and blocksize 1 make 209715200 blocks, whose starts do not fit in 24 bytes",
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB);
  });

  it("a memcpyed chunk must hold its nbytes; it may then be any size within the bound", async () => {
    const lying = chunk({ flags: MEMCPYED, nbytes: 200 * MiB, blocksize: 200 * MiB }, [], [1, 2]);
    expect(await rejection(new Blosc().decode(lying))).toBe(
      "blosc: corrupt chunk: a memcpyed chunk of 209715200 bytes (header nbytes) must have 209715216 bytes, the header says 18 (cbytes)",
    );
    const honest = chunk({ flags: MEMCPYED, nbytes: 3, blocksize: 3 }, [], [7, 8, 9]);
    expect([...(await new Blosc().decode(honest))]).toEqual([7, 8, 9]);
    expect(await rejection(new Blosc().decode(honest, undefined, info(2)))).toBe(
      "blosc: the chunk decodes to 3 bytes (header nbytes), but 2 are expected",
    );
  });

  it("an lz4 stream claiming more than 256:1 is refused; one at 256:1 passes the check", async () => {
    // 4 compressed bytes may claim 1024 decoded bytes, not 1025.
    const over = chunk(
      { flags: LZ4, nbytes: 1025, blocksize: 1025 },
      [20],
      [...le32(4), 0, 0, 0, 0],
    );
    expect(await rejection(new Blosc().decode(over))).toBe(
      "blosc: corrupt chunk: block 0 stream 0 claims 1025 bytes from 4 compressed bytes, more than lz4's 256:1 allows (1024)",
    );
    const at = chunk({ flags: LZ4, nbytes: 1024, blocksize: 1024 }, [20], [...le32(4), 0, 0, 0, 0]);
    // Past the claims check, the lz4 decoder finds the stream corrupt.
    expect(await rejection(new Blosc().decode(at))).toMatch(
      /^blosc: corrupt chunk: block 0 stream 0: /,
    );
  });

  it("blocks sharing compressed bytes are refused (the chunk would grow with its block table)", async () => {
    const shared = chunk(
      { flags: LZ4, nbytes: 2048, blocksize: 1024 },
      [24, 24],
      [...le32(4), 0, 0, 0, 0],
    );
    expect(await rejection(new Blosc().decode(shared))).toBe(
      "blosc: corrupt chunk: blocks 0 and 1 share compressed bytes",
    );
  });

  it("a Blosc2 special-value chunk (version 4) is refused as a format Blosc 1.x cannot read", async () => {
    // c-blosc2: both shuffle bits mark its extended header; special values decode from none.
    const special = chunk(
      { version: 4, flags: 0x05, nbytes: 200 * MiB, blocksize: 0 },
      [],
      [...new Array(16).fill(0)],
    );
    expect(await rejection(new Blosc().decode(special))).toBe(
      "blosc: unsupported format version 4 in the header (Blosc 1.x writes 2)",
    );
  });
});

describe("the most compressible chunks c-blosc writes still decode", () => {
  it("2 MiB of zeros with every compressor, from compressorReference, within their ratios", async () => {
    const zeros = new Uint8Array(2 * MiB);
    const cnames = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"];
    const results = compressorReference(
      cnames.map((cname) => ({
        config: { id: "blosc", cname, clevel: 9, shuffle: 0 },
        dtype: "|u1",
        encode: [zeros],
      })),
    );
    for (const [k, cname] of cnames.entries()) {
      const enc = results[k]!.encoded[0]!;
      expect(enc[2]! & MEMCPYED, `${cname} compressed`).toBe(0);
      const got = await new Blosc().decode(enc, undefined, info(zeros.length));
      expect(sameBytes(got, zeros), cname).toBe("equal");
    }
  });
});

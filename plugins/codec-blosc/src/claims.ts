/**
 * What a Blosc chunk can decode to, checked before anything is allocated. The header's
 * nbytes and blocksize are claims: nbytes must fit the decode's bound (core's decode-limit),
 * a memcpyed chunk holds exactly nbytes after its header, and every compressed stream must be
 * able to produce its share with its compressor's best ratio. Blocks may not share compressed
 * bytes (c-blosc never writes them so), so a chunk decodes to at most about ratio x cbytes:
 * 256:1 for blosclz and lz4, more for zlib and zstd.
 */
import { CodecError, checkDecodeClaim } from "@zarrkit/core";
import {
  blockStart,
  FLAG_MEMCPYED,
  HEADER,
  type Header,
  streamSize,
  streamsInBlock,
} from "./container.js";
import { FORMAT_NAMES } from "./streams.js";

/**
 * Most decoded bytes per compressed byte of one stream, by header format code: blosclz and
 * lz4 add at most 255 bytes of length per byte; snappy copies 64 bytes with a 2-3 byte tag;
 * deflate codes a 258-byte match in 2 bits; a zstd RLE block is 128 KiB from 4 bytes.
 */
export const MAX_RATIO = [256, 256, 32, 1032, 32768] as const;

const fail = (what: string): never => {
  throw new CodecError(`blosc: ${what}`);
};

/** Throws a CodecError naming the claim and its bound when the chunk cannot be decoded so. */
export function checkClaims(src: Uint8Array, h: Header, bound: number): void {
  const { nbytes, blocksize, typesize, flags, cbytes } = h;
  checkDecodeClaim("blosc", "header nbytes", nbytes, bound);
  if (nbytes === 0) return;
  if (flags & FLAG_MEMCPYED) {
    if (cbytes !== nbytes + HEADER) {
      fail(
        `corrupt chunk: a memcpyed chunk of ${nbytes} bytes (header nbytes) must have ${nbytes + HEADER} bytes, the header says ${cbytes} (cbytes)`,
      );
    }
    return;
  }
  if (typesize === 0) fail("corrupt chunk: typesize 0 in the header");
  if (blocksize === 0 || blocksize > nbytes) {
    fail(`corrupt chunk: blocksize ${blocksize} in the header for ${nbytes} bytes (nbytes)`);
  }
  const format = flags >>> 5;
  if (format >= FORMAT_NAMES.length) fail(`unknown compressor format ${format} in the header`);
  const ratio = MAX_RATIO[format]!;
  const name = FORMAT_NAMES[format]!;
  const nblocks = Math.ceil(nbytes / blocksize);
  const tableEnd = HEADER + 4 * nblocks;
  if (tableEnd > cbytes) {
    fail(
      `corrupt or truncated chunk: header nbytes ${nbytes} and blocksize ${blocksize} make ${nblocks} blocks, whose starts do not fit in ${cbytes} bytes`,
    );
  }
  const leftover = nbytes % blocksize;
  const spans: [number, number, number][] = [];
  for (let b = 0; b < nblocks; b++) {
    const isLeftover = b === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    const nsplits = streamsInBlock(flags, typesize, bsize, isLeftover);
    const neblock = Math.floor(bsize / nsplits);
    const start = blockStart(src, b, tableEnd, cbytes);
    let sp = start;
    for (let j = 0; j < nsplits; j++) {
      const csize = streamSize(src, sp, cbytes, b, j);
      sp += 4;
      if (csize !== neblock && neblock > ratio * csize) {
        fail(
          `corrupt chunk: block ${b} stream ${j} claims ${neblock} bytes from ${csize} compressed bytes, more than ${name}'s ${ratio}:1 allows (${ratio * csize})`,
        );
      }
      sp += csize;
    }
    spans.push([start, sp, b]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < spans.length; i++) {
    const [start, , b] = spans[i]!;
    const [, end, a] = spans[i - 1]!;
    if (start < end) fail(`corrupt chunk: blocks ${a} and ${b} share compressed bytes`);
  }
}

/**
 * The Blosc 1.x container (format version 2, what c-blosc 1.x and so numcodecs 0.11 write),
 * learned from c-blosc's README_CHUNK_FORMAT and blosc.c:
 *
 *   0  version (2)          1  compressor format version (1)
 *   2  flags: 0x01 byte shuffle, 0x02 memcpyed, 0x04 bit shuffle, 0x08 reserved (0),
 *      0x10 blocks not split, 0xe0 compressor format (0 blosclz, 1 lz4/lz4hc, 2 snappy,
 *      3 zlib, 4 zstd)
 *   3  typesize             4  nbytes (uint32 LE)   8  blocksize   12  cbytes
 *
 * A memcpyed chunk holds the data right after the header. Otherwise a table of `nblocks`
 * int32 block starts follows, and each block is `nsplits` streams (`typesize` streams, one per
 * byte of the shuffled element, when it is split, else one), each an int32 compressed size and
 * the compressed bytes (stored as they are when the size equals the stream's decoded size).
 */
import { CodecError } from "@zarrkit/core";
import { type lz4Decode, StreamError } from "./lz4.js";
import { type Kernels, LZ4_TABLE_BYTES, reserve, wasmLz4 } from "./wasm/index.js";
import { bitshuffle, bitunshuffle, shuffle, unshuffle } from "./shuffle.js";
import { type Cname, COMPCODE, decoderFor, encoderFor, FORMAT, FORMAT_NAMES } from "./streams.js";

export const HEADER = 16;
const VERSION = 2;
export const MIN_BUFFERSIZE = 128;
export const MAX_SPLITS = 16;
const L1 = 32 * 1024;
const MAX_TYPESIZE = 255;
/** c-blosc's BLOSC_MAX_BUFFERSIZE. */
export const MAX_BUFFERSIZE = 2 ** 31 - 1 - HEADER;
const MAX_BLOCKSIZE = Math.floor((2 ** 31 - 1 - MAX_TYPESIZE * 4) / 3);

export const FLAG_SHUFFLE = 0x1;
export const FLAG_MEMCPYED = 0x2;
export const FLAG_BITSHUFFLE = 0x4;
export const FLAG_DONT_SPLIT = 0x10;

/** The 16-byte header at the start of every Blosc 1.x chunk, as {@link readHeader} returns it. */
export interface Header {
  /** The container format version: 2 as c-blosc 1.x writes (1 is also read). */
  version: number;
  /** The version of the inner compressor's format. */
  versionlz: number;
  /**
   * Bit flags: 0x1 byte shuffle, 0x2 stored uncompressed (memcpyed), 0x4 bit shuffle, 0x10 blocks
   * not split into one stream per byte; the top three bits are the compressor's format code.
   */
  flags: number;
  /** The item size in bytes the shuffle worked on. */
  typesize: number;
  /** The decoded size of the chunk, in bytes. */
  nbytes: number;
  /** The size of each block, in bytes (the last one may be shorter). */
  blocksize: number;
  /** The compressed size of the whole chunk, header included, in bytes. */
  cbytes: number;
}

const fail = (what: string): never => {
  throw new CodecError(`blosc: ${what}`);
};

export const u32 = (a: Uint8Array, p: number) =>
  (a[p]! | (a[p + 1]! << 8) | (a[p + 2]! << 16) | (a[p + 3]! << 24)) >>> 0;
function w32(a: Uint8Array, p: number, v: number): void {
  a[p] = v;
  a[p + 1] = v >>> 8;
  a[p + 2] = v >>> 16;
  a[p + 3] = v >>> 24;
}

/**
 * Reads the 16-byte header of a Blosc 1.x chunk and checks it against the chunk's length:
 * useful to learn a chunk's decoded size, compressor and shuffle without decoding it.
 *
 * @param src - The whole compressed chunk (its length must equal the header's `cbytes`).
 * @throws {CodecError} when the chunk is shorter than 16 bytes, its version is not 1 or 2, its
 *   `cbytes` differs from its length, a reserved flag is set or `nbytes` is too large.
 */
export function readHeader(src: Uint8Array): Header {
  if (src.length < HEADER) {
    fail(`corrupt or truncated chunk: ${src.length} bytes is shorter than the 16-byte header`);
  }
  const h: Header = {
    version: src[0]!,
    versionlz: src[1]!,
    flags: src[2]!,
    typesize: src[3]!,
    nbytes: u32(src, 4),
    blocksize: u32(src, 8),
    cbytes: u32(src, 12),
  };
  if (h.version !== VERSION && h.version !== 1) {
    fail(`unsupported format version ${h.version} in the header (Blosc 1.x writes 2)`);
  }
  if (h.cbytes !== src.length) {
    fail(
      `corrupt or truncated chunk: the header says ${h.cbytes} compressed bytes (cbytes), the chunk has ${src.length}`,
    );
  }
  if (h.flags & 0x08) fail("corrupt chunk: reserved flag bit 3 is set in the header");
  if (h.nbytes > MAX_BUFFERSIZE) fail(`corrupt chunk: the header says ${h.nbytes} bytes (nbytes)`);
  return h;
}

/**
 * How many streams a stored block of `bsize` bytes holds, counted as c-blosc's decompressor
 * counts them from the header: one per byte of the type when the block was split, else one.
 */
export function streamsInBlock(
  flags: number,
  typesize: number,
  bsize: number,
  isLeftover: boolean,
): number {
  const split =
    (flags & FLAG_DONT_SPLIT) === 0 &&
    typesize <= MAX_SPLITS &&
    Math.floor(bsize / typesize) >= MIN_BUFFERSIZE &&
    !isLeftover;
  return split ? typesize : 1;
}

/** Where block `b`'s streams start: after the table of block starts, within the chunk. */
export function blockStart(src: Uint8Array, b: number, tableEnd: number, cbytes: number) {
  const start = u32(src, HEADER + 4 * b);
  if (start < tableEnd || start > cbytes) {
    fail(`corrupt chunk: block ${b} starts at ${start}, outside the chunk's data`);
  }
  return start;
}

/**
 * The compressed size of block `b`'s stream `j`, stored at `sp`: both the 4-byte size and the
 * bytes it counts must end within the chunk's `cbytes`.
 */
export function streamSize(src: Uint8Array, sp: number, cbytes: number, b: number, j: number) {
  if (sp + 4 > cbytes) {
    fail(`corrupt or truncated chunk: block ${b} stream ${j} size is past the end`);
  }
  const csize = u32(src, sp);
  if (csize > cbytes - sp - 4) {
    fail(`corrupt or truncated chunk: block ${b} stream ${j} of ${csize} bytes runs past the end`);
  }
  return csize;
}

/** c-blosc 1.x's split rule (BLOSC_FORWARD_COMPAT_SPLIT, its default). */
function splitBlock(compcode: number, typesize: number, blocksize: number): boolean {
  return (
    compcode !== COMPCODE.zstd &&
    typesize <= MAX_SPLITS &&
    Math.floor(blocksize / typesize) >= MIN_BUFFERSIZE
  );
}

const isHCR = (compcode: number) =>
  compcode === COMPCODE.lz4hc || compcode === COMPCODE.zlib || compcode === COMPCODE.zstd;

/**
 * The block size in bytes that c-blosc 1.21 (`compute_blocksize`) gives a chunk, from the
 * compressor, level, item size and chunk size, or from a forced block size.
 *
 * @param cname - The compressor.
 * @param clevel - The compression level, 0 to 9.
 * @param typesize - The item size in bytes.
 * @param nbytes - The chunk's size in bytes.
 * @param forced - The requested block size in bytes, 0 for automatic.
 */
export function computeBlocksize(
  cname: Cname,
  clevel: number,
  typesize: number,
  nbytes: number,
  forced: number,
): number {
  const compcode = COMPCODE[cname];
  if (nbytes < typesize) return 1;
  let blocksize = nbytes;
  if (forced) {
    blocksize = Math.min(Math.max(forced, MIN_BUFFERSIZE), MAX_BLOCKSIZE);
  } else if (nbytes >= L1) {
    blocksize = L1;
    if (isHCR(compcode)) blocksize *= 2;
    const factor = [0.25, 0.5, 1, 2, 4, 4, 8, 8, 8, 8][clevel]!;
    blocksize *= factor;
    if (clevel === 9 && isHCR(compcode)) blocksize *= 2;
  }
  if (clevel > 0 && splitBlock(compcode, typesize, blocksize)) {
    if (blocksize > 1 << 18) blocksize = 1 << 18;
    blocksize *= typesize;
    if (blocksize < 1 << 16) blocksize = 1 << 16;
    if (blocksize > 1 << 20) blocksize = 1 << 20;
  }
  if (blocksize > nbytes) blocksize = nbytes;
  if (blocksize > typesize) blocksize = Math.floor(blocksize / typesize) * typesize;
  return blocksize;
}

let tmpBuffer = new Uint8Array(0);
function tmpOf(n: number): Uint8Array {
  if (tmpBuffer.length < n) tmpBuffer = new Uint8Array(n);
  return tmpBuffer;
}

export interface CompressParams {
  cname: Cname;
  clevel: number;
  /** 0, 1 or 2 (AUTOSHUFFLE resolved by the caller). */
  shuffle: number;
  typesize: number;
  /** 0 for automatic. */
  blocksize: number;
}

function memcpyed(src: Uint8Array, header: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + src.length);
  out.set(header.subarray(0, HEADER));
  out[2]! |= FLAG_MEMCPYED;
  w32(out, 12, out.length);
  out.set(src, HEADER);
  return out;
}

/**
 * Compresses `src` into one Blosc chunk (the encoders for `cname` must be loaded). With the
 * WebAssembly kernels the chunk is copied once into their memory, shuffled there, lz4 streams
 * are compressed there straight into the output, and the finished chunk is copied out.
 */
export function compress(src: Uint8Array, p: CompressParams, kernels?: Kernels | null): Uint8Array {
  const nbytes = src.length;
  if (nbytes > MAX_BUFFERSIZE) {
    fail(`cannot compress ${nbytes} bytes (Blosc's limit is ${MAX_BUFFERSIZE})`);
  }
  const typesize = p.typesize > MAX_TYPESIZE || p.typesize < 1 ? 1 : p.typesize;
  const compcode = COMPCODE[p.cname];
  const blocksize = computeBlocksize(p.cname, p.clevel, typesize, nbytes, p.blocksize);
  const nblocks = nbytes === 0 ? 0 : Math.ceil(nbytes / blocksize);
  const dontSplit = !splitBlock(compcode, typesize, blocksize);
  const header = new Uint8Array(HEADER);
  header[0] = VERSION;
  header[1] = 1;
  let flags = (FORMAT[p.cname] << 5) | (dontSplit ? FLAG_DONT_SPLIT : 0);
  if (p.shuffle === 1) flags |= FLAG_SHUFFLE;
  if (p.shuffle === 2) flags |= FLAG_BITSHUFFLE;
  header[2] = flags;
  header[3] = typesize;
  w32(header, 4, nbytes);
  w32(header, 8, blocksize);
  if (p.clevel === 0 || nbytes < MIN_BUFFERSIZE) return memcpyed(src, header);
  // c-blosc gives up (and stores the data as they are) past nbytes + 16 bytes.
  if (HEADER + 4 * nblocks > nbytes + HEADER) return memcpyed(src, header);
  const layout: BlockLayout = { nbytes, typesize, blocksize, nblocks, dontSplit };
  const chunk = kernels
    ? compressInKernels(src, p, layout, header, kernels)
    : compressInJs(src, p, layout, header);
  return chunk ?? memcpyed(src, header);
}

interface BlockLayout {
  nbytes: number;
  typesize: number;
  blocksize: number;
  nblocks: number;
  dontSplit: boolean;
}

/**
 * The JavaScript path: the chunk's size once written, or undefined when it does not fit in
 * `nbytes + 16` bytes (the caller then stores the data memcpyed, as c-blosc does).
 */
function compressInJs(
  src: Uint8Array,
  p: CompressParams,
  l: BlockLayout,
  header: Uint8Array,
): Uint8Array | undefined {
  const { typesize, blocksize, nblocks } = l;
  const maxbytes = l.nbytes + HEADER;
  const leftover = l.nbytes % blocksize;
  const out = new Uint8Array(maxbytes);
  out.set(header);
  let n = HEADER + 4 * nblocks;
  const encode = encoderFor(p.cname);
  const tmp = tmpOf(blocksize);
  for (let b = 0; b < nblocks; b++) {
    w32(out, HEADER + 4 * b, n);
    const start = b * blocksize;
    const isLeftover = b === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    let filtered = src.subarray(start, start + bsize);
    if (p.shuffle === 1 && typesize > 1) {
      shuffle(typesize, src, start, tmp, 0, bsize);
      filtered = tmp.subarray(0, bsize);
    } else if (p.shuffle === 2 && bsize >= typesize) {
      bitshuffle(typesize, src, start, tmp, 0, bsize);
      filtered = tmp.subarray(0, bsize);
    }
    const nsplits = !l.dontSplit && !isLeftover ? typesize : 1;
    const neblock = bsize / nsplits;
    for (let j = 0; j < nsplits; j++) {
      const part = filtered.subarray(j * neblock, (j + 1) * neblock);
      const maxout = Math.min(neblock, maxbytes - (n + 4));
      if (maxout <= 0) return undefined;
      const packed = encode(part, p.clevel, maxout);
      const raw = packed.length === 0 || packed.length >= neblock;
      const size = raw ? neblock : packed.length;
      if (n + 4 + size > maxbytes) return undefined;
      w32(out, n, size);
      out.set(raw ? part : packed, n + 4);
      n += 4 + size;
    }
  }
  w32(out, 12, n);
  return out.slice(0, n);
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * The WebAssembly path, same result as {@link compressInJs}. The kernels' memory holds, in
 * order: the LZ4 hash table, one block of the chunk, the shuffled block, the bit shuffle's
 * scratch and the output; each block goes in once and the finished chunk comes out once (a
 * block at a time keeps the memory, which never shrinks, near one chunk rather than two). lz4
 * streams are compressed in place; other cnames' JavaScript encoders read views of the
 * shuffled block.
 */
function compressInKernels(
  src: Uint8Array,
  p: CompressParams,
  l: BlockLayout,
  header: Uint8Array,
  k: Kernels,
): Uint8Array | undefined {
  const { typesize, blocksize, nblocks } = l;
  const maxbytes = l.nbytes + HEADER;
  const leftover = l.nbytes % blocksize;
  const srcAt = LZ4_TABLE_BYTES;
  const tmpAt = align16(srcAt + blocksize);
  const scratchAt = align16(tmpAt + blocksize);
  const outAt = align16(scratchAt + (p.shuffle === 2 ? blocksize : 0));
  // Slack past the output: the SIMD loops never write there, but a stray 16-byte load may read.
  const mem = reserve(k, outAt + maxbytes + 64);
  mem.set(header, outAt);
  const lz4 = p.cname === "lz4";
  const encode = lz4 ? undefined : encoderFor(p.cname);
  const accel = 10 - p.clevel;
  let n = HEADER + 4 * nblocks;
  for (let b = 0; b < nblocks; b++) {
    w32(mem, outAt + HEADER + 4 * b, n);
    const isLeftover = b === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    mem.set(src.subarray(b * blocksize, b * blocksize + bsize), srcAt);
    let filtered = srcAt;
    if (p.shuffle === 1 && typesize > 1) {
      k.shuffle(typesize, srcAt, tmpAt, bsize);
      filtered = tmpAt;
    } else if (p.shuffle === 2 && bsize >= typesize) {
      k.bitshuffle(typesize, srcAt, tmpAt, bsize, scratchAt);
      filtered = tmpAt;
    }
    const nsplits = !l.dontSplit && !isLeftover ? typesize : 1;
    const neblock = bsize / nsplits;
    for (let j = 0; j < nsplits; j++) {
      const partAt = filtered + j * neblock;
      const maxout = Math.min(neblock, maxbytes - (n + 4));
      if (maxout <= 0) return undefined;
      const dst = outAt + n + 4;
      let size: number;
      if (encode) {
        const packed = encode(mem.subarray(partAt, partAt + neblock), p.clevel, maxout);
        size = packed.length === 0 || packed.length >= neblock ? neblock : packed.length;
        if (n + 4 + size > maxbytes) return undefined;
        if (size !== neblock) mem.set(packed, dst);
      } else {
        size = k.lz4Compress(partAt, neblock, dst, maxout, accel, 0);
        if (size === 0 || size >= neblock) size = neblock;
        if (n + 4 + size > maxbytes) return undefined;
      }
      // No gain: the stream is stored as it is.
      if (size === neblock) mem.copyWithin(dst, partAt, partAt + neblock);
      w32(mem, outAt + n, size);
      n += 4 + size;
    }
  }
  w32(mem, outAt + 12, n);
  return mem.slice(outAt, outAt + n);
}

/**
 * Decompresses a Blosc chunk into `out` (or a new buffer of the header's nbytes). The decoder
 * for the chunk's compressor must be loaded. With the WebAssembly kernels, lz4 chunks are
 * decoded inside their memory (chunk, block buffer and output) and copied out at the end.
 */
export function decompress(
  src: Uint8Array,
  h: Header,
  out?: Uint8Array,
  kernels?: Kernels | null,
): Uint8Array {
  if (
    kernels &&
    h.flags >>> 5 === FORMAT.lz4 &&
    !(h.flags & FLAG_MEMCPYED) &&
    h.nbytes > 0 &&
    h.blocksize > 0 &&
    h.blocksize <= h.nbytes
  ) {
    if (out !== undefined && out.length !== h.nbytes) decompressWith(src, h, out);
    const align = (n: number) => Math.ceil(n / 16) * 16;
    const tmpAt = align(src.length);
    const outAt = tmpAt + align(h.blocksize);
    const mem = reserve(kernels, outAt + h.nbytes);
    mem.set(src);
    const result = decompressWith(
      mem.subarray(0, src.length),
      h,
      mem.subarray(outAt, outAt + h.nbytes),
      mem.subarray(tmpAt, tmpAt + h.blocksize),
      wasmLz4(kernels),
      kernels,
    );
    const dest = out ?? new Uint8Array(h.nbytes);
    dest.set(result);
    return dest;
  }
  return decompressWith(src, h, out);
}

/**
 * Decompresses only what `ranges` of the decoded chunk need into `out` (of the header's
 * nbytes), as c-blosc's getitem does: the blocks that intersect a range, each whole (every
 * stream of a split block; a shuffled block unshuffles as one), or for a memcpyed chunk the
 * ranges' bytes. Bytes of `out` outside those blocks are left as they are.
 */
export function decompressRanges(
  src: Uint8Array,
  h: Header,
  ranges: readonly (readonly [number, number])[],
  out: Uint8Array,
  kernels?: Kernels | null,
): void {
  const { nbytes, blocksize } = h;
  if (out.length !== nbytes) {
    fail(`the chunk decodes to ${nbytes} bytes (header nbytes), but ${out.length} are expected`);
  }
  for (const [start, end] of ranges) {
    if (!(start >= 0 && start <= end && end <= nbytes)) {
      fail(`byte range [${start}, ${end}) is outside the chunk's ${nbytes} bytes`);
    }
  }
  if (h.flags & FLAG_MEMCPYED) {
    if (h.cbytes !== nbytes + HEADER) {
      fail(
        `corrupt chunk: a memcpyed chunk of ${nbytes} bytes must have ${nbytes + HEADER} bytes, the header says ${h.cbytes} (cbytes)`,
      );
    }
    for (const [start, end] of ranges) out.set(src.subarray(HEADER + start, HEADER + end), start);
    return;
  }
  if (nbytes === 0) return;
  if (blocksize === 0 || blocksize > nbytes) {
    fail(`corrupt chunk: blocksize ${blocksize} in the header for ${nbytes} bytes (nbytes)`);
  }
  const wanted = new Uint8Array(Math.ceil(nbytes / blocksize));
  let first = wanted.length;
  let last = -1;
  for (const [start, end] of ranges) {
    if (end === start) continue;
    const a = Math.floor(start / blocksize);
    const b = Math.floor((end - 1) / blocksize);
    wanted.fill(1, a, b + 1);
    first = Math.min(first, a);
    last = Math.max(last, b);
  }
  if (last < 0) return;
  if (!kernels || h.flags >>> 5 !== FORMAT.lz4) {
    decompressWith(src, h, out, undefined, undefined, undefined, wanted);
    return;
  }
  // Inside the kernels' memory, as `decompress` does, but only the span of the wanted blocks
  // comes back out.
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const tmpAt = align(src.length);
  const outAt = tmpAt + align(blocksize);
  const mem = reserve(kernels, outAt + nbytes);
  mem.set(src);
  const dest = mem.subarray(outAt, outAt + nbytes);
  decompressWith(
    mem.subarray(0, src.length),
    h,
    dest,
    mem.subarray(tmpAt, tmpAt + blocksize),
    wasmLz4(kernels),
    kernels,
    wanted,
  );
  for (let b = first; b <= last; b++) {
    if (wanted[b]) out.set(dest.subarray(b * blocksize, (b + 1) * blocksize), b * blocksize);
  }
}

function decompressWith(
  src: Uint8Array,
  h: Header,
  out?: Uint8Array,
  tmpArea?: Uint8Array,
  lz4?: typeof lz4Decode,
  kernels?: Kernels,
  /** When given, only the blocks it marks (1) are decoded. */
  wanted?: Uint8Array,
): Uint8Array {
  const { nbytes, flags, blocksize } = h;
  if (out !== undefined && out.length !== nbytes) {
    fail(`the chunk decodes to ${nbytes} bytes (header nbytes), but ${out.length} are expected`);
  }
  const dest = out ?? new Uint8Array(nbytes);
  if (nbytes === 0) return dest;
  const typesize = h.typesize;
  if (typesize === 0) fail("corrupt chunk: typesize 0 in the header");
  if (blocksize === 0 || blocksize > nbytes) {
    fail(`corrupt chunk: blocksize ${blocksize} in the header for ${nbytes} bytes (nbytes)`);
  }
  if (flags & FLAG_MEMCPYED) {
    if (h.cbytes !== nbytes + HEADER) {
      fail(
        `corrupt chunk: a memcpyed chunk of ${nbytes} bytes must have ${nbytes + HEADER} bytes, the header says ${h.cbytes} (cbytes)`,
      );
    }
    dest.set(src.subarray(HEADER, HEADER + nbytes));
    return dest;
  }
  const format = flags >>> 5;
  if (format >= FORMAT_NAMES.length) fail(`unknown compressor format ${format} in the header`);
  if (h.versionlz !== 1) {
    fail(`unsupported ${FORMAT_NAMES[format]} format version ${h.versionlz} in the header`);
  }
  const decode = format === FORMAT.lz4 && lz4 ? lz4 : decoderFor(format);
  const nblocks = Math.ceil(nbytes / blocksize);
  const leftover = nbytes % blocksize;
  const tableEnd = HEADER + 4 * nblocks;
  if (tableEnd > h.cbytes) {
    fail(`corrupt or truncated chunk: ${nblocks} block starts do not fit in ${h.cbytes} bytes`);
  }
  const doShuffle = (flags & FLAG_SHUFFLE) !== 0 && typesize > 1;
  const doBitshuffle = (flags & FLAG_BITSHUFFLE) !== 0;
  const tmp = doShuffle || doBitshuffle ? (tmpArea ?? tmpOf(blocksize)) : undefined;
  const cbytes = h.cbytes;
  for (let b = 0; b < nblocks; b++) {
    if (wanted && !wanted[b]) continue;
    const isLeftover = b === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    const start = b * blocksize;
    const filtered = doShuffle || (doBitshuffle && bsize >= typesize);
    const target = filtered ? tmp! : dest;
    const base = filtered ? 0 : start;
    const nsplits = streamsInBlock(flags, typesize, bsize, isLeftover);
    const neblock = Math.floor(bsize / nsplits);
    let sp = blockStart(src, b, tableEnd, cbytes);
    for (let j = 0; j < nsplits; j++) {
      const csize = streamSize(src, sp, cbytes, b, j);
      sp += 4;
      const dp = base + j * neblock;
      if (csize === neblock) {
        target.set(src.subarray(sp, sp + csize), dp);
      } else {
        try {
          decode(src, sp, sp + csize, target, dp, dp + neblock);
        } catch (e) {
          if (!(e instanceof StreamError)) throw e;
          fail(`corrupt chunk: block ${b} stream ${j}: ${e.message}`);
        }
      }
      sp += csize;
    }
    if (doShuffle && kernels) {
      kernels.unshuffle(typesize, tmp!.byteOffset, dest.byteOffset + start, bsize);
    } else if (doShuffle) unshuffle(typesize, tmp!, 0, dest, start, bsize);
    else if (filtered && kernels) {
      kernels.bitunshuffle(typesize, tmp!.byteOffset, dest.byteOffset + start, bsize);
    } else if (filtered) bitunshuffle(typesize, tmp!, 0, dest, start, bsize);
  }
  return dest;
}

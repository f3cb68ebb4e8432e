// A shard's layout checked against the sharding_indexed spec, independently of zarrkit: the
// index (offset and length of each inner chunk as little-endian uint64, 2^64-1 twice for an
// empty chunk) at the start or end, its crc32c, inner chunks inside the shard without
// overlapping, their own crc32c, and shards nested inside inner chunks, recursively.
import { crc32c } from "./crc32c.js";
import type { V3Codec } from "./random-cases.js";

export interface ShardingConfiguration {
  chunk_shape: number[];
  codecs: V3Codec[];
  index_codecs: V3Codec[];
  index_location?: "start" | "end";
}

const EMPTY = 0xffffffffffffffffn;

export interface ShardIndex {
  /** Per inner chunk in C order: where its bytes are, or null when the chunk is not stored. */
  entries: ({ offset: number; length: number } | null)[];
  indexStart: number;
  indexSize: number;
}

function u32le(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0, true);
}

export function readShardIndex(
  shard: Uint8Array,
  shardShape: number[],
  config: ShardingConfiguration,
): ShardIndex {
  const n = shardShape.reduce((a, s, d) => a * (s / config.chunk_shape[d]!), 1);
  const names = config.index_codecs.map((c) => c.name);
  if (names[0] !== "bytes" || names.slice(1).some((x) => x !== "crc32c"))
    throw new Error(`index_codecs must be bytes then crc32c, got ${names.join(", ")}`);
  const checksummed = names.includes("crc32c");
  const indexSize = 16 * n + (checksummed ? 4 : 0);
  if (shard.length < indexSize)
    throw new Error(`shard of ${shard.length} bytes is shorter than its index (${indexSize})`);
  const indexStart = config.index_location === "start" ? 0 : shard.length - indexSize;
  const index = shard.subarray(indexStart, indexStart + indexSize);
  if (checksummed) {
    const want = crc32c(index.subarray(0, 16 * n));
    const got = u32le(index, 16 * n);
    if (want !== got) throw new Error(`index crc32c is ${got}, the index bytes give ${want}`);
  }
  const view = new DataView(index.buffer, index.byteOffset, 16 * n);
  const entries: ShardIndex["entries"] = [];
  for (let i = 0; i < n; i++) {
    const offset = view.getBigUint64(16 * i, true);
    const length = view.getBigUint64(16 * i + 8, true);
    if (offset === EMPTY && length === EMPTY) entries.push(null);
    else entries.push({ offset: Number(offset), length: Number(length) });
  }
  return { entries, indexStart, indexSize };
}

/** Checks the layout of a shard (and of shards inside it); returns how many chunks it stores. */
export function checkShard(
  shard: Uint8Array,
  shardShape: number[],
  config: ShardingConfiguration,
): number {
  const { entries, indexStart, indexSize } = readShardIndex(shard, shardShape, config);
  const used = entries
    .filter((e): e is { offset: number; length: number } => e !== null)
    .sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const e of used) {
    const inIndex = e.offset < indexStart + indexSize && e.offset + e.length > indexStart;
    if (e.offset + e.length > shard.length || inIndex || e.offset < end)
      throw new Error(`inner chunk at ${e.offset}+${e.length} overlaps or leaves the shard`);
    end = e.offset + e.length;
    const chunk = shard.subarray(e.offset, e.offset + e.length);
    const inner = config.codecs;
    if (inner[inner.length - 1]?.name === "crc32c") {
      const want = crc32c(chunk.subarray(0, chunk.length - 4));
      if (u32le(chunk, chunk.length - 4) !== want)
        throw new Error(`inner chunk at ${e.offset}: crc32c does not match its bytes`);
    }
    if (inner[0]?.name === "sharding_indexed")
      checkShard(chunk, config.chunk_shape, inner[0].configuration as never);
  }
  return used.length;
}

/**
 * The same shard with its index moved to the end (offsets shifted, checksum recomputed), for
 * readers that only look there (zarrita.js 0.7.5 ignores `index_location`).
 */
export function moveIndexToEnd(
  shard: Uint8Array,
  shardShape: number[],
  config: ShardingConfiguration,
): Uint8Array {
  const { entries, indexSize } = readShardIndex(shard, shardShape, config);
  const body = shard.subarray(indexSize);
  const out = new Uint8Array(shard.length);
  out.set(body, 0);
  const index = new DataView(out.buffer, body.length, entries.length * 16);
  entries.forEach((e, i) => {
    index.setBigUint64(16 * i, e ? BigInt(e.offset - indexSize) : EMPTY, true);
    index.setBigUint64(16 * i + 8, e ? BigInt(e.length) : EMPTY, true);
  });
  if (indexSize > entries.length * 16) {
    const sum = crc32c(out.subarray(body.length, body.length + entries.length * 16));
    new DataView(out.buffer).setUint32(out.length - 4, sum, true);
  }
  return out;
}

import type { ChunkData } from "../metadata/dtype.js";
import { CodecError } from "../errors.js";

/**
 * A shard's index: for each inner chunk, in C order over the shard's grid of inner chunks,
 * where its bytes are in the shard (`offset`, `nbytes`, both uint64). An inner chunk that
 * is not stored (it held only the fill value) has 2^64-1 in both.
 *
 * Offsets are kept as doubles: a shard past 2^53 bytes (8 PiB) is refused as corrupted.
 */
export class ShardIndex {
  /** -1 for an inner chunk that is not stored. */
  readonly offsets: Float64Array;
  /** Stored byte length of each inner chunk; -1 for one that is not stored. */
  readonly lengths: Float64Array;

  constructor(offsets: Float64Array, lengths: Float64Array) {
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /** An index in which no inner chunk is stored. */
  static empty(chunks: number): ShardIndex {
    return new ShardIndex(new Float64Array(chunks).fill(-1), new Float64Array(chunks).fill(-1));
  }

  /** Number of inner chunks the index describes. */
  get chunks(): number {
    return this.offsets.length;
  }

  /** True when inner chunk `i` (C order) is not stored: it reads as the fill value. */
  isEmpty(i: number): boolean {
    return this.offsets[i]! < 0;
  }

  /** True when no inner chunk is stored. */
  get allEmpty(): boolean {
    for (let i = 0; i < this.offsets.length; i++) if (this.offsets[i]! >= 0) return false;
    return true;
  }

  /** Memory the decoded index takes (what the index cache counts). */
  get byteSize(): number {
    return this.offsets.byteLength + this.lengths.byteLength;
  }

  /** The index as the uint64 array of shape `[...chunksPerShard, 2]` that index codecs encode. */
  toEntries(): BigUint64Array {
    const out = new BigUint64Array(2 * this.chunks);
    for (let i = 0; i < this.chunks; i++) {
      if (this.isEmpty(i)) {
        out[2 * i] = EMPTY_ENTRY;
        out[2 * i + 1] = EMPTY_ENTRY;
      } else {
        out[2 * i] = BigInt(this.offsets[i]!);
        out[2 * i + 1] = BigInt(this.lengths[i]!);
      }
    }
    return out;
  }

  /**
   * The index from its decoded entries. `key` names the shard in errors: an entry with one
   * half empty, or one past 2^53, means the index is corrupted.
   */
  static fromEntries(entries: ChunkData, chunks: number, key: string): ShardIndex {
    if (!(entries instanceof BigUint64Array) || entries.length !== 2 * chunks) {
      throw corrupted(
        key,
        `the index decoded to ${describe(entries)}, expected ${2 * chunks} uint64 values (${chunks} inner chunks)`,
      );
    }
    const offsets = new Float64Array(chunks);
    const lengths = new Float64Array(chunks);
    for (let i = 0; i < chunks; i++) {
      const off = entries[2 * i]!;
      const len = entries[2 * i + 1]!;
      if (off === EMPTY_ENTRY && len === EMPTY_ENTRY) {
        offsets[i] = -1;
        lengths[i] = -1;
        continue;
      }
      if (off > MAX_SAFE || len > MAX_SAFE) {
        throw corrupted(
          key,
          `inner chunk ${i} has offset ${off} and nbytes ${len}; only both 2^64-1 (not stored) or values below 2^53 are valid`,
        );
      }
      offsets[i] = Number(off);
      lengths[i] = Number(len);
    }
    return new ShardIndex(offsets, lengths);
  }

  /**
   * Refuse an entry that points outside the chunk area of a shard of `shardBytes` bytes
   * (`[dataStart, dataEnd)`: the shard minus its index).
   */
  checkBounds(key: string, dataStart: number, dataEnd: number): void {
    for (let i = 0; i < this.chunks; i++) {
      if (this.isEmpty(i)) continue;
      const off = this.offsets[i]!;
      const end = off + this.lengths[i]!;
      if (off < dataStart || end > dataEnd) {
        throw corrupted(
          key,
          `inner chunk ${i} spans bytes [${off}, ${end}), outside the shard's chunk bytes [${dataStart}, ${dataEnd})`,
        );
      }
    }
  }
}

/** 2^64-1: the value of both halves of the entry of an inner chunk that is not stored. */
export const EMPTY_ENTRY = 0xffffffffffffffffn;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The error for a shard whose index cannot be right. */
export function corrupted(key: string, why: string): CodecError {
  return new CodecError(`shard "${key}": corrupted shard index: ${why}`);
}

function describe(data: ChunkData): string {
  if (ArrayBuffer.isView(data)) return `${data.constructor.name} of ${data.length}`;
  return `a JS array of ${(data as unknown[]).length}`;
}

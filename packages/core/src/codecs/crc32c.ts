import { asBytes, type ChunkInfo, type Codec, type CodecConfig, type CodecInput } from "./codec.js";
import type { V3CodecNaming } from "./codec-registry.js";
import { CodecError } from "../errors.js";

/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Zarr v3 appends to
 * chunks and shard indexes. Slicing-by-8 tables: a shard index is read on every partial read,
 * and a chunk checksum runs over every byte of the chunk, so the per-byte loop matters.
 */
const TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t0[n]!;
    for (let t = 1; t < 8; t++) {
      c = t0[c & 0xff]! ^ (c >>> 8);
      tables[t]![n] = c >>> 0;
    }
  }
  return tables;
})();

/** The CRC-32C of `bytes` (continuing from `crc`, the value of the bytes before them). */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let c = ~crc >>> 0;
  let i = 0;
  const n = bytes.length;
  const end8 = n - (n % 8);
  while (i < end8) {
    const lo =
      (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>>
      0;
    c =
      t7[lo & 0xff]! ^
      t6[(lo >>> 8) & 0xff]! ^
      t5[(lo >>> 16) & 0xff]! ^
      t4[lo >>> 24]! ^
      t3[bytes[i + 4]!]! ^
      t2[bytes[i + 5]!]! ^
      t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < n) c = t0[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Bytes the checksum adds to its input. */
export const CRC32C_SIZE = 4;

/**
 * The `crc32c` bytes->bytes codec: encode appends the 4-byte little-endian checksum of the
 * input, decode checks it and returns the input without it.
 */
export class Crc32c implements Codec {
  readonly id = "crc32c";

  encode(data: CodecInput): Uint8Array {
    if (!ArrayBuffer.isView(data))
      throw new CodecError("crc32c: encode takes bytes, got a JS array (place it after bytes)");
    const input = asBytes(data);
    const out = new Uint8Array(input.byteLength + CRC32C_SIZE);
    out.set(input);
    new DataView(out.buffer).setUint32(input.byteLength, crc32c(input), true);
    return out;
  }

  decode(data: Uint8Array, _out?: Uint8Array, _info?: ChunkInfo): Uint8Array {
    if (data.byteLength < CRC32C_SIZE) {
      throw new CodecError(
        `crc32c: ${data.byteLength} bytes is shorter than the ${CRC32C_SIZE}-byte checksum`,
      );
    }
    const body = data.subarray(0, data.byteLength - CRC32C_SIZE);
    const stored = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(
      body.byteLength,
      true,
    );
    const actual = crc32c(body);
    if (stored !== actual) {
      throw new CodecError(
        `crc32c: checksum mismatch: the data's checksum is 0x${hex(actual)}, the stored one is 0x${hex(stored)} (the data is corrupted)`,
      );
    }
    return body;
  }

  /** The output is the input plus the checksum; the pipeline learns the encoded size here. */
  encodedInfo(info: ChunkInfo): ChunkInfo {
    return info.nbytes === undefined ? info : { ...info, nbytes: info.nbytes + CRC32C_SIZE };
  }

  toConfig(): CodecConfig {
    return { id: this.id };
  }

  toString(): string {
    return "CRC32C()";
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** Builds the codec from its config, which has no parameters. */
export function createCrc32c(config: CodecConfig): Crc32c {
  const extra = Object.keys(config).filter((k) => k !== "id");
  if (extra.length > 0) {
    throw new CodecError(
      `crc32c: takes no configuration, got ${extra.map((k) => `"${k}"`).join(", ")}`,
    );
  }
  return new Crc32c();
}

/** zarr-python 3 writes `{ "name": "crc32c" }`, with an empty configuration when it has one. */
export const CRC32C_V3: V3CodecNaming = {
  name: "crc32c",
  fromV3(configuration) {
    const extra = Object.keys(configuration);
    if (extra.length > 0) {
      throw new CodecError(`takes no configuration, got ${extra.map((k) => `"${k}"`).join(", ")}`);
    }
    return { id: "crc32c" };
  },
  toV3: () => ({}),
};

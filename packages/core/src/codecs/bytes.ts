import { asBytes, type ChunkInfo, type Codec, type CodecConfig, type CodecInput } from "./codec.js";
import { bytesToChunk, chunkToBytes } from "./bytes-codec.js";
import type { V3CodecNaming } from "./codec-registry.js";
import { type ChunkData, type DataType, parseDataType, typedArrayFor } from "../metadata/dtype.js";
import { CodecError } from "../errors.js";

/** A byte order as Zarr v3's `bytes` codec names it (`"little"`: `<`, `"big"`: `>`). */
export type Endian = "little" | "big";

/** The byte order this engine keeps typed arrays in (bytes-codec.ts refuses any other). */
export const NATIVE_ORDER = "<" as const;

/**
 * The same type in another byte order. Types without one (`|u1`, `|S5`, records, objects)
 * come back unchanged: a record's fields keep their own orders.
 */
export function withByteOrder(dtype: DataType, order: "<" | ">"): DataType {
  if (dtype.byteOrder === "|" || dtype.byteOrder === order) return dtype;
  return parseDataType(`${order}${dtype.str.slice(1)}`);
}

/**
 * The array->bytes codec of Zarr v3 (`bytes`): chunk data in memory to its stored bytes in the
 * configured byte order, and back. v2's implicit step (the dtype's own byte order) is this
 * codec too. Its input is native-order data of `info.dtype`: a typed array, native-order bytes
 * of that type, or, for types kept as JS arrays (strings, records), that array.
 *
 * The pipeline builds it from the metadata; make one yourself only to list it in a v3 array's
 * `codecs`. Config: `{ endian?: "little" | "big" }` (zarr-python 3's `BytesCodec(endian=...)`).
 *
 * @throws {@link CodecError} from the constructor when `endian` is not `"little"` or `"big"`,
 *   and from encode/decode when a multi-byte type has no endian from the config or the array,
 *   or the data's size does not match the chunk shape.
 */
export class BytesCodec implements Codec {
  readonly id = "bytes";
  /** Absent for one-byte types, which have no byte order (zarr-python 3 writes none). */
  readonly endian: Endian | undefined;

  constructor(config: { readonly [key: string]: unknown } = {}) {
    const e = config.endian;
    if (e !== undefined && e !== null && e !== "little" && e !== "big")
      throw new CodecError(
        `codec "bytes": field "endian" must be "little" or "big", got ${JSON.stringify(e)}`,
      );
    this.endian = (e ?? undefined) as Endian | undefined;
  }

  /** The native-order type of the data this codec takes, and the type of its stored bytes. */
  #types(info: ChunkInfo | undefined, op: string): { memory: DataType; stored: DataType } {
    if (!info)
      throw new CodecError(`codec "bytes" needs the chunk's info (dtype and shape) to ${op}`);
    // A record type cannot be rebuilt from its string (`|V12`): take the array's own type
    // while the data still has it.
    const array = info.dataType;
    const native = array && withByteOrder(array, NATIVE_ORDER);
    const ofArray =
      native !== undefined && (native.str === info.dtype || array!.str === info.dtype);
    const memory = ofArray ? native : withByteOrder(parseDataType(info.dtype), NATIVE_ORDER);
    if (memory.byteOrder === "|") return { memory, stored: memory };
    if (this.endian === undefined) {
      // Without an endian, the array's stored type decides (v2 metadata has no bytes codec).
      if (ofArray && array!.byteOrder !== "|")
        return { memory, stored: withByteOrder(memory, array!.byteOrder) };
      throw new CodecError(
        `codec "bytes": field "endian" is required for the multi-byte data type ${memory.str}`,
      );
    }
    return { memory, stored: withByteOrder(memory, this.endian === "big" ? ">" : "<") };
  }

  /**
   * The chunk's stored bytes in the configured byte order: typed arrays are byte-swapped when
   * the order differs from the engine's, strings and records are laid out as NumPy does.
   * Needs `info` (dtype and shape).
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    const { memory, stored } = this.#types(info, "encode");
    const n = elementsOf(info!);
    let chunk = data as ChunkData;
    if (ArrayBuffer.isView(data)) {
      const Ctor = typedArrayFor(memory);
      if (Ctor && data instanceof Ctor) {
        if (data.length !== n * memory.lanes)
          throw new CodecError(
            `got ${data.length} values to encode, expected ${n * memory.lanes} (${n} x ${memory.str}, the chunk shape)`,
          );
      } else {
        // Native-order bytes of the type (what an array->array codec may return).
        const bytes = asBytes(data);
        checkSize(bytes.byteLength, n, memory, "encode");
        if (stored === memory) return bytes;
        chunk = bytesToChunk(memory, bytes, n, false);
      }
    }
    return chunkToBytes(stored, chunk, n);
  }

  decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): ChunkData {
    const { stored } = this.#types(info, "decode");
    const n = elementsOf(info!);
    checkSize(data.byteLength, n, stored, "decode");
    return bytesToChunk(stored, data, n, false);
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const { stored } = this.#types(info, "describe its output");
    return {
      ...info,
      dtype: stored.str,
      itemsize: stored.itemsize,
      nbytes: elementsOf(info) * stored.itemsize,
    };
  }

  toConfig(): CodecConfig {
    return this.endian === undefined ? { id: "bytes" } : { id: "bytes", endian: this.endian };
  }

  toString(): string {
    return this.endian === undefined ? "BytesCodec()" : `BytesCodec(endian='${this.endian}')`;
  }
}

function elementsOf(info: ChunkInfo): number {
  let n = 1;
  for (const s of info.shape) n *= s;
  return n;
}

function checkSize(actual: number, n: number, dtype: DataType, op: string): void {
  const expected = n * dtype.itemsize;
  if (actual !== expected)
    throw new CodecError(
      op === "decode"
        ? `decoded to ${actual} bytes, expected ${expected} (${n} x ${dtype.str}, the chunk shape)`
        : `got ${actual} bytes to encode, expected ${expected} (${n} x ${dtype.str}, the chunk shape)`,
    );
}

/**
 * `bytes` in `zarr.json`: `{ endian }`, left out for one-byte types as zarr-python 3 writes
 * them (`{"name": "bytes"}`); a v3 writer drops an empty configuration.
 */
export const BYTES_V3: V3CodecNaming = {
  name: "bytes",
  fromV3(configuration) {
    const { endian } = configuration;
    return endian === undefined ? { id: "bytes" } : { id: "bytes", endian };
  },
  toV3(config, info) {
    if (info.itemsize <= 1) return {};
    // zarr-python 3 requires the endian of multi-byte types: without one, the array's order.
    const order = info.dataType?.byteOrder ?? info.dtype[0];
    return { endian: config.endian ?? (order === ">" ? "big" : "little") };
  },
};

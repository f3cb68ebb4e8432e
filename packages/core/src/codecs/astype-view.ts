import { CodecError } from "../errors.js";
import { castFloatToInt } from "../metadata/float-to-int.js";
import type { DataType } from "../metadata/dtype.js";
import { asBytes, type ChunkInfo, type Codec, type CodecConfig, type CodecInput } from "./codec.js";

/**
 * numcodecs' `AsType` as `ZarrArray.astype` puts it in front of an array's filters: stored
 * elements of `encodeDtype` become `decodeDtype` on read (NumPy's `astype`: floats truncate
 * toward zero into integers, integers wrap). Core carries its own, as core imports no plugin;
 * its config is numcodecs', so a worker that has the `astype` plugin may run it instead.
 */
export class AsTypeView implements Codec {
  readonly id = "astype";
  readonly encodeDtype: DataType;
  readonly decodeDtype: DataType;

  constructor(encodeDtype: DataType, decodeDtype: DataType) {
    for (const [field, dt] of [
      ["array dtype", encodeDtype],
      ["astype dtype", decodeDtype],
    ] as const) {
      if (!castable(dt))
        throw new CodecError(
          `astype: ${field} ${dt.str} is not supported: astype converts between bool, integer and float (4 or 8 byte) types`,
        );
    }
    this.encodeDtype = encodeDtype;
    this.decodeDtype = decodeDtype;
  }

  encode(data: CodecInput): Uint8Array {
    if (!ArrayBuffer.isView(data)) throw new CodecError("astype: expects bytes, got a JS array");
    return convert(asBytes(data), this.decodeDtype, this.encodeDtype);
  }

  decode(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const bytes = convert(data, this.encodeDtype, this.decodeDtype);
    if (out && out.length === bytes.length) {
      out.set(bytes);
      return out;
    }
    return bytes;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const n =
      info.nbytes === undefined
        ? undefined
        : (info.nbytes / info.itemsize) * this.encodeDtype.itemsize;
    return {
      ...info,
      dtype: this.encodeDtype.str,
      itemsize: this.encodeDtype.itemsize,
      ...(n === undefined ? {} : { nbytes: n }),
    };
  }

  toConfig(): CodecConfig {
    return { id: "astype", encode_dtype: this.encodeDtype.str, decode_dtype: this.decodeDtype.str };
  }

  toString(): string {
    return `AsType(encode_dtype='${this.encodeDtype.str}', decode_dtype='${this.decodeDtype.str}')`;
  }
}

function castable(dt: DataType): boolean {
  if (dt.kind === "b" || dt.kind === "i" || dt.kind === "u") return true;
  return dt.kind === "f" && (dt.itemsize === 4 || dt.itemsize === 8);
}

/** Read element `i` of stored bytes of dtype `dt` (its own byte order). */
function read(view: DataView, dt: DataType, i: number): number | bigint {
  const at = i * dt.itemsize;
  const le = dt.byteOrder !== ">";
  switch (dt.kind) {
    case "b":
      return view.getUint8(at) !== 0 ? 1 : 0;
    case "f":
      return dt.itemsize === 8 ? view.getFloat64(at, le) : view.getFloat32(at, le);
    case "i":
      if (dt.itemsize === 1) return view.getInt8(at);
      if (dt.itemsize === 2) return view.getInt16(at, le);
      if (dt.itemsize === 4) return view.getInt32(at, le);
      return view.getBigInt64(at, le);
    default:
      if (dt.itemsize === 1) return view.getUint8(at);
      if (dt.itemsize === 2) return view.getUint16(at, le);
      if (dt.itemsize === 4) return view.getUint32(at, le);
      return view.getBigUint64(at, le);
  }
}

/** NumPy's cast of one element of `from` to `to`. */
function cast(v: number | bigint, from: DataType, to: DataType): number | bigint {
  if (to.kind === "b") return (typeof v === "bigint" ? v !== 0n : v !== 0) ? 1 : 0;
  if (to.kind === "f") return Number(v);
  if (from.kind === "f") return castFloatToInt(to, v as number);
  if (to.itemsize === 8) return typeof v === "bigint" ? v : BigInt(v);
  return typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : v;
}

/** Write element `i` of dtype `dt`; integers keep their low bits, as NumPy's casts do. */
function write(view: DataView, dt: DataType, i: number, v: number | bigint): void {
  const at = i * dt.itemsize;
  const le = dt.byteOrder !== ">";
  if (dt.kind === "f") {
    if (dt.itemsize === 8) view.setFloat64(at, Number(v), le);
    else view.setFloat32(at, Number(v), le);
    return;
  }
  if (dt.itemsize === 8) {
    const big = typeof v === "bigint" ? v : BigInt(v);
    if (dt.kind === "u") view.setBigUint64(at, BigInt.asUintN(64, big), le);
    else view.setBigInt64(at, BigInt.asIntN(64, big), le);
    return;
  }
  const n = Number(v);
  if (dt.itemsize === 1) view.setUint8(at, n & 0xff);
  else if (dt.itemsize === 2) view.setUint16(at, n & 0xffff, le);
  else view.setUint32(at, n >>> 0, le);
}

function convert(src: Uint8Array, from: DataType, to: DataType): Uint8Array {
  if (src.byteLength % from.itemsize !== 0)
    throw new CodecError(
      `astype: ${src.byteLength} bytes are not a whole number of ${from.str} elements`,
    );
  const n = src.byteLength / from.itemsize;
  const out = new Uint8Array(n * to.itemsize);
  const inView = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < n; i++) write(outView, to, i, cast(read(inView, from, i), from, to));
  return out;
}

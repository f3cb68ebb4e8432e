import { ZarrError, CodecError } from "../errors.js";
import {
  type ChunkData,
  type DataType,
  byteswap,
  isByteIdentical,
  swapWidth,
  type TypedArray,
  typedArrayFor,
} from "../metadata/dtype.js";
import { type ColumnCodec, decodeRecords, encodeRecords } from "./record-codec.js";

/**
 * The array-to-bytes step: in-memory chunk data to the stored bytes of its dtype and back.
 * In v2 it is implicit (byte order comes from the dtype); in v3 it is the `bytes` codec.
 */

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN_HOST) {
  // Every engine zarrkit targets is little-endian; typed arrays would need swapping otherwise.
  throw new ZarrError("zarrkit requires a little-endian JavaScript engine");
}

// ---- float16 <-> float32, exact in the widening direction, round-half-even when narrowing ----

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The value of a float16 given as its 16 raw bits (`0x3c00` is 1): exact, since every float16
 * is a double. Subnormals, infinities and NaN included. NumPy's `np.float16` read from its bits.
 */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The 16 raw bits of the float16 nearest to `value` (ties to even; `1` is `0x3c00`): what
 * `float16` arrays store. The value is first rounded to float32, as a `Float32Array` holding
 * float16 data would be; beyond float16's range it is ±infinity, NaN stays NaN.
 */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  const rem = mant & 0x1fff;
  mant >>>= 13;
  if (rem > 0x1000 || (rem === 0x1000 && mant & 1)) {
    mant++;
    if (mant === 0x400) {
      mant = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | mant;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Decode stored bytes into in-memory chunk data of `n` elements. May alias `bytes` when `copy` is false. */
export function bytesToChunk(
  dtype: DataType,
  bytes: Uint8Array,
  n: number,
  copy: boolean,
): ChunkData {
  const need = n * dtype.itemsize;
  if (bytes.byteLength < need) {
    throw new CodecError(
      `decoded chunk has ${bytes.byteLength} bytes, expected ${need} (${n} x ${dtype.str})`,
    );
  }
  const Ctor = typedArrayFor(dtype);
  if (Ctor && isByteIdentical(dtype)) {
    const length = n * dtype.lanes;
    if (!copy && bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) {
      return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
    }
    const out = new Ctor(length);
    new Uint8Array(out.buffer).set(bytes.subarray(0, need));
    return out;
  }
  if (Ctor && dtype.kind === "f" && dtype.itemsize === 2) {
    const out = new Float32Array(n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, need);
    const little = dtype.byteOrder !== ">";
    for (let i = 0; i < n; i++) out[i] = halfToFloat(dv.getUint16(2 * i, little));
    return out;
  }
  if (Ctor) {
    // Big-endian numeric data: copy, then swap each unit in place.
    const out = new Ctor(n * dtype.lanes) as TypedArray;
    const view = new Uint8Array(out.buffer);
    view.set(bytes.subarray(0, need));
    byteswap(view, swapWidth(dtype));
    return out;
  }
  if (dtype.kind === "S") {
    const out: Uint8Array[] = new Array(n);
    const size = dtype.itemsize;
    for (let i = 0; i < n; i++) {
      let end = (i + 1) * size;
      const start = i * size;
      while (end > start && bytes[end - 1] === 0) end--;
      out[i] = bytes.slice(start, end);
    }
    return out;
  }
  if (dtype.kind === "U") {
    const out: string[] = new Array(n);
    const chars = dtype.itemsize / 4;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, need);
    const little = dtype.byteOrder !== ">";
    for (let i = 0; i < n; i++) {
      let s = "";
      for (let c = 0; c < chars; c++) {
        const cp = dv.getUint32((i * chars + c) * 4, little);
        if (cp === 0) {
          // NumPy strips trailing NULs only; an embedded NUL followed by text is kept.
          let rest = false;
          for (let k = c + 1; k < chars; k++)
            if (dv.getUint32((i * chars + k) * 4, little) !== 0) rest = true;
          if (!rest) break;
        }
        s += String.fromCodePoint(cp);
      }
      out[i] = s;
    }
    return out;
  }
  if (dtype.kind === "V") return decodeRecords(dtype, bytes, n, COLUMNS);
  throw new CodecError(
    `dtype ${dtype.str} chunks are decoded by an object codec (e.g. vlen-utf8), not as raw bytes`,
  );
}

/**
 * Encode in-memory chunk data as stored bytes. The result may alias the data's memory when
 * no conversion is needed; callers that keep the result must not reuse the data afterwards.
 */
export function chunkToBytes(dtype: DataType, data: ChunkData, n: number): Uint8Array {
  const Ctor = typedArrayFor(dtype);
  if (Ctor && isByteIdentical(dtype)) {
    const t = data as TypedArray;
    return new Uint8Array(t.buffer, t.byteOffset, n * dtype.itemsize);
  }
  if (dtype.kind === "V") return encodeRecords(dtype, data as unknown[], n, COLUMNS);
  const out = new Uint8Array(n * dtype.itemsize);
  if (Ctor && dtype.kind === "f" && dtype.itemsize === 2) {
    const dv = new DataView(out.buffer);
    const little = dtype.byteOrder !== ">";
    const src = data as Float32Array;
    for (let i = 0; i < n; i++) dv.setUint16(2 * i, floatToHalf(src[i]!), little);
    return out;
  }
  if (Ctor) {
    const t = data as TypedArray;
    out.set(new Uint8Array(t.buffer, t.byteOffset, n * dtype.itemsize));
    byteswap(out, swapWidth(dtype));
    return out;
  }
  if (dtype.kind === "S") {
    const size = dtype.itemsize;
    const items = data as unknown[];
    for (let i = 0; i < n; i++) {
      const v = items[i];
      const b = v instanceof Uint8Array ? v : utf8.encode(String(v ?? ""));
      out.set(b.subarray(0, size), i * size);
    }
    return out;
  }
  if (dtype.kind === "U") {
    const chars = dtype.itemsize / 4;
    const dv = new DataView(out.buffer);
    const little = dtype.byteOrder !== ">";
    const items = data as unknown[];
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (const ch of String(items[i] ?? "")) {
        if (c >= chars) break;
        dv.setUint32((i * chars + c) * 4, ch.codePointAt(0)!, little);
        c++;
      }
    }
    return out;
  }
  throw new CodecError(
    `dtype ${dtype.str} chunks need an object codec (e.g. vlen-utf8) as the first filter`,
  );
}

/** Structured fields are converted column by column with the conversions above. */
const COLUMNS: ColumnCodec = {
  toChunk: (dtype, bytes, n) => bytesToChunk(dtype, bytes, n, false),
  toBytes: chunkToBytes,
};

export { utf8Decoder };

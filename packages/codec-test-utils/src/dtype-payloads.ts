// Payloads for the compressor tests: bytes of every numeric dtype shaped like real data (a
// smooth signal with a little noise), so the compressors have something to find.

export const NUMERIC_DTYPES = [
  "|b1",
  "|i1",
  "|u1",
  "<i2",
  "<u2",
  "<i4",
  "<u4",
  "<i8",
  "<u8",
  "<f2",
  "<f4",
  "<f8",
  "<c8",
  "<c16",
  ">i4",
  ">f8",
] as const;

export function itemsize(dtype: string): number {
  return Number(dtype.slice(2));
}

/**
 * Bytes of `count` elements of `dtype`: a smooth signal plus a little noise, like real data.
 * `|V<n>` (Blosc's odd typesizes) gets a byte pattern that repeats with the signal.
 */
export function dtypeBytes(dtype: string, count: number, seed = 1): Uint8Array {
  const size = itemsize(dtype);
  const bytes = new Uint8Array(count * size);
  const view = new DataView(bytes.buffer);
  const little = dtype[0] !== ">";
  const kind = dtype[1];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const v = Math.round(1000 * Math.sin(i / 300)) + (x >>> 29);
    const o = i * size;
    if (kind === "V") for (let k = 0; k < size; k++) view.setUint8(o + k, (v + k * 31) & 0xff);
    else if (kind === "b") view.setUint8(o, v > 0 ? 1 : 0);
    else if (kind === "f" && size === 2) view.setUint16(o, 0x3c00 + (v & 0x3ff), little);
    else if (kind === "f" && size === 4) view.setFloat32(o, v / 7, little);
    else if (kind === "f") view.setFloat64(o, v / 7, little);
    else if (kind === "c" && size === 8) {
      view.setFloat32(o, v / 3, little);
      view.setFloat32(o + 4, -v / 5, little);
    } else if (kind === "c") {
      view.setFloat64(o, v / 3, little);
      view.setFloat64(o + 8, -v / 5, little);
    } else if (size === 1) view.setUint8(o, v & 0xff);
    else if (size === 2) view.setUint16(o, v & 0xffff, little);
    else if (size === 4) view.setUint32(o, v >>> 0, little);
    else view.setBigInt64(o, BigInt(v) * 4099n, little);
  }
  return bytes;
}

/** Random bytes (incompressible), from a fixed seed. */
export function noise(n: number, seed = 99): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export interface Payload {
  name: string;
  data: Uint8Array;
}

/** Every numeric dtype at 0 elements, 1 element and an odd count, plus an odd byte length. */
export function allDtypePayloads(): Payload[] {
  const out: Payload[] = [];
  for (const dtype of NUMERIC_DTYPES) {
    for (const count of [0, 1, 1001])
      out.push({ name: `${dtype} x ${count}`, data: dtypeBytes(dtype, count) });
  }
  out.push({ name: "100003 bytes", data: dtypeBytes("|u1", 100_003, 7) });
  return out;
}

/** A handful of payloads for the many configurations: empty, one byte, odd, ints, floats. */
export function fewPayloads(): Payload[] {
  return [
    { name: "empty", data: new Uint8Array(0) },
    { name: "one byte", data: dtypeBytes("|u1", 1) },
    { name: "<i4 x 1001", data: dtypeBytes("<i4", 1001) },
    { name: "<f8 x 3001", data: dtypeBytes("<f8", 3001, 5) },
    { name: "33333 bytes", data: dtypeBytes("|u1", 33_333, 9) },
  ];
}

/** 4 MiB of `dtype`. */
export function bigPayload(dtype: string): Payload {
  return { name: `${dtype} 4 MiB`, data: dtypeBytes(dtype, (4 << 20) / itemsize(dtype), 3) };
}

/** 4 MiB of each of `dtypes`. */
export function bigPayloads(dtypes: readonly string[] = NUMERIC_DTYPES): Payload[] {
  return dtypes.map(bigPayload);
}

/**
 * `count` int32 (little-endian bytes) of a smooth field, 0 to 999 in ramps of 4096: compresses
 * like real data, so the large-chunk tests exercise every match path.
 */
export function smoothInt32Field(count: number): Uint8Array {
  const ints = Int32Array.from({ length: count }, (_, i) => ((i >> 12) * 7 + (i & 4095)) % 1000);
  return new Uint8Array(ints.buffer);
}

// `array(data)` without a dtype takes it from the typed array: bare, as `{ data, shape }`, or
// inside an NdArray, as NumPy gives an array built from such a buffer its dtype.
import { describe, expect, it } from "vitest";
import { array, NdArray, parseDataType } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const CASES: [string, () => ArrayBufferView, string][] = [
  ["Int8Array", () => Int8Array.of(1, -2, 3, 4), "|i1"],
  ["Uint8Array", () => Uint8Array.of(1, 2, 3, 4), "|u1"],
  ["Uint8ClampedArray", () => Uint8ClampedArray.of(1, 2, 3, 4), "|u1"],
  ["Int16Array", () => Int16Array.of(1, -2, 3, 4), "<i2"],
  ["Uint16Array", () => Uint16Array.of(1, 2, 3, 4), "<u2"],
  ["Int32Array", () => Int32Array.of(1, -2, 3, 4), "<i4"],
  ["Uint32Array", () => Uint32Array.of(1, 2, 3, 4), "<u4"],
  ["Float32Array", () => Float32Array.of(1.5, -2, 3, 4), "<f4"],
  ["Float64Array", () => Float64Array.of(1.5, -2, 3, 4), "<f8"],
  ["BigInt64Array", () => BigInt64Array.of(1n, -2n, 3n, 4n), "<i8"],
  ["BigUint64Array", () => BigUint64Array.of(1n, 2n, 3n, 4n), "<u8"],
];

describe.each(CASES)("array() of a %s without a dtype", (_name, make, dtype) => {
  it(`as { data, shape } is ${dtype}, with the data`, async () => {
    const data = make();
    const z = await array({ data: data as never, shape: [2, 2] }, { store: new RecordingStore() });
    expect(z.dtype).toBe(dtype);
    expect(z.shape).toEqual([2, 2]);
    expect(Array.from((await z.get()).data as ArrayLike<unknown>)).toEqual(
      Array.from(data as unknown as ArrayLike<unknown>),
    );
  });

  it(`bare and in an NdArray is ${dtype}`, async () => {
    expect((await array(make(), { store: new RecordingStore() })).dtype).toBe(dtype);
    if (dtype === "|u1" && _name === "Uint8ClampedArray") return;
    const nd = new NdArray(make() as never, [4], parseDataType(dtype));
    expect((await array(nd, { store: new RecordingStore() })).dtype).toBe(dtype);
  });
});

import { describe, expect, it } from "vitest";
import { BytesCodec } from "../src/codecs/bytes.js";
import {
  type ChunkInfo,
  CodecError,
  codecConfigFromV3,
  codecConfigToV3,
  getCodec,
  isCodecRegistered,
  parseDataType,
} from "../src/index.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const info = (dtype: string, shape: number[]): ChunkInfo => {
  const dt = parseDataType(dtype);
  return { dtype: dt.str, itemsize: dt.itemsize, shape, dataType: dt };
};

describe("the bytes codec", () => {
  it("writes big- and little-endian bytes as NumPy does, and reads them back", () => {
    const data = Int32Array.from([1, -2, 70000]);
    const big = new BytesCodec({ endian: "big" });
    // np.array([1, -2, 70000], ">i4").tobytes()
    expect(hex(big.encode(data, info("<i4", [3])))).toBe("00000001fffffffe00011170");
    expect(hex(new BytesCodec({ endian: "little" }).encode(data, info("<i4", [3])))).toBe(
      "01000000feffffff70110100",
    );
    const back = big.decode(
      Uint8Array.from(Buffer.from("00000001fffffffe00011170", "hex")),
      undefined,
      info("<i4", [3]),
    );
    expect(back).toBeInstanceOf(Int32Array);
    expect(Array.from(back as Int32Array)).toEqual([1, -2, 70000]);
  });

  it("converts float16 and complex values, and takes native-order bytes as input too", () => {
    const f2 = new BytesCodec({ endian: "big" });
    // np.array([1.5, -2], ">f2").tobytes()
    expect(hex(f2.encode(Float32Array.from([1.5, -2]), info("<f2", [2])))).toBe("3e00c000");
    // The same values as native (little-endian) float16 bytes, as an array->array codec returns them.
    expect(hex(f2.encode(Uint8Array.from([0x00, 0x3e, 0x00, 0xc0]), info("<f2", [2])))).toBe(
      "3e00c000",
    );
    const c8 = new BytesCodec({ endian: "big" });
    const z = c8.encode(Float32Array.from([1, 2]), info("<c8", [1]));
    expect(hex(z)).toBe("3f80000040000000");
  });

  it("needs no endian for one-byte types and refuses none for wider ones", () => {
    const u1 = new BytesCodec();
    expect(Array.from(u1.encode(Uint8Array.from([3, 4]), info("|u1", [2])))).toEqual([3, 4]);
    // Without an endian, a chunk of the array's own type is stored in the array's byte order
    // (v2 metadata names it in the dtype, and has no bytes codec).
    expect(hex(u1.encode(Int16Array.from([1]), info(">i2", [1])))).toBe("0001");
    expect(hex(u1.encode(Int16Array.from([1]), info("<i2", [1])))).toBe("0100");
    const bare: ChunkInfo = { dtype: "<i2", itemsize: 2, shape: [1] };
    expect(() => u1.encode(Int16Array.from([1]), bare)).toThrow(
      'codec "bytes": field "endian" is required for the multi-byte data type <i2',
    );
    expect(() => new BytesCodec({ endian: "middle" })).toThrow(CodecError);
    expect(() => new BytesCodec({ endian: "middle" })).toThrow(
      'codec "bytes": field "endian" must be "little" or "big", got "middle"',
    );
  });

  it("refuses stored bytes that are not one chunk", () => {
    expect(() =>
      new BytesCodec({ endian: "little" }).decode(new Uint8Array(7), undefined, info("<i4", [2])),
    ).toThrow("decoded to 7 bytes, expected 8 (2 x <i4, the chunk shape)");
  });

  it("is built in: the registry builds it and names it in v3 as zarr-python 3 writes it", async () => {
    expect(isCodecRegistered("bytes")).toBe(true);
    const codec = await getCodec({ id: "bytes", endian: "big" });
    expect(codec).toBeInstanceOf(BytesCodec);
    expect(codec.toConfig()).toEqual({ id: "bytes", endian: "big" });
    expect(
      codecConfigFromV3({ name: "bytes", configuration: { endian: "big" } }, info("<i4", [2]), "x"),
    ).toEqual({ id: "bytes", endian: "big" });
    expect(codecConfigFromV3({ name: "bytes" }, info("|u1", [2]), "x")).toEqual({ id: "bytes" });
    // zarr-python 3 writes {"name": "bytes"} for uint8 and bool, the endian for wider types.
    expect(codecConfigToV3({ id: "bytes", endian: "little" }, info("|u1", [2]))).toEqual({
      name: "bytes",
      configuration: {},
    });
    expect(codecConfigToV3({ id: "bytes", endian: "little" }, info("<i2", [2]))).toEqual({
      name: "bytes",
      configuration: { endian: "little" },
    });
    expect(codecConfigToV3({ id: "bytes" }, info(">i2", [2]))).toEqual({
      name: "bytes",
      configuration: { endian: "big" },
    });
  });
});

import { describe, expect, it } from "vitest";
import { TransposeCodec } from "../src/codecs/transpose.js";
import {
  type ChunkInfo,
  CodecError,
  codecConfigFromV3,
  codecConfigToV3,
  getCodec,
} from "../src/index.js";

const info = (shape: number[], dtype = "<i4", itemsize = 4): ChunkInfo => ({
  dtype,
  itemsize,
  shape,
});

describe("the transpose codec", () => {
  it("permutes axes as numpy.transpose does, and decoding undoes it", () => {
    const t = new TransposeCodec({ order: [2, 0, 1] });
    const data = Int32Array.from({ length: 24 }, (_, i) => i);
    const enc = t.encode(data, info([2, 3, 4])) as Int32Array;
    // np.arange(24).reshape(2, 3, 4).transpose(2, 0, 1).ravel()
    expect(Array.from(enc)).toEqual([
      0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23,
    ]);
    expect(enc).toBeInstanceOf(Int32Array);
    expect(t.encodedInfo(info([2, 3, 4])).shape).toEqual([4, 2, 3]);
    const dec = t.decode(enc as unknown as Uint8Array, undefined, info([2, 3, 4]));
    expect(Array.from(dec as Int32Array)).toEqual(Array.from(data));
  });

  it("moves complex numbers, element bytes and JS objects whole", () => {
    const t = new TransposeCodec({ order: [1, 0] });
    // A 2x3 complex64 chunk: re/im lanes travel together.
    const c = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(t.encode(c, info([2, 3], "<c8", 8)) as Float32Array)).toEqual([
      1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12,
    ]);
    // The bytes of a 2x2 int16 chunk: two bytes per element.
    const b = Uint8Array.from([1, 0, 2, 0, 3, 0, 4, 0]);
    expect(Array.from(t.encode(b, info([2, 2], "<i2", 2)) as Uint8Array)).toEqual([
      1, 0, 3, 0, 2, 0, 4, 0,
    ]);
    const s = ["a", "b", "c", "d", "e", "f"];
    const enc = t.encode(s, info([2, 3], "|O", 8)) as unknown as string[];
    expect(enc).toEqual(["a", "d", "b", "e", "c", "f"]);
    expect(t.decode(enc as never, undefined, info([2, 3], "|O", 8))).toEqual(s);
  });

  it("refuses an order that is not a permutation of the chunk's axes", () => {
    expect(() => new TransposeCodec({ order: [0, 0] })).toThrow(
      'codec "transpose": field "order" must name each axis once, got [0,0]',
    );
    expect(() => new TransposeCodec({ order: [0, 2] })).toThrow(
      'field "order" must hold integers from 0 to 1, got [0,2]',
    );
    expect(() => new TransposeCodec({})).toThrow(CodecError);
    const t = new TransposeCodec({ order: [1, 0] });
    expect(() => t.encode(new Int32Array(6), info([1, 2, 3]))).toThrow(
      'field "order" [1, 0] has 2 axes, but the chunk shape [1, 2, 3] has 3',
    );
  });

  it("is built in and keeps its v3 name and configuration", async () => {
    const codec = await getCodec({ id: "transpose", order: [1, 0] });
    expect(codec).toBeInstanceOf(TransposeCodec);
    expect(codec.toConfig()).toEqual({ id: "transpose", order: [1, 0] });
    expect(
      codecConfigFromV3(
        { name: "transpose", configuration: { order: [2, 1, 0] } },
        info([1, 1, 1]),
        "x",
      ),
    ).toEqual({ id: "transpose", order: [2, 1, 0] });
    expect(codecConfigToV3({ id: "transpose", order: [1, 0] }, info([2, 2]))).toEqual({
      name: "transpose",
      configuration: { order: [1, 0] },
    });
  });
});

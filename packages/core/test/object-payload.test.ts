import { describe, expect, it } from "vitest";
import {
  fromObjectPayload,
  isPayloadNumeric,
  numericBytes,
  numericItems,
  parseDataType,
  toObjectPayload,
} from "../src/index.js";

describe("numcodecs' tolist + dtype + shape layout", () => {
  it("nests flat C-order items one list per dimension", () => {
    expect(toObjectPayload(["a", "b", "c", "d", "e", "f"], "|O", [2, 3])).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
      "|O",
      [2, 3],
    ]);
    expect(toObjectPayload([1, 2, 3, 4], "|O", [2, 1, 2])).toEqual([
      [[1, 2]],
      [[3, 4]],
      "|O",
      [2, 1, 2],
    ]);
    expect(toObjectPayload([[1], [2]], "|O", [2])).toEqual([[1], [2], "|O", [2]]);
    expect(toObjectPayload([], "|O", [0])).toEqual(["|O", [0]]);
    expect(toObjectPayload(["x"], "|O", [])).toEqual(["x", "|O", []]);
  });

  it("flattens a payload back, with its dtype and shape", () => {
    expect(fromObjectPayload("t", [["a", 1], [null, [2]], "|O", [2, 2]])).toEqual({
      items: ["a", 1, null, [2]],
      dtype: "|O",
      shape: [2, 2],
    });
    expect(fromObjectPayload("t", [[], "|O", [1]]).items).toEqual([[]]);
    expect(fromObjectPayload("t", ["x", "|O", []]).items).toEqual(["x"]);
    expect(fromObjectPayload("t", ["a", "|O", [1n]]).shape).toEqual([1]);
  });

  it("refuses a payload whose structure is wrong, naming the codec and the part", () => {
    const info = { dtype: "|O", itemsize: 8, shape: [2, 2] } as const;
    expect(() => toObjectPayload([1, 2, 3], "|O", [2, 2])).toThrow(
      /3 items do not fill a chunk of shape \[2, 2\] \(4 elements\)/,
    );
    expect(() => fromObjectPayload("c", "text")).toThrow(
      /c: corrupt chunk, expected a list ending in the dtype and the shape, got "text"/,
    );
    expect(() => fromObjectPayload("c", [1, 2, [1]])).toThrow(
      /c: corrupt chunk, its second-last element must be the dtype string, got number/,
    );
    expect(() => fromObjectPayload("c", [1, "|O", [1.5]])).toThrow(
      /last element must be the shape/,
    );
    expect(() => fromObjectPayload("c", [[1, 2], [3], "|O", [2, 2]])).toThrow(
      /c: corrupt chunk, row \[1\] should be a list of 2 for shape \[2, 2\], got a list of 1/,
    );
    expect(() => fromObjectPayload("c", [1, 2, "|O", [2]], info)).toThrow(
      /c: the chunk has shape \[2\] \(2 elements\), the array expects 4 elements per chunk/,
    );
    expect(() => fromObjectPayload("c", [[1, 2], [3, 4], "<i8", [2, 2]], info)).toThrow(
      /c: the chunk holds dtype "<i8", the array expects "\|O"/,
    );
    expect(() => fromObjectPayload("c", [1, 2, "|O", []])).toThrow(
      /a 0-d chunk holds one element, found 2/,
    );
  });

  it("turns numeric chunk bytes into tolist() values and back", () => {
    const be = parseDataType(">i2");
    expect(numericItems(be, Uint8Array.of(0, 1, 0xff, 0xfe), 2)).toEqual([1, -2]);
    expect([...numericBytes("c", be, [1, -2])]).toEqual([0, 1, 0xff, 0xfe]);
    const u8 = parseDataType("<u8");
    const max = Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 255);
    expect(numericItems(u8, max, 1)).toEqual([2n ** 64n - 1n]);
    expect([...numericBytes("c", u8, [2n ** 64n - 1n])]).toEqual([...max]);
    const b1 = parseDataType("|b1");
    expect(numericItems(b1, Uint8Array.of(1, 0), 2)).toEqual([true, false]);
    expect([...numericBytes("c", b1, [true, false, 0, 1])]).toEqual([1, 0, 0, 1]);
    expect(numericItems(parseDataType("<f2"), Uint8Array.of(0, 0x3c), 1)).toEqual([1]);
    expect(() => numericBytes("c", be, [1, "2"])).toThrow(
      /c: element 1 of a >i2 chunk is "2", not a number/,
    );
    expect(() => numericBytes("c", u8, [Number.NaN])).toThrow(
      /c: element 0 \(NaN\) has no <u8 value/,
    );
    expect(
      ["|b1", "<i4", "<u8", "<f2", "<c8", "<M8[s]", "<U2", "|O"].map((d) =>
        isPayloadNumeric(parseDataType(d)),
      ),
    ).toEqual([true, true, true, true, false, false, false, false]);
  });
});

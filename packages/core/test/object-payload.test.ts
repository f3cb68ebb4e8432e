import { describe, expect, it } from "vitest";
import {
  booleanOption,
  CodecError,
  checkCodecOptions,
  fromObjectPayload,
  isPayloadNumeric,
  numericBytes,
  numericItems,
  parseDataType,
  payloadEncodedInfo,
  payloadItems,
  payloadNumericType,
  payloadResult,
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

describe("the steps every object codec shares", () => {
  const i4 = { dtype: "<i4", itemsize: 4, shape: [2] };

  it("serialises an object chunk's items, or a numeric chunk's values, and refuses other dtypes", () => {
    expect(payloadNumericType("c", undefined)).toBeUndefined();
    expect(payloadNumericType("c", { dtype: "|O", itemsize: 8, shape: [1] })).toBeUndefined();
    const dt = payloadNumericType("c", i4);
    expect(dt?.str).toBe("<i4");
    expect(payloadItems("c", Uint8Array.of(1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff), dt, i4)).toEqual([
      1, -1,
    ]);
    expect(payloadItems("c", ["a", null], undefined)).toEqual(["a", null]);
    expect(() => payloadNumericType("c", { dtype: "<U3", itemsize: 12, shape: [1] })).toThrow(
      new CodecError(
        'c: encodes dtype "|O" arrays and bool, integer or float arrays, got <U3 data',
      ),
    );
    expect(() => payloadItems("c", ["a"], dt, i4)).toThrow(
      "c: expects the chunk's bytes for a <i4 array",
    );
    expect(() => payloadItems("c", new Uint8Array(2), undefined)).toThrow(
      "c: expects a JS array of items (an object array chunk), got bytes",
    );
  });

  it("returns a decoded payload's items, or a numeric chunk's bytes into out when it fits", () => {
    expect(payloadResult("c", ["a", "b", "|O", [2]], undefined)).toEqual(["a", "b"]);
    const dt = payloadNumericType("c", i4);
    const out = new Uint8Array(8);
    expect(payloadResult("c", [1, -1, "<i4", [2]], dt, i4, out)).toBe(out);
    expect(out).toEqual(Uint8Array.of(1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff));
    const fresh = payloadResult("c", [2, 3, "<i4", [2]], dt, i4, new Uint8Array(3));
    expect(fresh).toEqual(Uint8Array.of(2, 0, 0, 0, 3, 0, 0, 0));
    expect(payloadEncodedInfo(i4)).toEqual({
      dtype: "|u1",
      itemsize: 1,
      shape: [2],
      nbytes: undefined,
    });
  });

  it("checks options as numcodecs' constructors check their keywords", () => {
    expect(() => checkCodecOptions("c", "C", { id: "c", a: 1 }, ["a"])).not.toThrow();
    expect(() => checkCodecOptions("c", "C", [], ["a"])).toThrow(
      "c: options must be an object, got []",
    );
    expect(() => checkCodecOptions("c", "C", { id: "d" }, ["a"])).toThrow(
      'c: cannot build from a config whose id is "d"',
    );
    expect(() => checkCodecOptions("c", "C", { b: 1 }, ["a", "x"])).toThrow(
      'c: unknown configuration key "b" (C takes a, x)',
    );
    expect(booleanOption("c", {}, "flag", true)).toBe(true);
    expect(booleanOption("c", { flag: false }, "flag", true)).toBe(false);
    expect(() => booleanOption("c", { flag: 1 }, "flag", true)).toThrow(
      "c: flag must be true or false, got 1",
    );
  });
});

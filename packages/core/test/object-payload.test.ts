import { describe, expect, it } from "vitest";
import { fromObjectPayload, toObjectPayload } from "../src/index.js";

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
});

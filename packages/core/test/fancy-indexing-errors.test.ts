// Bad fancy selections fail with IndexError, with zarr-python 2.13's wording (zarr/indexing.py,
// zarr/errors.py) plus the dimension, value and length at fault.
import { describe, expect, it } from "vitest";
import { create, IndexError, NdArray, slice } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const arr = (shape: number[], chunks: number[]) =>
  create(shape, { dtype: "i4", chunks, compressor: null, store: new RecordingStore() });

async function fails(p: Promise<unknown>, message: string | RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IndexError);
  expect((e as Error).message).toMatch(message);
}

describe("orthogonal selection errors", () => {
  it("an index past the end names the index, dimension and length", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.oindex.get([[0, 10]]),
      "index 10 is out of bounds for dimension 0 with length 10",
    );
    await fails(
      z.oindex.get([null, [-5]]),
      "index -5 is out of bounds for dimension 1 with length 4",
    );
    await fails(z.oindex.set([7, 4], 1), "index 4 is out of bounds for dimension 1 with length 4");
  });

  it("float indices are refused", async () => {
    const z = await arr([10], [3]);
    await fails(
      z.oindex.get([[1, 2.5]]),
      /unsupported selection item for orthogonal indexing in dimension 0; expected integer, slice, integer array or Boolean array, got an array holding 2.5/,
    );
    await fails(z.oindex.get([Float64Array.of(1)]), /got an array holding Float64Array/);
    await fails(z.oindex.get([1.5]), "index 1.5 in dimension 0 is not an integer");
    await fails(
      z.oindex.get([new NdArray(Float32Array.of(1), [1], "f4")]),
      /got an array holding <f4/,
    );
  });

  it("a mask of the wrong length, and index arrays of more than one dimension, are refused", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.oindex.get([null, [true, false, true]]),
      "Boolean array has the wrong length for dimension; expected 4, got 3 (dimension 1)",
    );
    await fails(
      z.oindex.get([
        [
          [1, 2],
          [3, 4],
        ],
      ]),
      "integer arrays in an orthogonal selection must be 1-dimensional only; dimension 0 got shape [2, 2]",
    );
  });

  it("negative and zero steps are refused, as zarr-python does", async () => {
    const z = await arr([10], [3]);
    await fails(
      z.oindex.get([slice(null, null, -1)]),
      "must be positive (as in zarr-python), got -1",
    );
    await fails(z.oindex.get([slice(0, 5, 0)]), "must be a non-zero integer, got 0");
  });

  it("too many entries are refused", async () => {
    const z = await arr([10], [3]);
    await fails(
      z.oindex.get([[1], [2]]),
      "too many indices: the selection has 2 entries but the array has 1 dimensions",
    );
    await fails(
      z.oindex.get({ x: 1 } as never),
      /unsupported selection item for orthogonal indexing/,
    );
  });
});

describe("coordinate and mask selection errors", () => {
  it("wants one integer array per dimension", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.vindex.get([[1, 2]]),
      "invalid coordinate selection; expected one integer (coordinate) array per dimension of the target array, got 1 arrays for 2 dimensions",
    );
    await fails(
      z.vindex.get([
        [1, 2],
        [0.5, 1],
      ]),
      /got an array holding 0.5 in dimension 1/,
    );
  });

  it("arrays that do not broadcast together are refused", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.vindex.get([
        [1, 2, 3],
        [0, 1],
      ]),
      "shape mismatch: coordinate arrays cannot be broadcast to a single shape; shapes [3], [2] differ in dimension 0 (3 vs 2)",
    );
  });

  it("a coordinate past the end names the dimension and length", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.vindex.set(
        [
          [1, 2],
          [3, 4],
        ],
        0,
      ),
      "index 4 is out of bounds for dimension 1 with length 4",
    );
    await fails(
      z.vindex.get([[-11], [0]]),
      "index -11 is out of bounds for dimension 0 with length 10",
    );
  });

  it("a mask must have the array's shape and hold Booleans", async () => {
    const z = await arr([3, 4], [2, 2]);
    await fails(
      z.vindex.get([
        [true, false],
        [false, true],
      ]),
      "invalid mask selection; expected one Boolean (mask) array with the same shape as the target array [3, 4], got shape [2, 2]",
    );
    await fails(
      z.getMaskSelection([[1, 0, 0, 0]]),
      "expected one Boolean (mask) array with the same shape as the target array [3, 4], got a non-Boolean array of shape [1, 4]",
    );
  });
});

describe("block selection errors", () => {
  it("a block index past the last block names the number of blocks", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(z.blocks.get([4]), "index 4 is out of bounds for dimension 0 with length 4");
    await fails(
      z.blocks.set([0, -3], 1),
      "index -3 is out of bounds for dimension 1 with length 2",
    );
  });

  it("steps other than 1 and index arrays are refused, as zarr-python 2.14 does", async () => {
    const z = await arr([10, 4], [3, 3]);
    await fails(
      z.blocks.get([slice(0, 4, 2)]),
      /unsupported selection item for block indexing in dimension 0; expected integer or slice with step=1/,
    );
    await fails(z.blocks.get([[0, 1]] as never), /unsupported selection item for block indexing/);
  });
});

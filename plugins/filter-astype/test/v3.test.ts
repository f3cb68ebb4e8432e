// AsType in Zarr v3: no v3 name, so `numcodecs.astype` with the numcodecs config; dtypes
// spelled as NumPy reads them give numcodecs' bytes, and a config read keeps its spelling.
import { numcodecsV3Failures, payload } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { AsType } from "../src/index.js";

describe("astype in Zarr v3", () => {
  it("round-trips as numcodecs.astype and encodes as numcodecs does", async () => {
    const failures = await numcodecsV3Failures([
      {
        config: { id: "astype", encode_dtype: "<f4", decode_dtype: "<f8" },
        dtype: "<f8",
        data: payload("<f8", 200, 1, 1000),
      },
      {
        config: { id: "astype", encode_dtype: "int16", decode_dtype: "int64" },
        dtype: "<i8",
        data: payload("<i8", 200, 2, 1000),
      },
      {
        config: { id: "astype", encode_dtype: "B", decode_dtype: "uint16" },
        dtype: "<u2",
        data: payload("<u2", 200, 3, 200),
      },
      {
        config: { id: "astype", encode_dtype: "half", decode_dtype: "double" },
        dtype: "<f8",
        data: payload("<f8", 200, 4, 100),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it("refuses a spelling NumPy does not read, naming the field", () => {
    expect(() => new AsType({ encode_dtype: "int12", decode_dtype: "<f8" })).toThrow(
      'astype: "encode_dtype": unsupported dtype "int12"',
    );
  });
});

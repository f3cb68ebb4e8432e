// Quantize in Zarr v3: no v3 name, so `numcodecs.quantize` with the numcodecs config; dtypes
// spelled as NumPy reads them give numcodecs' bytes, and a config read keeps its spelling.
import { numcodecsV3Failures, payload } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { Quantize } from "../src/index.js";

describe("quantize in Zarr v3", () => {
  it("round-trips as numcodecs.quantize and encodes as numcodecs does", async () => {
    const failures = await numcodecsV3Failures([
      {
        config: { id: "quantize", digits: 2, dtype: "<f8" },
        dtype: "<f8",
        data: payload("<f8", 200, 1, 1000),
      },
      {
        config: { id: "quantize", digits: 3, dtype: "float64", astype: "float32" },
        dtype: "<f8",
        data: payload("<f8", 200, 2, 100),
      },
      {
        config: { id: "quantize", digits: 1, dtype: "single", astype: "half" },
        dtype: "<f4",
        data: payload("<f4", 200, 3, 100),
      },
      {
        config: { id: "quantize", digits: 4, dtype: "d" },
        dtype: "<f8",
        data: payload("<f8", 200, 4, 10),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it("refuses a spelled dtype that is not a float, naming the field", () => {
    expect(() => new Quantize({ digits: 2, dtype: "int32" })).toThrow(
      'quantize: "dtype" "int32" (<i4) is not supported: Quantize takes float types only',
    );
  });
});

// FixedScaleOffset in Zarr v3: no v3 name, so `numcodecs.fixedscaleoffset` with the numcodecs
// config; dtypes spelled as NumPy reads them (zarr-python 3 writes the user's spelling) give
// numcodecs' bytes, and a config read keeps its spelling when written back.
import { numcodecsV3Failures, payload } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { FixedScaleOffset } from "../src/index.js";

describe("fixedscaleoffset in Zarr v3", () => {
  it("round-trips as numcodecs.fixedscaleoffset and encodes as numcodecs does", async () => {
    const failures = await numcodecsV3Failures([
      {
        config: { id: "fixedscaleoffset", offset: 1000, scale: 10, dtype: "<f8", astype: "<u2" },
        dtype: "<f8",
        data: payload("<f8", 200, 1, 1000),
      },
      {
        config: {
          id: "fixedscaleoffset",
          offset: 0,
          scale: 100,
          dtype: "float32",
          astype: "int16",
        },
        dtype: "<f4",
        data: payload("<f4", 200, 2, 100),
      },
      {
        config: { id: "fixedscaleoffset", offset: -5, scale: 2, dtype: "double", astype: "i" },
        dtype: "<f8",
        data: payload("<f8", 200, 3, 1000),
      },
      {
        config: { id: "fixedscaleoffset", offset: 3, scale: 1, dtype: "int64", astype: "uint8" },
        dtype: "<i8",
        data: payload("<i8", 200, 4, 100),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it("normalises a spelled dtype in its own config, as numcodecs does", () => {
    const c = new FixedScaleOffset({ offset: 0, scale: 10, dtype: "float64", astype: "int16" });
    expect(c.toConfig()).toMatchObject({ dtype: "<f8", astype: "<i2" });
  });

  it("refuses a dtype NumPy does not read, naming the field", () => {
    expect(() => new FixedScaleOffset({ offset: 0, scale: 1, dtype: "float65" })).toThrow(
      'fixedscaleoffset: "dtype": unsupported dtype "float65"',
    );
  });
});

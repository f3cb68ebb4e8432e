// LZMA in Zarr v3: no v3 name, so `numcodecs.lzma` with the numcodecs config minus id, as
// zarr-python 3 writes any numcodecs codec; read back, it encodes as numcodecs 0.11 does.
import { codecConfigFromV3, codecConfigToV3 } from "@zarrkit/core";
import { numcodecsV3Failures, payload } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { LZMA } from "../src/index.js";

describe("lzma in Zarr v3", () => {
  it("is written numcodecs.lzma with its config and read back", () => {
    const info = { dtype: "<i4", itemsize: 4, shape: [10] };
    const v3 = codecConfigToV3(new LZMA().toConfig(), info);
    expect(v3).toEqual({
      name: "numcodecs.lzma",
      configuration: { format: 1, check: -1, preset: null, filters: null },
    });
    expect(codecConfigFromV3(v3, info, "codecs[1]")).toEqual({
      id: "lzma",
      ...{ format: 1, check: -1, preset: null, filters: null },
    });
  });

  it("round-trips each config and encodes as numcodecs does", async () => {
    const failures = await numcodecsV3Failures([
      {
        config: { id: "lzma", format: 1, check: -1, preset: null, filters: null },
        dtype: "<i4",
        data: payload("<i4", 2000, 1, 1000),
      },
      {
        config: { id: "lzma", format: 1, check: 0, preset: 1, filters: null },
        dtype: "<i4",
        data: payload("<i4", 2000, 2, 1000),
      },
      {
        config: {
          id: "lzma",
          format: 3,
          check: -1,
          preset: null,
          filters: [{ id: 33, preset: 1 }],
        },
        dtype: "<i4",
        data: payload("<i4", 2000, 3, 1000),
      },
    ]);
    expect(failures).toEqual([]);
  });
});

// BZ2 in Zarr v3: no v3 name, so `numcodecs.bz2` with the numcodecs config minus id, as
// zarr-python 3 writes any numcodecs codec; read back, it encodes as numcodecs 0.11 does.
import { codecConfigFromV3, codecConfigToV3 } from "@zarrkit/core";
import { numcodecsV3Failures, payload } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { BZ2 } from "../src/index.js";

describe("bz2 in Zarr v3", () => {
  it("is written numcodecs.bz2 with its config and read back", () => {
    const info = { dtype: "<i4", itemsize: 4, shape: [10] };
    const v3 = codecConfigToV3(new BZ2().toConfig(), info);
    expect(v3).toEqual({ name: "numcodecs.bz2", configuration: { level: 1 } });
    expect(codecConfigFromV3(v3, info, "codecs[1]")).toEqual({ id: "bz2", level: 1 });
  });

  it("round-trips each config and encodes as numcodecs does", async () => {
    const failures = await numcodecsV3Failures([
      { config: { id: "bz2", level: 1 }, dtype: "<i4", data: payload("<i4", 2000, 1, 1000) },
      { config: { id: "bz2", level: 9 }, dtype: "<i4", data: payload("<i4", 2000, 2, 1000) },
    ]);
    expect(failures).toEqual([]);
  });
});

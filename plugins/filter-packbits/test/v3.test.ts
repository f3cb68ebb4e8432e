// PackBits in Zarr v3: no v3 name, so `numcodecs.packbits` with an empty configuration.
import { codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import { numcodecsV3Failures } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { PackBits } from "../src/index.js";

describe("packbits in Zarr v3", () => {
  const info = { dtype: "|b1", itemsize: 1, shape: [13] };

  it("is written numcodecs.packbits with {} and read back", async () => {
    const v3 = codecConfigToV3(new PackBits().toConfig(), info);
    expect(v3).toEqual({ name: "numcodecs.packbits", configuration: {} });
    expect(codecConfigFromV3(v3, info, "codecs[0]")).toEqual({ id: "packbits" });
    expect(codecConfigFromV3({ name: "numcodecs.packbits" }, info, "codecs[0]")).toEqual({
      id: "packbits",
    });
    expect(await getCodec(codecConfigFromV3(v3, info, "c"))).toBeInstanceOf(PackBits);
  });

  it("encodes as numcodecs does", async () => {
    const bits = Uint8Array.from({ length: 13 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    expect(
      await numcodecsV3Failures([{ config: { id: "packbits" }, dtype: "|b1", data: bits }]),
    ).toEqual([]);
  });
});

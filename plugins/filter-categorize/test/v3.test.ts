// Categorize in Zarr v3: no v3 name, so `numcodecs.categorize` with the numcodecs config;
// the dtypes spelled as NumPy reads them give numcodecs' bytes.
import { chunkToBytes, parseDataType } from "@zarrkit/core";
import { numcodecsV3Failures } from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { Categorize } from "../src/index.js";

const fixed = (dtype: string, items: string[]) =>
  chunkToBytes(parseDataType(dtype), items, items.length).slice();
const ITEMS = ["foo", "bar", "", "baz", "foo", "qüx", "zzz", "bar"];

describe("categorize in Zarr v3", () => {
  it("round-trips as numcodecs.categorize and encodes as numcodecs does", async () => {
    const labels = ["foo", "bar", "baz", "qüx"];
    const failures = await numcodecsV3Failures([
      {
        config: { id: "categorize", labels, dtype: "<U4", astype: "|u1" },
        dtype: "<U4",
        data: fixed("<U4", ITEMS),
      },
      {
        config: { id: "categorize", labels, dtype: "U4", astype: "uint16" },
        dtype: "<U4",
        data: fixed("<U4", ITEMS),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it("reads NumPy's spellings of its label and code types", () => {
    const c = new Categorize({ labels: ["a"], dtype: "U4", astype: "uint16" });
    expect(c.toConfig()).toMatchObject({ dtype: "<U4", astype: "<u2" });
  });
});

// Where the zarr-python 3.1 fixtures are read from, and how their values are compared. The
// fixture paths and manifest come from @zarrkit/codec-test-utils (fixtures/zarr-v3).
export {
  FIXTURES_V3,
  type V3FixtureEntry,
  v3FixtureManifest as v3Manifest,
} from "@zarrkit/codec-test-utils";

/**
 * The four copies of one hierarchy: the directory, a zip with the hierarchy under a
 * `data.zarr/` folder, and two zips with it at the root (deflated and stored).
 */
export const V3_SOURCES: { name: string; file: string; prefix: string }[] = [
  { name: "directory", file: "data.zarr", prefix: "" },
  { name: "zipped_from_parent", file: "data.zipped_from_parent.zarr.zip", prefix: "data.zarr/" },
  { name: "zipped_from_within", file: "data.zipped_from_within.zarr.zip", prefix: "" },
  { name: "uncompressed zip", file: "data.uncompressed.zarr.zip", prefix: "" },
];

export { elementsOf } from "@zarrkit/test-utils";

const NUMPY_TO_V3: Record<string, string> = {
  b1: "bool",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};

/**
 * The v3 name of a zarrkit dtype string, whether zarrkit reports the v3 name itself or the
 * NumPy form (byte order included, which v3 keeps in the bytes codec instead).
 */
export function v3DataTypeName(dtype: string): string {
  if (Object.values(NUMPY_TO_V3).includes(dtype) || dtype === "string") return dtype;
  if (/^[|<>=]?O$/.test(dtype) || /^[<>=]?U\d*$/.test(dtype) || dtype === "str") return "string";
  const code = dtype.replace(/^[|<>=]/, "");
  return NUMPY_TO_V3[code] ?? dtype;
}

/** The JavaScript class of a v3 data type's chunk data in zarrkit (docs-site/data-types.md). */
export const DATA_CLASS: Record<string, string> = {
  bool: "Uint8Array",
  int8: "Int8Array",
  int16: "Int16Array",
  int32: "Int32Array",
  int64: "BigInt64Array",
  uint8: "Uint8Array",
  uint16: "Uint16Array",
  uint32: "Uint32Array",
  uint64: "BigUint64Array",
  float16: "Float32Array",
  float32: "Float32Array",
  float64: "Float64Array",
  string: "Array",
};

import { isArrayToBytesV3Name } from "../codecs/array-to-bytes.js";
import {
  type ArrayMetadata,
  type ChunkKeyEncoding,
  type CodecChain,
  leadingTranspose,
} from "./array-metadata.js";
import type { ChunkInfo, CodecConfig } from "../codecs/codec.js";
import { codecConfigFromV3, codecConfigToV3 } from "../codecs/codec-registry.js";
import { type DataType, parseDataType } from "./dtype.js";
import { MetadataError } from "../errors.js";
import type { FillValue } from "./fill-value.js";
import { decodeFillValueV3, encodeFillValueV3 } from "./fill-value-v3.js";
import {
  decodePyJson,
  jsonText,
  type PyJson,
  pyJsonDumps,
  type PyJsonDumpsOptions,
  toPlain,
} from "./json.js";

/** Zarr v3 keeps all of a node's metadata, attributes included, in this one document. */
export const V3_META_KEY = "zarr.json";

/** How zarr-python 3 writes `zarr.json`: `json.dumps(doc, indent=2)`, keys in its own order. */
export const V3_JSON_DUMPS: Readonly<PyJsonDumpsOptions> = Object.freeze({
  indent: 2,
  ensure_ascii: true,
  separators: Object.freeze([",", ": "] as const),
});

/**
 * What `zarr.json` holds beyond the model: the `data_type` name (`string` and `bytes` are
 * both object arrays in memory) and the extension fields marked `must_understand: false`,
 * which a rewrite carries over.
 */
export interface V3FormatDetails {
  readonly format: 3;
  readonly dataType: string;
  readonly extensions: Readonly<Record<string, PyJson>>;
  /** zarr-python 3 sometimes writes `"dimension_names": null` at the end; a rewrite keeps it. */
  readonly nullDimensionNames?: boolean;
}

/** A parsed `zarr.json`: an array (model + attributes) or a group. */
export type V3Node =
  | { readonly nodeType: "array"; readonly meta: ArrayMetadata; readonly attributes: PyJson }
  | {
      readonly nodeType: "group";
      readonly attributes: PyJson;
      /** The document as read (consolidated metadata included), for rewrites that keep it. */
      readonly document: Record<string, PyJson>;
    };

const ARRAY_FIELDS = new Set([
  "zarr_format",
  "node_type",
  "shape",
  "data_type",
  "chunk_grid",
  "chunk_key_encoding",
  "fill_value",
  "codecs",
  "attributes",
  "dimension_names",
  "storage_transformers",
]);
const GROUP_FIELDS = new Set(["zarr_format", "node_type", "attributes", "consolidated_metadata"]);

/** v3 `data_type` names of the fixed-size numeric types and their NumPy kind and size. */
const NUMERIC: Record<string, string> = {
  bool: "b1",
  int8: "i1",
  int16: "i2",
  int32: "i4",
  int64: "i8",
  uint8: "u1",
  uint16: "u2",
  uint32: "u4",
  uint64: "u8",
  float16: "f2",
  float32: "f4",
  float64: "f8",
  complex64: "c8",
  complex128: "c16",
};
const NAME_OF: Record<string, string> = Object.fromEntries(
  Object.entries(NUMERIC).map(([name, core]) => [core, name]),
);

/** The in-memory data type for a v3 `data_type`, given the byte order its `bytes` codec names. */
export function dataTypeFromV3(name: string, endian: "little" | "big" | undefined): DataType {
  const core = NUMERIC[name];
  if (core) {
    const order = core.endsWith("1") && core !== "c16" ? "|" : endian === "big" ? ">" : "<";
    return parseDataType(`${order}${core}`);
  }
  if (name === "string" || name === "bytes") return parseDataType("|O");
  const raw = /^r(\d+)$/.exec(name);
  if (raw) {
    const bits = Number(raw[1]);
    if (bits > 0 && bits % 8 === 0) return parseDataType(`|V${bits / 8}`);
  }
  throw new MetadataError(
    `data type ${jsonText(name)} is not supported: expected bool, int8..int64, uint8..uint64, float16/32/64, complex64/128, string, bytes or r<bits> (a multiple of 8)`,
  );
}

/**
 * The v3 `data_type` name of a data type. Object arrays are `string` unless their
 * array-to-bytes codec is `vlen-bytes`; NumPy types with no v3 name are refused.
 */
export function dataTypeNameV3(dtype: DataType, arrayToBytes?: CodecConfig): string {
  if (dtype.kind === "O") return arrayToBytes?.id === "vlen-bytes" ? "bytes" : "string";
  if (dtype.kind === "V" && !dtype.fields) return `r${dtype.itemsize * 8}`;
  const name = NAME_OF[`${dtype.kind}${dtype.itemsize}`];
  if (!name)
    throw new MetadataError(
      `dtype ${dtype.str} has no Zarr v3 data type: v3 stores bool, ints, uints, floats, complex, string, bytes and raw r<bits>`,
    );
  return name;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function intList(value: unknown, name: string, key: string, min: number): number[] {
  if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v) && v >= min)) {
    throw new MetadataError(
      `${key}: field "${name}" must be a list of integers >= ${min}, got ${jsonText(value)}`,
    );
  }
  return value as number[];
}

/**
 * Fields the library does not know. An extension the spec lets a reader skip says
 * `must_understand: false`; anything else (the flag true or absent) must be refused.
 */
function extensionFields(
  doc: Record<string, PyJson>,
  known: Set<string>,
  key: string,
): Record<string, PyJson> {
  const out: Record<string, PyJson> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (known.has(name)) continue;
    const plain = toPlain(value);
    if (!isObject(plain) || plain.must_understand !== false) {
      throw new MetadataError(
        `${key}: unknown field "${name}" must be understood (it does not say "must_understand": false), and zarrkit does not know it`,
      );
    }
    out[name] = value;
  }
  return out;
}

function chunkKeyEncodingFromV3(value: unknown, key: string): ChunkKeyEncoding {
  const e = typeof value === "string" ? { name: value } : value;
  if (!isObject(e) || (e.name !== "default" && e.name !== "v2"))
    throw new MetadataError(
      `${key}: field "chunk_key_encoding" must name "default" or "v2", got ${jsonText(value)}`,
    );
  const conf = e.configuration;
  if (conf !== undefined && !isObject(conf))
    throw new MetadataError(
      `${key}: chunk_key_encoding "configuration" must be an object, got ${jsonText(conf)}`,
    );
  const sep = conf?.separator ?? (e.name === "default" ? "/" : ".");
  if (sep !== "/" && sep !== ".")
    throw new MetadataError(
      `${key}: chunk_key_encoding separator must be "/" or ".", got ${jsonText(sep)}`,
    );
  return { name: e.name, separator: sep };
}

function chunkShapeFromV3(value: unknown, ndim: number, key: string): number[] {
  const grid = typeof value === "string" ? { name: value } : value;
  if (!isObject(grid) || grid.name !== "regular")
    throw new MetadataError(
      `${key}: field "chunk_grid" must be a "regular" grid (the only one Zarr v3 defines), got ${jsonText(value)}`,
    );
  const conf = grid.configuration;
  const shape = intList(
    isObject(conf) ? conf.chunk_shape : undefined,
    "chunk_grid.configuration.chunk_shape",
    key,
    1,
  );
  if (shape.length !== ndim)
    throw new MetadataError(
      `${key}: chunk_shape has ${shape.length} dimensions but "shape" has ${ndim}`,
    );
  return shape;
}

/** The ChunkInfo a codec sees at its place in the chain (the array's type, the chunk shape). */
export function chunkInfoFor(
  dtype: DataType,
  fillValue: FillValue,
  shape: readonly number[],
): ChunkInfo {
  let n = 1;
  for (const s of shape) n *= s;
  return {
    dtype: dtype.str,
    itemsize: dtype.itemsize,
    shape,
    nbytes: n * dtype.itemsize,
    dataType: dtype,
    fillValue,
  };
}

/**
 * Split a v3 `codecs` list into the model's roles, each entry converted to a codec config
 * through the registry. `dtypeOf` gives the data type once the `bytes` codec's endian is known.
 */
export function codecChainFromV3(
  list: unknown,
  chunkShape: readonly number[],
  dataTypeName: string,
  fillJson: unknown,
  key: string,
): { codecs: CodecChain; dtype: DataType; fillValue: FillValue } {
  if (!Array.isArray(list) || list.length === 0)
    throw new MetadataError(
      `${key}: field "codecs" must be a non-empty list, got ${jsonText(list)}`,
    );
  const nameOf = (c: unknown) => (typeof c === "string" ? c : isObject(c) ? c.name : undefined);
  const split = list.findIndex((c) => {
    const name = nameOf(c);
    return typeof name === "string" && isArrayToBytesV3Name(name);
  });
  if (split < 0)
    throw new MetadataError(
      `${key}: "codecs" has no array-to-bytes codec (bytes, vlen-utf8, vlen-bytes, sharding_indexed): ${jsonText(list.map(nameOf))}`,
    );
  const a2b = list[split];
  const conf = isObject(a2b) && isObject(a2b.configuration) ? a2b.configuration : {};
  const endian = conf.endian;
  if (endian !== undefined && endian !== "little" && endian !== "big")
    throw new MetadataError(
      `${key}: codec "${nameOf(a2b)}": endian must be "little" or "big", got ${jsonText(endian)}`,
    );
  // A sharded array's byte order is its inner bytes codec's.
  let order = endian as "little" | "big" | undefined;
  if (nameOf(a2b) === "sharding_indexed" && Array.isArray(conf.codecs)) {
    const inner = conf.codecs.find((c) => nameOf(c) === "bytes");
    const e =
      isObject(inner) && isObject(inner.configuration) ? inner.configuration.endian : undefined;
    if (e === "big" || e === "little") order = e;
  }
  const dtype = dataTypeFromV3(dataTypeName, order);
  let fillValue: FillValue;
  try {
    fillValue = decodeFillValueV3(dtype, dataTypeName, fillJson);
  } catch (e) {
    throw new MetadataError(`${key}: field "fill_value": ${(e as Error).message}`, { cause: e });
  }
  let shape = [...chunkShape];
  const convert = (entry: unknown, i: number): CodecConfig => {
    const config = codecConfigFromV3(
      entry,
      chunkInfoFor(dtype, fillValue, shape),
      `${key}: codecs[${i}]`,
    );
    if (config.id === "transpose" && Array.isArray(config.order))
      shape = (config.order as number[]).map((a) => shape[a]!);
    return config;
  };
  const arrayToArray = list.slice(0, split).map((c, i) => convert(c, i));
  const arrayToBytes = convert(a2b, split);
  const bytesToBytes = list.slice(split + 1).map((c, i) => convert(c, split + 1 + i));
  const t = leadingTranspose({ arrayToArray, arrayToBytes, bytesToBytes });
  if (t) checkPermutation(t, chunkShape.length, key);
  return { codecs: { arrayToArray, arrayToBytes, bytesToBytes }, dtype, fillValue };
}

function checkPermutation(order: readonly number[], ndim: number, key: string): void {
  const seen = new Set(order);
  if (order.length !== ndim || seen.size !== ndim || !order.every((a) => a >= 0 && a < ndim))
    throw new MetadataError(
      `${key}: transpose order ${jsonText(order)} must be a permutation of 0..${ndim - 1}`,
    );
}

/** Parse the text of a `zarr.json` document; `key` names it in errors. */
export function decodeNodeMetadataV3(bytes: Uint8Array, key: string): V3Node {
  return parseNodeMetadataV3(decodePyJson(bytes, key), key);
}

/** Validate a parsed `zarr.json` (in the Python form `decodePyJson` gives). */
export function parseNodeMetadataV3(doc: PyJson, key = V3_META_KEY): V3Node {
  if (!isObject(doc) || Object.getPrototypeOf(doc) !== Object.prototype)
    throw new MetadataError(`${key}: expected a JSON object`);
  const d = doc as Record<string, PyJson>;
  if (d.zarr_format !== 3)
    throw new MetadataError(
      `${key}: field "zarr_format" must be 3, got ${jsonText(toPlain(d.zarr_format ?? null))}`,
    );
  const attributes = d.attributes ?? {};
  if (!isObject(attributes))
    throw new MetadataError(
      `${key}: field "attributes" must be an object, got ${jsonText(toPlain(attributes))}`,
    );
  if (d.node_type === "group") {
    extensionFields(d, GROUP_FIELDS, key);
    return { nodeType: "group", attributes, document: d };
  }
  if (d.node_type !== "array")
    throw new MetadataError(
      `${key}: field "node_type" must be "array" or "group", got ${jsonText(toPlain(d.node_type ?? null))}`,
    );
  const plain = toPlain(d) as Record<string, unknown>;
  const extensions = extensionFields(d, ARRAY_FIELDS, key);
  const transformers = plain.storage_transformers;
  if (transformers !== undefined && !(Array.isArray(transformers) && transformers.length === 0))
    throw new MetadataError(
      `${key}: storage transformers are not supported (field "storage_transformers" is ${jsonText(transformers)}); zarrkit reads arrays whose chunks are stored as they are`,
    );
  const shape = intList(plain.shape, "shape", key, 0);
  const chunkShape = chunkShapeFromV3(plain.chunk_grid, shape.length, key);
  if (typeof plain.data_type !== "string")
    throw new MetadataError(
      `${key}: field "data_type" must be a string (extension data types are not supported), got ${jsonText(plain.data_type)}`,
    );
  if (!("fill_value" in plain)) throw new MetadataError(`${key}: missing field "fill_value"`);
  const { codecs, dtype, fillValue } = codecChainFromV3(
    plain.codecs,
    chunkShape,
    plain.data_type,
    d.fill_value,
    key,
  );
  const names = plain.dimension_names;
  if (
    names !== undefined &&
    names !== null &&
    !(
      Array.isArray(names) &&
      names.length === shape.length &&
      names.every((n) => n === null || typeof n === "string")
    )
  )
    throw new MetadataError(
      `${key}: field "dimension_names" must be null or a list of ${shape.length} strings or nulls, got ${jsonText(names)}`,
    );
  const formatDetails: V3FormatDetails = {
    format: 3,
    dataType: plain.data_type,
    extensions,
    ...(names === null ? { nullDimensionNames: true } : {}),
  };
  const meta: ArrayMetadata = {
    zarrFormat: 3,
    shape,
    chunkShape,
    dtype,
    fillValue,
    codecs,
    chunkKeyEncoding: chunkKeyEncodingFromV3(plain.chunk_key_encoding ?? "default", key),
    dimensionNames: Array.isArray(names) ? (names as (string | null)[]) : null,
    formatDetails,
  };
  return { nodeType: "array", meta, attributes };
}

function v3Details(meta: ArrayMetadata): V3FormatDetails | undefined {
  const d = meta.formatDetails as Partial<V3FormatDetails> | undefined;
  return d?.format === 3 ? (d as V3FormatDetails) : undefined;
}

/** A `bytes` codec config with the endian of `dtype` (none for one-byte types, as zarr-python 3 writes). */
function bytesConfig(dtype: DataType): CodecConfig {
  if (dtype.byteOrder === "|" || dtype.itemsize === 1 || dtype.kind === "b") return { id: "bytes" };
  return { id: "bytes", endian: dtype.byteOrder === ">" ? "big" : "little" };
}

/** Codecs the v3 spec itself names: written by that name even before a plugin registers it. */
const V3_SPEC_NAMES = new Set([
  "bytes",
  "transpose",
  "sharding_indexed",
  "crc32c",
  "vlen-utf8",
  "vlen-bytes",
]);

/** One `codecs` entry for a codec config: `{ name }` or `{ name, configuration }`. */
export function codecToV3Json(config: CodecConfig, info: ChunkInfo): PyJson {
  const entry = codecConfigToV3(config, info);
  const name =
    entry.name === `numcodecs.${config.id}` && V3_SPEC_NAMES.has(config.id)
      ? config.id
      : entry.name;
  const conf = entry.configuration;
  // zarr-python 3 writes a configuration-less codec (bytes of one-byte types) as its name alone.
  if (conf === undefined || (config.id === "bytes" && Object.keys(conf).length === 0))
    return { name };
  return { name, configuration: conf as PyJson };
}

/** The model's codec chain as a v3 `codecs` list, each codec told its ChunkInfo. */
export function codecChainToV3(meta: ArrayMetadata): PyJson[] {
  const { dtype, fillValue } = meta;
  const { arrayToArray, bytesToBytes } = meta.codecs;
  let arrayToBytes = meta.codecs.arrayToBytes;
  // The model keeps the byte order in the dtype; v3 names it on the bytes codec.
  if (arrayToBytes.id === "bytes") {
    const { endian: _endian, ...rest } = arrayToBytes;
    arrayToBytes = { ...rest, ...bytesConfig(dtype) };
  }
  let shape = [...meta.chunkShape];
  const out: PyJson[] = [];
  for (const config of [...arrayToArray, arrayToBytes, ...bytesToBytes]) {
    out.push(codecToV3Json(config, chunkInfoFor(dtype, fillValue, shape)));
    if (config.id === "transpose" && Array.isArray(config.order))
      shape = (config.order as number[]).map((a) => shape[a]!);
  }
  return out;
}

/** The `zarr.json` document of an array, keys in zarr-python 3's order. */
export function arrayDocumentV3(meta: ArrayMetadata, attributes: PyJson): Record<string, PyJson> {
  const details = v3Details(meta);
  const dataType = details?.dataType ?? dataTypeNameV3(meta.dtype, meta.codecs.arrayToBytes);
  const doc: Record<string, PyJson> = {
    shape: [...meta.shape],
    data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: [...meta.chunkShape] } },
    chunk_key_encoding: {
      name: meta.chunkKeyEncoding.name,
      configuration: { separator: meta.chunkKeyEncoding.separator },
    },
    fill_value: encodeFillValueV3(meta.dtype, dataType, meta.fillValue) as PyJson,
    codecs: codecChainToV3(meta),
    attributes,
  };
  if (meta.dimensionNames) doc.dimension_names = [...meta.dimensionNames];
  doc.zarr_format = 3;
  doc.node_type = "array";
  doc.storage_transformers = [];
  for (const [k, v] of Object.entries(details?.extensions ?? {})) doc[k] = v;
  if (!meta.dimensionNames && details?.nullDimensionNames) doc.dimension_names = null;
  return doc;
}

/** The `zarr.json` document of a group, as zarr-python 3 writes it. */
export function groupDocumentV3(
  attributes: PyJson,
  consolidated: PyJson = null,
): Record<string, PyJson> {
  return { attributes, zarr_format: 3, consolidated_metadata: consolidated, node_type: "group" };
}

export function encodeDocumentV3(doc: Record<string, PyJson>): Uint8Array {
  return new TextEncoder().encode(pyJsonDumps(doc, V3_JSON_DUMPS));
}

/** Serialize an array's `zarr.json`. */
export function encodeArrayMetadataV3(meta: ArrayMetadata, attributes: PyJson = {}): Uint8Array {
  return encodeDocumentV3(arrayDocumentV3(meta, attributes));
}

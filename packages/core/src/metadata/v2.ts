import { codecConfigToV2 } from "../codecs/codec-registry.js";
import {
  type ArrayMetadata,
  type CodecChain,
  leadingTranspose,
  memoryOrder,
  reversedAxes,
} from "./array-metadata.js";
import { bufferTooLarge } from "../runtime/buffer-limit.js";
import { product } from "./chunk-grid.js";
import type { CodecConfig } from "../codecs/codec.js";
import { type DataType, parseDataType } from "./dtype.js";
import { MetadataError } from "../errors.js";
import { decodeFillValue, encodeFillValue, type FillValue } from "./fill-value.js";
import {
  decodeJson,
  decodePyJson,
  encodeJson,
  jsonText,
  type PyJson,
  toPlain,
  toPyJson,
} from "./json.js";
import { dtypeToJson, type StructuredDtypeSpec } from "./structured-dtype.js";

/**
 * What `.zarray` holds beyond the model, so a rewrite (resize, append) is byte-exact:
 * whether the last bytes-to-bytes codec is the compressor (else all of them are filters) and
 * whether `dimension_separator` was written.
 */
export interface V2FormatDetails {
  readonly format: 2;
  readonly compressorLast: boolean;
  readonly dimensionSeparatorExplicit: boolean;
}

/** An array's codecs and layout the way `.zarray` names them. */
export interface V2Parts {
  readonly order: "C" | "F";
  readonly filters: readonly CodecConfig[] | null;
  readonly compressor: CodecConfig | null;
  readonly dimensionSeparator: "." | "/";
  readonly dimensionSeparatorExplicit: boolean;
}

export const ARRAY_META_KEY = ".zarray";
export const GROUP_META_KEY = ".zgroup";
export const ATTRS_KEY = ".zattrs";
export const CONSOLIDATED_KEY = ".zmetadata";

function field(doc: Record<string, unknown>, name: string, key: string): unknown {
  if (!(name in doc)) throw new MetadataError(`${key}: missing field "${name}"`);
  return doc[name];
}

function intList(value: unknown, name: string, key: string, min: number): number[] {
  // Safe integers only: beyond 2^53 a JavaScript number no longer counts elements exactly.
  if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v) && v >= min)) {
    throw new MetadataError(
      `${key}: field "${name}" must be a list of integers >= ${min} and <= ${Number.MAX_SAFE_INTEGER}, got ${jsonText(value)}`,
    );
  }
  return value as number[];
}

function codecConfig(value: unknown, name: string, key: string): CodecConfig {
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    typeof (value as { id?: unknown }).id !== "string"
  ) {
    throw new MetadataError(
      `${key}: field "${name}" must be a codec config object with a string "id", got ${jsonText(value)}`,
    );
  }
  return value as CodecConfig;
}

/** Validate and normalize a parsed `.zarray` document. `key` names the document in errors. */
export function parseArrayMetadataV2(doc: unknown, key = ARRAY_META_KEY): ArrayMetadata {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new MetadataError(`${key}: expected a JSON object`);
  }
  const d = doc as Record<string, unknown>;
  const format = field(d, "zarr_format", key);
  if (format !== 2)
    throw new MetadataError(`${key}: field "zarr_format" must be 2, got ${jsonText(format)}`);
  const shape = intList(field(d, "shape", key), "shape", key, 0);
  const chunks = intList(field(d, "chunks", key), "chunks", key, 1);
  if (chunks.length !== shape.length) {
    throw new MetadataError(
      `${key}: field "chunks" has ${chunks.length} dimensions but "shape" has ${shape.length}`,
    );
  }
  const dtypeJson = field(d, "dtype", key);
  if (typeof dtypeJson !== "string" && !Array.isArray(dtypeJson)) {
    throw new MetadataError(
      `${key}: field "dtype" must be a string or a list of [name, type] / [name, type, shape] fields, got ${jsonText(dtypeJson)}`,
    );
  }
  let dtype: DataType;
  try {
    dtype = parseDataType(dtypeJson as string | StructuredDtypeSpec);
  } catch (e) {
    throw new MetadataError(`${key}: field "dtype": ${(e as Error).message}`);
  }
  const tooLarge = bufferTooLarge(product(chunks), dtype.itemsize);
  if (tooLarge) {
    throw new MetadataError(
      `${key}: chunks [${chunks.join(", ")}] of dtype ${dtype.str} can never be read: one chunk is ${tooLarge}`,
    );
  }
  const order = field(d, "order", key);
  if (order !== "C" && order !== "F")
    throw new MetadataError(`${key}: field "order" must be "C" or "F", got ${jsonText(order)}`);
  const compressorJson = field(d, "compressor", key);
  const compressor =
    compressorJson === null ? null : codecConfig(compressorJson, "compressor", key);
  const filtersJson = "filters" in d ? d.filters : null;
  let filters: CodecConfig[] | null = null;
  if (filtersJson !== null) {
    if (!Array.isArray(filtersJson))
      throw new MetadataError(
        `${key}: field "filters" must be null or a list, got ${jsonText(filtersJson)}`,
      );
    filters = filtersJson.map((f, i) => codecConfig(f, `filters[${i}]`, key));
  }
  if (dtype.kind === "O" && (filters === null || filters.length === 0)) {
    // zarr-python takes filters[0] as the object codec and refuses the array without one.
    throw new MetadataError(
      `${key}: dtype "|O" needs an object codec (vlen-utf8, vlen-bytes, vlen-array, json, msgpack2, pickle) as the first of "filters", got ${jsonText(filtersJson)}`,
    );
  }
  let fillValue: FillValue;
  try {
    fillValue = decodeFillValue(dtype, field(d, "fill_value", key));
  } catch (e) {
    throw new MetadataError(`${key}: field "fill_value": ${(e as Error).message}`);
  }
  const sep = d.dimension_separator;
  if (sep !== undefined && sep !== null && sep !== "." && sep !== "/") {
    throw new MetadataError(
      `${key}: field "dimension_separator" must be "." or "/", got ${jsonText(sep)}`,
    );
  }
  return fromV2Parts(shape, chunks, dtype, fillValue, {
    order,
    filters: filters && filters.length > 0 ? filters : null,
    compressor,
    dimensionSeparator: sep === "/" ? "/" : ".",
    dimensionSeparatorExplicit: sep === "/" || sep === ".",
  });
}

/** The model of an array described in v2 terms (what `.zarray` or v2 creation options give). */
export function fromV2Parts(
  shape: readonly number[],
  chunks: readonly number[],
  dtype: DataType,
  fillValue: FillValue,
  parts: V2Parts,
): ArrayMetadata {
  const filters = [...(parts.filters ?? [])];
  // numcodecs runs an object array's first filter on the objects: it is what makes bytes.
  const arrayToBytes: CodecConfig =
    dtype.kind === "O" && filters.length > 0 ? filters.shift()! : { id: "bytes" };
  const codecs: CodecChain = {
    arrayToArray:
      parts.order === "F" ? [{ id: "transpose", order: reversedAxes(shape.length) }] : [],
    arrayToBytes,
    bytesToBytes: parts.compressor ? [...filters, parts.compressor] : filters,
  };
  const formatDetails: V2FormatDetails = {
    format: 2,
    compressorLast: parts.compressor !== null,
    dimensionSeparatorExplicit: parts.dimensionSeparatorExplicit,
  };
  return {
    zarrFormat: 2,
    shape,
    chunkShape: chunks,
    dtype,
    fillValue,
    codecs,
    chunkKeyEncoding: { name: "v2", separator: parts.dimensionSeparator },
    dimensionNames: null,
    formatDetails,
  };
}

function v2Details(meta: ArrayMetadata): V2FormatDetails | undefined {
  const d = meta.formatDetails as Partial<V2FormatDetails> | undefined;
  return d?.format === 2 ? (d as V2FormatDetails) : undefined;
}

/**
 * The model in `.zarray`'s terms. Fails with a MetadataError naming what v2 cannot hold
 * (sharding, a transpose other than Fortran order, array-to-array codecs, a \`bytes\` codec in
 * the wrong place), so a v3 array converts to v2 only where it means the same.
 */
export function toV2Parts(meta: ArrayMetadata): V2Parts {
  const { arrayToArray, arrayToBytes, bytesToBytes } = meta.codecs;
  const t = leadingTranspose(meta.codecs);
  const order = memoryOrder(meta);
  const rest = t ? arrayToArray.slice(1) : arrayToArray;
  if ((t && order !== "F") || rest.length > 0) {
    const what = t && order !== "F" ? `transpose ${jsonText(t)}` : `codec "${rest[0]!.id}"`;
    throw new MetadataError(
      `${what} cannot be written to Zarr v2: v2 holds only C or F order and codecs on the stored bytes`,
    );
  }
  if (arrayToBytes.id === "sharding_indexed")
    throw new MetadataError("sharded arrays cannot be written to Zarr v2: v2 has no sharding");
  const isObject = meta.dtype.kind === "O";
  if (!isObject && arrayToBytes.id !== "bytes")
    throw new MetadataError(
      `codec "${arrayToBytes.id}" cannot turn a ${meta.dtype.str} array into bytes in Zarr v2, which uses the plain bytes`,
    );
  const details = v2Details(meta);
  // A v3 chain's bytes-to-bytes codecs: the last one is the compressor, as v2 runs filters first.
  const compressorLast = details ? details.compressorLast : bytesToBytes.length > 0;
  const last = compressorLast ? bytesToBytes.at(-1) : undefined;
  const filters = [
    ...(isObject ? [arrayToBytes] : []),
    ...(last ? bytesToBytes.slice(0, -1) : bytesToBytes),
  ];
  const explicit = details
    ? details.dimensionSeparatorExplicit
    : meta.chunkKeyEncoding.separator !== ".";
  return {
    order,
    filters: filters.length > 0 ? filters : null,
    compressor: last ?? null,
    dimensionSeparator: meta.chunkKeyEncoding.separator,
    dimensionSeparatorExplicit: explicit,
  };
}

/** A codec config without the keys only v3 has; the same object when there are none. */
function v2Form<T extends CodecConfig | null>(config: T): T {
  if (config === null) return config;
  const v2 = codecConfigToV2(config);
  return (jsonText(v2) === jsonText(config) ? config : v2) as T;
}

/** Serialize array metadata as zarr-python 2.13 writes `.zarray`. */
export function encodeArrayMetadataV2(meta: ArrayMetadata): Uint8Array {
  const parts = toV2Parts(meta);
  const doc: Record<string, unknown> = {
    zarr_format: 2,
    shape: meta.shape,
    chunks: meta.chunkShape,
    dtype: dtypeToJson(meta.dtype),
    compressor: storedForm(v2Form(parts.compressor)),
    fill_value: encodeFillValue(meta.dtype, meta.fillValue),
    order: parts.order,
    filters:
      parts.filters && parts.filters.length > 0
        ? parts.filters.map((f) => storedForm(v2Form(f)))
        : null,
  };
  if (parts.dimensionSeparatorExplicit) doc.dimension_separator = parts.dimensionSeparator;
  return encodeJson(doc);
}

export function decodeArrayMetadataV2(bytes: Uint8Array, key: string): ArrayMetadata {
  const doc = decodePyJson(bytes, key);
  const meta = parseArrayMetadataV2(toPlain(doc), key);
  const stored = doc as { compressor?: PyJson; filters?: PyJson };
  const parts = toV2Parts(meta);
  if (parts.compressor) STORED_CONFIGS.set(parts.compressor, stored.compressor ?? null);
  const filters = Array.isArray(stored.filters) ? stored.filters : [];
  for (const [i, f] of (parts.filters ?? []).entries()) STORED_CONFIGS.set(f, filters[i] ?? null);
  return meta;
}

/**
 * Codec configs in the form `.zarray` held them (Python's floats marked), so rewriting
 * `.zarray` (resize, append) keeps `"scale": 1.0` a float for zarr-python.
 */
const STORED_CONFIGS = new WeakMap<object, PyJson>();

function storedForm<T extends object | null>(config: T): T | PyJson {
  if (config === null || !STORED_CONFIGS.has(config)) return config;
  return toPyJson(config, STORED_CONFIGS.get(config), "codec config");
}

export function parseGroupMetadataV2(doc: unknown, key = GROUP_META_KEY): { zarrFormat: 2 } {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new MetadataError(`${key}: expected a JSON object, got ${jsonText(doc)}`);
  if (!("zarr_format" in doc)) throw new MetadataError(`${key}: missing field "zarr_format"`);
  const format = (doc as Record<string, unknown>).zarr_format;
  if (format !== 2)
    throw new MetadataError(`${key}: field "zarr_format" must be 2, got ${jsonText(format)}`);
  return { zarrFormat: 2 };
}

/** Parse and validate the bytes of a `.zgroup` document; `key` is its full store key. */
export function decodeGroupMetadataV2(bytes: Uint8Array, key: string): { zarrFormat: 2 } {
  let doc: unknown;
  try {
    doc = decodeJson(bytes, key);
  } catch (e) {
    if (e instanceof MetadataError) throw e;
    throw new MetadataError(`${key}: not a JSON document: ${(e as Error).message}`, { cause: e });
  }
  return parseGroupMetadataV2(doc, key);
}

export function encodeGroupMetadataV2(): Uint8Array {
  return encodeJson({ zarr_format: 2 });
}

import { type ArrayValue, ZarrArray } from "./array.js";
import { bufferTooLarge } from "../runtime/buffer-limit.js";
import { type ChunksOption, normalizeChunks, product } from "../metadata/chunk-grid.js";
import type { Codec, CodecConfig } from "../codecs/codec.js";
import { getCodec, isCodecRegistered } from "../codecs/codec-registry.js";
import { getDefaultCompressor, newDefaultStore } from "./defaults.js";
import { type ChunkData, type DataType, parseDataType } from "../metadata/dtype.js";
import { ContainsNodeError, MetadataError, ReadOnlyError, ZarrError } from "../errors.js";
import { type FillValue, normalizeFillValue } from "../metadata/fill-value.js";
import type { ArrayMetadata } from "../metadata/array-metadata.js";
import { fromV2Parts } from "../metadata/v2.js";
import { buildV3Metadata, type V3CodecInput } from "./v3-creation.js";
import { flattenNested, NdArray } from "../indexing/ndarray.js";
import {
  assertNoNode,
  deleteNode,
  describePath,
  type NodeProbe,
  nodeNotFound,
  probeNode,
  requireParentGroups,
} from "./node.js";
import { readArrayMetadata } from "./node-metadata.js";
import type { Store } from "../store/store.js";
import type { StructuredDtypeSpec } from "../metadata/structured-dtype.js";
import { resolveStore, type StorageOptions } from "../store/store-registry.js";
import type { Synchronizer } from "../runtime/synchronizer.js";
import { normalizePath } from "../metadata/node-path.js";

/** Open modes, with zarr-python's meaning. */
export type OpenMode = "r" | "r+" | "a" | "w" | "w-" | "x";

/** Creation options: zarr-python's keywords in camelCase. */
export interface CreateOptions<D extends string = string> {
  /** Chunk shape; `null` in a position means the whole dimension; `true`/omitted guesses. */
  chunks?: ChunksOption;
  /**
   * NumPy dtype string or name (default `"<f8"`); `"str"`/`"bytes"` make object arrays with vlen
   * codecs; a list of fields (`[["a", "<i4"], ["b", "<f8", [2]]]`) makes a structured array.
   */
  dtype?: D | StructuredDtypeSpec | DataType;
  /** A codec, its config, or `null` for none; omitted means the default (`getDefaultCompressor`: Blosc lz4 once a "blosc" codec is registered). */
  compressor?: Codec | CodecConfig | null;
  filters?: readonly (Codec | CodecConfig)[] | null;
  /** For `dtype: "O"`: the codec that turns objects into bytes (e.g. `new VLenUTF8()`). */
  objectCodec?: Codec | CodecConfig;
  fillValue?: unknown;
  order?: "C" | "F";
  /** A store or a location string (resolved by the registered store plugins). */
  store?: Store | string;
  /** Options for the store a location string opens (headers, credentials, ...); see the store plugin. */
  storageOptions?: StorageOptions;
  path?: string;
  overwrite?: boolean;
  synchronizer?: Synchronizer;
  dimensionSeparator?: "." | "/";
  readOnly?: boolean;
  /** Store chunks that hold only the fill value (default: true for v2, false for v3, as zarr-python). */
  writeEmptyChunks?: boolean;
  /** The format to write (default 2, the tutorial's; a member of a v3 group defaults to 3). */
  zarrFormat?: 2 | 3;
  /** v3: the shard shape; `chunks` is then the shape of the chunks inside each shard. */
  shards?: readonly number[] | null;
  /** v3: a name (or null) per dimension. */
  dimensionNames?: readonly (string | null)[] | null;
  /** v3: how chunk coordinates become keys (default `{ name: "default", separator: "/" }`). */
  chunkKeyEncoding?: { name: "default" | "v2"; separator?: "/" | "." };
  /**
   * v3: the whole codec list, as `zarr.json` entries (`{ name, configuration }`), codec
   * configs (`{ id, ... }`) or codec instances; replaces compressor, filters and order.
   * With a `sharding_indexed` entry of its own, `chunks` is the grid, i.e. the shard shape.
   */
  codecs?: readonly V3CodecInput[];
}

export type StoreLike = Store | string;

export async function toStore(
  store: StoreLike | undefined,
  mode: string = "a",
  storageOptions?: StorageOptions,
): Promise<Store> {
  if (store === undefined) return newDefaultStore();
  if (typeof store === "string") return resolveStore(store, mode, storageOptions);
  return store;
}

async function toCodec(c: Codec | CodecConfig): Promise<Codec> {
  return typeof (c as Codec).encode === "function" ? (c as Codec) : getCodec(c as CodecConfig);
}

const OBJECT_DTYPE_CODECS: Record<string, string> = {
  str: "vlen-utf8",
  bytes: "vlen-bytes",
  string: "vlen-utf8",
};

/**
 * zarr-python 3's default compressor for v3 arrays, numeric and string alike: Zstandard at
 * level 0 without checksum (none when no "zstd" codec is registered).
 */
function defaultV3Compressor(): CodecConfig | null {
  return isCodecRegistered("zstd") ? { id: "zstd", level: 0, checksum: false } : null;
}

/** Create a new array (zarr-python's `create`). Fails if a node exists unless `overwrite`. */
export async function create<D extends string = "<f8">(
  shape: readonly number[] | number,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  const shp = typeof shape === "number" ? [shape] : [...shape];
  // zarr-python truncates 2.5 to 2 and keeps -1 until it breaks; a typo is likelier than intent.
  if (!shp.every((s) => Number.isSafeInteger(s) && s >= 0))
    throw new MetadataError(
      `shape [${shp.join(", ")}] must hold integers >= 0 and <= ${Number.MAX_SAFE_INTEGER}`,
    );
  const store = await toStore(opts.store, opts.overwrite ? "w" : "a", opts.storageOptions);
  if (opts.readOnly || store.readOnly)
    throw new ReadOnlyError(`cannot create an array in a read-only store (${store})`);
  const path = normalizePath(opts.path);
  const format = opts.zarrFormat ?? 2;
  if (format !== 2 && format !== 3)
    throw new MetadataError(`zarrFormat must be 2 or 3, got ${JSON.stringify(opts.zarrFormat)}`);
  if (format === 2) {
    for (const name of ["shards", "dimensionNames", "chunkKeyEncoding", "codecs"] as const)
      if (opts[name] !== undefined && opts[name] !== null)
        throw new MetadataError(
          `option "${name}" needs zarrFormat: 3 (Zarr v2 has no ${name === "shards" ? "sharding" : name})`,
        );
  }

  let dtypeText: string | StructuredDtypeSpec | DataType = opts.dtype ?? "<f8";
  const filters: Codec[] = [];
  let objectCodec = opts.objectCodec;
  if (typeof dtypeText === "string" && dtypeText in OBJECT_DTYPE_CODECS) {
    objectCodec ??= { id: OBJECT_DTYPE_CODECS[dtypeText]! };
    dtypeText = "|O";
  }
  const dtype: DataType = parseDataType(dtypeText);
  if (dtype.kind === "O") {
    if (!objectCodec)
      throw new MetadataError(
        'dtype "O" needs an objectCodec (e.g. VLenUTF8), or use dtype "str" / "bytes"',
      );
    filters.push(await toCodec(objectCodec));
  }
  for (const f of opts.filters ?? []) filters.push(await toCodec(f));
  const compressorOpt =
    opts.compressor === undefined
      ? format === 3
        ? defaultV3Compressor()
        : getDefaultCompressor()
      : opts.compressor;
  const compressor = compressorOpt === null ? null : await toCodec(compressorOpt);

  const order = opts.order ?? "C";
  if (order !== "C" && order !== "F")
    throw new MetadataError(`order must be "C" or "F", got ${JSON.stringify(order)}`);
  const sep =
    opts.dimensionSeparator ?? (store as { dimensionSeparator?: "." | "/" }).dimensionSeparator;
  if (sep !== undefined && sep !== "." && sep !== "/")
    throw new MetadataError(`dimensionSeparator must be "." or "/", got ${JSON.stringify(sep)}`);
  let fillValue: FillValue;
  try {
    fillValue =
      dtype.kind === "O"
        ? (opts.fillValue ?? null)
        : normalizeFillValue(dtype, opts.fillValue === undefined ? 0 : opts.fillValue);
  } catch (e) {
    throw new MetadataError((e as Error).message);
  }

  const chunks = normalizeChunks(opts.chunks, shp, dtype.itemsize);
  const tooLarge = bufferTooLarge(product(chunks), dtype.itemsize);
  if (tooLarge)
    throw new MetadataError(
      `chunks [${chunks.join(", ")}] of dtype ${dtype.str} can never be read: one chunk is ${tooLarge}`,
    );
  let meta: ArrayMetadata;
  let instances: (Codec | undefined)[];
  if (format === 3) {
    const built = buildV3Metadata({
      shape: shp,
      chunks,
      dtype,
      dtypeName: typeof dtypeText === "string" ? opts.dtype : undefined,
      fillValue,
      order,
      filters,
      compressor,
      shards: opts.shards ?? null,
      dimensionNames: opts.dimensionNames ?? null,
      chunkKeyEncoding: opts.chunkKeyEncoding,
      codecs: opts.codecs,
    });
    meta = built.meta;
    instances = built.instances;
  } else {
    meta = fromV2Parts(shp, chunks, dtype, fillValue, {
      order,
      filters: filters.length > 0 ? filters.map((f) => f.toConfig()) : null,
      compressor: compressor ? compressor.toConfig() : null,
      dimensionSeparator: sep ?? ".",
      dimensionSeparatorExplicit: sep !== undefined,
    });
    instances = compressor ? [...filters, compressor] : filters;
  }

  if (opts.overwrite) await deleteNode(store, path);
  else await assertNoNode(store, path);
  await requireParentGroups(store, path, format);
  return ZarrArray.create<D>(store, path, meta, {
    ...(opts.synchronizer ? { synchronizer: opts.synchronizer } : {}),
    ...(opts.writeEmptyChunks !== undefined ? { writeEmptyChunks: opts.writeEmptyChunks } : {}),
    codecs: instances,
  });
}

type ShapeArg = readonly number[] | number;

/**
 * `zeros`, `ones` and `empty` set the fill value themselves; zarr-python refuses a second one
 * (`got multiple values for keyword argument 'fill_value'`) rather than drop it silently.
 */
function fixedFill(name: string, opts: CreateOptions<string>, fill: number | null): number | null {
  if (opts.fillValue !== undefined)
    throw new ZarrError(
      `${name}() sets fillValue to ${fill}, so it takes no fillValue option (got ${String(opts.fillValue)}): use full() or create({ fillValue })`,
    );
  return fill;
}

/** An array whose missing chunks read as 0. */
export async function zeros<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("zeros", opts, 0) });
}

export async function ones<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("ones", opts, 1) });
}

/** An array with no fill value: unwritten regions read as zeros (zarr-python leaves them undefined). */
export async function empty<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("empty", opts, null) });
}

export function full<D extends string = "<f8">(
  shape: ShapeArg,
  fillValue: unknown,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue });
}

/** The dtype NumPy would infer for data given without one. */
function inferDtype(data: unknown): string | DataType {
  if (data instanceof NdArray) return data.dtype;
  // `{ data, shape }`: the dtype of its data (a typed array, or nested JS values).
  if (typeof data === "object" && data !== null && "data" in data && "shape" in data)
    return inferDtype((data as { data: unknown }).data);
  if (data instanceof Uint8ClampedArray) return "|u1";
  if (data instanceof Int8Array) return "|i1";
  if (data instanceof Uint8Array) return "|u1";
  if (data instanceof Int16Array) return "<i2";
  if (data instanceof Uint16Array) return "<u2";
  if (data instanceof Int32Array) return "<i4";
  if (data instanceof Uint32Array) return "<u4";
  if (data instanceof BigInt64Array) return "<i8";
  if (data instanceof BigUint64Array) return "<u8";
  if (data instanceof Float32Array) return "<f4";
  if (data instanceof Float64Array) return "<f8";
  const { elements } = flattenNested(data);
  if (elements.every((e) => typeof e === "boolean")) return "|b1";
  if (elements.every((e) => typeof e === "bigint")) return "<i8";
  if (elements.every((e) => typeof e === "number" && Number.isInteger(e))) return "<i8";
  if (elements.every((e) => typeof e === "number")) return "<f8";
  if (elements.every((e) => typeof e === "string")) {
    const longest = Math.max(1, ...elements.map((e) => [...(e as string)].length));
    return `<U${longest}`;
  }
  throw new MetadataError("cannot infer a dtype from the data: pass { dtype }");
}

function dataShape(data: unknown): number[] {
  if (data instanceof NdArray) return [...data.shape];
  if (typeof data === "object" && data !== null && "shape" in data && "data" in data)
    return [...(data as { shape: number[] }).shape];
  if (ArrayBuffer.isView(data)) return [(data as unknown as ArrayLike<unknown>).length];
  return flattenNested(data).shape;
}

/** Create an array holding `data` (NdArray, `{ data, shape }`, a typed array or nested arrays). */
export async function array<D extends string = string>(
  data:
    | NdArray
    | { data: ChunkData; shape: readonly number[] }
    | ArrayBufferView
    | readonly unknown[],
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  const dtype = (opts.dtype ?? inferDtype(data)) as D;
  let shape = dataShape(data);
  const dt = parseDataType(
    typeof dtype === "string" && dtype in OBJECT_DTYPE_CODECS ? "|O" : dtype,
  );
  if (dt.kind === "c" && Array.isArray(data) && shape.at(-1) === 2) shape = shape.slice(0, -1);
  const z = await create<D>(shape, { ...opts, dtype });
  await z.set(null, data as ArrayValue);
  return z;
}

type LikeSource = ZarrArray<string> | NdArray;

function likeOptions<D extends string>(a: LikeSource, opts: CreateOptions<D>): CreateOptions<D> {
  if (a instanceof NdArray) return { dtype: a.dtype, ...opts };
  return {
    chunks: a.chunks,
    dtype: a.dataType,
    compressor: a.compressor,
    filters: a.filters,
    order: a.order,
    ...(a.zarrFormat === 3
      ? { zarrFormat: 3, shards: a.shards, dimensionNames: a.dimensionNames }
      : {}),
    ...opts,
  };
}

export function zerosLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return zeros<D>(a.shape, likeOptions(a, opts));
}
export function onesLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return ones<D>(a.shape, likeOptions(a, opts));
}
export function emptyLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return empty<D>(a.shape, likeOptions(a, opts));
}
export function fullLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> & { fillValue?: unknown } = {},
): Promise<ZarrArray<D>> {
  const fill =
    opts.fillValue !== undefined ? opts.fillValue : a instanceof ZarrArray ? a.fillValue : 0;
  return full<D>(a.shape, fill, likeOptions(a, opts));
}

export interface OpenArrayOptions<D extends string = string> extends CreateOptions<D> {
  mode?: OpenMode;
  /** Required when the mode may create the array. */
  shape?: readonly number[] | number;
}

/** Open an array with zarr-python's modes: `r`, `r+`, `a` (default), `w`, `w-`. */
export async function openArray<D extends string = string>(
  storeOrPath?: StoreLike,
  opts: OpenArrayOptions<D> = {},
): Promise<ZarrArray<D>> {
  const mode = opts.mode ?? "a";
  checkMode(mode);
  const store = await toStore(storeOrPath ?? opts.store, mode, opts.storageOptions);
  const path = normalizePath(opts.path);
  return openArrayProbed<D>(store, path, await probeNode(store, path, opts.zarrFormat), opts);
}

/** `openArray` on a store whose `path` was just probed (`open` probes once for both). */
export async function openArrayProbed<D extends string = string>(
  store: Store,
  path: string,
  probe: NodeProbe,
  opts: OpenArrayOptions<D>,
): Promise<ZarrArray<D>> {
  const mode = opts.mode ?? "a";
  const kind = probe.kind;
  const readOnly = mode === "r" || Boolean(opts.readOnly);
  const sync: { synchronizer?: Synchronizer; zarrFormat?: 2 | 3; writeEmptyChunks?: boolean } =
    opts.synchronizer ? { synchronizer: opts.synchronizer } : {};
  if (opts.writeEmptyChunks !== undefined) sync.writeEmptyChunks = opts.writeEmptyChunks;
  if (opts.zarrFormat) Object.assign(sync, { zarrFormat: opts.zarrFormat });
  const openFound = async () => {
    const { meta, attributes } = await readArrayMetadata(store, path, opts.zarrFormat, probe);
    const read = attributes === undefined ? {} : { attributes: attributes as never };
    return ZarrArray.open<D>(store, path, { readOnly, ...sync, metadata: meta, ...read });
  };
  if (mode === "r" || mode === "r+") {
    if (kind === "group")
      throw new ContainsNodeError(`${describePath(path)} contains a group, not an array`);
    if (kind === "none")
      throw await nodeNotFound(store, path, "array", ` (mode "${mode}" does not create one)`);
    return openFound();
  }
  if (mode === "a" && kind === "array") return openFound();
  if (mode === "a" && kind === "group")
    throw new ContainsNodeError(`${describePath(path)} contains a group, not an array`);
  if ((mode === "w-" || mode === "x") && kind !== "none") {
    throw new ContainsNodeError(
      `${describePath(path)} already contains ${kind === "array" ? "an array" : "a group"} (mode "${mode}")`,
    );
  }
  if (opts.shape === undefined)
    throw new ZarrError(`creating an array at ${describePath(path)} needs { shape }`);
  return create<D>(opts.shape, { ...opts, store, path, overwrite: mode === "w" });
}

export function checkMode(mode: string): asserts mode is OpenMode {
  if (!["r", "r+", "a", "w", "w-", "x"].includes(mode)) {
    throw new ZarrError(
      `mode must be one of "r", "r+", "a", "w", "w-", got ${JSON.stringify(mode)}`,
    );
  }
}

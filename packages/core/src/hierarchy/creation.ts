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

/**
 * What an open function does with the node at the path, as zarr-python's `mode`: `"r"` read
 * only, it must exist; `"r+"` read and write, it must exist; `"a"` read and write, created when
 * missing (the default); `"w"` create, replacing whatever is there; `"w-"` and `"x"` create,
 * failing with ContainsNodeError when something is there.
 */
export type OpenMode = "r" | "r+" | "a" | "w" | "w-" | "x";

/**
 * Options of {@link create}, {@link zeros}, {@link ones}, {@link empty}, {@link full},
 * {@link array} and the `*Like` functions: zarr-python's `zarr.create` keywords in camelCase
 * (`fill_value` is `fillValue`, `dimension_separator` is `dimensionSeparator`, ...). Every field
 * is optional.
 *
 * @typeParam D - The dtype literal given as `dtype`, so reads are typed (`Int32Array` for `"i4"`).
 *
 * @example
 * ```ts
 * const z = await zarr.create([10000, 10000], {
 *   chunks: [1000, 1000],
 *   dtype: "i4",
 *   fillValue: -1,
 *   compressor: { id: "zlib", level: 1 },
 *   store: "data/example.zarr",
 *   overwrite: true,
 * });
 * ```
 */
export interface CreateOptions<D extends string = string> {
  /**
   * The chunk shape, in elements (zarr-python's `chunks`): a length per dimension (`null` or
   * -1 for the whole dimension; missing trailing ones take the whole dimension), one number
   * for every dimension, `false` for a single chunk, or `true`/omitted to guess one as
   * zarr-python 2.13 does (between 128 KiB and 64 MiB per chunk, growing with the array).
   * With `shards`, the inner chunks' shape.
   */
  chunks?: ChunksOption;
  /**
   * NumPy dtype string or name (default `"<f8"`); `"str"`/`"bytes"` make object arrays with vlen
   * codecs; a list of fields (`[["a", "<i4"], ["b", "<f8", [2]]]`) makes a structured array.
   */
  dtype?: D | StructuredDtypeSpec | DataType;
  /** A codec, its config, or `null` for none; omitted means the default (`getDefaultCompressor`: Blosc lz4 once a "blosc" codec is registered). */
  compressor?: Codec | CodecConfig | null;
  /**
   * Codecs applied to each chunk before the compressor, in encoding order (zarr-python's
   * `filters`): instances or configs such as `{ id: "delta", dtype: "<i4" }`. Default: none.
   */
  filters?: readonly (Codec | CodecConfig)[] | null;
  /** For `dtype: "O"`: the codec that turns objects into bytes (e.g. `new VLenUTF8()`). */
  objectCodec?: Codec | CodecConfig;
  /**
   * The value unwritten elements read as, stored in the metadata (zarr-python's `fill_value`).
   * Default: 0, or `null` for object dtypes; `null` means no fill value. {@link zeros},
   * {@link ones} and {@link empty} set it themselves and refuse this option.
   */
  fillValue?: unknown;
  /**
   * How elements are laid out inside each chunk: `"C"` row-major or `"F"` column-major
   * (zarr-python's `order`; in Zarr v3 `"F"` is written as a `transpose` codec). Anything else
   * is a MetadataError.
   *
   * @defaultValue `"C"`
   */
  order?: "C" | "F";
  /** A store or a location string (resolved by the registered store plugins). */
  store?: Store | string;
  /** Options for the store a location string opens (headers, credentials, ...); see the store plugin. */
  storageOptions?: StorageOptions;
  /**
   * Where in the store the node goes, e.g. `"foo/bar"` (zarr-python's `path`): slashes at
   * either end are dropped and `"."` or `".."` segments are a MetadataError. Missing parent
   * groups are created. Default: the store's root.
   */
  path?: string;
  /**
   * Delete whatever is at `path` (array or group, with everything under it) before creating.
   * Without it, an existing node there makes creation fail with ContainsNodeError.
   *
   * @defaultValue `false`
   */
  overwrite?: boolean;
  /**
   * Locks each chunk while it is read, updated and written, so that writers sharing a chunk do
   * not lose each other's updates (zarr-python's `synchronizer`): a
   * {@link ThreadSynchronizer}, or `ProcessSynchronizer` from `@zarrkit/sync-process` across
   * processes. Default: none.
   */
  synchronizer?: Synchronizer;
  /**
   * Zarr v2: the character between chunk indices in chunk keys, `"."` (`0.0`) or `"/"`
   * (`0/0`, nested directories), as zarr-python's `dimension_separator`. Default: the store's
   * own `dimensionSeparator` when it has one, else `"."`. Zarr v3 uses `chunkKeyEncoding`.
   */
  dimensionSeparator?: "." | "/";
  /**
   * Open the array read-only, so writes fail with ReadOnlyError. The creating functions refuse
   * it (ReadOnlyError: nothing could be written); {@link openArray} and {@link open} apply it
   * to an array that exists.
   *
   * @defaultValue `false`
   */
  readOnly?: boolean;
  /** Store chunks that hold only the fill value (default: true for v2, false for v3, as zarr-python). */
  writeEmptyChunks?: boolean;
  /**
   * The format to write (default 2, the tutorial's; a member of a v3 group defaults to 3).
   * When opening ({@link openArray}, {@link open}), the only format to look for (default:
   * whichever the store holds).
   */
  zarrFormat?: 2 | 3;
  /** v3: the shard shape; `chunks` is then the shape of the chunks inside each shard. */
  shards?: readonly number[] | null;
  /** v3: a name (or null) per dimension. */
  dimensionNames?: readonly (string | null)[] | null;
  /** v3: how chunk coordinates become keys (default `{ name: "default", separator: "/" }`). */
  chunkKeyEncoding?: {
    /**
     * `"default"`: keys `c/0/0` (a `c`, then the chunk indices); `"v2"`: keys `0.0` as in
     * Zarr v2.
     */
    name: "default" | "v2";
    /** The character between indices: default `"/"` for `"default"`, `"."` for `"v2"`. */
    separator?: "/" | ".";
  };
  /**
   * v3: the whole codec list, as `zarr.json` entries (`{ name, configuration }`), codec
   * configs (`{ id, ... }`) or codec instances; replaces compressor, filters and order.
   * With a `sharding_indexed` entry of its own, `chunks` is the grid, i.e. the shard shape.
   */
  codecs?: readonly V3CodecInput[];
}

/**
 * A store, or a location string the registered store plugins open (with `zarrkit`: a
 * directory path, a `.zip` file, an `http(s)://` or `s3://` URL, ...; see {@link resolveStore}).
 */
export type StoreLike = Store | string;

/**
 * The store a {@link StoreLike} names: the store itself, the one a location string opens (in
 * `mode`, with `storageOptions`), or a new default store (see {@link setDefaultStore}) when
 * `store` is undefined.
 *
 * @throws {@link ZarrError} when `store` is undefined and no default store is set.
 */
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

/**
 * Create a new array of `shape` (a number for one dimension) and write its metadata
 * (zarr-python's `zarr.create`). Unwritten chunks read as `fillValue`. Missing parent groups
 * are created.
 *
 * @param shape - Elements along each dimension (integers >= 0).
 * @param opts - Dtype, chunks, codecs, store, path and the rest; see {@link CreateOptions}.
 * @returns The new array, open for reading and writing.
 * @throws {@link MetadataError} when the shape, dtype, order, fill value, chunks or a
 *   v3-only option (with `zarrFormat: 2`) is invalid.
 * @throws {@link ContainsNodeError} when a node exists at `path` and `overwrite` is not set.
 * @throws {@link ReadOnlyError} when the store or `readOnly` forbids writing.
 *
 * @example
 * ```ts
 * const z = await zarr.create([10000, 10000], { chunks: [1000, 1000], dtype: "i4" });
 * await z.set("0, :", 42);
 * ```
 */
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

/** An array shape: elements per dimension, or one number for a 1-d array. */
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

/**
 * Create an array whose unwritten elements read as 0 (zarr-python's `zarr.zeros`): a fill
 * value of 0, so nothing but the metadata is written.
 *
 * @param shape - Elements along each dimension.
 * @param opts - As for {@link create}, except `fillValue`.
 * @throws {@link ZarrError} when `opts.fillValue` is given; otherwise as {@link create}.
 *
 * @example
 * ```ts
 * const z = await zarr.zeros([10000, 10000], { chunks: [1000, 1000], dtype: "i4" });
 * ```
 */
export async function zeros<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("zeros", opts, 0) });
}

/**
 * Create an array whose unwritten elements read as 1 (zarr-python's `zarr.ones`): a fill
 * value of 1, so nothing but the metadata is written.
 *
 * @param shape - Elements along each dimension.
 * @param opts - As for {@link create}, except `fillValue`.
 * @throws {@link ZarrError} when `opts.fillValue` is given; otherwise as {@link create}.
 */
export async function ones<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("ones", opts, 1) });
}

/**
 * Create an array with no fill value (zarr-python's `zarr.empty`, fill value `None`):
 * unwritten regions read as zeros here, where zarr-python leaves them undefined.
 *
 * @param shape - Elements along each dimension.
 * @param opts - As for {@link create}, except `fillValue`.
 * @throws {@link ZarrError} when `opts.fillValue` is given; otherwise as {@link create}.
 */
export async function empty<D extends string = "<f8">(
  shape: ShapeArg,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return create(shape, { ...opts, fillValue: fixedFill("empty", opts, null) });
}

/**
 * Create an array whose unwritten elements read as `fillValue` (zarr-python's `zarr.full`).
 *
 * @param shape - Elements along each dimension.
 * @param fillValue - A value of the dtype (number, bigint, boolean, string, ...); it
 *   overrides `opts.fillValue`.
 * @param opts - As for {@link create}.
 * @throws {@link MetadataError} when the dtype cannot hold `fillValue`; otherwise as {@link create}.
 */
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

/**
 * Create an array holding `data` (zarr-python's `zarr.array`): its shape comes from the data,
 * its dtype from `opts.dtype` or else from the data as NumPy would infer it (`Int32Array` gives
 * `<i4`, JS integers `<i8`, other numbers `<f8`, strings `<U` of the longest one's length, booleans `|b1`).
 *
 * @param data - An NdArray, `{ data, shape }`, a typed array (1-d) or nested JS arrays.
 * @param opts - As for {@link create}.
 * @throws {@link MetadataError} when no dtype is given and none can be inferred; otherwise as
 *   {@link create} and {@link ZarrArray.set}.
 *
 * @example
 * ```ts
 * const z = await zarr.array([[1, 2, 3], [4, 5, 6]], { dtype: "i4", chunks: [1, 3] });
 * ```
 */
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

/** What the `*Like` functions copy a shape (and more) from: a ZarrArray or an NdArray. */
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

/**
 * {@link zeros} with the shape of `a` (zarr-python's `zeros_like`). From a ZarrArray it also
 * takes chunks, dtype, compressor, filters and order (and, for v3, the format, shards and
 * dimension names); from an NdArray, the dtype. `opts` overrides any of them.
 */
export function zerosLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return zeros<D>(a.shape, likeOptions(a, opts));
}
/**
 * {@link ones} with the shape of `a` (zarr-python's `ones_like`); the other settings are taken
 * as {@link zerosLike} takes them, and `opts` overrides them.
 */
export function onesLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return ones<D>(a.shape, likeOptions(a, opts));
}
/**
 * {@link empty} with the shape of `a` (zarr-python's `empty_like`); the other settings are
 * taken as {@link zerosLike} takes them, and `opts` overrides them.
 */
export function emptyLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> = {},
): Promise<ZarrArray<D>> {
  return empty<D>(a.shape, likeOptions(a, opts));
}
/**
 * {@link full} with the shape of `a` (zarr-python's `full_like`); the other settings are taken
 * as {@link zerosLike} takes them. The fill value is `opts.fillValue`, else the fill value of a
 * ZarrArray `a`, else 0.
 */
export function fullLike<D extends string = string>(
  a: LikeSource,
  opts: CreateOptions<D> & { fillValue?: unknown } = {},
): Promise<ZarrArray<D>> {
  const fill =
    opts.fillValue !== undefined ? opts.fillValue : a instanceof ZarrArray ? a.fillValue : 0;
  return full<D>(a.shape, fill, likeOptions(a, opts));
}

/**
 * Options of {@link openArray}: the mode, plus what {@link create} takes for when the mode
 * creates the array (`shape` is then required). Creation options are ignored when an existing
 * array is opened.
 */
export interface OpenArrayOptions<D extends string = string> extends CreateOptions<D> {
  /**
   * zarr-python's `mode`: `"r"` read only; `"r+"` read and write; `"a"` open or create; `"w"`
   * create, replacing what is there; `"w-"`/`"x"` create, failing if something is there.
   *
   * @defaultValue `"a"`
   */
  mode?: OpenMode;
  /** Required when the mode may create the array. */
  shape?: readonly number[] | number;
}

/**
 * Open the array at `opts.path` in a store or location, creating it when the mode says so
 * (zarr-python's `zarr.open_array`). Modes: `"r"` (read only), `"r+"` (read and write), `"a"`
 * (the default: open, or create when missing), `"w"` (create, replacing what is there), `"w-"`
 * and `"x"` (create, failing if something is there).
 *
 * @param storeOrPath - A store or location string; default `opts.store`, then a new default store.
 * @throws {@link NodeNotFoundError} when nothing is there and the mode does not create.
 * @throws {@link ContainsNodeError} when a group is there, or anything is there with `"w-"`/`"x"`.
 * @throws {@link ZarrError} when the mode is unknown, or creating needs `shape` and has none.
 *
 * @example
 * ```ts
 * const z = await zarr.openArray("data/example.zarr", {
 *   mode: "w",
 *   shape: [10000, 10000],
 *   chunks: [1000, 1000],
 *   dtype: "i4",
 * });
 * const same = await zarr.openArray("data/example.zarr", { mode: "r" });
 * ```
 */
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

/**
 * {@link openArray} on a store whose `path` was just probed (`open` probes once for both).
 *
 * @internal
 */
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

/**
 * Assert that `mode` is one of the open modes.
 *
 * @throws {@link ZarrError} naming the modes when it is not.
 * @internal
 */
export function checkMode(mode: string): asserts mode is OpenMode {
  if (!["r", "r+", "a", "w", "w-", "x"].includes(mode)) {
    throw new ZarrError(
      `mode must be one of "r", "r+", "a", "w", "w-", got ${JSON.stringify(mode)}`,
    );
  }
}

import { invalidateShardIndex } from "../codecs/shard-index-cache.js";
import { Attributes } from "./attributes.js";
import { bufferTooLarge } from "../runtime/buffer-limit.js";
import { gridShape, product } from "../metadata/chunk-grid.js";
import { chunkKey, parseChunkKey } from "../metadata/chunk-key.js";
import type { ChunkInfo, Codec, CodecConfig } from "../codecs/codec.js";
import { chunkInfoFor } from "../metadata/v3.js";
import { fillTester } from "../codecs/empty-chunk.js";
import { getCodec, isCodecRegistered } from "../codecs/codec-registry.js";
import { DEFAULT_CONCURRENCY, forEachConcurrent } from "../runtime/concurrency.js";
import {
  allocate,
  type ChunkData,
  type DataFor,
  type DataType,
  elementAt,
  isByteIdentical,
  type ScalarFor,
  type TypedArray,
  type TypedArrayViewConstructor,
  setElement,
  typedArrayFor,
} from "../metadata/dtype.js";
import {
  CodecError,
  errorAtKey,
  IndexError,
  MetadataError,
  ReadOnlyError,
  ZarrError,
} from "../errors.js";
import { fillElement, type FillValue } from "../metadata/fill-value.js";
import { castFloatToInt } from "../metadata/float-to-int.js";
import { humanReadableSize, pyFixed1, pyTuple } from "./format.js";
import {
  type ArrayMetadata,
  leadingTranspose,
  memoryOrder,
  shardingConfig,
} from "../metadata/array-metadata.js";
import {
  readArrayMetadata,
  writeArrayMetadata,
  arrayMetadataKey,
  ownMetadataKeys,
} from "./node-metadata.js";
import { jsonText } from "../metadata/json.js";
import { flattenNested, NdArray } from "../indexing/ndarray.js";
import { ChunkPipeline } from "../codecs/pipeline.js";
import { type ChunkExecutor, defaultExecutor } from "../runtime/executor.js";
import { checkRecords, recordSource } from "../metadata/record-input.js";
import { releaseScratch, takeScratch } from "../runtime/scratch.js";
import { workerSettings } from "../runtime/worker-pool.js";
import { type ByteRanges, byteRangesOf } from "../codecs/partial-decode.js";
import type { Selection } from "../indexing/selection.js";
import { BasicIndexer } from "../indexing/basic-selection.js";
import { type ChunkTask, type ElementPlan, elementPlan } from "../indexing/chunk-mapping.js";
import { broadcastSource, gather, reversePlan } from "../indexing/gather.js";
import type { Indexer } from "../indexing/indexer.js";
import { type BlockSelection, blockToBasic } from "../indexing/block-selection.js";
import {
  type CoordinateSelection,
  CoordinateIndexer,
  resolveCoordinates,
} from "../indexing/coordinate-selection.js";
import { type MaskSelection, maskIndexer } from "../indexing/mask-selection.js";
import { OrthogonalIndexer, type OrthogonalSelection } from "../indexing/orthogonal-selection.js";
import { BlockIndex, OIndex, type SelectionValue, VIndex } from "./array-indexers.js";
import { listKeys, type Store, storeDelete, storeSet } from "../store/store.js";
import { type CopyPlan, cStrides, fillStrided, simplifyPlan } from "../indexing/strided.js";
import { type StructRecord, unshareElements } from "../metadata/structured-dtype.js";
import { withKeyLock } from "../runtime/key-lock.js";
import { arrayDigest, arrayHexdigest } from "./array-digest.js";
import { type ArrayInfoOptions, arrayInfoItems, type InfoItems } from "./array-info.js";
import { isliceRows } from "./array-islice.js";
import { type ArrayViewOptions, astypeParts, type ViewParts, viewParts } from "./array-view.js";
import { type Synchronizer, withLock } from "../runtime/synchronizer.js";
import { type CheckedOutput, checkReadOutput, type ReadOutput } from "./read-output.js";

/**
 * Options of one read or write of a {@link ZarrArray}: `get`, `set`, the fancy selections,
 * `getAll` and `islice`. Every field is optional.
 */
export interface ArrayIoOptions {
  /**
   * Cancels the operation between chunk reads/writes, rejecting with the signal's reason;
   * chunks already written stay written.
   */
  signal?: AbortSignal;
  /**
   * Chunk reads or writes in flight at once (default 16; 4 for a copy from another array,
   * `set(sel, otherArray)`).
   */
  concurrency?: number;
  /** Called after each chunk a copy (`set(sel, otherArray)`) has written. */
  onProgress?: (progress: CopyProgress) => void;
}

/**
 * Options of a read (`get`, the fancy selections, `getAll`): those of every operation, and
 * `out`, the caller's buffer to read into.
 */
export interface ArrayReadOptions extends ArrayIoOptions {
  /**
   * Read into this instead of a new buffer (zarr-python's `get_basic_selection(out=)`): an
   * {@link NdArray} of the selection's shape and the array's dtype, or a typed array of the
   * dtype's class (`Float64Array` for `<f8`) holding exactly the selection's elements (a plain
   * array for string, object and record dtypes). The read returns it as an NdArray (the same
   * NdArray when one was given; also for a selection of one element), so a viewer reading frame
   * after frame allocates nothing. Every element is written: chunks not stored read as the
   * fill value, or as a fresh `get` gives them when there is none. When the data lies in a
   * `SharedArrayBuffer`, codec workers decode chunks straight into it. A read that fails
   * part-way leaves `out` partly written.
   */
  out?: ReadOutput;
}

/** How far a chunk-by-chunk copy has come; totals are known before the first chunk. */
export interface CopyProgress {
  /** Destination chunks written so far (0 in the first report, sent before any is written). */
  chunksDone: number;
  /** Destination chunks the copy writes in all. */
  chunksTotal: number;
  /** Uncompressed bytes (elements × itemsize) written so far. */
  bytesDone: number;
  /** Uncompressed bytes (elements × itemsize) the copy writes in all. */
  bytesTotal: number;
}

/**
 * Options of the low-level {@link ZarrArray.open} and {@link ZarrArray.create}; the usual way
 * in is {@link openArray} or {@link open}, which build these.
 */
export interface OpenArrayNodeOptions {
  /**
   * Refuse writes (they throw ReadOnlyError); a read-only store makes the array read-only
   * whatever this says.
   *
   * @defaultValue `false`
   */
  readOnly?: boolean;
  /** Locks each chunk while it is written (see {@link CreateOptions.synchronizer}). Default: none. */
  synchronizer?: Synchronizer;
  /** Metadata already read (consolidated metadata), to skip reading `.zarray`/`zarr.json`. */
  metadata?: ArrayMetadata;
  /** Read only this format's metadata document (default: whichever the store holds). */
  zarrFormat?: 2 | 3;
  /** Store chunks that hold only the fill value (default: true for v2, false for v3). */
  writeEmptyChunks?: boolean;
  /**
   * Attributes already read (consolidated metadata, or v3's `zarr.json`), to skip reading
   * them.
   */
  attributes?: Record<string, unknown>;
}

/** A value accepted by `set`: a scalar, an NdArray or `{ data, shape }`, a typed/flat array, nested arrays, or another ZarrArray. */
export type ArrayValue =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | ArrayBuffer
  | [number, number]
  | StructRecord
  | NdArray
  | {
      /** The elements in C order: a typed array of the dtype, or a plain JS array. */
      data: ChunkData;
      /** Elements per dimension; their product is the number of elements in `data`. */
      shape: readonly number[];
    }
  | ArrayBufferView
  | readonly unknown[]
  | ZarrArray<string>;

/**
 * A shard read: the inner chunks asked for, C-ordered, each handed to `visit` as it is decoded
 * (valid only during the call); chunks that are not stored are not visited.
 */
interface ShardReaderLike {
  /** True when inner chunks given an `into` target are decoded off this thread. */
  readonly offloads?: boolean;
  readChunks(
    localCoords: readonly (readonly number[])[],
    opts: { signal?: AbortSignal },
    visit: (position: number, chunk: ChunkData) => void,
    partOf?: (position: number) => ByteRanges | null,
    into?: (position: number) => { out: TypedArray; plan: CopyPlan } | null,
  ): Promise<unknown>;
}

/**
 * The part of the `sharding_indexed` codec (codecs/sharding.ts) that reads inner chunks of a
 * shard without decoding all of it; matched by shape so the array needs no import of it.
 */
interface ShardingCodecLike extends Codec {
  readonly innerChunkShape: readonly number[];
  /** `info` describes a whole shard as the pipeline hands it over (in-memory byte order). */
  openShard(
    store: Store,
    key: string,
    info: ChunkInfo,
    opts?: { signal?: AbortSignal; executor?: ChunkExecutor },
  ): Promise<ShardReaderLike | undefined>;
  /** True when inner chunks read with `executor` would be decoded off this thread. */
  innerOffloads?(info: ChunkInfo, executor: ChunkExecutor): Promise<boolean>;
  /** Start a read-modify-write of one shard (`old`: its stored bytes, if any). */
  editShard?(old: Uint8Array | undefined, info: ChunkInfo, key?: string): Promise<ShardEditorLike>;
}

/** A shard being rewritten: inner chunks by their coordinates in the shard (C order). */
interface ShardEditorLike {
  get(coords: readonly number[]): Promise<ChunkData | undefined>;
  set(coords: readonly number[], data: ChunkData): void;
  /** The new shard, or undefined when every inner chunk holds only the fill value. */
  encode(): Promise<Uint8Array | undefined>;
}

/** Inner chunks a selection touches in one shard, with their coordinates inside it. */
interface ShardGroup {
  tasks: ChunkTask[];
  local: number[][];
}

/**
 * A chunked N-dimensional array in a store (zarr-python's `zarr.Array`). Get one from
 * {@link create}, {@link zeros}, {@link array}, {@link openArray}, {@link open} or a
 * {@link Group}; the constructor is private. Reads (`get`) return an {@link NdArray} (or a
 * scalar), writes (`set`) take a scalar, data or another ZarrArray; only the chunks a
 * selection touches are read or written.
 *
 * @typeParam D - The dtype literal it was created with, so `get` is typed (`Int32Array` for
 *   `"i4"`).
 *
 * @example
 * ```ts
 * const z = await zarr.zeros([10000, 10000], { chunks: [1000, 1000], dtype: "i4" });
 * await z.set([0, null], Int32Array.from({ length: 10000 }, (_, i) => i));
 * await z.set("1:3, :100", 42);
 * const row = await z.get([0, zarr.slice(0, 5)]); // NdArray, data Int32Array [0, 1, 2, 3, 4]
 * const one = await z.get([1, 1]); // 42
 * await z.attrs.set("units", "m");
 * ```
 */
export class ZarrArray<D extends string = string> {
  /** The store holding the array's metadata and chunks (zarr-python's `store`). */
  readonly store: Store;
  /** The array's path in the store, without slashes at either end; `""` at the root. */
  readonly path: string;
  /**
   * True when writes are refused with ReadOnlyError: opened with mode `"r"` or `readOnly`, or
   * the store is read-only (zarr-python's `read_only`).
   */
  readonly readOnly: boolean;
  /** The synchronizer that locks chunks while they are written, if any. */
  readonly synchronizer: Synchronizer | undefined;
  /**
   * Whether a chunk that holds only the fill value is stored (zarr-python 2's default, true)
   * or deleted (zarr-python 3's default for v3 arrays, false).
   */
  readonly writeEmptyChunks: boolean;
  /**
   * The user attributes (zarr-python's `attrs`): `.zattrs` in v2, the `attributes` of
   * `zarr.json` in v3; changes are written at once.
   */
  readonly attrs: Attributes;
  #meta: ArrayMetadata;
  /** The codecs the pipeline runs, in encoding order (see `pipelineConfigs`). */
  readonly #codecs: readonly Codec[];
  #pipeline: ChunkPipeline;
  #fillTest: ((chunk: ChunkData) => boolean) | undefined;
  /** A view (`view`, `astype`): its metadata lives in memory only and is never written. */
  #isView = false;

  private constructor(
    store: Store,
    path: string,
    meta: ArrayMetadata,
    codecs: Codec[],
    attrs: Attributes,
    opts: OpenArrayNodeOptions,
  ) {
    this.store = store;
    this.path = path;
    this.#meta = meta;
    this.#codecs = codecs;
    this.readOnly = Boolean(opts.readOnly || store.readOnly);
    this.synchronizer = opts.synchronizer;
    this.writeEmptyChunks = opts.writeEmptyChunks ?? meta.zarrFormat === 2;
    this.attrs = attrs;
    this.#pipeline = newPipeline(meta, codecs);
  }

  /**
   * Open the array stored at `path` in `store` (low level: {@link openArray} takes modes and
   * location strings).
   *
   * @throws {@link NodeNotFoundError} when there is no array at `path`.
   * @throws {@link MetadataError} when the metadata document is invalid.
   * @throws {@link CodecError} when a codec it names is not registered.
   */
  static async open<D extends string = string>(
    store: Store,
    path: string,
    opts: OpenArrayNodeOptions = {},
  ): Promise<ZarrArray<D>> {
    let meta = opts.metadata;
    let attributes = opts.attributes;
    if (!meta) {
      const read = await readArrayMetadata(store, path, opts.zarrFormat);
      meta = read.meta;
      attributes ??= read.attributes as Record<string, unknown> | undefined;
    }
    const readOnly = Boolean(opts.readOnly || store.readOnly);
    const codecs = await Promise.all(pipelineConfigs(meta).map((c) => getCodec(c))).catch(
      (e: unknown) => {
        throw errorAtKey(arrayMetadataKey(path, meta.zarrFormat), e);
      },
    );
    const attrs = attributes
      ? new Attributes(store, path, readOnly, attributes as never, meta.zarrFormat)
      : await Attributes.load(store, path, readOnly, meta.zarrFormat);
    return new ZarrArray<D>(store, path, meta, codecs, attrs, opts);
  }

  /**
   * Write the metadata document (`.zarray` or `zarr.json`) and open the array (low level:
   * {@link create} builds `meta` from options and checks them). `codecs` passes instances
   * the caller already holds for some of the pipeline's codecs, by position (so an instance
   * need not be registered to be used).
   *
   * @throws {@link ReadOnlyError} when the store or `readOnly` forbids writing.
   */
  static async create<D extends string = string>(
    store: Store,
    path: string,
    meta: ArrayMetadata,
    opts: OpenArrayNodeOptions & { codecs?: readonly (Codec | undefined)[] } = {},
  ): Promise<ZarrArray<D>> {
    if (opts.readOnly || store.readOnly)
      throw new ReadOnlyError(`cannot create array at "${path}": read-only`);
    // Resolve codecs before writing anything, so an unknown codec leaves the store untouched.
    const configs = pipelineConfigs(meta);
    const codecs = await Promise.all(configs.map((c, i) => opts.codecs?.[i] ?? getCodec(c)));
    const stored = await writeArrayMetadata(store, path, meta, {}, { create: true });
    const attrs = new Attributes(store, path, false, {}, meta.zarrFormat);
    // zarr-python hands back codecs rebuilt from what it stored (so their reprs show the
    // stored, key-sorted configuration); do the same for every registered codec.
    const storedConfigs = pipelineConfigs(stored);
    const rebuilt = await Promise.all(
      codecs.map((codec, i) => {
        const config: CodecConfig | undefined = storedConfigs[i];
        return config && isCodecRegistered(codec.id) ? getCodec(config) : codec;
      }),
    );
    return new ZarrArray<D>(store, path, stored, rebuilt, attrs, opts);
  }

  /**
   * The parsed metadata, the same for both formats: shape, chunk grid, dtype, fill value,
   * codec chain, chunk key encoding. Treat it as read-only.
   */
  get metadata(): ArrayMetadata {
    return this.#meta;
  }
  /** Elements per dimension (a new array each time); `resize` and `append` change it. */
  get shape(): number[] {
    return [...this.#meta.shape];
  }
  /** The chunk shape; for a sharded array, the inner chunks' (as zarr-python 3 reports it). */
  get chunks(): number[] {
    const codec = this.#codecs.find((c) => c.id === "sharding_indexed") as
      | Partial<ShardingCodecLike>
      | undefined;
    if (Array.isArray(codec?.innerChunkShape)) return [...codec.innerChunkShape];
    const sharding = shardingConfig(this.#meta);
    const inner = sharding?.chunk_shape;
    return Array.isArray(inner) ? [...(inner as number[])] : [...this.#meta.chunkShape];
  }
  /** The shard shape, or null when the array is not sharded. */
  get shards(): number[] | null {
    return shardingConfig(this.#meta) ? [...this.#meta.chunkShape] : null;
  }
  /** The format the array is stored in: 2 (`.zarray`) or 3 (`zarr.json`). */
  get zarrFormat(): 2 | 3 {
    return this.#meta.zarrFormat;
  }
  /** v3's `dimension_names`, or null when the array has none. */
  get dimensionNames(): (string | null)[] | null {
    return this.#meta.dimensionNames ? [...this.#meta.dimensionNames] : null;
  }
  /** The normalized NumPy type string, e.g. `<i4`. */
  get dtype(): string {
    return this.#meta.dtype.str;
  }
  /** The parsed dtype (kind, itemsize, byte order, fields), of which `dtype` is the string. */
  get dataType(): DataType {
    return this.#meta.dtype;
  }
  /** How elements are laid out inside each chunk: `"C"` (row-major) or `"F"` (column-major). */
  get order(): "C" | "F" {
    return memoryOrder(this.#meta);
  }
  /**
   * What unwritten elements read as (zarr-python's `fill_value`); `null` when the array has
   * none (then they read as zeros).
   */
  get fillValue(): FillValue {
    return this.#meta.fillValue;
  }
  /**
   * The compressor: v2's, or in v3 the last bytes-to-bytes codec (v3 may chain several;
   * `filters` then holds the rest, in order).
   */
  get compressor(): Codec | null {
    const i = this.#compressorIndex();
    return i < 0 ? null : this.#codecs[i]!;
  }
  /**
   * The codecs applied before the compressor, in encoding order, or `null` when there are none
   * (zarr-python's `filters`). An object array's first filter is its object codec (e.g.
   * `VLenUTF8`).
   */
  get filters(): readonly Codec[] | null {
    const i = this.#compressorIndex();
    const rest = this.#codecs.filter((_, j) => j !== i);
    return rest.length > 0 ? rest : null;
  }
  #compressorIndex(): number {
    const details = this.#meta.formatDetails as { format?: number; compressorLast?: boolean };
    const hasCompressor =
      details?.format === 2 ? details.compressorLast : this.#meta.codecs.bytesToBytes.length > 0;
    return hasCompressor ? this.#codecs.length - 1 : -1;
  }
  /** The character between chunk indices in chunk keys: `"."` or `"/"`. */
  get dimensionSeparator(): "." | "/" {
    return this.#meta.chunkKeyEncoding.separator;
  }
  /** The number of dimensions. */
  get ndim(): number {
    return this.#meta.shape.length;
  }
  /** The number of elements: the product of `shape`. */
  get size(): number {
    return product(this.#meta.shape);
  }
  /** Bytes per element of the dtype, as NumPy's `itemsize`. */
  get itemsize(): number {
    return this.#meta.dtype.itemsize;
  }
  /**
   * Bytes the whole array takes uncompressed in memory, `size × itemsize` (zarr-python's
   * `nbytes`); {@link ZarrArray.nbytesStored} gives what the store holds.
   */
  get nbytes(): number {
    return this.size * this.#meta.dtype.itemsize;
  }
  /**
   * Chunks per dimension, partial chunks at the edges included (zarr-python's `cdata_shape`);
   * shards per dimension for a sharded array.
   */
  get cdataShape(): number[] {
    return gridShape(this.#meta.shape, this.#meta.chunkShape);
  }
  /**
   * The number of chunks in the grid, stored or not (zarr-python's `nchunks`); shards for a
   * sharded array. {@link ZarrArray.nchunksInitialized} counts the stored ones.
   */
  get nchunks(): number {
    return product(this.cdataShape);
  }
  /** `/path` of the array in its hierarchy, or null for an array at the store root. */
  get name(): string | null {
    return this.path === "" ? null : `/${this.path}`;
  }
  /** The last segment of `path`, or `null` for an array at the store root. */
  get basename(): string | null {
    return this.path === "" ? null : this.path.split("/").pop()!;
  }

  /**
   * The store key of the chunk at grid position `coords`, e.g. `foo/0.1` in v2 or `foo/c/0/1`
   * in v3; a shard's key for a sharded array. Whether the chunk is stored is not checked.
   */
  chunkKey(coords: readonly number[]): string {
    return chunkKey(this.path, coords, this.#meta.chunkKeyEncoding);
  }

  // ---- reading ----

  /**
   * Read the whole array into an NdArray (zarr-python's `z[...]`).
   *
   * @throws {@link ZarrError} when the array is too large to hold in one buffer.
   */
  get(): Promise<NdArray<D>>;
  /**
   * Read the element at integer indices (negative ones count from the end): a scalar of the
   * dtype when there is one index per dimension, else an NdArray of the remaining dimensions.
   *
   * @throws {@link IndexError} when an index is out of bounds or there are too many.
   */
  get(
    selection: readonly number[] | number,
    opts?: ArrayReadOptions,
  ): Promise<ScalarFor<D> | NdArray<D>>;
  /**
   * Read a basic selection, as zarr-python's `z[sel]`: per dimension an integer, a
   * {@link slice} (`slice(0, 5)`, steps > 0), `null` for all of it, or `"..."`; or a NumPy
   * string such as `"1:3, ::2"`; `null` reads everything. Only the chunks the selection
   * touches are read, each once. Integer-indexed dimensions are dropped from the result.
   * With `opts.out` (see {@link ArrayReadOptions.out}) the elements go into the caller's
   * buffer, which is returned, instead of a new one.
   *
   * @throws {@link IndexError} when the selection is invalid or out of bounds.
   * @throws {@link ZarrError} when the result is too large to hold in one buffer.
   *
   * @example
   * ```ts
   * const block = await z.get([zarr.slice(0, 100), null]); // rows 0..99, every column
   * const same = await z.get(":100, :");
   * const frame = new Int32Array(100 * 10000);
   * await z.get(":100, :", { out: frame }); // the same values, in a buffer kept between reads
   * ```
   */
  get(selection: Selection, opts?: ArrayReadOptions): Promise<NdArray<D>>;
  async get(
    selection?: Selection,
    opts: ArrayReadOptions = {},
  ): Promise<NdArray<D> | ScalarFor<D>> {
    return this.#read(new BasicIndexer(selection, this.#meta.shape), opts);
  }

  /**
   * Read what an indexer selects (basic, orthogonal, coordinate, mask or block selection):
   * only the chunks it touches, each fetched and decoded once.
   */
  async #read(indexer: Indexer, opts: ArrayReadOptions = {}): Promise<NdArray<D> | ScalarFor<D>> {
    const meta = this.#meta;
    const outShape = [...indexer.shape];
    const given = opts.out === undefined ? undefined : this.#givenOutput(opts.out, outShape);
    const tooLarge = given ? undefined : bufferTooLarge(product(outShape), meta.dtype.itemsize);
    if (tooLarge)
      throw new ZarrError(
        `cannot read a selection of shape [${outShape.join(", ")}] from array "${this.name ?? "/"}" at once: ${tooLarge}; read it in smaller selections`,
      );
    const sharding = this.#sharding();
    if (sharding) return this.#getSharded(indexer, outShape, sharding, opts, given);
    const tasks = indexer.tasks(meta.chunkShape);

    let fetched: ReadonlyMap<string, Uint8Array | undefined> | undefined;
    // A read of exactly one whole C-ordered chunk hands out the decoded chunk itself.
    if (!given && tasks.length === 1 && leadingTranspose(meta.codecs) === null) {
      const t = tasks[0]!;
      const m = t.mapping;
      const fullChunk =
        m.kind === "outer" &&
        m.dims.every(
          (p, d) =>
            p.kind === "range" &&
            !p.drop &&
            p.inStart === 0 &&
            p.step === 1 &&
            p.outStart === 0 &&
            p.count === meta.chunkShape[d],
        );
      if (fullChunk) {
        const key = this.chunkKey(t.coords);
        const raw = await this.store.get(key, { signal: opts.signal });
        if (raw !== undefined) {
          const chunk = await this.#pipeline.decode(raw, key, true);
          return new NdArray<D>(chunk, outShape, meta.dtype);
        }
        // Not stored: the general path fills it, without asking the store a second time.
        fetched = new Map([[key, undefined]]);
      }
    }

    const n = product(outShape);
    // When chunks go to worker threads, they decode straight into a shared output, so the
    // scatter (and the first touch of a large output's pages) is parallel too.
    const shared =
      tasks.length > 0 &&
      typeof SharedArrayBuffer === "function" &&
      typedArrayFor(meta.dtype) !== undefined &&
      this.#pipeline.offloads;
    const blank = fillElement(meta.dtype, null);
    const out = given ? given.data : allocate(meta.dtype, n, blank, shared);
    await this.#readInto(tasks, out, outShape, opts, fetched);
    if (meta.dtype.kind === "V") unshareElements(out as unknown[], [blank, meta.fillValue]);
    if (given) return given.result as NdArray<D>;
    if (indexer.scalar) return elementAt(meta.dtype, out, 0) as ScalarFor<D>;
    return new NdArray<D>(out, outShape, meta.dtype);
  }

  /**
   * The caller's `out`, checked, and cleared when chunks that are not stored would leave
   * parts of it unwritten (no fill value): it then reads as a fresh `get` would.
   */
  #givenOutput(out: ReadOutput, outShape: readonly number[]): CheckedOutput {
    const meta = this.#meta;
    const given = checkReadOutput(out, outShape, meta.dtype, this.name ?? "/");
    if (meta.fillValue === null || meta.fillValue === undefined) {
      const data = given.data;
      if (ArrayBuffer.isView(data))
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength).fill(0);
      else (data as unknown[]).fill(fillElement(meta.dtype, null));
    }
    return given;
  }

  // ---- fancy selection (zarr-python's names) ----

  /** Orthogonal selection: per dimension an integer, slice, `null`, integer array or Boolean mask. */
  async getOrthogonalSelection(
    selection: OrthogonalSelection,
    opts?: ArrayReadOptions,
  ): Promise<NdArray<D> | ScalarFor<D>> {
    return this.#read(new OrthogonalIndexer(selection, this.#meta.shape), opts);
  }
  /**
   * Write `value` into an orthogonal selection (zarr-python's `set_orthogonal_selection`, or
   * `z.oindex[...] = value`): a scalar, or data of the selection's shape.
   *
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when the selection is out of bounds or the value's shape does not fit.
   */
  async setOrthogonalSelection(
    selection: OrthogonalSelection,
    value: SelectionValue,
    opts?: ArrayIoOptions,
  ): Promise<void> {
    return this.#write(new OrthogonalIndexer(selection, this.#meta.shape), value, opts);
  }
  /** Coordinate selection: one integer array per dimension; the result has their broadcast shape. */
  async getCoordinateSelection(
    selection: CoordinateSelection,
    opts?: ArrayReadOptions,
  ): Promise<NdArray<D>> {
    return this.#read(this.#coordinates(selection), opts) as Promise<NdArray<D>>;
  }
  /**
   * Write `value` at the points of a coordinate selection (zarr-python's
   * `set_coordinate_selection`, or `z.vindex[...] = value`): a scalar, or one value per point
   * in the selection's shape.
   *
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when a coordinate is out of bounds or the value's shape does not fit.
   */
  async setCoordinateSelection(
    selection: CoordinateSelection,
    value: SelectionValue,
    opts?: ArrayIoOptions,
  ): Promise<void> {
    return this.#write(this.#coordinates(selection), value, opts);
  }
  #coordinates(selection: CoordinateSelection): CoordinateIndexer {
    const { shape, points } = resolveCoordinates(selection, this.#meta.shape);
    return new CoordinateIndexer(shape, points, this.#meta.shape);
  }
  /** Mask selection: the elements where a Boolean array of the array's shape is true, in C order. */
  async getMaskSelection(mask: MaskSelection, opts?: ArrayReadOptions): Promise<NdArray<D>> {
    return this.#read(maskIndexer(mask, this.#meta.shape), opts) as Promise<NdArray<D>>;
  }
  /**
   * Write `value` where a Boolean mask of the array's shape is true (zarr-python's
   * `set_mask_selection`): a scalar, or one value per true element in C order.
   *
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when the mask's shape differs from the array's or the value does not fit.
   */
  async setMaskSelection(
    mask: MaskSelection,
    value: SelectionValue,
    opts?: ArrayIoOptions,
  ): Promise<void> {
    return this.#write(maskIndexer(mask, this.#meta.shape), value, opts);
  }
  /** Block selection: integers and step-1 slices in units of chunks (shards, when sharded). */
  async getBlockSelection(selection: BlockSelection, opts?: ArrayReadOptions): Promise<NdArray<D>> {
    const basic = blockToBasic(selection, this.#meta.shape, this.#meta.chunkShape);
    return this.get(basic, opts);
  }
  /**
   * Write `value` into whole chunks picked by a block selection (zarr-python's
   * `set_block_selection`, or `z.blocks[...] = value`): a scalar, data of the selected region's
   * shape, or another ZarrArray.
   *
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when a block index is out of range or the value does not fit.
   */
  async setBlockSelection(
    selection: BlockSelection,
    value: ArrayValue,
    opts?: ArrayIoOptions,
  ): Promise<void> {
    return this.set(blockToBasic(selection, this.#meta.shape, this.#meta.chunkShape), value, opts);
  }
  /**
   * Orthogonal selection as an object, zarr-python's `z.oindex[...]`:
   * `z.oindex.get(sel)` is `getOrthogonalSelection(sel)`, `z.oindex.set(sel, v)` is
   * `setOrthogonalSelection(sel, v)`.
   */
  get oindex(): OIndex<D> {
    return new OIndex(this);
  }
  /**
   * Coordinate or mask selection as an object, zarr-python's `z.vindex[...]`: `get`/`set` take
   * one integer array per dimension, or one Boolean array of the array's shape.
   */
  get vindex(): VIndex<D> {
    return new VIndex(this);
  }
  /**
   * Block selection as an object, zarr-python's `z.blocks[...]`: `z.blocks.get([1, 0])` is the
   * chunk at grid position (1, 0).
   */
  get blocks(): BlockIndex<D> {
    return new BlockIndex(this);
  }

  /**
   * The sharding codec, when it is the whole chain (no codec around it), so a read can fetch
   * only the inner chunks it needs. Otherwise a shard is read whole through the pipeline.
   */
  #sharding(): ShardingCodecLike | undefined {
    if (this.#codecs.length !== 1 || this.#meta.codecs.arrayToArray.length > 0) return undefined;
    const c = this.#codecs[0] as Partial<ShardingCodecLike>;
    if (c.id !== "sharding_indexed" || typeof c.openShard !== "function") return undefined;
    return Array.isArray(c.innerChunkShape) ? (c as ShardingCodecLike) : undefined;
  }

  /**
   * Read a sharded array: project the selection onto the inner chunk grid, group the inner
   * chunks by shard, and ask each shard once for the ones it holds.
   */
  async #getSharded(
    indexer: Indexer,
    outShape: number[],
    sharding: ShardingCodecLike,
    opts: ArrayIoOptions,
    given?: CheckedOutput,
  ): Promise<NdArray<D> | ScalarFor<D>> {
    const meta = this.#meta;
    const inner = sharding.innerChunkShape;
    const shards = this.#innerTasksByShard(indexer, inner);
    const blank = fillElement(meta.dtype, null);
    const info = this.#shardInfo();
    const signal = opts.signal ? { signal: opts.signal } : {};
    // When inner chunks go to worker threads, they decode straight into a shared output, as
    // chunks of an unsharded array do.
    const executor = defaultExecutor();
    const shared =
      !given &&
      shards.size > 0 &&
      typeof SharedArrayBuffer === "function" &&
      typedArrayFor(meta.dtype) !== undefined &&
      (await sharding.innerOffloads?.(info, executor)) === true;
    const out = given ? given.data : allocate(meta.dtype, product(outShape), blank, shared);
    const sharedOut =
      ArrayBuffer.isView(out) &&
      typeof SharedArrayBuffer === "function" &&
      out.buffer instanceof SharedArrayBuffer
        ? (out as TypedArray)
        : undefined;
    const outStrides = cStrides(outShape);
    const innerStrides = cStrides(inner);
    const innerBytes = product(inner) * meta.dtype.itemsize;
    const fill = fillElement(meta.dtype, meta.fillValue);
    await forEachConcurrent(
      [...shards.entries()],
      opts.concurrency ?? DEFAULT_CONCURRENCY,
      async ([key, group]) => {
        const reader = await sharding.openShard(this.store, key, info, { ...signal, executor });
        const stored = new Set<number>();
        if (reader) {
          const plans = group.tasks.map((t) => this.#plan(t, outStrides, innerStrides));
          await reader.readChunks(
            group.local,
            {},
            (i, chunk) => {
              stored.add(i);
              gather(chunk, out, plans[i]!);
            },
            (i) => {
              const plan = plans[i]!;
              return plan.kind === "strided" && partsDecodeHere()
                ? byteRangesOf(plan.plan, meta.dtype.itemsize / meta.dtype.lanes, innerBytes)
                : null;
            },
            sharedOut &&
              ((i) => {
                const plan = plans[i]!;
                if (plan.kind !== "strided") return null;
                // Asked only for a chunk in the shard's index: it is stored.
                stored.add(i);
                return { out: sharedOut, plan: plan.plan };
              }),
          );
        }
        group.tasks.forEach((task, i) => {
          if (stored.has(i) || fill === undefined || fill === null) return;
          this.#fillPlan(out, this.#plan(task, outStrides, innerStrides), fill);
        });
      },
      opts.signal,
    );
    if (meta.dtype.kind === "V") unshareElements(out as unknown[], [blank, meta.fillValue]);
    if (given) return given.result as NdArray<D>;
    if (indexer.scalar) return elementAt(meta.dtype, out, 0) as ScalarFor<D>;
    return new NdArray<D>(out, outShape, meta.dtype);
  }

  /** A whole shard as the pipeline hands it to the sharding codec. */
  #shardInfo(): ChunkInfo {
    const meta = this.#meta;
    return {
      ...chunkInfoFor(meta.dtype, meta.fillValue, meta.chunkShape),
      // Chunk data in memory is little-endian; the inner bytes codec applies the stored order.
      dtype: meta.dtype.byteOrder === ">" ? `<${meta.dtype.str.slice(1)}` : meta.dtype.str,
    };
  }

  /** The inner chunks a selection touches, grouped by the key of their shard. */
  #innerTasksByShard(indexer: Indexer, inner: readonly number[]): Map<string, ShardGroup> {
    const perShard = this.#meta.chunkShape.map((s, d) => s / inner[d]!);
    const shards = new Map<string, ShardGroup>();
    for (const task of indexer.tasks(inner)) {
      const key = this.chunkKey(task.coords.map((c, d) => Math.floor(c / perShard[d]!)));
      let group = shards.get(key);
      if (!group) {
        group = { tasks: [], local: [] };
        shards.set(key, group);
      }
      group.tasks.push(task);
      group.local.push(task.coords.map((c, d) => c % perShard[d]!));
    }
    return shards;
  }

  /**
   * Write part of one shard: only the inner chunks the selection touches are decoded (those
   * it covers wholly not even that) and encoded again; the others keep their stored bytes.
   * Runs under the shard's key lock and synchronizer (the caller holds them).
   */
  async #editShard(
    key: string,
    group: ShardGroup,
    sharding: ShardingCodecLike & Required<Pick<ShardingCodecLike, "editShard">>,
    outStrides: number[],
    source: { kind: "scalar"; value: unknown } | { kind: "data"; data: ChunkData },
  ): Promise<void> {
    const meta = this.#meta;
    const inner = sharding.innerChunkShape;
    const innerStrides = cStrides(inner);
    const old = await this.store.get(key);
    const editor = await sharding.editShard(old, this.#shardInfo(), key);
    const fill = fillElement(meta.dtype, meta.fillValue);
    for (const [i, task] of group.tasks.entries()) {
      const plan = reversePlan(this.#plan(task, outStrides, innerStrides));
      const stored = task.complete ? undefined : await editor.get(group.local[i]!);
      const chunk = stored ?? allocate(meta.dtype, product(inner), fill);
      if (source.kind === "scalar") this.#fillPlan(chunk, plan, source.value);
      else gather(source.data, chunk, plan);
      editor.set(group.local[i]!, chunk);
    }
    // Encoded before anything is stored: a failure leaves the old shard as it was.
    const bytes = await editor.encode();
    if (bytes === undefined) await storeDelete(this.store, key);
    else await storeSet(this.store, key, bytes);
    // A partial read in this process must not use the shard's old index.
    invalidateShardIndex(this.store, key);
  }

  /** Read the whole array into an NdArray (the same as `get(null)`). */
  async getAll(opts?: ArrayReadOptions): Promise<NdArray<D>> {
    return this.get(null, opts) as Promise<NdArray<D>>;
  }

  async #readInto(
    tasks: ChunkTask[],
    out: ChunkData,
    outShape: number[],
    opts: ArrayIoOptions,
    fetched?: ReadonlyMap<string, Uint8Array | undefined>,
  ): Promise<void> {
    const meta = this.#meta;
    const outStrides = cStrides(outShape);
    const fill = fillElement(meta.dtype, meta.fillValue);
    await forEachConcurrent(
      tasks,
      opts.concurrency ?? DEFAULT_CONCURRENCY,
      async (task) => {
        const key = this.chunkKey(task.coords);
        const plan = this.#plan(task, outStrides);
        if (!fetched?.has(key) && (await this.#readPart(key, plan, out, fill, opts))) return;
        const raw = fetched?.has(key)
          ? fetched.get(key)
          : await this.store.get(key, { signal: opts.signal });
        if (raw === undefined) {
          if (fill !== undefined && fill !== null) this.#fillPlan(out, plan, fill);
          return;
        }
        // Checked here first: a chunk that stays on this thread should not pay an await.
        if (
          plan.kind === "strided" &&
          this.#pipeline.offloads &&
          ArrayBuffer.isView(out) &&
          (await this.#pipeline.decodeIntoShared(raw, key, out as TypedArray, plan.plan))
        )
          return;
        const scratch = this.#pipeline.decodesIntoBuffer
          ? takeScratch(this.#pipeline.nbytes)
          : undefined;
        try {
          const chunk = await this.#pipeline.decode(raw, key, false, scratch);
          gather(chunk, out, plan);
        } finally {
          if (scratch) releaseScratch(scratch);
        }
      },
      opts.signal,
    );
  }

  /**
   * Read only the part of a chunk a copy needs, when the pipeline can (`partialRead`) and
   * the part is small (`byteRangesOf`): the blocks a compressor must decode for
   * it. False when the whole chunk is to be read.
   */
  async #readPart(
    key: string,
    plan: ElementPlan,
    out: ChunkData,
    fill: unknown,
    opts: ArrayIoOptions,
  ): Promise<boolean> {
    const pipeline = this.#pipeline;
    if (!pipeline.partialRead || plan.kind !== "strided" || !partsDecodeHere()) return false;
    const dt = this.#meta.dtype;
    const elementBytes = dt.itemsize / dt.lanes;
    const ranges = byteRangesOf(plan.plan, elementBytes, pipeline.nbytes);
    if (ranges === null || ranges.length === 0) return false;
    const signal = { signal: opts.signal };
    const raw = await this.store.get(key, signal);
    if (raw === undefined) {
      if (fill !== undefined && fill !== null) this.#fillPlan(out, plan, fill);
      return true;
    }
    const scratch = takeScratch(pipeline.nbytes);
    try {
      gather(await pipeline.decodePartial(raw, key, ranges, scratch), out, plan);
    } finally {
      releaseScratch(scratch);
    }
    return true;
  }

  #fillRegion(
    out: ChunkData,
    counts: number[],
    offset: number,
    strides: number[],
    fill: unknown,
  ): void {
    const dt = this.#meta.dtype;
    if (dt.kind === "c") {
      const [re, im] = fill as [number, number];
      // Complex data has a trailing lane dimension of 2: fill each lane separately.
      const c = counts.slice(0, -1);
      const s = strides.slice(0, -1);
      fillStrided(out, c, offset, s, re);
      fillStrided(out, c, offset + 1, s, im);
      return;
    }
    const probe = allocate(dt, 1);
    setElement(dt, probe, 0, fill);
    fillStrided(out, counts, offset, strides, (probe as ArrayLike<unknown>)[0]);
  }

  /** Set the destination elements of a plan to `value` (a JS value of the dtype). */
  #fillPlan(dst: ChunkData, plan: ElementPlan, value: unknown): void {
    if (plan.kind === "strided") {
      const p = plan.plan;
      this.#fillRegion(dst, p.counts, p.dstOffset, p.dstStrides, value);
      return;
    }
    const dt = this.#meta.dtype;
    const probe = allocate(dt, 1);
    setElement(dt, probe, 0, value);
    gather(probe, dst, broadcastSource(plan, dt.lanes));
  }

  /**
   * Element strides of a decoded chunk. A leading transpose is not run: the chunk stays in
   * its stored layout (axes permuted by `order`), which these strides read in place.
   */
  get #chunkStrides(): number[] {
    const shape = this.#meta.chunkShape;
    const order = leadingTranspose(this.#meta.codecs);
    if (!order) return cStrides(shape);
    const stored = cStrides(order.map((a) => shape[a]!));
    const strides = new Array<number>(shape.length).fill(0);
    order.forEach((axis, k) => {
      strides[axis] = stored[k]!;
    });
    return strides;
  }

  /** The element-level copy from a chunk to the selection's output for one task. */
  #plan(
    task: ChunkTask,
    outStrides: readonly number[],
    chunkStrides: readonly number[] = this.#chunkStrides,
  ): ElementPlan {
    const dt = this.#meta.dtype;
    return elementPlan(task.mapping, chunkStrides, outStrides, dt.lanes);
  }

  // ---- writing ----

  #assertWritable(what: string): void {
    if (this.readOnly)
      throw new ReadOnlyError(`cannot ${what} array "${this.name ?? "/"}": it is read-only`);
  }

  /**
   * Write `value` into a basic selection (zarr-python's `z[sel] = value`; selections as for
   * `get`). `value` is a scalar (every selected element gets it), data of the selection's
   * shape (NdArray, `{ data, shape }`, typed array, nested arrays), or another ZarrArray,
   * copied chunk by chunk (`opts.onProgress` reports it). Chunks the selection covers
   * completely are written without reading them; others are read, updated and rewritten.
   * Each chunk is encoded before it is stored, so a failing codec leaves the chunk in the
   * store as it was.
   *
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when the selection is out of bounds or the value's shape does not fit.
   * @throws {@link ZarrError} when a value cannot be converted to the dtype.
   *
   * @example
   * ```ts
   * await z.set(null, 0); // everything
   * await z.set([0, null], Int32Array.from({ length: 10000 }, (_, i) => i)); // row 0
   * await z.set("1:3, :100", 42);
   * ```
   */
  async set(selection: Selection, value: ArrayValue, opts: ArrayIoOptions = {}): Promise<void> {
    this.#assertWritable("write to");
    const indexer = new BasicIndexer(selection, this.#meta.shape);
    if (value instanceof ZarrArray) {
      await this.#copyFrom(value, indexer, opts);
      return;
    }
    await this.#write(indexer, value, opts);
  }

  /**
   * Write `value` into what an indexer selects. A chunk the selection touches several times
   * is read, updated and written once, under its key lock and the synchronizer.
   */
  async #write(
    indexer: Indexer,
    value: Exclude<ArrayValue, ZarrArray<string>>,
    opts: ArrayIoOptions = {},
  ): Promise<void> {
    this.#assertWritable("write to");
    const regionShape = [...indexer.shape];
    const source = this.#toSource(value, regionShape);
    const tasks = indexer.tasks(this.#meta.chunkShape);
    const outStrides = cStrides(regionShape);
    // Shards the selection covers only in part are edited inner chunk by inner chunk.
    const sharding = this.#sharding();
    const editable = sharding?.editShard
      ? (sharding as ShardingCodecLike & Required<Pick<ShardingCodecLike, "editShard">>)
      : undefined;
    const partial = editable
      ? this.#innerTasksByShard(indexer, editable.innerChunkShape)
      : undefined;
    await forEachConcurrent(
      tasks,
      opts.concurrency ?? DEFAULT_CONCURRENCY,
      async (task) => {
        const key = this.chunkKey(task.coords);
        const complete = task.complete;
        // Writes to one chunk in this process queue up (see key-lock.ts); the synchronizer,
        // if any, then orders them against other threads and processes.
        await withKeyLock(this.store, key, () =>
          withLock(this.synchronizer, key, async () => {
            if (!complete && editable && partial) {
              await this.#editShard(key, partial.get(key)!, editable, outStrides, source);
              return;
            }
            // Swap roles: the chunk is the destination, the source region is read.
            const writePlan = reversePlan(this.#plan(task, outStrides));
            const direct =
              complete && source.kind === "data"
                ? this.#directChunk(source.data, writePlan)
                : undefined;
            let chunk: ChunkData;
            if (direct) chunk = direct;
            else {
              chunk =
                (complete && source.kind === "data" && this.#reusedChunk(writePlan)) ||
                (complete ? this.#newChunk() : await this.#loadForUpdate(key));
              if (source.kind === "scalar") this.#fillPlan(chunk, writePlan, source.value);
              else gather(source.data, chunk, writePlan);
            }
            if (!this.writeEmptyChunks && this.#isAllFill(chunk)) {
              // Reads give the fill value for a missing chunk: storing it would be waste.
              await storeDelete(this.store, key);
              invalidateShardIndex(this.store, key);
              return;
            }
            const encoded = await this.#pipeline.encode(chunk, key, direct === undefined);
            await storeSet(this.store, key, encoded);
            // A partial read in this process must not use the shard's old index.
            invalidateShardIndex(this.store, key);
          }),
        );
      },
      opts.signal,
    );
  }

  /**
   * When a chunk is one contiguous run of the caller's typed array, encode straight from it
   * (no copy). Only when a codec will produce new bytes: a store must never keep a reference
   * to the caller's memory, and the bytes must need no conversion (byte order, float16).
   */
  #directChunk(data: ChunkData, plan: ElementPlan): ChunkData | undefined {
    const dt = this.#meta.dtype;
    if (
      plan.kind !== "strided" ||
      this.#pipeline.isIdentity ||
      !ArrayBuffer.isView(data) ||
      !isByteIdentical(dt)
    )
      return undefined;
    const n = this.#pipeline.elements * dt.lanes;
    const p = simplifyPlan(plan.plan);
    const contiguous =
      p.dstOffset === 0 &&
      ((p.counts.length === 0 && n === 1) ||
        (p.counts.length === 1 &&
          p.counts[0] === n &&
          p.srcStrides[0] === 1 &&
          p.dstStrides[0] === 1));
    if (!contiguous) return undefined;
    return (data as TypedArray).subarray(p.srcOffset, p.srcOffset + n) as ChunkData;
  }

  /**
   * True when every element of `chunk` is the fill value (as NumPy's array_equal with
   * equal_nan). An array without a fill value, or of records, never skips a chunk.
   */
  #isAllFill(chunk: ChunkData): boolean {
    const { dtype, fillValue } = this.#meta;
    if (fillValue === null || fillValue === undefined || dtype.kind === "V") return false;
    this.#fillTest ??= fillTester(dtype, fillValue);
    return this.#fillTest(chunk);
  }

  /**
   * A warm buffer (one a codec worker handed back after encoding) for a chunk the plan
   * overwrites element by element: its old contents never show, and it saves the page faults
   * of a fresh 4 MiB buffer, which cost more than the copy into it.
   */
  #reusedChunk(plan: ElementPlan): ChunkData | undefined {
    const dt = this.#meta.dtype;
    const Ctor = typedArrayFor(dt);
    const elements = this.#pipeline.elements;
    if (
      !Ctor ||
      dt.lanes !== 1 ||
      plan.kind !== "strided" ||
      product(plan.plan.counts) !== elements
    )
      return undefined;
    const bytes = takeScratch(elements * Ctor.BYTES_PER_ELEMENT);
    return new (Ctor as TypedArrayViewConstructor)(bytes.buffer as ArrayBuffer) as ChunkData;
  }

  #newChunk(): ChunkData {
    const fill = fillElement(this.#meta.dtype, this.#meta.fillValue);
    return allocate(this.#meta.dtype, this.#pipeline.elements, fill);
  }

  async #loadForUpdate(key: string): Promise<ChunkData> {
    const raw = await this.store.get(key);
    if (raw === undefined) return this.#newChunk();
    return this.#pipeline.decode(raw, key, true);
  }

  /** Turn a `set` value into either a scalar or C-ordered data of the region's shape. */
  #toSource(
    value: ArrayValue,
    regionShape: number[],
  ): { kind: "scalar"; value: unknown } | { kind: "data"; data: ChunkData } {
    const dt = this.#meta.dtype;
    const n = product(regionShape);
    if (dt.kind === "V") {
      const records = recordSource(dt, value, n, this.name ?? "/");
      if (records) return records;
    }
    const isScalar =
      typeof value === "number" ||
      typeof value === "bigint" ||
      typeof value === "boolean" ||
      typeof value === "string" ||
      value === null ||
      (dt.kind === "S" && value instanceof Uint8Array) ||
      (dt.kind === "c" &&
        Array.isArray(value) &&
        value.length === 2 &&
        value.every((v) => typeof v === "number") &&
        regionShape.at(-1) !== 2);
    if (isScalar) {
      if (typeof value === "number" && !Number.isFinite(value) && "iuMm".includes(dt.kind)) {
        // zarr-python: "cannot convert float NaN to integer" (OverflowError for infinity).
        throw new ZarrError(
          `cannot store ${value} in array "${this.name ?? "/"}" of dtype ${dt.str}: an integer type has no NaN or infinity`,
        );
      }
      return { kind: "scalar", value };
    }

    let data: ChunkData | ArrayBufferView;
    let shape: readonly number[];
    if (
      value instanceof NdArray ||
      (typeof value === "object" && value !== null && "data" in value && "shape" in value)
    ) {
      const v = value as { data: ChunkData; shape: readonly number[] };
      data = v.data;
      shape = v.shape;
    } else if (ArrayBuffer.isView(value)) {
      data = value;
      shape = [
        (value as unknown as ArrayLike<unknown>).length / (typedArrayFor(dt) ? dt.lanes : 1),
      ];
    } else if (Array.isArray(value)) {
      const flat = flattenNested(value);
      let elements = flat.elements;
      shape = flat.shape;
      if (dt.kind === "c" && shape.at(-1) === 2 && shape.length === regionShape.length + 1) {
        shape = shape.slice(0, -1);
        const pairs: unknown[] = [];
        for (let i = 0; i < elements.length; i += 2) pairs.push([elements[i], elements[i + 1]]);
        elements = pairs;
      }
      data = elements;
    } else {
      throw new ZarrError(
        `cannot write a value of type ${typeof value} into array "${this.name ?? "/"}"`,
      );
    }
    const valueSize = product(shape);
    const sameShape =
      shape.length === regionShape.length && shape.every((s, i) => s === regionShape[i]);
    const squeezedEqual =
      shape.filter((s) => s !== 1).join() === regionShape.filter((s) => s !== 1).join() &&
      valueSize === n;
    const flat1d = shape.length === 1 && valueSize === n;
    if (!sameShape && !squeezedEqual && !flat1d) {
      throw new IndexError(
        `value of shape [${shape.join(", ")}] does not fit the selection of shape [${regionShape.join(", ")}]`,
      );
    }
    return { kind: "data", data: this.#coerce(data as ChunkData, n) };
  }

  /** Convert values to this dtype's in-memory form when the caller used another form. */
  #coerce(data: ChunkData, n: number): ChunkData {
    const dt = this.#meta.dtype;
    if (dt.kind === "V") {
      // Checked here so a bad record fails before any chunk is written; chunks encode them again.
      checkRecords(dt, data as unknown[], n);
      return data;
    }
    const Ctor = typedArrayFor(dt);
    if (Ctor && data instanceof Ctor && !(dt.kind === "b" && !(data instanceof Uint8Array)))
      return data;
    const out = allocate(dt, n);
    const lanes = Ctor ? dt.lanes : 1;
    if (lanes === 2 && ArrayBuffer.isView(data)) {
      const src = data as unknown as ArrayLike<number>;
      const dst = out as Float32Array | Float64Array;
      for (let i = 0; i < 2 * n; i++) dst[i] = Number(src[i]);
      return out;
    }
    const src = data as ArrayLike<unknown>;
    if ("iuMm".includes(dt.kind)) {
      // Floats are cast as NumPy casts them (float-to-int.ts): every element of a float typed
      // array, and the numbers of a plain array that are not integers (the others are ints,
      // which wrap around).
      const floats = data instanceof Float64Array || data instanceof Float32Array;
      for (let i = 0; i < n; i++) {
        const v = src[i];
        setElement(
          dt,
          out,
          i,
          typeof v === "number" && (floats || !Number.isSafeInteger(v)) ? castFloatToInt(dt, v) : v,
        );
      }
      return out;
    }
    for (let i = 0; i < n; i++) setElement(dt, out, i, src[i]);
    return out;
  }

  /** `z2.set(null, z1)`: copy chunk by chunk, so memory stays near one chunk per task. */
  async #copyFrom(
    src: ZarrArray<string>,
    indexer: BasicIndexer,
    opts: ArrayIoOptions,
  ): Promise<void> {
    const regionShape = [...indexer.shape];
    const srcShape = src.shape;
    if (srcShape.length !== regionShape.length || srcShape.some((s, i) => s !== regionShape[i])) {
      throw new IndexError(
        `source array of shape [${srcShape.join(", ")}] does not fit the selection of shape [${regionShape.join(", ")}]`,
      );
    }
    const tasks = indexer.tasks(this.#meta.chunkShape);
    const itemsize = this.#meta.dtype.itemsize;
    const progress: CopyProgress = {
      chunksDone: 0,
      chunksTotal: tasks.length,
      bytesDone: 0,
      bytesTotal: product(regionShape) * itemsize,
    };
    opts.onProgress?.({ ...progress });
    await forEachConcurrent(
      tasks,
      opts.concurrency ?? 4,
      async (task) => {
        // The block of the destination this chunk covers, in destination coordinates.
        const dstSel: (number | ReturnType<typeof rangeSlice>)[] = [];
        const srcSel: ReturnType<typeof rangeSlice>[] = [];
        const dims = task.mapping.kind === "outer" ? task.mapping.dims : [];
        let count = 1;
        dims.forEach((p, d) => {
          if (p.kind !== "range") return;
          count *= p.count;
          const start = p.inStart + task.coords[d]! * this.#meta.chunkShape[d]!;
          if (p.drop) {
            dstSel.push(start);
            return;
          }
          dstSel.push(rangeSlice(start, start + (p.count - 1) * p.step + 1, p.step));
          srcSel.push(rangeSlice(p.outStart, p.outStart + p.count, 1));
        });
        const block = await src.get(srcSel, opts.signal ? { signal: opts.signal } : {});
        await this.set(dstSel, block as NdArray, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          concurrency: 1,
        });
        progress.chunksDone++;
        progress.bytesDone += count * itemsize;
        opts.onProgress?.({ ...progress });
      },
      opts.signal,
    );
  }

  /**
   * Change the shape (zarr-python's `resize`): the metadata is rewritten, chunks wholly
   * outside the new shape are deleted, data inside it is kept, and new regions read as the
   * fill value.
   *
   * @throws {@link ReadOnlyError} when the array is read-only or a view.
   * @throws {@link IndexError} when the new shape has another number of dimensions or holds
   *   a negative or non-integer size.
   */
  async resize(newShape: readonly number[] | number): Promise<void> {
    this.#assertWritable("resize");
    if (this.#isView)
      throw new ReadOnlyError(
        `cannot resize "${this.name ?? "/"}": operation not permitted for views`,
      );
    const shape = typeof newShape === "number" ? [newShape] : [...newShape];
    if (shape.length !== this.ndim)
      throw new IndexError(
        `resize: new shape [${shape.join(", ")}] must have ${this.ndim} dimensions`,
      );
    if (!shape.every((s) => Number.isInteger(s) && s >= 0))
      throw new IndexError(`resize: new shape [${shape.join(", ")}] must hold integers >= 0`);
    const meta = { ...this.#meta, shape };
    await writeArrayMetadata(this.store, this.path, meta);
    this.#meta = meta;
    const grid = gridShape(shape, meta.chunkShape);
    const prefix = this.path === "" ? "" : `${this.path}/`;
    const stale: string[] = [];
    for (const key of await listKeys(this.store, prefix)) {
      const coords = parseChunkKey(key.slice(prefix.length), this.ndim, meta.chunkKeyEncoding);
      if (coords?.some((c, d) => c >= grid[d]!)) stale.push(key);
    }
    // A chunk write already under way finishes before its chunk is deleted, not after.
    await forEachConcurrent(stale, DEFAULT_CONCURRENCY, async (k) => {
      await withKeyLock(this.store, k, async () => {
        await storeDelete(this.store, k);
        invalidateShardIndex(this.store, k);
      });
    });
  }

  /**
   * Append data along `axis` (default 0; negative counts from the end), growing the array
   * (zarr-python's `append`). The data's shape must match the array's in every other
   * dimension.
   *
   * @param data - An NdArray, `{ data, shape }`, a typed array (1-d) or nested JS arrays.
   * @param opts.axis - The dimension to grow (default 0).
   * @returns The new shape.
   * @throws {@link ReadOnlyError} when the array is read-only.
   * @throws {@link IndexError} when `axis` is out of range or the data's shape does not match.
   */
  async append(
    data:
      | NdArray
      | { data: ChunkData; shape: readonly number[] }
      | readonly unknown[]
      | ArrayBufferView,
    opts: { axis?: number } = {},
  ): Promise<number[]> {
    this.#assertWritable("append to");
    const axis = opts.axis ?? 0;
    const ndim = this.ndim;
    if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim)
      throw new IndexError(`append: axis ${axis} is out of range for ${ndim} dimensions`);
    const ax = axis < 0 ? axis + ndim : axis;
    let shape: readonly number[];
    if (data instanceof NdArray || (typeof data === "object" && "shape" in data && "data" in data))
      shape = (data as { shape: readonly number[] }).shape;
    else if (ArrayBuffer.isView(data)) shape = [(data as unknown as ArrayLike<unknown>).length];
    else shape = flattenNested(data).shape;
    const old = this.shape;
    if (shape.length !== ndim || shape.some((s, d) => d !== ax && s !== old[d])) {
      throw new IndexError(
        `append: data of shape [${shape.join(", ")}] does not match array shape [${old.join(", ")}] outside axis ${ax}`,
      );
    }
    const next = old.map((s, d) => (d === ax ? s + shape[d]! : s));
    await this.resize(next);
    const sel = old.map((s, d) => (d === ax ? rangeSlice(s, next[d]!, 1) : null));
    await this.set(sel, data as ArrayValue);
    return next;
  }

  // ---- diagnostics ----

  /**
   * Bytes stored for this array: its metadata, attributes and chunks, as they are in the store
   * (zarr-python's `nbytes_stored`). Reads every stored value to measure it.
   */
  async nbytesStored(): Promise<number> {
    let total = 0;
    for (const key of await this.#ownKeys(true)) {
      const v = await this.store.get(key);
      if (v) total += v.byteLength;
    }
    return total;
  }

  /**
   * The number of chunks stored (shards for a sharded array), found by listing the store
   * (zarr-python's `nchunks_initialized`).
   */
  async nchunksInitialized(): Promise<number> {
    return (await this.#ownKeys(false)).length;
  }

  /**
   * zarr-python's `digest`: a hash of the stored chunk bytes (C order of the chunk grid), then
   * of the metadata and attributes documents; equal stores give equal digests.
   *
   * @param hashname - A hash registered with {@link registerDigestHash} (hashlib's names;
   *   `zarrkit` registers md5, sha1, sha224 and sha256).
   * @throws {@link ZarrError} when no hash of that name is registered.
   */
  async digest(hashname = "sha1"): Promise<Uint8Array> {
    return arrayDigest(this.#digestSource(), hashname);
  }

  /**
   * {@link ZarrArray.digest} as a lowercase hex string (zarr-python's `hexdigest`).
   *
   * @throws {@link ZarrError} when no hash of that name is registered.
   */
  async hexdigest(hashname = "sha1"): Promise<string> {
    return arrayHexdigest(this.#digestSource(), hashname);
  }

  #digestSource() {
    const prefix = this.path === "" ? "" : `${this.path}/`;
    return {
      store: this.store,
      cdataShape: this.cdataShape,
      chunkKey: (c: readonly number[]) => this.chunkKey(c),
      metadataKeys: ownMetadataKeys(this.#meta.zarrFormat).map((k) => prefix + k),
    };
  }

  /**
   * The elements of the first axis from `start` to `end` (zarr-python's `islice`): scalars for
   * a 1-d array, NdArrays otherwise, read one chunk row at a time.
   */
  islice(
    start?: number | null,
    end?: number | null,
    opts?: ArrayIoOptions,
  ): AsyncGenerator<ScalarFor<D> | NdArray<D>, void, undefined> {
    return isliceRows(this, start, end, opts) as AsyncGenerator<ScalarFor<D> | NdArray<D>>;
  }

  /** `for await (const x of a)`: every element of the first axis, as `islice()` (zarr-python's `__iter__`). */
  [Symbol.asyncIterator](): AsyncGenerator<ScalarFor<D> | NdArray<D>, void, undefined> {
    return this.islice();
  }

  /** True for an array made by `view` or `astype`. */
  get isView(): boolean {
    return this.#isView;
  }

  /** zarr-python's `view`: the same chunks as another shape, chunks, dtype, fill value or filters. */
  view<V extends string = D>(opts: ArrayViewOptions = {}): ZarrArray<V> {
    return this.#viewOf<V>(viewParts(this.#viewSource(), opts));
  }

  /** zarr-python's `astype`: a read-only view converting elements to `dtype` as they are read. */
  astype<V extends string>(dtype: V): ZarrArray<V> {
    return this.#viewOf<V>(astypeParts(this.#viewSource(), dtype));
  }

  #viewSource() {
    const { readOnly, synchronizer, name } = this;
    return { meta: this.#meta, codecs: this.#codecs, readOnly, synchronizer, name };
  }

  #viewOf<V extends string>(p: ViewParts): ZarrArray<V> {
    const attrs =
      p.readOnly === this.readOnly
        ? this.attrs
        : new Attributes(
            this.store,
            this.path,
            p.readOnly,
            this.attrs.toJSON(),
            this.#meta.zarrFormat,
          );
    const opts = { readOnly: p.readOnly, writeEmptyChunks: this.writeEmptyChunks };
    const v = new ZarrArray<V>(this.store, this.path, p.meta, p.codecs, attrs, {
      ...opts,
      ...(p.synchronizer ? { synchronizer: p.synchronizer } : {}),
    });
    v.#isView = true;
    return v;
  }

  /** Keys of this array's chunks (and, with `withMeta`, its metadata documents). */
  async #ownKeys(withMeta: boolean): Promise<string[]> {
    const prefix = this.path === "" ? "" : `${this.path}/`;
    const metaNames = ownMetadataKeys(this.#meta.zarrFormat);
    const out: string[] = [];
    for (const key of await listKeys(this.store, prefix)) {
      const rest = key.slice(prefix.length);
      if (parseChunkKey(rest, this.ndim, this.#meta.chunkKeyEncoding)) out.push(key);
      else if (withMeta && metaNames.includes(rest)) out.push(key);
    }
    return out;
  }

  /** The one-line repr of the tutorial: `Array((10000, 10000), int32, chunks=(1000, 1000), order=C)`. */
  toString(): string {
    const name = this.name ? `${this.name}, ` : "";
    return `Array(${name}${pyTuple(this.#meta.shape)}, ${this.#meta.dtype.display}, chunks=${pyTuple(this.chunks)}, order=${this.order})`;
  }

  /**
   * The rows of zarr-python 2.13's `Array.info` table (its `info_items()`): name, type,
   * dtype, shapes, order, codecs, store, sizes and chunks initialized. Print them with
   * {@link formatInfoTable}.
   *
   * @example
   * ```ts
   * console.log(zarr.formatInfoTable(await z.infoItems()));
   * // Type               : zarrkit.Array
   * // Data type          : int32
   * // ...
   * ```
   */
  infoItems(opts: ArrayInfoOptions = {}): Promise<InfoItems> {
    return arrayInfoItems(this, opts);
  }

  /** The multi-line summary of the tutorial: sizes, ratio, chunks initialized, codecs, store. */
  async info(): Promise<string> {
    const stored = await this.nbytesStored();
    const initialized = await this.nchunksInitialized();
    let r = `${this.toString()}\n  nbytes: ${humanReadableSize(this.nbytes)}`;
    if (stored > 0)
      r += `; nbytes_stored: ${humanReadableSize(stored)}; ratio: ${pyFixed1(this.nbytes / stored)}`;
    r += `; initialized: ${initialized}/${this.nchunks}`;
    const filters = this.filters ?? [];
    if (filters.length > 0) {
      r += `\n  filters: ${filters[0]}`;
      for (const f of filters.slice(1)) r += `\n           ${f}`;
    }
    const compressor = this.compressor;
    if (compressor) r += `\n  compressor: ${compressor}`;
    r += `\n  store: ${this.store}`;
    if (this.synchronizer) r += `; synchronizer: ${this.synchronizer}`;
    return r;
  }

  /** Reload metadata and attributes from the store (after another writer changed them). */
  async refresh(): Promise<void> {
    // A view keeps the metadata it was made with, as zarr-python's views do.
    if (this.#isView) return this.attrs.refresh();
    const { meta } = await readArrayMetadata(this.store, this.path, this.#meta.zarrFormat);
    if (jsonText(meta.codecs) !== jsonText(this.#meta.codecs)) {
      const key = arrayMetadataKey(this.path, meta.zarrFormat);
      throw new MetadataError(`${key}: codecs changed since the array was opened; open it again`);
    }
    this.#meta = meta;
    this.#fillTest = undefined;
    this.#pipeline = newPipeline(meta, this.#codecs);
    await this.attrs.refresh();
  }
}

/** The array's codecs (see `pipelineConfigs`) by role, as the chunk pipeline takes them. */
/**
 * Parts of chunks are decoded on the calling thread, so `configureWorkers({ enabled: true })`,
 * which promises every chunk to the workers, turns partial decoding off.
 */
function partsDecodeHere(): boolean {
  return workerSettings().enabled !== true;
}

function codecRolesOf(
  meta: ArrayMetadata,
  codecs: readonly Codec[],
): { arrayToArray: Codec[]; arrayToBytes: Codec | null; bytesToBytes: Codec[] } {
  const nArray = meta.codecs.arrayToArray.length - (leadingTranspose(meta.codecs) ? 1 : 0);
  const nBytes = meta.codecs.arrayToBytes.id === "bytes" ? 0 : 1;
  return {
    arrayToArray: codecs.slice(0, nArray),
    arrayToBytes: nBytes ? codecs[nArray]! : null,
    bytesToBytes: codecs.slice(nArray + nBytes),
  };
}

/**
 * The chunk pipeline of an array. Its leading transpose is left out: the array reads chunks
 * in their stored layout through its copy strides (`#chunkStrides`).
 */
function newPipeline(meta: ArrayMetadata, codecs: readonly Codec[]): ChunkPipeline {
  return new ChunkPipeline({
    dtype: meta.dtype,
    // The leading transpose is folded into strides, so chunks reach the pipeline permuted.
    chunkShape: leadingTranspose(meta.codecs)?.map((a) => meta.chunkShape[a]!) ?? meta.chunkShape,
    fillValue: meta.fillValue,
    ...codecRolesOf(meta, codecs),
    executor: defaultExecutor(),
    runLeadingTranspose: true,
  });
}

/**
 * The codec configs the chunk pipeline runs, in encoding order: the chain without its
 * leading transpose (folded into the copy strides) and without the plain `bytes` codec
 * (the pipeline's own conversion, byte order from the dtype).
 */
export function pipelineConfigs(meta: ArrayMetadata): CodecConfig[] {
  const { arrayToArray, arrayToBytes, bytesToBytes } = meta.codecs;
  const rest = leadingTranspose(meta.codecs) ? arrayToArray.slice(1) : arrayToArray;
  return [...rest, ...(arrayToBytes.id === "bytes" ? [] : [arrayToBytes]), ...bytesToBytes];
}

function rangeSlice(start: number, stop: number, step: number) {
  return { kind: "slice", start, stop, step } as const;
}

export type { DataFor };

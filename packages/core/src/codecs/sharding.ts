import { isArrayToBytesId } from "./array-to-bytes.js";
import { bytesToChunk } from "./bytes-codec.js";
import { product } from "../metadata/chunk-grid.js";
import type { ChunkInfo, Codec, CodecConfig, CodecInput } from "./codec.js";
import type { V3CodecJson, V3CodecNaming } from "./codec-registry.js";
import { fillTester } from "./empty-chunk.js";
import type { ChunkPipeline } from "./pipeline.js";
import type { ChunkExecutor } from "../runtime/executor.js";
import type { ByteRanges } from "./partial-decode.js";
import { invalidateShardIndex, loadShardIndex } from "./shard-index-cache.js";
import { corrupted, ShardIndex } from "./shard-index.js";
import {
  allocate,
  type ChunkData,
  type DataType,
  parseDataType,
  type TypedArray,
  typedArrayFor,
} from "../metadata/dtype.js";
import { fillElement, type FillValue } from "../metadata/fill-value.js";
import { CodecError } from "../errors.js";
import { releaseScratch, takeScratch } from "../runtime/scratch.js";
import { copyStrided, cStrides, type CopyPlan } from "../indexing/strided.js";
import {
  type ByteRange,
  type ReadableStore,
  readRange,
  type StoreGetOptions,
} from "../store/store.js";

/**
 * The `sharding_indexed` codec's config: the v3 configuration (as in `zarr.json`, the Zarr v3
 * sharding spec) plus `id`.
 */
export interface ShardingConfig extends CodecConfig {
  /** Always `"sharding_indexed"`. */
  readonly id: "sharding_indexed";
  /** Shape of the inner chunks, in elements; it must divide the shard shape in every dimension. */
  readonly chunk_shape: readonly number[];
  /** The codecs of each inner chunk, as `zarr.json` lists them (an array->bytes codec among them). */
  readonly codecs: readonly V3CodecJson[];
  /**
   * The codecs of the shard index (a `uint64` array of offset/length pairs), as `zarr.json`
   * lists them. A config without it gets `bytes` (little endian) then `crc32c`, the spec's
   * default.
   */
  readonly index_codecs: readonly V3CodecJson[];
  /**
   * Where the index sits in the shard value: before the inner chunks or after them. A config
   * without it gets `"end"`.
   */
  readonly index_location: "start" | "end";
}

/**
 * Read ranges of one shard closer than this many bytes (1 MiB) are fetched as one request: the
 * default of {@link OpenShardOptions.coalesceGapBytes}.
 */
export const DEFAULT_COALESCE_GAP_BYTES = 1024 * 1024;

/** Options of {@link ShardingCodec.openShard} and the reads of the {@link ShardReader}. */
export interface OpenShardOptions extends StoreGetOptions {
  /** Read ranges closer than this many bytes are fetched as one (default 1 MiB). */
  readonly coalesceGapBytes?: number;
  /**
   * Where inner chunks may be decoded off the calling thread (an array passes its own), for
   * reads that give {@link ShardReader.readChunks} an `into`. Default: none, all stay here.
   */
  readonly executor?: ChunkExecutor;
}

/**
 * Where one inner chunk goes when it can be decoded off this thread: a region of a typed
 * array over a SharedArrayBuffer, `plan` mapping the inner chunk (C order) onto it.
 */
export interface InnerChunkTarget {
  /** The output, a typed array over a SharedArrayBuffer. */
  readonly out: TypedArray;
  /** Where the inner chunk's elements go in `out`. */
  readonly plan: CopyPlan;
}

/**
 * The `sharding_indexed` array->bytes codec (Zarr v3): a chunk of the array (a shard) is
 * stored as one value holding its inner chunks, each encoded with the inner codecs, and an
 * index of where each one is. Inner chunks that hold only the fill value are not stored.
 * Partial reads go through `openShard`, which fetches the index and then only the inner
 * chunks asked for.
 *
 * Arrays created with `shards` (or opened from a `zarr.json` that lists `sharding_indexed`)
 * use it on their own; zarr-python 3's `ShardingCodec`. The constructor takes a
 * {@link ShardingConfig}.
 *
 * @throws {@link CodecError} from the constructor when the configuration is invalid (an unknown
 *   key, a missing or non-positive `chunk_shape`, an empty codec list, an unknown
 *   `index_location`), naming the field.
 */
export class ShardingCodec implements Codec {
  readonly id = "sharding_indexed";
  /** Shape of the inner chunks, in elements (the config's `chunk_shape`). */
  readonly innerChunkShape: readonly number[];
  /** Where each shard stores its index (the config's `index_location`). */
  readonly indexLocation: "start" | "end";
  readonly #config: ShardingConfig;
  /** One layout per shard spec (dtype and shape) this codec has been used with. */
  readonly #layouts = new Map<string, Promise<ShardLayout>>();

  constructor(config: CodecConfig) {
    this.#config = parseShardingConfig(config);
    this.innerChunkShape = this.#config.chunk_shape;
    this.indexLocation = this.#config.index_location;
  }

  toConfig(): ShardingConfig {
    return structuredClone(this.#config);
  }

  toString(): string {
    const c = this.#config;
    return `ShardingCodec(chunk_shape=[${c.chunk_shape.join(", ")}], codecs=[${c.codecs
      .map((e) => e.name)
      .join(", ")}], index_codecs=[${c.index_codecs
      .map((e) => e.name)
      .join(", ")}], index_location='${c.index_location}')`;
  }

  /** A shard is bytes of a size only the encoding knows. */
  encodedInfo(info: ChunkInfo): ChunkInfo {
    const { nbytes: _n, ...rest } = info;
    return { ...rest, dtype: "|u1", itemsize: 1, shape: [0] };
  }

  /** Encode a whole shard (C-order data of `info.shape`). */
  async encode(data: CodecInput, info?: ChunkInfo): Promise<Uint8Array> {
    const layout = await this.#layout(requireInfo(info, "encode"));
    if (!Array.isArray(data) && !ArrayBuffer.isView(data)) {
      throw new CodecError(`sharding_indexed: encode takes chunk data, got ${typeof data}`);
    }
    const chunk = layout.asChunkData(data as ChunkData);
    const encoded = await Promise.all(
      layout.chunkOrigins.map(async (_, i) => {
        const inner = layout.extract(chunk, i);
        if (layout.isFill(inner)) return undefined;
        return layout.inner.encode(inner, `inner chunk ${i}`, true);
      }),
    );
    return layout.assemble(encoded);
  }

  /** Decode a whole shard into C-order data of `info.shape`. */
  async decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): Promise<ChunkData> {
    const layout = await this.#layout(requireInfo(info, "decode"));
    const index = await layout.readIndexFromShard(data, undefined);
    const out = allocate(layout.dtype, layout.shardElements, layout.fill);
    await Promise.all(
      layout.chunkOrigins.map(async (_, i) => {
        if (index.isEmpty(i)) return;
        const off = index.offsets[i]!;
        const raw = data.subarray(off, off + index.lengths[i]!);
        const inner = await layout.inner.decode(raw, `inner chunk ${i}`, false);
        layout.place(inner, out, i);
      }),
    );
    return out;
  }

  /**
   * Open the shard stored at `key` for partial reads: its index is read with one range
   * request (a suffix request when it is at the end) or taken from the index cache.
   * Undefined when nothing is stored at `key`. `info` describes the shard as the array's
   * pipeline hands it to this codec (dtype in native byte order, shard shape, fill value).
   */
  async openShard(
    store: ReadableStore,
    key: string,
    info: ChunkInfo,
    options: OpenShardOptions = {},
  ): Promise<ShardReader | undefined> {
    const layout = await this.#layout(info);
    const read = async (): Promise<ShardIndex | undefined> => {
      const range: ByteRange =
        this.indexLocation === "end"
          ? { suffixLength: layout.indexSize }
          : { offset: 0, length: layout.indexSize };
      const bytes = await readRange(
        store,
        key,
        range,
        options.signal ? { signal: options.signal } : {},
      );
      if (bytes === undefined) return undefined;
      const index = await layout.decodeIndex(bytes, key);
      // With the index first, chunks sit after it; the shard's end is checked as they are read.
      if (this.indexLocation === "start")
        index.checkBounds(key, layout.indexSize, Number.MAX_SAFE_INTEGER);
      return index;
    };
    // A read with its own abort signal neither waits on another caller's request nor lends
    // its own (an abort would fail them all).
    let index = await loadShardIndex(store, key, read, options.signal === undefined);
    if (index && index.chunks !== layout.chunkCount) {
      // Cached for another layout of this key (the array was re-created): read it again.
      invalidateShardIndex(store, key);
      index = await read();
    }
    if (index === undefined) return undefined;
    const offloading = options.executor ? await layout.innerOn(options.executor) : undefined;
    return new ShardReader(store, key, index, layout, options, offloading);
  }

  /**
   * True when a shard reader opened with `executor` would decode inner chunks off this thread
   * ({@link ShardReader.offloads}), so a caller can allocate a shared output before any shard
   * is read. `info` is as for `openShard`.
   */
  async innerOffloads(info: ChunkInfo, executor: ChunkExecutor): Promise<boolean> {
    const layout = await this.#layout(info);
    return offloadsInner(layout, await layout.innerOn(executor));
  }

  /**
   * Start a read-modify-write of one shard: `old` is its stored bytes (undefined when it is
   * not stored). Inner chunks that are not replaced keep their encoded bytes as they are,
   * so a write into a few inner chunks of a large shard encodes only those.
   */
  async editShard(
    old: Uint8Array | undefined,
    info: ChunkInfo,
    key?: string,
  ): Promise<ShardEditor> {
    const layout = await this.#layout(info);
    const index = old
      ? await layout.readIndexFromShard(old, key)
      : ShardIndex.empty(layout.chunkCount);
    return new ShardEditor(layout, old, index, key ?? "(this shard)");
  }

  async #layout(info: ChunkInfo): Promise<ShardLayout> {
    const memoKey = `${info.dtype}|${info.shape.join(",")}`;
    let entry = this.#layouts.get(memoKey);
    if (!entry) {
      entry = ShardLayout.create(this.#config, info);
      this.#layouts.set(memoKey, entry);
      entry.catch(() => this.#layouts.delete(memoKey));
    }
    const layout = await entry;
    // Fill values of the same dtype can differ between arrays that share a codec instance.
    if (!sameFill(layout.fillValue, info.fillValue)) return ShardLayout.create(this.#config, info);
    return layout;
  }
}

/**
 * One open shard: its index, and reads of some of its inner chunks. Holds no shard bytes.
 * Made by {@link ShardingCodec.openShard}, not constructed directly.
 */
export class ShardReader {
  /** The store key of the shard. */
  readonly key: string;
  /** The shard's decoded index: offset and length of each stored inner chunk. */
  readonly index: ShardIndex;
  readonly #store: ReadableStore;
  readonly #layout: ShardLayout;
  readonly #options: OpenShardOptions;
  /** The inner pipeline with the executor of the options, when one was given. */
  readonly #offloading: ChunkPipeline | undefined;

  constructor(
    store: ReadableStore,
    key: string,
    index: ShardIndex,
    layout: ShardLayout,
    options: OpenShardOptions,
    offloading?: ChunkPipeline,
  ) {
    this.#store = store;
    this.key = key;
    this.index = index;
    this.#layout = layout;
    this.#options = options;
    this.#offloading = offloading;
  }

  /**
   * True when inner chunks would now be decoded off this thread (an executor was given and
   * takes them, the inner chunks are in C order): a caller then gains from an `into` target
   * over a SharedArrayBuffer.
   */
  get offloads(): boolean {
    return this.#offloading !== undefined && offloadsInner(this.#layout, this.#offloading);
  }

  /** The grid of inner chunks in this shard (shard shape / inner chunk shape). */
  get chunksPerShard(): readonly number[] {
    return this.#layout.chunksPerShard;
  }

  /**
   * Decode the inner chunks at `localCoords` (coordinates in the shard's grid of inner
   * chunks) as C-order data of the inner chunk shape; undefined for one that is not stored
   * (it holds only the fill value). Ranges of the shard closer than the coalescing gap are
   * fetched with one request. With `visit`, each stored chunk is handed to it (once per
   * position that asks for it) as soon as it is decoded, valid only during the call, and the
   * result holds only the chunks that are not stored (undefined).
   *
   * With `visit`, `partOf` may name the byte ranges of a position's decoded chunk that the
   * caller will read ({@link ByteRanges}, null for all of it): when the inner codecs can
   * ({@link ChunkPipeline.partialRead}, inner chunks not transposed), only those
   * are decoded, and the rest of the chunk handed to `visit` is undefined.
   *
   * With `visit`, `into` may name where a position's whole chunk goes in a shared output:
   * when {@link ShardReader.offloads}, that chunk is decoded and scattered there by the
   * executor, and not handed to `visit`.
   */
  async readChunks(
    localCoords: readonly (readonly number[])[],
    options: StoreGetOptions = {},
    visit?: (position: number, chunk: ChunkData) => void,
    partOf?: (position: number) => ByteRanges | null,
    into?: (position: number) => InnerChunkTarget | null,
  ): Promise<(ChunkData | undefined)[]> {
    const layout = this.#layout;
    const slots = localCoords.map((c) => layout.slotOf(c, this.key));
    const wanted = [...new Set(slots.filter((s) => !this.index.isEmpty(s)))].sort(
      (a, b) => this.index.offsets[a]! - this.index.offsets[b]!,
    );
    const gap = this.#options.coalesceGapBytes ?? DEFAULT_COALESCE_GAP_BYTES;
    const groups: { start: number; end: number; slots: number[] }[] = [];
    for (const s of wanted) {
      const start = this.index.offsets[s]!;
      const end = start + this.index.lengths[s]!;
      const last = groups[groups.length - 1];
      if (last && start - last.end <= gap && start >= last.start) {
        last.end = Math.max(last.end, end);
        last.slots.push(s);
      } else groups.push({ start, end, slots: [s] });
    }
    const signal = options.signal ?? this.#options.signal;
    const decoded = new Map<number, ChunkData>();
    await Promise.all(
      groups.map(async (g) => {
        const bytes = await readRange(
          this.#store,
          this.key,
          { offset: g.start, length: g.end - g.start },
          signal ? { signal } : {},
        );
        if (bytes === undefined || bytes.byteLength !== g.end - g.start) {
          throw corrupted(
            this.key,
            bytes === undefined
              ? "the shard is gone (deleted since its index was read)"
              : `bytes [${g.start}, ${g.end}) are past the end of the shard (read ${bytes.byteLength})`,
          );
        }
        await Promise.all(
          g.slots.map(async (s) => {
            const off = this.index.offsets[s]! - g.start;
            const raw = bytes.subarray(off, off + this.index.lengths[s]!);
            const name = `${this.key} inner chunk ${s}`;
            if (!visit) {
              decoded.set(s, layout.toCOrder(await layout.inner.decode(raw, name, false)));
              return;
            }
            // The caller copies each chunk out as it comes, so its decoded bytes can go into a
            // reused buffer: no fresh allocation (and first touch) per inner chunk.
            const inner = layout.inner;
            let part: ByteRanges | null = null;
            const at = slots.indexOf(s);
            const once = slots.indexOf(s, at + 1) < 0;
            if (partOf && inner.partialRead && inner.layout === null && once) part = partOf(at);
            // A chunk read in full, for one position, can be decoded and scattered off this
            // thread; the executor checks its decoded size against the decode limit there.
            const target = into && once && !part && this.offloads ? into(at) : null;
            if (
              target &&
              (await this.#offloading!.decodeIntoShared(raw, name, target.out, target.plan))
            )
              return;
            const scratch = part || inner.decodesIntoBuffer ? takeScratch(inner.nbytes) : undefined;
            try {
              const chunk = part
                ? await inner.decodePartial(raw, name, part, scratch!)
                : layout.toCOrder(await inner.decode(raw, name, false, scratch));
              slots.forEach((slot, position) => {
                if (slot === s) visit(position, chunk);
              });
            } finally {
              if (scratch) releaseScratch(scratch);
            }
          }),
        );
      }),
    );
    return slots.map((s) => decoded.get(s));
  }
}

/**
 * A shard being rewritten (see `ShardingCodec.editShard`): read inner chunks, replace them,
 * then encode the new shard.
 */
export class ShardEditor {
  readonly #layout: ShardLayout;
  readonly #old: Uint8Array | undefined;
  readonly #index: ShardIndex;
  readonly #key: string;
  /** Replaced inner chunks by slot: their new data (undefined: all fill, left out). */
  readonly #replaced = new Map<number, ChunkData | undefined>();

  constructor(layout: ShardLayout, old: Uint8Array | undefined, index: ShardIndex, key: string) {
    this.#layout = layout;
    this.#old = old;
    this.#index = index;
    this.#key = key;
  }

  /** Inner chunks per shard along each dimension. */
  get chunksPerShard(): readonly number[] {
    return this.#layout.chunksPerShard;
  }

  /** An inner chunk as C-order data of the inner chunk shape; undefined when it holds only the fill value. */
  async get(coords: readonly number[]): Promise<ChunkData | undefined> {
    const slot = this.#layout.slotOf(coords, this.#key);
    if (this.#replaced.has(slot)) return this.#replaced.get(slot);
    if (!this.#old || this.#index.isEmpty(slot)) return undefined;
    const off = this.#index.offsets[slot]!;
    const raw = this.#old.subarray(off, off + this.#index.lengths[slot]!);
    const data = await this.#layout.inner.decode(raw, `${this.#key} inner chunk ${slot}`, true);
    return this.#layout.toCOrder(data);
  }

  /** Replace an inner chunk (C-order data of the inner chunk shape; the editor keeps it). */
  set(coords: readonly number[], data: ChunkData): void {
    const layout = this.#layout;
    const slot = layout.slotOf(coords, this.#key);
    if (data.length !== layout.innerElements * layout.lanes) {
      throw new CodecError(
        `shard "${this.#key}": inner chunk [${coords.join(", ")}] needs ${layout.innerElements} elements (the inner chunk shape [${layout.innerShape.join(", ")}]), got ${data.length / layout.lanes}`,
      );
    }
    this.#replaced.set(slot, layout.isFill(data) ? undefined : data);
  }

  /** The new shard's bytes; undefined when no inner chunk is left (the shard can be deleted). */
  async encode(): Promise<Uint8Array | undefined> {
    const layout = this.#layout;
    const encoded = await Promise.all(
      layout.chunkOrigins.map(async (_, slot) => {
        if (this.#replaced.has(slot)) {
          const data = this.#replaced.get(slot);
          if (data === undefined) return undefined;
          return layout.inner.encode(
            layout.fromCOrder(data),
            `${this.#key} inner chunk ${slot}`,
            false,
          );
        }
        if (!this.#old || this.#index.isEmpty(slot)) return undefined;
        const off = this.#index.offsets[slot]!;
        return this.#old.subarray(off, off + this.#index.lengths[slot]!);
      }),
    );
    if (encoded.every((e) => e === undefined)) return undefined;
    return layout.assemble(encoded);
  }
}

/** Everything about sharding arrays of one dtype and shard shape with one codec config. */
export class ShardLayout {
  /** Shape of a whole shard, in elements. */
  readonly shardShape: readonly number[];
  /** Shape of an inner chunk (the codec's `chunk_shape`). */
  readonly innerShape: readonly number[];
  /** Inner chunks per shard along each dimension. */
  readonly chunksPerShard: readonly number[];
  /** Inner chunks in a shard. */
  readonly chunkCount: number;
  /** Elements in a shard. */
  readonly shardElements: number;
  /** Elements in an inner chunk. */
  readonly innerElements: number;
  /** Element offset of each inner chunk's first element in the shard's C-order data. */
  readonly chunkOrigins: readonly number[];
  /** The array's data type. */
  readonly dtype: DataType;
  /** The array's fill value, as in its metadata. */
  readonly fillValue: FillValue;
  /** The fill value as one in-memory element. */
  readonly fill: unknown;
  /** True when a decoded inner chunk holds only the fill value (it is then not stored). */
  readonly isFill: (data: ChunkData) => boolean;
  /** The pipeline of the codec's `codecs`, run on each inner chunk. */
  readonly inner: ChunkPipeline;
  /** The pipeline of the codec's `index_codecs`, run on the shard index. */
  readonly index: ChunkPipeline;
  /** Encoded size of the shard index in bytes. */
  readonly indexSize: number;
  /** True when the index is at the start of the shard (`index_location: "start"`). */
  readonly indexAtStart: boolean;
  /** Element strides of the shard (C order) and of an inner chunk as the inner pipeline lays it out. */
  readonly #shardStrides: number[];
  readonly #innerStrides: number[];
  /** Typed-array elements per array element (2 for complex). */
  readonly lanes: number;
  readonly #config: ShardingConfig;
  readonly #info: ChunkInfo;
  readonly #onExecutor = new WeakMap<ChunkExecutor, Promise<ChunkPipeline>>();

  private constructor(
    config: ShardingConfig,
    info: ChunkInfo,
    dtype: DataType,
    inner: ChunkPipeline,
    index: ChunkPipeline,
    indexSize: number,
  ) {
    this.#config = config;
    this.#info = info;
    this.shardShape = [...info.shape];
    this.innerShape = config.chunk_shape;
    this.chunksPerShard = this.shardShape.map((s, d) => s / this.innerShape[d]!);
    this.chunkCount = product(this.chunksPerShard);
    this.shardElements = product(this.shardShape);
    this.innerElements = product(this.innerShape);
    this.dtype = dtype;
    this.fillValue = info.fillValue ?? null;
    this.fill = fillElement(dtype, this.fillValue);
    this.isFill = fillTester(dtype, this.fillValue);
    this.inner = inner;
    this.index = index;
    this.indexSize = indexSize;
    this.indexAtStart = config.index_location === "start";
    this.lanes = typedArrayFor(dtype) ? dtype.lanes : 1;
    this.#shardStrides = cStrides(this.shardShape);
    this.#innerStrides = layoutStrides(this.innerShape, inner.layout);
    const gridStrides = cStrides(this.chunksPerShard);
    const origins: number[] = [];
    for (let i = 0; i < this.chunkCount; i++) {
      let o = 0;
      for (let d = 0; d < gridStrides.length; d++) {
        const c = Math.floor(i / gridStrides[d]!) % this.chunksPerShard[d]!;
        o += c * this.innerShape[d]! * this.#shardStrides[d]!;
      }
      origins.push(o);
    }
    this.chunkOrigins = origins;
  }

  static async create(config: ShardingConfig, info: ChunkInfo): Promise<ShardLayout> {
    if (info.shape.length !== config.chunk_shape.length) {
      throw new CodecError(
        `sharding_indexed: chunk_shape [${config.chunk_shape.join(", ")}] has ${config.chunk_shape.length} dimensions, the shard [${info.shape.join(", ")}] has ${info.shape.length}`,
      );
    }
    info.shape.forEach((s, d) => {
      if (s % config.chunk_shape[d]! !== 0) {
        throw new CodecError(
          `sharding_indexed: chunk_shape [${config.chunk_shape.join(", ")}] must divide the shard shape [${info.shape.join(", ")}] (dimension ${d}: ${s} is not a multiple of ${config.chunk_shape[d]})`,
        );
      }
    });
    const dtype = parseDataType(info.dataType ? nativeOf(info.dataType) : info.dtype);
    const inner = await buildPipeline(
      config.codecs,
      dtype,
      config.chunk_shape,
      info.fillValue,
      "sharding_indexed codecs",
    );
    const grid = info.shape.map((s, d) => s / config.chunk_shape[d]!);
    const index = await buildPipeline(
      config.index_codecs,
      parseDataType("<u8"),
      [...grid, 2],
      undefined,
      "sharding_indexed index_codecs",
    );
    const empty = ShardIndex.empty(product(grid)).toEntries();
    const indexSize = (await index.encode(empty, "shard index", false)).byteLength;
    return new ShardLayout(config, info, dtype, inner, index, indexSize);
  }

  /**
   * The inner pipeline with `executor`, so inner chunks can be decoded off this thread;
   * built once per executor. (`inner` has none: a shard decoded in a worker must not hand
   * its inner chunks on again.)
   */
  innerOn(executor: ChunkExecutor): Promise<ChunkPipeline> {
    let entry = this.#onExecutor.get(executor);
    if (!entry) {
      entry = buildPipeline(
        this.#config.codecs,
        this.dtype,
        this.innerShape,
        this.#info.fillValue,
        "sharding_indexed codecs",
        executor,
      );
      this.#onExecutor.set(executor, entry);
    }
    return entry;
  }

  /** The slot (C-order position in the shard's grid) of local inner chunk coordinates. */
  slotOf(coords: readonly number[], key: string): number {
    if (coords.length !== this.chunksPerShard.length) {
      throw new CodecError(
        `shard "${key}": inner chunk coordinates [${coords.join(", ")}] need ${this.chunksPerShard.length} dimensions`,
      );
    }
    let slot = 0;
    for (let d = 0; d < coords.length; d++) {
      const c = coords[d]!;
      const n = this.chunksPerShard[d]!;
      if (!Number.isInteger(c) || c < 0 || c >= n) {
        throw new CodecError(
          `shard "${key}": inner chunk coordinates [${coords.join(", ")}] are outside the shard's grid [${this.chunksPerShard.join(", ")}]`,
        );
      }
      slot = slot * n + c;
    }
    return slot;
  }

  /** A copy of inner chunk `i` of C-order shard data, laid out as the inner pipeline takes it. */
  extract(shard: ChunkData, i: number): ChunkData {
    const out = allocate(this.dtype, this.innerElements);
    copyStrided(
      shard,
      out,
      this.#plan(this.chunkOrigins[i]!, this.#shardStrides, 0, this.#innerStrides),
    );
    return out;
  }

  /** Copy decoded inner chunk `i` into C-order shard data. */
  place(inner: ChunkData, shard: ChunkData, i: number): void {
    this.#checkInner(inner, i);
    copyStrided(
      inner,
      shard,
      this.#plan(0, this.#innerStrides, this.chunkOrigins[i]!, this.#shardStrides),
    );
  }

  /** Decoded inner chunk data in C order of the inner chunk shape. */
  toCOrder(inner: ChunkData): ChunkData {
    if (this.inner.layout === null) return inner;
    const out = allocate(this.dtype, this.innerElements);
    copyStrided(inner, out, this.#plan(0, this.#innerStrides, 0, cStrides(this.innerShape)));
    return out;
  }

  /**
   * Shard data as typed values: an array->array codec before this one hands over
   * native-order bytes of the type rather than a typed array.
   */
  asChunkData(data: ChunkData): ChunkData {
    const Ctor = typedArrayFor(this.dtype);
    if (!Ctor || !ArrayBuffer.isView(data) || data instanceof Ctor) return data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.byteLength !== this.shardElements * this.dtype.itemsize) {
      throw new CodecError(
        `sharding_indexed: got ${bytes.byteLength} bytes to encode, expected ${this.shardElements * this.dtype.itemsize} (${this.shardElements} x ${this.dtype.str}, the shard shape)`,
      );
    }
    return bytesToChunk(this.dtype, bytes, this.shardElements, false);
  }

  /** C-order inner chunk data laid out as the inner pipeline takes it. */
  fromCOrder(data: ChunkData): ChunkData {
    if (this.inner.layout === null) return data;
    const out = allocate(this.dtype, this.innerElements);
    copyStrided(data, out, this.#plan(0, cStrides(this.innerShape), 0, this.#innerStrides));
    return out;
  }

  #checkInner(inner: ChunkData, i: number): void {
    if (inner.length !== this.innerElements * this.lanes) {
      throw new CodecError(
        `inner chunk ${i} decoded to ${inner.length / this.lanes} elements, expected ${this.innerElements} (the inner chunk shape [${this.innerShape.join(", ")}])`,
      );
    }
  }

  #plan(
    srcOffset: number,
    srcStrides: number[],
    dstOffset: number,
    dstStrides: number[],
  ): CopyPlan {
    const l = this.lanes;
    const plan: CopyPlan = {
      counts: [...this.innerShape],
      srcOffset: srcOffset * l,
      srcStrides: srcStrides.map((s) => s * l),
      dstOffset: dstOffset * l,
      dstStrides: dstStrides.map((s) => s * l),
    };
    if (l > 1) {
      plan.counts.push(l);
      plan.srcStrides.push(1);
      plan.dstStrides.push(1);
    }
    return plan;
  }

  /** The shard's index from its encoded bytes. `key` names the shard in errors. */
  async decodeIndex(bytes: Uint8Array, key: string | undefined): Promise<ShardIndex> {
    const where = key ?? "(this shard)";
    if (bytes.byteLength !== this.indexSize) {
      throw corrupted(
        where,
        `the index is ${bytes.byteLength} bytes, expected ${this.indexSize} (${this.chunkCount} inner chunks)`,
      );
    }
    let entries: ChunkData;
    try {
      entries = await this.index.decode(bytes, "shard index", false);
    } catch (e) {
      throw new CodecError(`shard "${where}": corrupted shard index: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return ShardIndex.fromEntries(entries, this.chunkCount, where);
  }

  /** The index of a whole shard, checked against the shard's size. */
  async readIndexFromShard(shard: Uint8Array, key: string | undefined): Promise<ShardIndex> {
    if (shard.byteLength < this.indexSize) {
      throw corrupted(
        key ?? "(this shard)",
        `the shard is ${shard.byteLength} bytes, shorter than its ${this.indexSize}-byte index`,
      );
    }
    const atStart = this.indexAtStart;
    const bytes = atStart
      ? shard.subarray(0, this.indexSize)
      : shard.subarray(shard.byteLength - this.indexSize);
    const index = await this.decodeIndex(bytes, key);
    index.checkBounds(
      key ?? "(this shard)",
      atStart ? this.indexSize : 0,
      atStart ? shard.byteLength : shard.byteLength - this.indexSize,
    );
    return index;
  }

  /** The shard's bytes from its encoded inner chunks (undefined: not stored), in slot order. */
  async assemble(encoded: readonly (Uint8Array | undefined)[]): Promise<Uint8Array> {
    const index = ShardIndex.empty(this.chunkCount);
    let pos = this.indexAtStart ? this.indexSize : 0;
    for (let i = 0; i < encoded.length; i++) {
      const bytes = encoded[i];
      if (!bytes) continue;
      index.offsets[i] = pos;
      index.lengths[i] = bytes.byteLength;
      pos += bytes.byteLength;
    }
    const indexBytes = await this.index.encode(index.toEntries(), "shard index", false);
    if (indexBytes.byteLength !== this.indexSize) {
      throw new CodecError(
        `sharding_indexed: index_codecs must encode every index to the same size (got ${indexBytes.byteLength} and ${this.indexSize} bytes); a compressor cannot be one of them`,
      );
    }
    const out = new Uint8Array(pos + (this.indexAtStart ? 0 : this.indexSize));
    if (this.indexAtStart) out.set(indexBytes, 0);
    else out.set(indexBytes, pos);
    for (let i = 0; i < encoded.length; i++) {
      const bytes = encoded[i];
      if (bytes) out.set(bytes, index.offsets[i]!);
    }
    return out;
  }
}

/** Inner chunks scatter into an output in C order of the inner shape, so only untransposed ones go. */
function offloadsInner(layout: ShardLayout, offloading: ChunkPipeline): boolean {
  return offloading.offloads && layout.inner.layout === null;
}

/** Element strides of a chunk as a pipeline with this `layout` holds it (C order of the permuted shape). */
function layoutStrides(shape: readonly number[], layout: readonly number[] | null): number[] {
  if (layout === null) return cStrides(shape);
  const permuted = cStrides(layout.map((d) => shape[d]!));
  return shape.map((_, d) => permuted[layout.indexOf(d)]!);
}

/** Build a pipeline from a v3 codec list, split by role at its array->bytes codec. */
async function buildPipeline(
  entries: readonly V3CodecJson[],
  dtype: DataType,
  chunkShape: readonly number[],
  fillValue: FillValue | undefined,
  where: string,
  executor?: ChunkExecutor,
): Promise<ChunkPipeline> {
  const { codecConfigFromV3, getCodec, ChunkPipeline } = await dependencies();
  const bytesEntry = entries.find((e) => e.name === "bytes");
  const endian = bytesEntry?.configuration?.endian;
  // The stored byte order is the bytes codec's; the inner pipeline's dtype carries it.
  const stored =
    dtype.byteOrder === "|" || endian === undefined
      ? dtype
      : parseDataType(`${endian === "big" ? ">" : "<"}${dtype.str.slice(1)}`);
  const info: ChunkInfo = {
    dtype: stored.str,
    itemsize: stored.itemsize,
    shape: chunkShape,
    dataType: stored,
    ...(fillValue !== undefined ? { fillValue } : {}),
  };
  const codecs: Codec[] = [];
  for (let i = 0; i < entries.length; i++) {
    const config = codecConfigFromV3(entries[i], info, `${where}[${i}]`);
    codecs.push(await getCodec(config));
  }
  const at = codecs.findIndex((c) => isArrayToBytesId(c.id));
  if (at < 0) {
    throw new CodecError(
      `${where}: the list [${entries.map((e) => e.name).join(", ")}] needs one array->bytes codec (bytes, vlen-utf8, sharding_indexed, ...)`,
    );
  }
  return new ChunkPipeline({
    dtype: stored,
    chunkShape,
    ...(fillValue !== undefined ? { fillValue } : {}),
    arrayToArray: codecs.slice(0, at),
    arrayToBytes: codecs[at]!,
    bytesToBytes: codecs.slice(at + 1),
    ...(executor ? { executor } : {}),
  });
}

function nativeOf(dtype: DataType): string {
  return dtype.byteOrder === ">" ? `<${dtype.str.slice(1)}` : dtype.str;
}

function requireInfo(info: ChunkInfo | undefined, op: string): ChunkInfo {
  if (!info) {
    throw new CodecError(
      `sharding_indexed: ${op} needs the chunk info (dtype, shard shape), which the chunk pipeline passes`,
    );
  }
  return info;
}

function sameFill(a: FillValue, b: FillValue | undefined): boolean {
  const x = b ?? null;
  if (Object.is(a, x)) return true;
  if (Array.isArray(a) && Array.isArray(x))
    return a.length === x.length && a.every((v, i) => Object.is(v, x[i]));
  if (a instanceof Uint8Array && x instanceof Uint8Array)
    return a.length === x.length && a.every((v, i) => v === x[i]);
  return false;
}

function isCodecList(value: unknown): value is V3CodecJson[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        typeof e === "string" ||
        (e !== null && typeof e === "object" && typeof (e as { name?: unknown }).name === "string"),
    )
  );
}

/** Check a `sharding_indexed` config, with the spec's default for `index_location`. */
export function parseShardingConfig(config: CodecConfig): ShardingConfig {
  const { chunk_shape, codecs, index_codecs, index_location = "end" } = config;
  const known = new Set(["id", "chunk_shape", "codecs", "index_codecs", "index_location"]);
  const extra = Object.keys(config).filter((k) => !known.has(k));
  if (extra.length > 0) {
    throw new CodecError(
      `sharding_indexed: unknown configuration ${extra.map((k) => `"${k}"`).join(", ")}`,
    );
  }
  if (
    !Array.isArray(chunk_shape) ||
    chunk_shape.length === 0 ||
    !chunk_shape.every((n) => Number.isSafeInteger(n) && n > 0)
  ) {
    throw new CodecError(
      `sharding_indexed: "chunk_shape" must be a non-empty list of positive integers, got ${JSON.stringify(chunk_shape)}`,
    );
  }
  if (!isCodecList(codecs) || codecs.length === 0) {
    throw new CodecError(
      `sharding_indexed: "codecs" must be a non-empty list of v3 codecs ({ name, configuration }), got ${JSON.stringify(codecs)}`,
    );
  }
  const indexCodecs = index_codecs ?? [
    { name: "bytes", configuration: { endian: "little" } },
    { name: "crc32c" },
  ];
  if (!isCodecList(indexCodecs) || indexCodecs.length === 0) {
    throw new CodecError(
      `sharding_indexed: "index_codecs" must be a non-empty list of v3 codecs, got ${JSON.stringify(index_codecs)}`,
    );
  }
  if (index_location !== "start" && index_location !== "end") {
    throw new CodecError(
      `sharding_indexed: "index_location" must be "start" or "end", got ${JSON.stringify(index_location)}`,
    );
  }
  const named = (list: V3CodecJson[]) =>
    list.map((e) => (typeof e === "string" ? { name: e } : e)) as V3CodecJson[];
  return {
    id: "sharding_indexed",
    chunk_shape: [...chunk_shape],
    codecs: named(codecs),
    index_codecs: named(indexCodecs),
    index_location,
  };
}

/** In `zarr.json` the codec is `sharding_indexed` with the same configuration minus `id`. */
export const SHARDING_V3: V3CodecNaming = {
  name: "sharding_indexed",
  fromV3: (configuration) => parseShardingConfig({ ...configuration, id: "sharding_indexed" }),
  toV3: (config) => {
    const { id: _id, ...rest } = parseShardingConfig(config);
    return rest;
  },
};

/**
 * The registry and the pipeline, loaded on first use: the registry builds this codec from its
 * built-in table and the pipeline consults the registry, so static imports would be a cycle.
 */
async function dependencies() {
  const [registry, pipeline] = await Promise.all([
    import("./codec-registry.js"),
    import("./pipeline.js"),
  ]);
  return {
    codecConfigFromV3: registry.codecConfigFromV3,
    getCodec: registry.getCodec,
    ChunkPipeline: pipeline.ChunkPipeline,
  };
}

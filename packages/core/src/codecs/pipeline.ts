import { BytesCodec, NATIVE_ORDER, withByteOrder } from "./bytes.js";
import {
  ChainStepError,
  decodeChain,
  decodeOutputOf,
  encodeChain,
  type RunnableChain,
  toChunkData,
} from "./chain-runner.js";
import { type HandoffPlan, planHandoff, taskFor } from "./chain-handoff.js";
import { asBytes, type ChunkInfo, type Codec } from "./codec.js";
import type {
  ChunkData,
  DataType,
  TypedArray,
  TypedArrayViewConstructor,
} from "../metadata/dtype.js";
import { isByteIdentical, typedArrayFor } from "../metadata/dtype.js";
import { bytesToChunk } from "./bytes-codec.js";
import type { ByteRanges } from "./partial-decode.js";
import type { FillValue } from "../metadata/fill-value.js";
import { CodecError } from "../errors.js";
import type { CopyPlan } from "../indexing/strided.js";
import type { ChunkExecutor, CodecTask } from "../runtime/executor.js";
import { releaseScratch } from "../runtime/scratch.js";

/** What a chunk pipeline runs: the array's type and chunk shape, and its codecs by role. */
export interface ChunkPipelineOptions {
  /** The array's data type, in its stored byte order. */
  readonly dtype: DataType;
  /** The shape of every chunk, in elements (edge chunks are stored at full size too). */
  readonly chunkShape: readonly number[];
  /**
   * The array's fill value, passed on to the codecs in {@link ChunkInfo.fillValue} (sharding
   * leaves out inner chunks that hold only it). Default: none.
   */
  readonly fillValue?: FillValue;
  /** Array->array codecs in encode order. A leading `transpose` is not run (see `layout`). */
  readonly arrayToArray: readonly Codec[];
  /** The array->bytes codec; null is plain bytes in the dtype's byte order (v2's implicit step). */
  readonly arrayToBytes: Codec | null;
  /** Bytes->bytes codecs in encode order (v2: filters then compressor; v3: compressors, crc32c). */
  readonly bytesToBytes: readonly Codec[];
  /** Where chunks may be handed off the calling thread; without one they all stay. */
  readonly executor?: ChunkExecutor;
  /**
   * Run a leading transpose as a codec, so chunk data in and out is in C order of the chunk
   * shape (`layout` is then null): for callers that cannot fold a permutation into their
   * copies. Default false.
   */
  readonly runLeadingTranspose?: boolean;
}

/**
 * The chunk pipeline: chunk data in memory -> array->array codecs -> array->bytes ->
 * bytes->bytes, and back. Chunk data in and out is in native byte order and in the chunk's
 * layout (see `layout`).
 *
 * Arrays build one from their metadata; use it directly to encode or decode single chunks
 * outside an array (a tool that inspects stored chunks, a custom store format). Codec failures
 * come out as a `CodecError` naming the chunk key and the codec.
 */
export class ChunkPipeline {
  /** The array's data type, in its stored byte order (as given in the options). */
  readonly dtype: DataType;
  /**
   * The axis order of chunk data in and out: null for C order of the chunk shape; else the
   * order of a leading transpose, which the pipeline leaves to the caller (data is then in C
   * order of the permuted shape, and the array folds the permutation into its copy strides).
   * v2's order "F" is `[n-1, ..., 0]`.
   */
  readonly layout: readonly number[] | null;
  readonly #memory: DataType;
  readonly #chain: RunnableChain;
  /** Index in the chain of a `bytes` step the pipeline made up (v2's implicit step). */
  readonly #implicitStep: number;
  readonly #elements: number;
  readonly #nbytes: number;
  readonly #executor: ChunkExecutor | undefined;
  /** What of the chain an executor can run (chain-handoff.ts), decided on first use. */
  #plan: HandoffPlan | null | undefined;
  /**
   * Whether part of a chunk can be decoded (see `partialRead`): decoded bytes are the chunk's
   * elements as they are, so a byte range of them is a range of elements.
   */
  readonly #partial: boolean;

  constructor(options: ChunkPipelineOptions) {
    const { dtype, chunkShape } = options;
    this.dtype = dtype;
    this.#memory = withByteOrder(dtype, NATIVE_ORDER);
    this.#executor = options.executor;
    let n = 1;
    for (const c of chunkShape) n *= c;
    this.#elements = n;
    this.#nbytes = n * dtype.itemsize;
    let arrayToArray = options.arrayToArray;
    const lead = arrayToArray[0];
    this.layout = null;
    let shape = chunkShape;
    if (lead?.id === "transpose" && !options.runLeadingTranspose) {
      const order = (lead.toConfig() as { order?: readonly number[] }).order;
      if (Array.isArray(order) && order.length === chunkShape.length) {
        // An identity order changes nothing: C order, as without it.
        if (order.some((a, i) => a !== i)) {
          this.layout = [...order];
          shape = order.map((a) => chunkShape[a]!);
        }
        arrayToArray = arrayToArray.slice(1);
      }
    }
    const arrayToBytes =
      options.arrayToBytes ??
      new BytesCodec({
        endian: dtype.byteOrder === ">" ? "big" : dtype.byteOrder === "<" ? "little" : undefined,
      });
    const codecs = [...arrayToArray, arrayToBytes, ...options.bytesToBytes];
    this.#implicitStep = options.arrayToBytes ? -1 : arrayToArray.length;
    const infos: ChunkInfo[] = [];
    let info: ChunkInfo = {
      dtype: this.#memory.str,
      itemsize: dtype.itemsize,
      shape,
      nbytes: this.#nbytes,
      dataType: dtype,
      ...(options.fillValue !== undefined ? { fillValue: options.fillValue } : {}),
    };
    let stored: ChunkInfo | undefined;
    for (const [i, codec] of codecs.entries()) {
      infos.push(info);
      if (codec.encodedInfo) info = codec.encodedInfo(info);
      if (i === arrayToArray.length) stored = info;
    }
    const arraySteps = arrayToArray.length + 1;
    const last = options.bytesToBytes[0];
    this.#partial =
      arrayToArray.length === 0 &&
      arrayToBytes.id === "bytes" &&
      isByteIdentical(this.#memory) &&
      typedArrayFor(this.#memory) !== undefined &&
      stored?.dtype === this.#memory.str &&
      stored.nbytes === this.#nbytes &&
      options.bytesToBytes.length === 1 &&
      typeof last?.decodePartial === "function";
    this.#chain = {
      codecs,
      infos,
      arraySteps,
      decodeOutput:
        dtype.kind === "O" ? undefined : decodeOutputOf(codecs, infos, arraySteps, this.#nbytes),
    };
  }

  /** True when `decode` writes into a `scratch` buffer of `nbytes` the caller passes. */
  get decodesIntoBuffer(): boolean {
    return this.#chain.decodeOutput !== undefined;
  }

  /**
   * True when this pipeline decodes part of a chunk: its one compressor has
   * {@link Codec.decodePartial} (see {@link ChunkPipeline.decodePartial}) over the elements'
   * own bytes; a leading transpose may stand before it (see `layout`). Chunks with no
   * compressor are always read whole: a range read could not tell that a stored chunk has the
   * wrong size.
   */
  get partialRead(): boolean {
    return this.#partial;
  }

  /**
   * Decode only `ranges` of a chunk into `scratch` (of `nbytes`) and return the chunk data
   * over it: elements in the ranges are the chunk's, others are whatever `scratch` held. Only
   * when `partialRead` is true.
   */
  async decodePartial(
    raw: Uint8Array,
    key: string,
    ranges: ByteRanges,
    scratch: Uint8Array,
  ): Promise<ChunkData> {
    const step = this.#chain.arraySteps;
    const codec = this.#chain.codecs[step];
    if (!this.#partial || !codec?.decodePartial || scratch.byteLength !== this.#nbytes)
      throw new CodecError(`chunk "${key}": this pipeline cannot decode part of a chunk`);
    try {
      await codec.decodePartial(raw, ranges, scratch, this.#chain.infos[step]);
    } catch (e) {
      throw this.#stepError(new ChainStepError(step, e), key, "decode");
    }
    return bytesToChunk(this.#memory, scratch, this.#elements, false);
  }

  /** Bytes of one decoded chunk. */
  get nbytes(): number {
    return this.#nbytes;
  }

  /** Elements in one chunk: the product of the chunk shape. */
  get elements(): number {
    return this.#elements;
  }

  /**
   * True when encoding may return the chunk's own memory (plain little-endian bytes, no other
   * codec), so the result must not be kept while the chunk changes.
   */
  get isIdentity(): boolean {
    return this.#chain.codecs.length === 1 && this.#chain.codecs[0]!.id === "bytes";
  }

  /** True when this thread would hand chunks of this pipeline to the executor. */
  get offloads(): boolean {
    return this.#offloadable() !== null;
  }

  /**
   * Decode stored bytes into chunk data (native byte order, the chunk's layout). With `owned`,
   * the result never shares memory with `raw`, so the caller may modify it. `scratch` (of
   * `nbytes`) may receive the decoded bytes when `decodesIntoBuffer`: the result may then be a
   * view of it.
   */
  async decode(
    raw: Uint8Array,
    key: string,
    owned: boolean,
    scratch?: Uint8Array,
  ): Promise<ChunkData> {
    let value: Uint8Array | ArrayBufferView | ChunkData = raw;
    let from = this.#chain.codecs.length;
    const plan = this.#offloadable();
    if (plan) {
      // The store may keep `raw`, so the executor gets a copy (of the compressed, small side);
      // the decoded buffer comes back transferred, without a copy.
      const r = await this.#handOff(taskFor(plan, this.#chain, "decode", raw.slice().buffer), key);
      if (r) {
        if (plan.skip === 0) return this.#fromMemoryBytes(r, key);
        value = new Uint8Array(r);
        from = plan.skip;
      }
    }
    try {
      value = await decodeChain(this.#chain, value as Uint8Array, from, 0, scratch);
    } catch (e) {
      throw this.#stepError(e, key, "decode");
    }
    try {
      const copy = owned && ArrayBuffer.isView(value) && value.buffer === raw.buffer;
      return toChunkData(this.#memory, value, this.#elements, copy);
    } catch (e) {
      throw new CodecError(`chunk "${key}": ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Decode a chunk off this thread straight into a region of `out`, a typed array over a
   * SharedArrayBuffer: the executor also scatters it, so neither decoding nor copying (nor the
   * first touch of the output's pages) runs on this thread. False when the chunk stays here,
   * and the caller decodes it as usual.
   */
  async decodeIntoShared(
    raw: Uint8Array,
    key: string,
    out: TypedArray,
    plan: CopyPlan,
  ): Promise<boolean> {
    const handoff = this.#offloadable();
    // Only a chunk decoded in full off this thread can be scattered there.
    // A page that is not cross-origin isolated has no SharedArrayBuffer at all.
    if (
      handoff?.skip !== 0 ||
      typeof SharedArrayBuffer !== "function" ||
      !(out.buffer instanceof SharedArrayBuffer)
    )
      return false;
    const task = taskFor(handoff, this.#chain, "decode", raw.slice().buffer);
    const done = await this.#handOff(
      {
        ...task,
        into: {
          buffer: out.buffer,
          byteOffset: out.byteOffset,
          length: out.length,
          elements: this.#elements,
          plan,
        },
      },
      key,
    );
    return done !== undefined;
  }

  /**
   * Encode chunk data (native byte order, the chunk's layout) into the bytes to store. With
   * `owned`, the chunk's memory is the caller's to give away: it may be transferred to the
   * executor (and left detached) instead of copied.
   */
  async encode(chunk: ChunkData, key: string, owned = false): Promise<Uint8Array> {
    let value: ChunkData | Uint8Array | ArrayBufferView = chunk;
    let from = 0;
    const plan = this.#offloadable();
    if (plan) {
      if (plan.skip > 0) {
        value = await this.#encodeSteps(value, key, 0, plan.skip);
        from = plan.skip;
      }
      // Memory that is not ours to give (the caller's array) goes as a copy.
      const bytes = asBytes(value as ArrayBufferView);
      const ofChunk = ArrayBuffer.isView(chunk) && bytes.buffer === chunk.buffer;
      const whole =
        (owned || !ofChunk) &&
        bytes.buffer instanceof ArrayBuffer &&
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength;
      const task = taskFor(
        plan,
        this.#chain,
        "encode",
        whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer,
      );
      let back: ArrayBuffer | undefined;
      const out = await this.#handOff(task, key, (input) => {
        back = input;
      });
      if (out) {
        // The memory given up comes back unused by anyone: the next chunk reuses it.
        if (back) releaseScratch(new Uint8Array(back));
        return new Uint8Array(out);
      }
      if (whole) {
        // The data went to the executor: encode here what it handed back, or give up on this
        // chunk (nothing is written, so the stored one stays as it was).
        if (!back)
          throw new CodecError(
            `chunk "${key}": the codec worker encoding it stopped, so it was not written`,
          );
        value = plan.skip === 0 ? this.#fromMemoryBytes(back, key) : new Uint8Array(back);
      }
    }
    const encoded = await this.#encodeSteps(value, key, from, this.#chain.codecs.length);
    if (!ArrayBuffer.isView(encoded))
      throw new CodecError(
        `chunk "${key}": object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter`,
      );
    return asBytes(encoded);
  }

  async #encodeSteps(
    value: ChunkData | ArrayBufferView,
    key: string,
    from: number,
    to: number,
  ): Promise<ChunkData | ArrayBufferView> {
    try {
      return (await encodeChain(this.#chain, value, from, to)) as ChunkData | ArrayBufferView;
    } catch (e) {
      throw this.#stepError(e, key, "encode");
    }
  }

  #stepError(e: unknown, key: string, op: "encode" | "decode"): unknown {
    if (!(e instanceof ChainStepError)) return e;
    const cause = e.cause as Error;
    if (e.step === this.#implicitStep) {
      // v2's implicit step is no codec of the array's: name what went wrong, not "bytes".
      return new CodecError(`chunk "${key}": ${objectHint(this.dtype) ?? cause?.message}`, {
        cause,
      });
    }
    const codec = this.#chain.codecs[e.step]!;
    return new CodecError(
      `chunk "${key}": codec "${codec.id}" failed to ${op}: ${cause?.message ?? String(cause)}`,
      { cause },
    );
  }

  /** Chunk data in memory from the bytes of a typed array an executor sent back. */
  #fromMemoryBytes(buffer: ArrayBuffer, key: string): ChunkData {
    const Ctor = typedArrayFor(this.#memory)!;
    const expected = this.#elements * this.#memory.lanes * Ctor.BYTES_PER_ELEMENT;
    if (buffer.byteLength !== expected)
      throw new CodecError(
        `chunk "${key}": decoded to ${buffer.byteLength} bytes in memory, expected ${expected} (${this.#elements} x ${this.#memory.str}, the chunk shape)`,
      );
    return new (Ctor as TypedArrayViewConstructor)(buffer) as ChunkData;
  }

  /**
   * The hand-off plan when the executor takes this chunk now, else null (no executor, nothing
   * of the chain can go, or the executor declines: workers off, the chunk too small).
   */
  #offloadable(): HandoffPlan | null {
    const executor = this.#executor;
    if (!executor) return null;
    if (this.#plan === undefined) this.#plan = planHandoff(this.#chain, this.dtype);
    const plan = this.#plan;
    return plan && executor.accepts(this.#nbytes, plan.ids) ? plan : null;
  }

  /**
   * Run a task on the executor; undefined when it could not, so the caller runs it here.
   * `onInputBack` receives the task's data when the executor hands it back.
   */
  async #handOff(
    task: CodecTask,
    key: string,
    onInputBack?: (input: ArrayBuffer) => void,
  ): Promise<ArrayBuffer | undefined> {
    const skip = this.#plan?.skip ?? 0;
    try {
      const r = await this.#executor!.run(task);
      if (r.done) {
        if (r.input) onInputBack?.(r.input);
        return r.data;
      }
      if (r.input) onInputBack?.(r.input);
      return undefined;
    } catch (e) {
      if (e instanceof ChainStepError)
        throw this.#stepError(new ChainStepError(e.step + skip, e.cause), key, task.op);
      throw e;
    }
  }
}

function objectHint(dtype: DataType): string | undefined {
  return dtype.kind === "O"
    ? "object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter"
    : undefined;
}

/** The error for a chunk whose decoded bytes are not exactly one chunk of the array. */
export function decodedSizeError(
  key: string,
  actual: number,
  expected: number,
  dtype: DataType,
): CodecError {
  return new CodecError(
    `chunk "${key}": decoded to ${actual} bytes, expected ${expected} (${expected / dtype.itemsize} x ${dtype.str}, the chunk shape)`,
  );
}

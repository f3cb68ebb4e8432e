import { asBytes, type ChunkInfo, type Codec, type CodecInput } from "./codec.js";
import { bytesToChunk, chunkToBytes } from "./bytes-codec.js";
import {
  type ChunkData,
  type DataType,
  parseDataType,
  type TypedArray,
  typedArrayFor,
} from "../metadata/dtype.js";
import { CodecError } from "../errors.js";

/**
 * Running a codec chain over one chunk, the same on the calling thread (pipeline.ts) and in a
 * codec worker (codec-worker.ts): the one place that decides what each codec is handed.
 */

/** The decode step that may fill a buffer the caller passes, and that buffer's size. */
export interface DecodeOutput {
  /** Index, in encode order, of the codec whose decode may write into the caller's buffer. */
  readonly step: number;
  /** Size of that buffer in bytes. */
  readonly nbytes: number;
}

/** A chain ready to run: codecs in encode order and what each one is told. */
export interface RunnableChain {
  readonly codecs: readonly Codec[];
  /** `infos[i]` describes the input of `codecs[i]` on the encode side. */
  readonly infos: readonly ChunkInfo[];
  /** The leading codecs that take array data: the array->array ones, then array->bytes. */
  readonly arraySteps: number;
  readonly decodeOutput: DecodeOutput | undefined;
}

/**
 * Which decode step gets an output buffer. Only a lone bytes->bytes codec whose output is
 * exactly the stored chunk (array->bytes is `bytes`), so its output buffer holds the chunk the
 * caller wants; several bytes->bytes codecs would write an intermediate size into it.
 */
export function decodeOutputOf(
  codecs: readonly Codec[],
  infos: readonly ChunkInfo[],
  arraySteps: number,
  chunkBytes: number,
): DecodeOutput | undefined {
  const bytesStep = arraySteps - 1;
  if (codecs.length !== arraySteps + 1 || bytesStep < 0) return undefined;
  if (codecs[bytesStep]!.id !== "bytes") return undefined;
  const size = infos[arraySteps]!.nbytes;
  return size === chunkBytes ? { step: arraySteps, nbytes: size } : undefined;
}

/**
 * A codec of a chunk's codec chain failed; `step` is its index in the chain (encode order). A
 * {@link ChunkExecutor} rejects with it so the pipeline can name the codec and the chunk key;
 * users see the pipeline's `CodecError` that wraps it, not this class.
 */
export class ChainStepError extends CodecError {
  constructor(
    /** Index of the failing codec in the chain, in encode order (0 is the first codec). */
    readonly step: number,
    /** What the codec threw. */
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = "ChainStepError";
  }
}

/**
 * Decode `data` through steps `to` .. `from - 1` (backwards). The step named by
 * `chain.decodeOutput` writes into `out` when it is of that size, else a new buffer.
 */
export async function decodeChain(
  chain: RunnableChain,
  data: Uint8Array | ChunkData,
  from = chain.codecs.length,
  to = 0,
  out?: Uint8Array,
): Promise<Uint8Array | ArrayBufferView | ChunkData> {
  let value: Uint8Array | ArrayBufferView | ChunkData = data;
  const into = chain.decodeOutput;
  for (let i = from - 1; i >= to; i--) {
    const codec = chain.codecs[i]!;
    try {
      const buffer =
        into && i === into.step
          ? out && out.byteLength === into.nbytes
            ? out
            : new Uint8Array(into.nbytes)
          : undefined;
      value = await codec.decode(decodeInput(chain, i, value), buffer, chain.infos[i]);
    } catch (e) {
      throw new ChainStepError(i, e);
    }
  }
  return value;
}

/** Encode `data` through steps `from` .. `to - 1`. */
export async function encodeChain(
  chain: RunnableChain,
  data: CodecInput,
  from = 0,
  to = chain.codecs.length,
): Promise<CodecInput> {
  let value = data;
  for (let i = from; i < to; i++) {
    const codec = chain.codecs[i]!;
    try {
      const input = i < chain.arraySteps - 1 ? nativeBytes(value, chain.infos[i]!) : value;
      value = await codec.encode(input, chain.infos[i]);
    } catch (e) {
      throw new ChainStepError(i, e);
    }
  }
  return value;
}

/**
 * What codec `i` decodes: bytes for bytes codecs (the array->bytes one included), and for an
 * array->array codec native-order bytes of its output type (or the JS array of an object or
 * string chunk), as it was handed on the way in.
 */
function decodeInput(
  chain: RunnableChain,
  i: number,
  value: Uint8Array | ArrayBufferView | ChunkData,
): Uint8Array {
  if (i < chain.arraySteps - 1) {
    const info = chain.infos[i + 1]!;
    return nativeBytes(value as CodecInput, info) as Uint8Array;
  }
  if (!ArrayBuffer.isView(value))
    throw new CodecError(
      `a codec returned ${Array.isArray(value) ? "a JS array" : typeof value} where bytes were expected`,
    );
  return asBytes(value);
}

/**
 * Array data as an array->array codec takes it: native-order bytes of `info.dtype`, so a
 * numcodecs-shaped filter reads them as it would in Python. JS arrays pass as they are;
 * float16 is the one type whose memory form (Float32Array) is not its bytes.
 */
function nativeBytes(value: CodecInput, info: ChunkInfo): CodecInput {
  if (!ArrayBuffer.isView(value)) return value;
  if (info.itemsize === 2 && value instanceof Float32Array && info.dtype.endsWith("f2")) {
    let n = 1;
    for (const s of info.shape) n *= s;
    return chunkToBytes(parseDataType(info.dtype), value, n);
  }
  return asBytes(value);
}

/**
 * The chain's decoded output as chunk data of `memory` (the array's type in native byte
 * order), `n` elements: a typed array of that type as it is, bytes (what an array->array codec
 * returns) converted, a JS array checked for length. With `copy`, never a view of its input.
 */
export function toChunkData(
  memory: DataType,
  value: Uint8Array | ArrayBufferView | ChunkData,
  n: number,
  copy: boolean,
): ChunkData {
  if (Array.isArray(value)) {
    if (value.length !== n)
      throw new CodecError(
        `decoded to ${value.length} ${memory.kind === "O" ? "objects" : "elements"}, expected ${n} (the chunk shape)`,
      );
    return value;
  }
  if (memory.kind === "O")
    throw new CodecError(
      "object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter",
    );
  const Ctor = typedArrayFor(memory);
  const view = value as ArrayBufferView;
  if (Ctor && view instanceof Ctor && (Ctor !== Uint8Array || memory.itemsize === 1)) {
    const t = view as TypedArray;
    if (t.length !== n * memory.lanes)
      throw new CodecError(
        `decoded to ${t.length} values, expected ${n * memory.lanes} (${n} x ${memory.str}, the chunk shape)`,
      );
    return copy ? (t.slice() as TypedArray) : t;
  }
  const bytes = asBytes(view);
  const expected = n * memory.itemsize;
  // zarr-python refuses a chunk that does not reshape to the chunk shape; taking a prefix
  // of a longer one, or padding a shorter one, would return wrong values without a word.
  if (bytes.byteLength !== expected)
    throw new CodecError(
      `decoded to ${bytes.byteLength} bytes, expected ${expected} (${n} x ${memory.str}, the chunk shape)`,
    );
  return bytesToChunk(memory, bytes, n, copy);
}

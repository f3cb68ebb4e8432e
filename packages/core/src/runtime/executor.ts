import { CodecError } from "../errors.js";
import type { ChunkInfo, CodecConfig } from "../codecs/codec.js";
import { ChainStepError, type DecodeOutput } from "../codecs/chain-runner.js";
import type { CopyPlan } from "../indexing/strided.js";
import { getWorkerPool, shouldOffload, WorkerTaskError } from "./worker-pool.js";

/**
 * Where a chunk pipeline hands chunks to be encoded or decoded off the calling thread. The
 * pipeline decides what can go (codecs a worker can rebuild, data a worker can hold); the
 * executor decides whether it goes now, and runs it.
 */
export interface ChunkExecutor {
  /**
   * Whether a chunk of `nbytes` (decoded) whose codecs have these ids should be handed off
   * now. False keeps it on the calling thread.
   */
  accepts(nbytes: number, codecIds: readonly string[]): boolean;
  /**
   * Run the task. Resolves `{ done: false }` when the executor could not (a worker lacks a
   * codec, or died), so the caller runs it itself; rejects with a `ChainStepError` when a codec
   * failed on the chunk.
   */
  run(task: CodecTask): Promise<CodecTaskResult>;
}

/** One chunk's encode or decode, as handed to an executor. */
export interface CodecTask {
  /** Which way to run the chain: `decode` (stored bytes to chunk) or `encode` (chunk to bytes). */
  readonly op: "decode" | "encode";
  /** The codecs to run, in encode order, as configs the executor rebuilds through the registry. */
  readonly codecs: readonly CodecConfig[];
  /** `infos[i]` describes the input of `codecs[i]` on the encode side. */
  readonly infos: readonly ChunkInfo[];
  /**
   * The leading codecs that take array data (array->array, then array->bytes). With them the
   * task's chunk side is the chunk in memory (`infos[0].dtype`, a typed array's bytes); with
   * none it is bytes, and the caller runs the array side.
   */
  readonly arraySteps: number;
  /** The input bytes, alone in their buffer, which is transferred (the caller gives it up). */
  readonly data: ArrayBuffer;
  /** Decode only: the step that may fill a buffer of the decoded size. */
  readonly decodeOutput?: DecodeOutput;
  /**
   * Decode only, with the whole chain: write the chunk straight into a region of a shared
   * output instead of sending it back (the result is then an empty buffer).
   */
  readonly into?: SharedTarget;
}

/** What {@link ChunkExecutor.run} resolves to: the task's output, or word that it did not run. */
export type CodecTaskResult =
  | {
      /** The task ran. */
      readonly done: true;
      /** Its output: the encoded bytes, or the decoded chunk's bytes (empty with `into`). */
      readonly data: ArrayBuffer;
      /** An encode task's input handed back after use (transferred), free to reuse. */
      readonly input?: ArrayBuffer;
    }
  | {
      /** The executor could not run the task; the caller runs it itself. */
      readonly done: false;
      /** The task's data handed back, when the executor had taken it (transferred). */
      readonly input?: ArrayBuffer;
    };

/** Where a decoded chunk is scattered: a typed array over a SharedArrayBuffer. */
export interface SharedTarget {
  /** The memory of the output typed array. */
  buffer: SharedArrayBuffer;
  /** Where the output typed array starts in `buffer`, in bytes. */
  byteOffset: number;
  /** Elements of the output's storage (typed-array length). */
  length: number;
  /** The chunk's element count (its type is the task's `infos[0].dtype`). */
  elements: number;
  /** Which elements of the chunk go where in the output (strides and offsets, in elements). */
  plan: CopyPlan;
}

/**
 * The executor backed by the codec worker pool (worker-pool.ts, under `configureWorkers`):
 * takes a chunk when the settings say so and no worker has failed to build one of its codecs.
 * A worker failure other than a codec's own error (a worker died, a module failed to load) is
 * reported once with `console.warn` and the chunk runs on the calling thread.
 */
export class WorkerPoolExecutor implements ChunkExecutor {
  accepts(nbytes: number, codecIds: readonly string[]): boolean {
    if (!shouldOffload(nbytes)) return false;
    const pool = getWorkerPool();
    if (pool.broken) return false;
    const unsupported = pool.unsupported;
    return unsupported.size === 0 || !codecIds.some((id) => unsupported.has(id));
  }

  async run(task: CodecTask): Promise<CodecTaskResult> {
    const pool = getWorkerPool();
    try {
      let input: ArrayBuffer | undefined;
      const data = await pool.run(task, (b) => {
        input = b;
      });
      return input ? { done: true, data, input } : { done: true, data };
    } catch (e) {
      if (e instanceof WorkerTaskError && e.codec >= 0 && !e.unsupported)
        throw new ChainStepError(e.codec, new CodecError(e.message));
      if (e instanceof WorkerTaskError && e.unsupported) {
        // Chains with that codec stay on their callers from now on.
        const ids = e.codec >= 0 ? [task.codecs[e.codec]!.id] : task.codecs.map((c) => c.id);
        for (const id of ids) pool.unsupported.add(id);
        if (e.codec < 0) warnOnce(e.message);
      } else warnOnce((e as Error)?.message ?? String(e));
      return e instanceof WorkerTaskError && e.input
        ? { done: false, input: e.input }
        : { done: false };
    }
  }
}

let shared: WorkerPoolExecutor | undefined;

/** The executor arrays use unless told otherwise: the process-wide worker pool. */
export function defaultExecutor(): ChunkExecutor {
  shared ??= new WorkerPoolExecutor();
  return shared;
}

let warned = false;
/** A broken pool (a worker died, a module failed to load) is reported once; chunks run here. */
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`zarrkit: codec workers failed, decoding on the calling thread: ${message}`);
}

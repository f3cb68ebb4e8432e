import { ZarrError } from "../errors.js";
// The worker side of the codec pool (worker-pool.ts): imports the modules it is told to (they
// register codecs), rebuilds codecs from their configs through the registry, and runs the
// encode or decode chain on transferred buffers. Runs as a Node worker thread or a Web Worker.
import { asBytes, type Codec, type CodecConfig, type CodecInput } from "../codecs/codec.js";
import {
  ChainStepError,
  decodeChain,
  encodeChain,
  type RunnableChain,
  toChunkData,
} from "../codecs/chain-runner.js";
import { getCodec, isCodecRegistered } from "../codecs/codec-registry.js";
import {
  type DataType,
  parseDataType,
  type TypedArray,
  type TypedArrayViewConstructor,
  typedArrayFor,
} from "../metadata/dtype.js";
import { releaseScratch, takeScratch } from "./scratch.js";
import { copyStrided } from "../indexing/strided.js";
import type { WorkerReply, WorkerTask } from "./worker-pool.js";

interface Port {
  postMessage(msg: unknown, transfer?: ArrayBuffer[]): void;
}

type Proc = { getBuiltinModule?: (id: string) => unknown };
const wt = (globalThis as { process?: Proc }).process?.getBuiltinModule?.("node:worker_threads") as
  | { parentPort: (Port & { on(ev: "message", fn: (m: unknown) => void): void }) | null }
  | undefined;

const port: Port = wt?.parentPort ?? (globalThis as unknown as Port);
let ready: Promise<void> = Promise.resolve();
let initError: string | undefined;
const codecs = new Map<string, Promise<Codec>>();

function codecFor(config: CodecConfig): Promise<Codec> {
  const key = JSON.stringify(config, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  let c = codecs.get(key);
  if (!c) {
    c = Promise.resolve().then(() => getCodec(config));
    codecs.set(key, c);
  }
  return c;
}

/** The bytes of a codec's output, alone in a plain ArrayBuffer that can be transferred. */
function ownBuffer(view: ArrayBufferView): ArrayBuffer {
  const b = view.buffer;
  if (b instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === b.byteLength)
    return b;
  return asBytes(view).slice().buffer as ArrayBuffer;
}

/** Which step of a task failed, and whether because this worker lacks its codec. */
class StepFailure extends ZarrError {
  constructor(
    readonly codec: number,
    readonly unsupported: boolean,
    message: string,
  ) {
    super(message);
  }
}

async function run(task: WorkerTask): Promise<ArrayBuffer> {
  const codecs: Codec[] = [];
  for (let i = 0; i < task.codecs.length; i++) {
    const config = task.codecs[i]!;
    if (!isCodecRegistered(config.id)) throw new StepFailure(i, true, "");
    try {
      codecs.push(await codecFor(config));
    } catch (e) {
      throw new StepFailure(i, false, (e as Error)?.message ?? String(e));
    }
  }
  const chain: RunnableChain = {
    codecs,
    infos: task.infos,
    arraySteps: task.arraySteps,
    decodeOutput: task.decodeOutput,
  };
  // A chunk scattered into a shared output is not sent back, so its decode buffer is reused:
  // a fresh buffer per chunk costs a page fault per 4 KiB on first touch.
  const scratch =
    task.into && task.decodeOutput ? takeScratch(task.decodeOutput.nbytes) : undefined;
  try {
    return task.op === "decode" ? await decode(task, chain, scratch) : await encode(task, chain);
  } catch (e) {
    if (e instanceof ChainStepError)
      throw new StepFailure(e.step, false, (e.cause as Error)?.message ?? String(e.cause));
    throw e;
  } finally {
    if (scratch) releaseScratch(scratch);
  }
}

/** The chunk's type in memory and its element count, for tasks that carry the array side. */
function chunkType(task: WorkerTask): { memory: DataType; elements: number } {
  const info = task.infos[0]!;
  let elements = 1;
  for (const s of info.shape) elements *= s;
  return { memory: parseDataType(info.dtype), elements };
}

async function decode(
  task: WorkerTask,
  chain: RunnableChain,
  scratch: Uint8Array | undefined,
): Promise<ArrayBuffer> {
  const value = await decodeChain(
    chain,
    new Uint8Array(task.data),
    chain.codecs.length,
    0,
    scratch,
  );
  if (task.arraySteps === 0) {
    if (!ArrayBuffer.isView(value))
      throw new StepFailure(0, false, "returned objects; only bytes can be offloaded");
    return ownBuffer(value);
  }
  const { memory, elements } = chunkType(task);
  let chunk: TypedArray;
  try {
    chunk = toChunkData(memory, value, elements, false) as TypedArray;
  } catch (e) {
    // Reported against the array->bytes step, so the caller raises a CodecError for the chunk
    // rather than taking the worker for broken and decoding it again on its own thread.
    throw new StepFailure(task.arraySteps - 1, false, (e as Error)?.message ?? String(e));
  }
  const t = task.into;
  if (!t) return ownBuffer(chunk);
  try {
    const Ctor = typedArrayFor(memory) as TypedArrayViewConstructor;
    copyStrided(chunk, new Ctor(t.buffer, t.byteOffset, t.length), t.plan);
  } catch (e) {
    throw new StepFailure(-1, false, (e as Error)?.message ?? String(e));
  }
  return new ArrayBuffer(0);
}

async function encode(task: WorkerTask, chain: RunnableChain): Promise<ArrayBuffer> {
  let input: CodecInput = new Uint8Array(task.data);
  if (task.arraySteps > 0) {
    // The chunk in memory, as the caller's typed array held it.
    const Ctor = typedArrayFor(chunkType(task).memory) as TypedArrayViewConstructor;
    input = new Ctor(task.data) as CodecInput;
  }
  const value = await encodeChain(chain, input);
  if (!ArrayBuffer.isView(value))
    throw new StepFailure(
      chain.codecs.length - 1,
      false,
      "returned objects; only bytes can be offloaded",
    );
  return ownBuffer(value);
}

async function onMessage(msg: { id: number; init?: string[] } & WorkerTask): Promise<void> {
  if (msg.init) {
    const modules = msg.init;
    ready = (async () => {
      for (const m of modules) {
        try {
          await import(/* @vite-ignore */ m);
        } catch (e) {
          initError = `cannot import worker module ${m}: ${(e as Error)?.message ?? e}`;
          return;
        }
      }
    })();
    return;
  }
  await ready;
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  if (initError !== undefined) {
    reply = { id: msg.id, ok: false, message: initError, codec: -1, unsupported: true };
  } else {
    try {
      const t0 = performance.now();
      const data = await run(msg);
      reply = { id: msg.id, ok: true, data, kind: "bytes", ms: performance.now() - t0 };
      transfer.push(data);
    } catch (e) {
      const f = e as { codec?: number; unsupported?: boolean; message?: string };
      reply = {
        id: msg.id,
        ok: false,
        message: f.message ?? String(e),
        codec: f.codec ?? -1,
        unsupported: f.unsupported ?? false,
      };
    }
  }
  // The caller may have given up its copy of the input (a transferred chunk): hand it back.
  // After an encode it is handed back too, so the caller can fill it with its next chunk
  // (a fresh buffer per chunk costs a page fault per 4 KiB on first touch); never when the
  // output is that same buffer.
  const giveBack = !reply.ok || (msg.op === "encode" && reply.data !== msg.data);
  if (giveBack && msg.data instanceof ArrayBuffer && msg.data.byteLength > 0) {
    reply.input = msg.data;
    transfer.push(msg.data);
  }
  try {
    port.postMessage(reply, transfer);
  } catch {
    // A buffer that cannot be transferred (WebAssembly memory): send a copy.
    if (reply.ok) {
      reply.data = reply.data.slice(0);
      reply.input = undefined;
    }
    port.postMessage(reply, reply.ok ? [reply.data] : []);
  }
}

if (wt?.parentPort) wt.parentPort.on("message", (m) => void onMessage(m as never));
else
  (globalThis as unknown as { onmessage: (ev: { data: unknown }) => void }).onmessage = (ev) =>
    void onMessage(ev.data as never);

import { ZarrError } from "../errors.js";
import type { CodecTask } from "./executor.js";

/**
 * Settings of the codec worker pool: the threads that decode and encode chunks off the calling
 * thread. `zarr.blosc.setNthreads(n)` and `zarr.blosc.useThreads` are views of `size` and
 * `enabled`.
 */
export interface WorkerSettings {
  /** Number of workers; `null` means one per core (`os.availableParallelism()`, `navigator.hardwareConcurrency`). */
  size: number | null;
  /**
   * `null` (default, automatic): chunks of at least `minChunkBytes` are offloaded when the
   * caller is the main thread (Node's main thread, a browser window). `true`: every chunk whose
   * codecs the workers can rebuild is offloaded, whatever its size and thread. `false`: never.
   */
  enabled: boolean | null;
  /** In automatic mode, chunks smaller than this (decoded bytes) stay on the calling thread. */
  minChunkBytes: number;
  /**
   * Modules (absolute URLs or paths) each worker imports before its first task. Importing
   * them must register the codecs the workers should run (`zarrkit` passes its
   * `zarrkit/worker` entry). With none, nothing is offloaded: the workers' codec registry
   * would be empty.
   */
  modules: readonly string[];
}

/** Default `minChunkBytes`: below this, posting a chunk costs about as much as decoding it. */
export const DEFAULT_MIN_WORKER_CHUNK_BYTES = 256 * 1024;

let settings: WorkerSettings = {
  size: null,
  enabled: null,
  minChunkBytes: DEFAULT_MIN_WORKER_CHUNK_BYTES,
  modules: [],
};
let pool: WorkerPool | undefined;

/**
 * Change the worker pool's settings (only the keys given); returns the previous settings.
 * A change of `size` or `modules` retires the running workers once their tasks finish and the
 * next offloaded chunk starts new ones.
 *
 * numcodecs' `blosc.set_nthreads(n)` is `configureWorkers({ size: n })`, and `blosc.use_threads`
 * is `enabled`.
 *
 * @throws {@link ZarrError} when `size` is not an integer >= 1 or null, `enabled` is not null,
 *   true or false, or `minChunkBytes` is negative; nothing is changed then.
 *
 * @example
 * ```ts
 * import * as zarr from "zarrkit";
 * import { workerModule } from "zarrkit/worker";
 *
 * const previous = zarr.configureWorkers({ modules: [workerModule], size: 2 });
 * // ... reads and writes decode large chunks on 2 worker threads
 * zarr.configureWorkers(previous);
 * ```
 */
export function configureWorkers(next: Partial<WorkerSettings>): WorkerSettings {
  const prev = settings;
  const size = next.size === undefined ? prev.size : next.size;
  if (size !== null && !(Number.isInteger(size) && size >= 1))
    throw new ZarrError(`configureWorkers: size must be an integer >= 1 or null, got ${size}`);
  const enabled = next.enabled === undefined ? prev.enabled : next.enabled;
  if (enabled !== null && enabled !== true && enabled !== false)
    throw new ZarrError(`configureWorkers: enabled must be null, true or false, got ${enabled}`);
  const minChunkBytes = next.minChunkBytes ?? prev.minChunkBytes;
  if (!(Number.isFinite(minChunkBytes) && minChunkBytes >= 0))
    throw new ZarrError(`configureWorkers: minChunkBytes must be >= 0, got ${minChunkBytes}`);
  const modules = next.modules ? [...next.modules] : prev.modules;
  settings = { size, enabled, minChunkBytes, modules };
  if (
    pool &&
    (resolvedSize(size) !== pool.size || modules.join("\n") !== pool.modules.join("\n"))
  ) {
    void pool.close();
    pool = undefined;
  }
  return prev;
}

/**
 * The current settings, with `size` resolved to the number of workers the pool would run.
 * zarr-python's `numcodecs.blosc.get_nthreads()` is `workerSettings().size`.
 */
export function workerSettings(): WorkerSettings & {
  /** The number of workers the pool would run: the setting, or one per core for `null`. */
  size: number;
} {
  return { ...settings, size: resolvedSize(settings.size) };
}

/**
 * Stop every worker now (pending tasks fail). The next offloaded chunk starts a new pool.
 * Not needed for a Node process to exit: idle workers do not keep it alive.
 */
export async function terminateWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close(true);
}

interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}
interface NodeWorkerThreads {
  isMainThread: boolean;
  Worker: new (url: URL | string, opts: { execArgv?: string[]; eval?: boolean }) => NodeWorker;
}
interface NodeWorker {
  postMessage(msg: unknown, transfer?: ArrayBuffer[]): void;
  on(event: string, fn: (arg: never) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

type Proc = { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };

function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: Proc }).process;
  if (typeof proc?.versions?.node !== "string") return undefined;
  return proc.getBuiltinModule?.(id) as T | undefined;
}

function cores(): number {
  const os = nodeBuiltin<NodeOs>("node:os");
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

function resolvedSize(size: number | null): number {
  return size ?? Math.max(1, cores());
}

/** True on Node's main thread or in a browser window: the event loop a UI or server runs on. */
function onMainThread(): boolean {
  const wt = nodeBuiltin<NodeWorkerThreads>("node:worker_threads");
  if (wt) return wt.isMainThread;
  const g = globalThis as { document?: unknown; WorkerGlobalScope?: unknown };
  return g.document !== undefined && g.WorkerGlobalScope === undefined;
}

/** Whether a chunk of `nbytes` should go to the pool under the current settings. */
export function shouldOffload(nbytes: number): boolean {
  const s = settings;
  if (s.enabled === false || s.modules.length === 0) return false;
  if (s.enabled === true) return true;
  return nbytes >= s.minChunkBytes && onMainThread();
}

/** The pool under the current settings, started on first use. */
export function getWorkerPool(): WorkerPool {
  pool ??= new WorkerPool(resolvedSize(settings.size), settings.modules);
  return pool;
}

// ---- messages between the pool and codec-worker.ts ----

/** @internal A chunk task as posted to a worker. */
export type WorkerTask = CodecTask;

/** @internal */
export type WorkerReply =
  | {
      id: number;
      ok: true;
      data: ArrayBuffer;
      kind: "bytes";
      /** Time the worker spent on the task. */
      ms: number;
      /** An encode task's transferred input, handed back so the caller can reuse its memory. */
      input?: ArrayBuffer;
    }
  | {
      id: number;
      ok: false;
      message: string;
      /** Index of the failing codec in `codecs`, or -1 for set-up. */
      codec: number;
      /** The worker cannot build one of the codecs (unregistered id): run on the caller. */
      unsupported: boolean;
      /** The task's input, transferred back so the caller can still run the task itself. */
      input?: ArrayBuffer;
    };

/**
 * A failure reported by a codec worker: the {@link WorkerPool} rejects a task with it. The
 * executor turns it into the chunk's `CodecError` (or runs the task on the calling thread
 * when `unsupported`), so array reads and writes do not surface it.
 */
export class WorkerTaskError extends ZarrError {
  constructor(
    message: string,
    /** Index of the failing codec in the task's chain, or -1 when setting up the task failed. */
    readonly codec: number,
    /** True when the worker cannot build one of the codecs (an id its modules do not register). */
    readonly unsupported: boolean,
    /** The task's input, handed back when the worker did not keep it (a transferred chunk). */
    readonly input?: ArrayBuffer,
  ) {
    super(message);
    this.name = "WorkerTaskError";
  }
}

interface Slot {
  worker: NodeWorker | Worker;
  inflight: number;
  node: boolean;
}

interface Pending {
  resolve(data: ArrayBuffer): void;
  onInput?: (input: ArrayBuffer) => void;
  reject(e: Error): void;
  slot: Slot;
}

const setImmediateish: (fn: () => void) => void =
  (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate ??
  ((fn) => setTimeout(fn, 0));

/**
 * Most tasks queued on one worker at a time. Several, so a worker always has the next chunk
 * at hand even when this thread answers late (a busy or descheduled main thread would
 * otherwise leave the workers idle between chunks); the caller's own concurrency (16 chunks
 * by default) bounds the total.
 */
const PER_WORKER = 8;

/** URL of the worker entry, next to this module (`.ts` when running from source). */
function entryUrl(): URL {
  const here = import.meta.url as string | undefined;
  if (!here)
    throw new ZarrError(
      "codec workers need an ES module build (this bundle has no import.meta.url)",
    );
  const ext = here.endsWith(".ts") ? "ts" : "js";
  return new URL(`./codec-worker.${ext}`, here);
}

/**
 * Running from TypeScript source (the tests, `tsx`), a Node worker cannot load `.ts` files by
 * itself: this script registers tsx's loader in the worker, then imports the entry. tsx is
 * found from this package's folder (the workspace root has it); the built package never
 * needs it.
 */
function sourceBootstrap(entry: URL): string {
  const mod = nodeBuiltin<{
    createRequire(url: string): { resolve(id: string): string; (id: string): unknown };
  }>("node:module");
  const url = nodeBuiltin<{ pathToFileURL(path: string): URL }>("node:url");
  let tsxUrl: string;
  try {
    // The ESM build of tsx's API (its `import` export), found through its package.json.
    const require = mod!.createRequire(import.meta.url);
    const pkgPath = require.resolve("tsx/package.json");
    const pkg = require(pkgPath) as {
      exports: Record<string, { import: { default: string } }>;
    };
    tsxUrl = new URL(pkg.exports["./esm/api"]!.import.default, url!.pathToFileURL(pkgPath)).href;
  } catch (e) {
    throw new ZarrError(
      `codec workers from TypeScript source need "tsx" (from ${import.meta.url}): ${(e as Error).message}`,
    );
  }
  return `import(${JSON.stringify(tsxUrl)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/**
 * Runs codec chains in worker threads (Node `worker_threads`, Web Workers in browsers). Tasks
 * queue here and go to the least busy worker; inputs and outputs move as transferred
 * ArrayBuffers, never copied by `postMessage`.
 */
export class WorkerPool {
  /** The most workers this pool runs (they start as tasks arrive). */
  readonly size: number;
  /** The modules each worker imports before its first task (see {@link WorkerSettings.modules}). */
  readonly modules: readonly string[];
  #slots: Slot[] = [];
  #queue: {
    task: WorkerTask;
    resolve(d: ArrayBuffer): void;
    reject(e: Error): void;
    onInput?: (input: ArrayBuffer) => void;
  }[] = [];
  #pending = new Map<number, Pending>();
  #deliveries: (() => void)[] = [];
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** Why no worker can start in this environment, once that is known; chunks then stay put. */
  broken: Error | undefined;
  /** Tasks completed and the time workers spent on them (for benchmarks and tuning). */
  readonly stats = {
    /** Tasks completed. */
    tasks: 0,
    /** Milliseconds workers spent on them, summed over workers. */
    workerMs: 0,
  };
  /** Codec ids the workers could not build: chains using them stay on the caller. */
  readonly unsupported = new Set<string>();

  constructor(size: number, modules: readonly string[]) {
    this.size = size;
    this.modules = [...modules];
  }

  /** Workers started so far (they start as tasks arrive, up to `size`). */
  get started(): number {
    return this.#slots.length;
  }

  /**
   * Run one task; resolves with the output bytes' buffer. `onInput` receives an encode task's
   * transferred input when the worker hands it back (before the promise resolves).
   */
  run(task: WorkerTask, onInput?: (input: ArrayBuffer) => void): Promise<ArrayBuffer> {
    if (this.#closed) return Promise.reject(new ZarrError("the worker pool was closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ task, resolve, reject, onInput });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of this.#slots) if (!slot || s.inflight < slot.inflight) slot = s;
      if ((!slot || slot.inflight > 0) && this.#slots.length < this.size) {
        try {
          slot = this.#start();
        } catch (e) {
          // No worker can start here (no tsx from source, no Worker global): fail what waits,
          // and let callers keep their chunks from now on.
          this.broken = e as Error;
          for (const q of this.#queue.splice(0)) q.reject(e as Error);
          return;
        }
      }
      if (!slot || slot.inflight >= PER_WORKER) return;
      const item = this.#queue.shift()!;
      const id = this.#nextId++;
      slot.inflight++;
      if (slot.node && slot.inflight === 1) (slot.worker as NodeWorker).ref();
      this.#pending.set(id, {
        resolve: item.resolve,
        reject: item.reject,
        onInput: item.onInput,
        slot,
      });
      slot.worker.postMessage({ id, ...item.task }, [item.task.data]);
    }
  }

  #start(): Slot {
    const wt = nodeBuiltin<NodeWorkerThreads>("node:worker_threads");
    const url = entryUrl();
    let worker: NodeWorker | Worker;
    if (wt) {
      worker = url.pathname.endsWith(".ts")
        ? new wt.Worker(sourceBootstrap(url), {
            eval: true,
            // The same export condition as the tests, or the worker would load the built
            // packages and register codecs in another copy of the registry.
            execArgv: ["--conditions=zarrkit-source"],
          })
        : new wt.Worker(url, {});
    } else {
      // Literal `new Worker(new URL("...", import.meta.url))`: the form bundlers (Vite,
      // webpack 5, Parcel) recognise, so they emit the worker entry as its own chunk.
      worker = url.pathname.endsWith(".ts")
        ? new Worker(new URL("./codec-worker.ts", import.meta.url), { type: "module" })
        : new Worker(new URL("./codec-worker.js", import.meta.url), { type: "module" });
    }
    const slot: Slot = { worker, inflight: 0, node: Boolean(wt) };
    const onMessage = (reply: WorkerReply) => this.#settle(reply);
    const onError = (e: unknown) => this.#fail(slot, e);
    if (wt) {
      const w = worker as NodeWorker;
      w.on("message", onMessage as (arg: never) => void);
      w.on("error", onError as (arg: never) => void);
      w.on("exit", ((code: number) => {
        if (!this.#closed) this.#fail(slot, new ZarrError(`codec worker exited with code ${code}`));
      }) as (arg: never) => void);
      w.unref();
    } else {
      const w = worker as Worker;
      w.onmessage = (ev) => onMessage(ev.data as WorkerReply);
      w.onerror = (ev) => onError(new ZarrError(ev.message || "codec worker failed"));
    }
    worker.postMessage({ id: 0, init: this.modules });
    this.#slots.push(slot);
    return slot;
  }

  #settle(reply: WorkerReply): void {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    p.slot.inflight--;
    if (p.slot.node && p.slot.inflight === 0) (p.slot.worker as NodeWorker).unref();
    this.#pump();
    if (reply.ok) {
      this.stats.tasks++;
      this.stats.workerMs += reply.ms;
    }
    this.#deliveries.push(() => {
      if (!reply.ok) {
        p.reject(new WorkerTaskError(reply.message, reply.codec, reply.unsupported, reply.input));
        return;
      }
      if (reply.input) p.onInput?.(reply.input);
      p.resolve(reply.data);
    });
    if (this.#deliveries.length === 1) this.#deliver();
    if (this.#closed && this.#pending.size === 0 && this.#queue.length === 0)
      void this.#terminate();
  }

  /**
   * Hand results to their callers one per event-loop turn. Replies that arrive together (the
   * main thread was busy) would otherwise all continue in one turn, and the callers' work on
   * them (copying each chunk into the output) would add up to one long stall.
   */
  #deliver(): void {
    const next = this.#deliveries[0];
    if (!next) return;
    next();
    setImmediateish(() => {
      this.#deliveries.shift();
      this.#deliver();
    });
  }

  /** A worker died: fail its tasks and drop it (the next task starts a replacement). */
  #fail(slot: Slot, e: unknown): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.#slots.splice(i, 1);
    const error = e instanceof Error ? e : new ZarrError(String(e));
    for (const [id, p] of this.#pending) {
      if (p.slot !== slot) continue;
      this.#pending.delete(id);
      p.reject(new WorkerTaskError(`codec worker failed: ${error.message}`, -1, false));
    }
    void slot.worker.terminate();
    this.#pump();
  }

  #terminate(): Promise<void> {
    this.#closing ??= Promise.all(this.#slots.map((s) => s.worker.terminate())).then(() => {
      this.#slots = [];
    });
    return this.#closing;
  }

  /** Stop accepting tasks; with `now`, stop the workers at once, else once queued tasks end. */
  close(now = false): Promise<void> {
    this.#closed = true;
    if (now) {
      for (const q of this.#queue.splice(0))
        q.reject(new ZarrError("the worker pool was terminated"));
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(new ZarrError("the worker pool was terminated"));
      }
    }
    if (now || (this.#pending.size === 0 && this.#queue.length === 0)) return this.#terminate();
    return Promise.resolve();
  }
}

import type { Synchronizer } from "./synchronizer.js";

const DEFAULT_SLOTS = 4096;
const FREE = 0;
const HELD = 1;

/** FNV-1a: spreads chunk keys over the lock slots. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type WaitAsync = (
  arr: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: boolean; value: Promise<string> | string };

/**
 * Per-chunk locks for concurrent `set` calls on one array, within one event loop and across
 * worker threads. The lock table lives in a SharedArrayBuffer: pass `synchronizer.buffer` to a
 * worker and build `ThreadSynchronizer.fromBuffer(buffer)` there, and both sides exclude each
 * other. Keys hash onto a fixed number of slots; two keys on one slot only wait for each other,
 * which costs concurrency, never correctness.
 *
 * zarr-python's `zarr.ThreadSynchronizer`. Needs `SharedArrayBuffer` (Node, or a
 * cross-origin-isolated page). Default: 4096 slots.
 *
 * @example
 * ```ts
 * import * as zarr from "zarrkit";
 *
 * const synchronizer = new zarr.ThreadSynchronizer();
 * const z = await zarr.zeros([1000], { chunks: [100], dtype: "i4", synchronizer });
 * await Promise.all([z.set("0:50", 1), z.set("50:100", 2)]); // same chunk: writes take turns
 * ```
 */
export class ThreadSynchronizer implements Synchronizer {
  /**
   * The lock table (4 bytes per slot): post it to a worker and pass it to
   * {@link ThreadSynchronizer.fromBuffer} there.
   */
  readonly buffer: SharedArrayBuffer;
  readonly #slots: Int32Array;

  /** `source`: how many lock slots to create, or a lock table shared by another thread. */
  constructor(source: number | SharedArrayBuffer = DEFAULT_SLOTS) {
    this.buffer = typeof source === "number" ? new SharedArrayBuffer(source * 4) : source;
    this.#slots = new Int32Array(this.buffer);
  }

  /** A synchronizer over a lock table created in another thread. */
  static fromBuffer(buffer: SharedArrayBuffer): ThreadSynchronizer {
    return new ThreadSynchronizer(buffer);
  }

  /**
   * Wait for the lock slot of `key` and take it; resolves to the function that releases it
   * (calling it twice releases once). Waits without blocking the event loop.
   */
  async acquire(key: string): Promise<() => void> {
    const slots = this.#slots;
    const i = hashKey(key) % slots.length;
    const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
    for (;;) {
      if (Atomics.compareExchange(slots, i, FREE, HELD) === FREE) break;
      if (waitAsync) {
        // A pending waitAsync does not keep Node's event loop alive: a worker thread whose
        // every task waits for a lock would exit. A timer does, and bounds the wait anyway.
        const r = waitAsync(slots, i, HELD, 50);
        if (r.async) {
          const alive = setTimeout(() => {}, 60);
          try {
            await r.value;
          } finally {
            clearTimeout(alive);
          }
        }
      } else {
        // Engines without Atomics.waitAsync: poll on the event loop.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      Atomics.store(slots, i, FREE);
      Atomics.notify(slots, i, 1);
    };
  }

  toString(): string {
    return "ThreadSynchronizer";
  }
}

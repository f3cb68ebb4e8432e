import { RecordingStore } from "./recording-store.js";

/** Counts reads and writes in flight at once; each takes a few milliseconds. */
export class InFlightStore extends RecordingStore {
  now = 0;
  max = 0;
  async #slow<T>(fn: () => Promise<T>): Promise<T> {
    this.now++;
    this.max = Math.max(this.max, this.now);
    try {
      await new Promise((r) => setTimeout(r, 2));
      return await fn();
    } finally {
      this.now--;
    }
  }
  override get(key: string) {
    return this.#slow(() => super.get(key));
  }
  override set(key: string, value: Uint8Array) {
    return this.#slow(() => super.set(key, value));
  }
}

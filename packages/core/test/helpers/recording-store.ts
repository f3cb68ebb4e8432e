import type { Store } from "../../src/index.js";

/**
 * A Map-backed store that counts reads and writes per key, so tests can assert which chunks an
 * operation touched (a full-chunk write must not read, a one-element read touches one chunk).
 */
export class RecordingStore implements Store {
  readonly map = new Map<string, Uint8Array>();
  readonly reads: string[] = [];
  readonly writes: string[] = [];
  /** When set, `set` throws for keys it matches (simulates a failing backend). */
  failOn: ((key: string) => boolean) | undefined;

  async get(key: string): Promise<Uint8Array | undefined> {
    this.reads.push(key);
    return this.map.get(key);
  }
  async set(key: string, value: Uint8Array): Promise<void> {
    if (this.failOn?.(key)) throw new Error(`injected failure writing ${key}`);
    this.writes.push(key);
    this.map.set(key, value.slice());
  }
  async delete(key: string): Promise<boolean> {
    return this.map.delete(key);
  }
  async list(prefix = ""): Promise<string[]> {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  chunkReads(): string[] {
    return this.reads.filter((k) => !k.split("/").pop()!.startsWith("."));
  }
  reset(): void {
    this.reads.length = 0;
    this.writes.length = 0;
  }
  toString(): string {
    return "RecordingStore";
  }
}

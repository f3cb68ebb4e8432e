import { type ByteRange, type ReadableStore, rangeBounds } from "@zarrkit/core";

export interface Read {
  key: string;
  /** undefined for a whole-value `get`. */
  range?: ByteRange;
  /** Bytes handed back. */
  bytes: number;
}

/**
 * A read-only in-memory store that records every read, to count what a reader over it
 * fetches (as an HTTP server's access log would).
 */
export class CountingStore implements ReadableStore {
  readonly values = new Map<string, Uint8Array>();
  readonly reads: Read[] = [];

  constructor(values: Record<string, Uint8Array> = {}) {
    for (const [k, v] of Object.entries(values)) this.values.set(k, v);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const v = this.values.get(key);
    this.reads.push({ key, bytes: v?.length ?? 0 });
    return v?.slice();
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    const v = this.values.get(key);
    if (v === undefined) {
      this.reads.push({ key, range, bytes: 0 });
      return undefined;
    }
    const [start, end] = rangeBounds(range, v.length, key);
    this.reads.push({ key, range, bytes: end - start });
    return v.slice(start, end);
  }

  /** Total bytes handed back so far. */
  get bytesRead(): number {
    return this.reads.reduce((n, r) => n + r.bytes, 0);
  }

  /** Forget the reads so far. */
  reset(): void {
    this.reads.length = 0;
  }

  toString(): string {
    return "CountingStore";
  }
}

import type { Store } from "../../src/index.js";

type Range = { offset: number; length?: number } | { suffixLength: number };

/**
 * A Map-backed store with range reads that records every read (whole or ranged) and the
 * bytes it returned, so tests can count the requests a sharded read makes.
 */
export class RangeCountingStore implements Store {
  readonly map = new Map<string, Uint8Array>();
  readonly requests: { key: string; range?: Range; bytes: number }[] = [];

  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.map.get(key);
    this.requests.push({ key, bytes: value?.byteLength ?? 0 });
    return value?.slice();
  }

  async getRange(key: string, range: Range): Promise<Uint8Array | undefined> {
    const value = this.map.get(key);
    let out: Uint8Array | undefined;
    if (value) {
      if ("suffixLength" in range)
        out = value.slice(Math.max(0, value.byteLength - range.suffixLength));
      else
        out = value.slice(
          range.offset,
          range.length === undefined ? undefined : range.offset + range.length,
        );
    }
    this.requests.push({ key, range, bytes: out?.byteLength ?? 0 });
    return out;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.map.set(key, value.slice());
  }

  async delete(key: string): Promise<boolean> {
    return this.map.delete(key);
  }

  async list(prefix = ""): Promise<string[]> {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Reads of keys other than metadata documents. */
  dataRequests(): { key: string; range?: Range; bytes: number }[] {
    return this.requests.filter((r) => !/(^|\/)(zarr\.json|\.z\w+)$/.test(r.key));
  }

  reset(): void {
    this.requests.length = 0;
  }

  toString(): string {
    return "RangeCountingStore";
  }
}

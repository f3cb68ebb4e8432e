import * as zarr from "zarrkit";

/**
 * A MemoryStore that lists the chunk keys read and written (metadata keys, which start with a
 * dot, are left out), to check that a selection reads and writes each chunk it touches once
 * and no other.
 */
export class CountingStore extends zarr.MemoryStore {
  gets: string[] = [];
  sets: string[] = [];

  reset(): void {
    this.gets = [];
    this.sets = [];
  }

  override async get(key: string): Promise<Uint8Array | undefined> {
    if (!key.startsWith(".")) this.gets.push(key);
    return super.get(key);
  }

  override async getRange(key: string, range: zarr.ByteRange): Promise<Uint8Array | undefined> {
    if (!key.startsWith(".")) this.gets.push(key);
    return super.getRange(key, range);
  }

  override async set(key: string, value: Uint8Array): Promise<void> {
    if (!key.startsWith(".")) this.sets.push(key);
    return super.set(key, value);
  }
}

/** What is wrong with the keys a call used, against the chunks it should touch ("" if nothing). */
export function chunkUseProblem(
  what: string,
  used: readonly string[],
  touched: readonly string[],
): string {
  const sorted = [...used].sort();
  const twice = sorted.filter((k, i) => sorted[i + 1] === k);
  const stray = sorted.filter((k) => !touched.includes(k));
  const problems = [];
  if (twice.length > 0) problems.push(`${what} more than once: ${[...new Set(twice)].join(" ")}`);
  if (stray.length > 0)
    problems.push(`${what} chunks it does not touch: ${[...new Set(stray)].join(" ")}`);
  return problems.join("; ");
}

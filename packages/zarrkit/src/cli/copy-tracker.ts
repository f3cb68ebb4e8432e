// Which arrays a copy has done, is doing and has not reached, so an interrupted copy can say
// exactly what was and wasn't copied.

export type ArrayCopyStatus = "copied" | "interrupted" | "not started";

export interface ArrayCopyState {
  /** The array's path relative to the copied node ("" when the node is the array). */
  path: string;
  /** Chunks written (keys, for a raw copy) and how many there are. */
  done: number;
  total: number;
  status: ArrayCopyStatus;
}

export class CopyTracker {
  readonly #arrays = new Map<string, { done: number; total: number; finished: boolean }>();
  #current: string | undefined;

  /** `arrays`: every array of the source with its expected chunk (or key) count. */
  constructor(arrays: Iterable<[string, number]>) {
    for (const [path, total] of arrays) this.#arrays.set(path, { done: 0, total, finished: false });
  }

  get total(): number {
    let n = 0;
    for (const a of this.#arrays.values()) n += a.total;
    return n;
  }

  get done(): number {
    let n = 0;
    for (const a of this.#arrays.values()) n += a.done;
    return n;
  }

  /** One more chunk or key of an array written (or skipped because the destination has it). */
  advance(path: string, by = 1): void {
    const a = this.#arrays.get(path);
    if (!a) return;
    if (this.#current !== undefined && this.#current !== path) this.finish(this.#current);
    this.#current = path;
    a.done += by;
    if (a.done >= a.total) a.finished = true;
  }

  /** An array's progress as its copy reports it (the report's total is authoritative). */
  set(path: string, done: number, total: number): void {
    const a = this.#arrays.get(path);
    if (!a) return;
    if (this.#current !== undefined && this.#current !== path) this.finish(this.#current);
    this.#current = path;
    a.done = done;
    a.total = total;
  }

  /** An array the copy has moved past (finished, or skipped as it already exists). */
  finish(path: string): void {
    const a = this.#arrays.get(path);
    if (a) a.finished = true;
  }

  finishAll(): void {
    for (const a of this.#arrays.values()) a.finished = true;
  }

  states(): ArrayCopyState[] {
    return [...this.#arrays].map(([path, a]) => ({
      path,
      done: a.done,
      total: a.total,
      status:
        a.finished || (a.total > 0 && a.done >= a.total)
          ? "copied"
          : a.done > 0 || path === this.#current
            ? "interrupted"
            : "not started",
    }));
  }

  /** The lines an interrupted copy prints: arrays done, the one cut short, those not started. */
  report(unit: string): string[] {
    const states = this.states();
    const name = (p: string) => (p === "" ? "/" : p);
    const by = (s: ArrayCopyStatus) => states.filter((a) => a.status === s);
    const lines: string[] = [];
    const copied = by("copied");
    lines.push(
      `  copied (${copied.length}): ${copied.map((a) => name(a.path)).join(", ") || "none"}`,
    );
    for (const a of by("interrupted"))
      lines.push(`  interrupted: ${name(a.path)}, ${a.done} of ${a.total} ${unit} written`);
    const rest = by("not started");
    lines.push(
      `  not started (${rest.length}): ${rest.map((a) => name(a.path)).join(", ") || "none"}`,
    );
    return lines;
  }
}

// The page's side of the tile workers: a few Web Workers, each request to the one with the
// fewest in flight. Each worker is told a source's whereabouts once.
import { ZarrError } from "zarrkit/browser";
import type { Source } from "./sources.js";
import type { TileReply, TileRequest, TileValues } from "./tile-messages.js";

export interface Tile {
  values: TileValues;
  rows: number;
  cols: number;
}

interface Slot {
  worker: Worker;
  inflight: number;
  sources: Set<number>;
}

export class TileWorkers {
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<
    number,
    { resolve(t: Tile): void; reject(e: Error): void; slot: Slot }
  >();
  #next = 1;
  /** Tile reads sent to the workers so far. */
  requests = 0;

  constructor(size = Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./tile-worker.ts", import.meta.url), { type: "module" });
      const slot: Slot = { worker, inflight: 0, sources: new Set() };
      worker.onmessage = (ev: MessageEvent<TileReply>) => this.#settle(ev.data);
      worker.onerror = (ev) => this.#fail(slot, new ZarrError(`tile worker failed: ${ev.message}`));
      this.#slots.push(slot);
    }
  }

  read(
    sourceId: number,
    source: Source,
    path: string,
    index: number[],
    rows: [number, number],
    cols: [number, number],
  ): Promise<Tile> {
    const slot = this.#slots.reduce((a, b) => (b.inflight < a.inflight ? b : a));
    const id = this.#next++;
    const req: TileRequest = { id, sourceId, path, index, rows, cols };
    if (!slot.sources.has(sourceId)) {
      req.source = source;
      slot.sources.add(sourceId);
    }
    slot.inflight++;
    this.requests++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage(req);
    });
  }

  #settle(reply: TileReply): void {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    p.slot.inflight--;
    if (reply.ok) p.resolve({ values: reply.values, rows: reply.rows, cols: reply.cols });
    else p.reject(new ZarrError(reply.message));
  }

  #fail(slot: Slot, error: Error): void {
    for (const [id, p] of this.#pending) {
      if (p.slot !== slot) continue;
      this.#pending.delete(id);
      slot.inflight--;
      p.reject(error);
    }
  }
}

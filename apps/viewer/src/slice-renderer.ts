// Draws a 2-D plane of an array on the canvas from tiles: chunk-aligned regions read by the
// tile workers. Only the tiles under the view are read, each once (kept, most recent first,
// for panning back and for slider moves back), and recoloured only when the colour map or
// the contrast limits change.
import { applyColormap, colormapTable } from "./colormaps.js";
import type { Source } from "./sources.js";
import type { Tile, TileWorkers } from "./tile-workers.js";
import { tileSize } from "./tile-size.js";
import { fitView, type View, visibleRegion } from "./viewport.js";

/** A numeric array's plane: its last two dimensions (a 1-D array is one row). */
export interface Plane {
  sourceId: number;
  source: Source;
  path: string;
  rows: number;
  cols: number;
  chunkRows: number;
  chunkCols: number;
}

interface Entry {
  tile?: Tile;
  error?: string;
  painted?: { key: string; canvas: HTMLCanvasElement };
}

/**
 * What the kept tiles may hold: their values plus their painted RGBA copies. Beyond it the
 * least recently drawn go (those under the view never: they were just drawn).
 */
const MAX_TILE_BYTES = 512 * 2 ** 20;

/**
 * The most elements a view may cover: zoomed out further over a big array, the page would
 * read more than the tile budget holds, so it reads nothing and asks to zoom in.
 */
export const MAX_VIEW_ELEMENTS = 16 * 2 ** 20;

function entryBytes(e: Entry): number {
  return e.tile ? e.tile.values.byteLength + e.tile.rows * e.tile.cols * 4 : 0;
}

export class SliceRenderer {
  plane: Plane | undefined;
  index: number[] = [];
  view: View = { scale: 1, x0: 0, y0: 0 };
  cmap = "viridis";
  lo = 0;
  hi = 1;
  /** Called once all tiles of the view are in, after they are drawn. */
  onComplete: (() => void) | undefined;
  onError: ((message: string) => void) | undefined;
  /** Why the view is not drawn (too far zoomed out), or undefined once it is again. */
  onNotice: ((message: string | undefined) => void) | undefined;
  readonly #tiles = new Map<string, Entry>();
  readonly #inflight = new Set<string>();
  #frame = 0;
  #renders = 0;
  #bytes = 0;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly workers: TileWorkers,
  ) {
    new ResizeObserver(() => this.requestRender()).observe(canvas);
  }

  setPlane(plane: Plane | undefined, index: number[]): void {
    this.plane = plane;
    this.index = index;
    this.#tiles.clear();
    this.#bytes = 0;
    this.#syncSize();
    if (plane) {
      const view = fitView(plane.rows, plane.cols, this.canvas.width, this.canvas.height);
      while ((this.canvas.width * this.canvas.height) / view.scale ** 2 > MAX_VIEW_ELEMENTS)
        view.scale *= 2;
      this.view = view;
    }
    this.requestRender();
  }

  requestRender(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #syncSize(): void {
    const w = Math.max(1, Math.floor(this.canvas.clientWidth));
    const h = Math.max(1, Math.floor(this.canvas.clientHeight));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
  }

  /** The tiles under the view: [key, rows, cols] each. */
  #visibleTiles(p: Plane): [string, [number, number], [number, number]][] {
    const th = tileSize(p.chunkRows);
    const tw = tileSize(p.chunkCols);
    const region = visibleRegion(this.view, this.canvas.width, this.canvas.height, p.rows, p.cols);
    const out: [string, [number, number], [number, number]][] = [];
    if (region.rows[0] >= region.rows[1] || region.cols[0] >= region.cols[1]) return out;
    const prefix = `${p.sourceId}|${p.path}|${this.index.join(",")}|`;
    for (let tr = Math.floor(region.rows[0] / th); tr * th < region.rows[1]; tr++) {
      for (let tc = Math.floor(region.cols[0] / tw); tc * tw < region.cols[1]; tc++) {
        out.push([
          `${prefix}${tr},${tc}`,
          [tr * th, Math.min(p.rows, (tr + 1) * th)],
          [tc * tw, Math.min(p.cols, (tc + 1) * tw)],
        ]);
      }
    }
    return out;
  }

  #fetch(p: Plane, key: string, rows: [number, number], cols: [number, number]): void {
    this.#inflight.add(key);
    const index = this.index;
    this.workers
      .read(p.sourceId, p.source, p.path, index, rows, cols)
      .then(
        (tile): Entry => ({ tile }),
        (e: Error): Entry => ({ error: e.message }),
      )
      .then((entry) => {
        this.#inflight.delete(key);
        if (this.plane !== p) return this.requestRender();
        this.#tiles.set(key, entry);
        this.#bytes += entryBytes(entry);
        this.#evict();
        if (entry.error) this.onError?.(entry.error);
        this.requestRender();
      });
  }

  /** Drops the least recently drawn tiles (first in the map) while over the budget. */
  #evict(): void {
    for (const [key, e] of this.#tiles) {
      if (this.#bytes <= MAX_TILE_BYTES || this.#tiles.size <= 1) break;
      this.#tiles.delete(key);
      this.#bytes -= entryBytes(e);
    }
  }

  #render(): void {
    this.#syncSize();
    const ctx = this.canvas.getContext("2d")!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const p = this.plane;
    if (!p) {
      this.#publish(0);
      return;
    }
    ctx.imageSmoothingEnabled = false;
    const { scale, x0, y0 } = this.view;
    ctx.setTransform(scale, 0, 0, scale, -x0 * scale, -y0 * scale);
    const region = visibleRegion(this.view, this.canvas.width, this.canvas.height, p.rows, p.cols);
    const elements = (region.rows[1] - region.rows[0]) * (region.cols[1] - region.cols[0]);
    if (elements > MAX_VIEW_ELEMENTS) {
      this.onNotice?.(
        `the view covers ${elements} elements (at most ${MAX_VIEW_ELEMENTS}): zoom in`,
      );
      this.#publish(0);
      return;
    }
    this.onNotice?.(undefined);
    const paintKey = `${this.cmap}|${this.lo}|${this.hi}`;
    let missing = 0;
    for (const [key, rows, cols] of this.#visibleTiles(p)) {
      const entry = this.#tiles.get(key);
      if (!entry) {
        missing++;
        if (!this.#inflight.has(key)) this.#fetch(p, key, rows, cols);
        continue;
      }
      // Most recently used last: the first key is the one to drop.
      this.#tiles.delete(key);
      this.#tiles.set(key, entry);
      if (!entry.tile) continue;
      if (entry.painted?.key !== paintKey)
        entry.painted = { key: paintKey, canvas: this.#paint(entry.tile, entry.painted?.canvas) };
      ctx.drawImage(entry.painted.canvas, cols[0], rows[0]);
    }
    this.#publish(missing);
    if (missing === 0) this.onComplete?.();
  }

  #paint(tile: Tile, reuse: HTMLCanvasElement | undefined): HTMLCanvasElement {
    const c = reuse ?? document.createElement("canvas");
    c.width = tile.cols;
    c.height = tile.rows;
    const image = new ImageData(tile.cols, tile.rows);
    applyColormap(tile.values, image.data, colormapTable(this.cmap), this.lo, this.hi);
    c.getContext("2d")!.putImageData(image, 0, 0);
    return c;
  }

  /** State for people and tests: tiles still loading, renders so far, the view. */
  #publish(missing: number): void {
    this.#renders++;
    const d = this.canvas.dataset;
    d.pending = String(missing);
    d.renders = String(this.#renders);
    d.view = JSON.stringify(this.view);
    d.plane = this.plane ? `${this.plane.path}|${this.index.join(",")}` : "";
  }

  /** The smallest and largest finite values of the loaded tiles under the view. */
  visibleRange(): [number, number] | undefined {
    const p = this.plane;
    if (!p) return undefined;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const region = visibleRegion(this.view, this.canvas.width, this.canvas.height, p.rows, p.cols);
    for (const [key, rows, cols] of this.#visibleTiles(p)) {
      const tile = this.#tiles.get(key)?.tile;
      if (!tile) continue;
      const r0 = Math.max(rows[0], region.rows[0]) - rows[0];
      const r1 = Math.min(rows[1], region.rows[1]) - rows[0];
      const c0 = Math.max(cols[0], region.cols[0]) - cols[0];
      const c1 = Math.min(cols[1], region.cols[1]) - cols[0];
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          const v = tile.values[r * tile.cols + c]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    return lo <= hi ? [lo, hi] : undefined;
  }
}

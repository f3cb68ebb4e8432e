// The viewer in headless Chromium against nginx: a gradient written live by zarr-python, opened
// by URL parameters, checked pixel by pixel against the formula through the colour map; the
// chunk requests nginx served for a slider move, a zoom and a pan; the tree and info panels
// against zarr-python's own `info`.
import { join } from "node:path";
import * as zarr from "zarrkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKGROUND, decodePng, pixelMismatches, type RGB, viridis } from "./expected-pixels.js";
import {
  CHUNKS,
  gradient,
  SHAPE,
  type WrittenStore,
  writeGradientStore,
} from "./gradient-store.js";
import {
  chunkRequests,
  startViewerSite,
  textOf,
  type ViewerSite,
  waitForPlane,
} from "./viewer-page.js";

const LO = 0;
const HI = 4000;
const ARRAY = "/data/example.zarr/gradient/";

let site: ViewerSite;
let written: WrittenStore;
let setupError: unknown;

function ready(): ViewerSite {
  if (setupError !== undefined) throw setupError;
  return site;
}

beforeAll(async () => {
  try {
    site = await startViewerSite();
    written = writeGradientStore(join(site.root, "data/example.zarr"));
    await writeShardedV3(join(site.root, "data/v3.zarr"));
    await site.page.goto(
      `${site.nginx.url}viewer/index.html?url=/data/example.zarr&path=gradient&min=${LO}&max=${HI}&cmap=viridis`,
    );
    await waitForPlane(site.page, "gradient|0");
  } catch (e) {
    setupError = e;
  }
}, 120_000);

afterAll(async () => {
  await site?.close();
});

/** Slice 0 of the gradient as a sharded Zarr v3 array, written by zarrkit. */
async function writeShardedV3(path: string): Promise<void> {
  const [, rows, cols] = SHAPE;
  const data = new Uint16Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) data[i * cols + j] = gradient(0, i, j);
  const z = await zarr.create([rows, cols], {
    dtype: "<u2",
    chunks: [50, 50],
    shards: [100, 200],
    zarrFormat: 3,
    store: path,
  });
  await z.set(null, { data, shape: [rows, cols] });
}

/** Chunk keys ("k.r.c") of the plane at `k` that [rows) x [cols) touches. */
function chunkKeys(k: number, rows: [number, number], cols: [number, number]): string[] {
  const out: string[] = [];
  for (let r = Math.floor(rows[0] / CHUNKS[1]); r * CHUNKS[1] < rows[1]; r++)
    for (let c = Math.floor(cols[0] / CHUNKS[2]); c * CHUNKS[2] < cols[1]; c++)
      out.push(`${k}.${r}.${c}`);
  return out;
}

/** The array rows and columns under the canvas for a view (x0, y0 at the top-left). */
function region(view: { scale: number; x0: number; y0: number }, w: number, h: number) {
  return {
    rows: [Math.max(0, view.y0), Math.min(SHAPE[1], Math.ceil(view.y0 + h / view.scale))] as [
      number,
      number,
    ],
    cols: [Math.max(0, view.x0), Math.min(SHAPE[2], Math.ceil(view.x0 + w / view.scale))] as [
      number,
      number,
    ],
  };
}

async function canvasSize(s: ViewerSite): Promise<{ w: number; h: number }> {
  return s.page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>("#canvas")!;
    return { w: c.clientWidth, h: c.clientHeight };
  });
}

async function screenshot(s: ViewerSite) {
  return decodePng(await s.page.locator("#canvas").screenshot());
}

/** The expected colour at canvas pixel (x, y) of plane k under a view, background outside. */
function expectedAt(k: number, view: { scale: number; x0: number; y0: number }) {
  return (x: number, y: number): RGB => {
    const j = view.x0 + Math.floor(x / view.scale);
    const i = view.y0 + Math.floor(y / view.scale);
    if (i >= SHAPE[1] || j >= SHAPE[2]) return BACKGROUND;
    return viridis(gradient(k, i, j), LO, HI);
  };
}

async function waitForView(s: ViewerSite, view: { scale: number; x0: number; y0: number }) {
  await s.page.waitForFunction(
    (want) => {
      const d = document.querySelector<HTMLCanvasElement>("#canvas")!.dataset;
      return d.view === want && d.pending === "0";
    },
    JSON.stringify(view),
    { timeout: 30_000 },
  );
}

describe("the viewer in headless Chromium, over nginx", () => {
  it("opens the store from ?url=&path= and draws the slice 1:1, each pixel the value's colour", async () => {
    const s = ready();
    const png = await screenshot(s);
    const { checked, mismatches } = pixelMismatches(
      png,
      7,
      expectedAt(0, { scale: 1, x0: 0, y0: 0 }),
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Most of the sampled pixels are on the array, which fits the canvas whole.
    expect(checked).toBeGreaterThan(((SHAPE[1] / 7) * SHAPE[2]) / 7);
    // Opening read the 12 chunks of slice 0, each once, and nothing else but metadata.
    const got = await chunkRequests(s.nginx, ARRAY);
    expect(got.sort()).toEqual(chunkKeys(0, [0, 300], [0, 400]).sort());
  });

  it("shows the tree and zarr-python's info rows for the array, and its attributes", async () => {
    const s = ready();
    const paths = await s.page.$$eval("button.node", (bs) =>
      bs.map((b) => [(b as HTMLElement).dataset.path, b.textContent]),
    );
    expect(paths).toEqual([
      ["", "/"],
      ["gradient", "gradient"],
      ["labels", "labels/"],
      ["labels/mask", "mask"],
    ]);
    const rows = (text: string) =>
      new Map(
        text
          .split("\n")
          .filter((l) => l.includes(" : "))
          .map((l) => [l.slice(0, l.indexOf(" : ")).trim(), l.slice(l.indexOf(" : ") + 3)]),
      );
    const python = rows(written.info);
    const shown = rows(await textOf(s.page, "#info"));
    for (const field of [
      "Name",
      "Data type",
      "Shape",
      "Chunk shape",
      "Order",
      "Read-only",
      "Compressor",
      "No. bytes",
    ]) {
      expect(python.has(field), field).toBe(true);
      expect(shown.get(field), field).toBe(python.get(field));
    }
    expect(JSON.parse(await textOf(s.page, "#attrs"))).toEqual({ units: "kelvin" });
  });

  it("moving the slider fetches the new slice's chunks in view, each once, and draws them", async () => {
    const s = ready();
    await s.nginx.clearAccessLog();
    await s.page.locator('input[data-dim="0"]').fill("2");
    await waitForPlane(s.page, "gradient|2");
    const got = await chunkRequests(s.nginx, ARRAY);
    expect(got.sort()).toEqual(chunkKeys(2, [0, 300], [0, 400]).sort());
    const { mismatches } = pixelMismatches(
      await screenshot(s),
      11,
      expectedAt(2, { scale: 1, x0: 0, y0: 0 }),
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(new URL(s.page.url()).searchParams.get("index")).toBe("2");
  });

  it("zoom and pan: only the chunks under the view are fetched", async () => {
    const s = ready();
    const { w, h } = await canvasSize(s);
    const box = (await s.page.locator("#canvas").boundingBox())!;
    await s.nginx.clearAccessLog();
    // Two wheel notches at canvas (40, 40) zoom by 4 about that point: the view starts at
    // 40 - 40 / 4 = 30 in both directions.
    await s.page.mouse.move(box.x + 40, box.y + 40);
    await s.page.mouse.wheel(0, -100);
    await s.page.mouse.wheel(0, -100);
    const zoomed = { scale: 4, x0: 30, y0: 30 };
    await waitForView(s, zoomed);
    // Slice 2's tiles were all read at 1:1 already.
    expect(await chunkRequests(s.nginx, ARRAY)).toEqual([]);
    const { mismatches } = pixelMismatches(await screenshot(s), 9, expectedAt(2, zoomed));
    expect(mismatches.slice(0, 5)).toEqual([]);

    // Another slice while zoomed in: just its chunks under the view.
    await s.page.locator('input[data-dim="0"]').fill("1");
    await waitForPlane(s.page, "gradient|1");
    const inView = region(zoomed, w, h);
    const first = chunkKeys(1, inView.rows, inView.cols);
    expect(first.length).toBeLessThan(12);
    expect((await chunkRequests(s.nginx, ARRAY)).sort()).toEqual([...first].sort());

    // Drag 200 pixels left: 50 elements at scale 4; only the chunks newly in view are read.
    await s.nginx.clearAccessLog();
    await s.page.mouse.move(box.x + 400, box.y + 200);
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + 300, box.y + 200, { steps: 4 });
    await s.page.mouse.move(box.x + 200, box.y + 200, { steps: 4 });
    await s.page.mouse.up();
    const panned = { scale: 4, x0: 80, y0: 30 };
    await waitForView(s, panned);
    const after = region(panned, w, h);
    const added = chunkKeys(1, after.rows, after.cols).filter((k) => !first.includes(k));
    expect(added.length).toBeGreaterThan(0);
    expect((await chunkRequests(s.nginx, ARRAY)).sort()).toEqual(added.sort());
    const again = pixelMismatches(await screenshot(s), 9, expectedAt(1, panned));
    expect(again.mismatches.slice(0, 5)).toEqual([]);
  });

  it("the auto button sets the contrast limits to the smallest and largest value in view", async () => {
    const s = ready();
    const { w, h } = await canvasSize(s);
    await s.page.locator("#auto").click();
    const r = region({ scale: 4, x0: 80, y0: 30 }, w, h);
    // The gradient grows along both axes: its extremes are at the region's corners.
    const lo = gradient(1, r.rows[0], r.cols[0]);
    const hi = gradient(1, r.rows[1] - 1, r.cols[1] - 1);
    expect(Number(await s.page.locator("#min").inputValue())).toBe(lo);
    expect(Number(await s.page.locator("#max").inputValue())).toBe(hi);
  });

  it("selecting a node in the tree opens it: a bz2 array (WebAssembly in the workers)", async () => {
    const s = ready();
    await s.page.locator('button.node[data-path="labels/mask"]').click();
    await waitForPlane(s.page, "labels/mask|");
    expect(new URL(s.page.url()).searchParams.get("path")).toBe("labels/mask");
    expect(await textOf(s.page, "#info")).toMatch(/^Compressor\s+: BZ2\(level=5\)$/m);
    await s.page.locator("#auto").click();
    expect(Number(await s.page.locator("#max").inputValue())).toBe(99);
    const png = await screenshot(s);
    const { checked, mismatches } = pixelMismatches(png, 1, (x, y) =>
      x < 10 && y < 10 ? viridis(10 * y + x, 0, 99) : null,
    );
    expect(checked).toBe(100);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("opens a sharded Zarr v3 array by URL and reads its inner chunks with range requests", async () => {
    const s = ready();
    await s.nginx.clearAccessLog();
    await s.page.goto(`${s.nginx.url}viewer/index.html?url=/data/v3.zarr&min=${LO}&max=${HI}`);
    await waitForPlane(s.page, "|");
    const { mismatches } = pixelMismatches(
      await screenshot(s),
      7,
      expectedAt(0, { scale: 1, x0: 0, y0: 0 }),
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
    const data = (await s.nginx.accessLog()).filter((e) => e.path.startsWith("/data/v3.zarr/c/"));
    // 3 x 2 shards, each read in parts (its index, then inner chunks), never whole.
    expect(new Set(data.map((e) => e.path)).size).toBe(6);
    // Tiles (2 x 2 inner chunks) in one shard each read its index, so the browser may answer
    // a repeat from its cache after revalidating it (304); no read asks for a whole shard.
    expect(data.filter((e) => !e.range.startsWith("bytes="))).toEqual([]);
    expect(data.filter((e) => e.status !== 206 && e.status !== 304)).toEqual([]);
    expect(data.some((e) => e.status === 206)).toBe(true);
  });

  it("made no failed request (but metadata probes), page error or console error", () => {
    const s = ready();
    expect(s.problems).toEqual([]);
  });
});

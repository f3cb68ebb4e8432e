// The viewer page: wires the store opening, the tree, the info panel, the sliders and the
// slice renderer together, and keeps the URL in step so a link reopens the same view.
import * as zarr from "zarrkit/browser";
import { COLORMAP_NAMES } from "./colormaps.js";
import { buildTree, type Hierarchy, type Node, nodeAt, openHierarchy } from "./hierarchy.js";
import { showInfo } from "./info-panel.js";
import { pickDirectory } from "./open-dialog.js";
import { type Plane, SliceRenderer } from "./slice-renderer.js";
import { renderSliders } from "./sliders.js";
import { DirectoryHandleStore } from "./directory-store.js";
import { FileListStore, fileEntries } from "./file-list-store.js";
import { describeSource, type Source } from "./sources.js";
import { TileWorkers } from "./tile-workers.js";
import { renderTree } from "./tree-panel.js";
import { readUrlState, writeUrlState } from "./url-state.js";
import { attachViewport } from "./viewport.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>("canvas");
const status = $("status");
const cmapSelect = $<HTMLSelectElement>("cmap");
const minInput = $<HTMLInputElement>("min");
const maxInput = $<HTMLInputElement>("max");

const renderer = new SliceRenderer(canvas, new TileWorkers());
let hierarchy: Hierarchy | undefined;
let source: Source | undefined;
let sourceId = 0;
/**
 * Each array's contrast limits come from its first view once that is in, except the first
 * array's when the URL gives them.
 */
let autoOnComplete = false;
let limitsFromUrl = false;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

for (const name of COLORMAP_NAMES) cmapSelect.add(new Option(name, name));

function setLimits(lo: number, hi: number): void {
  renderer.lo = lo;
  renderer.hi = hi;
  minInput.value = String(lo);
  maxInput.value = String(hi);
  renderer.requestRender();
}

function autoContrast(): void {
  const range = renderer.visibleRange();
  if (range) setLimits(range[0], range[1]);
}

renderer.onComplete = () => {
  if (autoOnComplete) {
    autoOnComplete = false;
    autoContrast();
  }
};
renderer.onError = (message) => say(message, true);
/** The store's description, shown again when a notice no longer applies. */
let storeStatus = "";
let notice = false;
renderer.onNotice = (message) => {
  if (message !== undefined) say(message);
  else if (notice) say(storeStatus);
  notice = message !== undefined;
};

cmapSelect.addEventListener("change", () => {
  renderer.cmap = cmapSelect.value;
  writeUrlState({ cmap: cmapSelect.value });
  renderer.requestRender();
});
for (const input of [minInput, maxInput]) {
  input.addEventListener("change", () => {
    const lo = Number(minInput.value);
    const hi = Number(maxInput.value);
    if (Number.isFinite(lo) && Number.isFinite(hi)) setLimits(lo, hi);
  });
}
$("auto").addEventListener("click", autoContrast);
attachViewport(
  canvas,
  () => renderer.view,
  (view) => {
    renderer.view = view;
    renderer.requestRender();
  },
);

function isNumeric(a: zarr.ZarrArray): boolean {
  return ["b", "i", "u", "f"].includes(a.dataType.kind) && a.ndim >= 1;
}

function dimNames(a: zarr.ZarrArray): string[] {
  const xarray = a.attrs.get("_ARRAY_DIMENSIONS");
  const names = a.dimensionNames ?? (Array.isArray(xarray) ? xarray : null);
  return a.shape.map((_, d) =>
    typeof names?.[d] === "string" ? (names[d] as string) : `dim ${d}`,
  );
}

function showArray(a: zarr.ZarrArray, path: string, index: number[] | undefined): void {
  const sliders = $("sliders");
  if (!source || !isNumeric(a)) {
    sliders.replaceChildren();
    renderer.setPlane(undefined, []);
    if (a.ndim === 0 || !isNumeric(a))
      say(`${a}: not a numeric array of 1 or more dimensions; nothing to draw`);
    return;
  }
  const extra = Math.max(0, a.ndim - 2);
  const start = a.shape.slice(0, extra).map((n, d) => {
    const i = index?.[d];
    return Number.isInteger(i) ? Math.min(Math.max(0, i!), n - 1) : 0;
  });
  const names = dimNames(a);
  renderSliders(
    sliders,
    a.shape.slice(0, extra).map((size, d) => ({ name: names[d]!, size })),
    start,
    (next) => {
      renderer.index = next;
      writeUrlState({ index: next.join(",") });
      renderer.requestRender();
    },
  );
  const two = a.ndim >= 2;
  const plane: Plane = {
    sourceId,
    source,
    path,
    rows: two ? a.shape[a.ndim - 2]! : 1,
    cols: a.shape[a.ndim - 1]!,
    chunkRows: two ? a.chunks[a.ndim - 2]! : 1,
    chunkCols: a.chunks[a.ndim - 1]!,
  };
  autoOnComplete = !limitsFromUrl;
  limitsFromUrl = false;
  renderer.setPlane(plane, start);
  if (extra > 0) writeUrlState({ index: start.join(",") });
}

async function select(path: string, index?: number[]): Promise<void> {
  if (!hierarchy) return;
  let node: Node;
  try {
    node = await nodeAt(hierarchy.root, path);
  } catch (e) {
    return say((e as Error).message, true);
  }
  writeUrlState({ path });
  for (const b of document.querySelectorAll<HTMLButtonElement>("button.node"))
    b.toggleAttribute("aria-current", b.dataset.path === path);
  $("node-name").textContent = node.name ?? "/";
  await showInfo($("info"), $("attrs"), node);
  if (node instanceof zarr.ZarrArray) showArray(node, path, index);
  else {
    $("sliders").replaceChildren();
    renderer.setPlane(undefined, []);
  }
}

async function openSource(next: Source, path: string, index?: number[]): Promise<void> {
  say(`opening ${describeSource(next)} ...`);
  try {
    hierarchy = await openHierarchy(next);
  } catch (e) {
    hierarchy = undefined;
    return say(`cannot open ${describeSource(next)}: ${(e as Error).message}`, true);
  }
  source = next;
  sourceId++;
  const tree = await buildTree(hierarchy.root);
  renderTree($("tree"), tree, path, (p) => void select(p));
  storeStatus = `${describeSource(next)}${hierarchy.consolidated ? " (consolidated metadata)" : ""}`;
  say(storeStatus);
  await select(path, index);
}

$<HTMLFormElement>("open-url").addEventListener("submit", (e) => {
  e.preventDefault();
  const url = new URL($<HTMLInputElement>("url").value, location.href).href;
  writeUrlState({ url, path: undefined, index: undefined });
  void openSource({ kind: "url", url }, "");
});
$("open-folder").addEventListener("click", async () => {
  const picked = await pickDirectory().catch((e: Error) => say(e.message, true));
  if (!picked) return;
  writeUrlState({ url: undefined, path: undefined, index: undefined });
  await openSource(picked, "");
});

const initial = readUrlState();
cmapSelect.value = initial.cmap && COLORMAP_NAMES.includes(initial.cmap) ? initial.cmap : "viridis";
renderer.cmap = cmapSelect.value;
if (initial.min !== undefined && initial.max !== undefined) {
  setLimits(initial.min, initial.max);
  limitsFromUrl = true;
}
if (initial.url) {
  const url = new URL(initial.url, location.href).href;
  $<HTMLInputElement>("url").value = url;
  void openSource({ kind: "url", url }, initial.path, initial.index);
}

/** For the console and the tests: open any source (such as an OPFS folder), and the stores. */
const api = { open: openSource, DirectoryHandleStore, FileListStore, fileEntries };
export type ViewerApi = typeof api;
(globalThis as { zarrkitViewer?: ViewerApi }).zarrkitViewer = api;

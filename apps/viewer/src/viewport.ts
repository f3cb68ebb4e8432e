// Pan (drag) and zoom (wheel) over the canvas. Units are CSS pixels: at scale 1 one array
// element is one canvas pixel, so the 1:1 view shows the data unresampled.
export interface View {
  /** Canvas pixels per array element. */
  scale: number;
  /** The array coordinates (column, row) at the canvas's top-left corner. */
  x0: number;
  y0: number;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;

/** The view that shows a `rows` x `cols` plane whole, at a power-of-two scale up to 1:1. */
export function fitView(rows: number, cols: number, width: number, height: number): View {
  const fit = Math.min(width / Math.max(cols, 1), height / Math.max(rows, 1));
  const scale = fit >= 1 ? 1 : Math.max(MIN_SCALE, 2 ** Math.floor(Math.log2(fit)));
  return { scale, x0: 0, y0: 0 };
}

/** Rows and columns of the array under a `width` x `height` canvas, as [start, stop). */
export function visibleRegion(
  view: View,
  width: number,
  height: number,
  rows: number,
  cols: number,
): { rows: [number, number]; cols: [number, number] } {
  const clip = (a: number, n: number) => Math.min(Math.max(a, 0), n);
  return {
    rows: [clip(Math.floor(view.y0), rows), clip(Math.ceil(view.y0 + height / view.scale), rows)],
    cols: [clip(Math.floor(view.x0), cols), clip(Math.ceil(view.x0 + width / view.scale), cols)],
  };
}

/** The view after zooming by `factor` about the canvas point (px, py), which stays put. */
export function zoomAbout(view: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const ax = view.x0 + px / view.scale;
  const ay = view.y0 + py / view.scale;
  return { scale, x0: ax - px / scale, y0: ay - py / scale };
}

/**
 * Wires the canvas's pointer and wheel events to a view. One wheel notch (deltaY 100 pixels)
 * zooms by 2, so a mouse steps through powers of two; a trackpad's small deltas zoom smoothly.
 */
export function attachViewport(
  canvas: HTMLCanvasElement,
  get: () => View,
  set: (view: View) => void,
): void {
  let drag: { id: number; x: number; y: number } | undefined;
  canvas.addEventListener("pointerdown", (e) => {
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drag || drag.id !== e.pointerId) return;
    const v = get();
    set({
      ...v,
      x0: v.x0 - (e.clientX - drag.x) / v.scale,
      y0: v.y0 - (e.clientY - drag.y) / v.scale,
    });
    drag.x = e.clientX;
    drag.y = e.clientY;
  });
  const end = (e: PointerEvent) => {
    if (drag?.id === e.pointerId) drag = undefined;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  canvas.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      const lines = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : 1;
      const rect = canvas.getBoundingClientRect();
      set(
        zoomAbout(
          get(),
          2 ** (-(e.deltaY * lines) / 100),
          e.clientX - rect.left,
          e.clientY - rect.top,
        ),
      );
    },
    { passive: false },
  );
}

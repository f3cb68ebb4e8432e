// The pure parts of the viewer, in Node: the view's geometry, the tile grid, the colour
// tables and the URL parameters.
import * as chromatic from "d3-scale-chromatic";
import { describe, expect, it } from "vitest";
import { applyColormap, COLORMAP_NAMES, colormapTable, parseColor } from "../src/colormaps.js";
import { tileSize } from "../src/tile-size.js";
import { readUrlState } from "../src/url-state.js";
import { fitView, MAX_SCALE, visibleRegion, zoomAbout } from "../src/viewport.js";

describe("viewport", () => {
  it("fits a plane at 1:1 when it fits, else at the power of two below", () => {
    expect(fitView(300, 400, 940, 650)).toEqual({ scale: 1, x0: 0, y0: 0 });
    expect(fitView(3000, 4000, 940, 650)).toEqual({ scale: 0.125, x0: 0, y0: 0 });
    expect(fitView(10, 1300, 940, 650)).toEqual({ scale: 0.5, x0: 0, y0: 0 });
  });

  it("zooms about the pointer: the element under it stays under it", () => {
    const v = zoomAbout({ scale: 1, x0: 0, y0: 0 }, 2, 40, 40);
    expect(v).toEqual({ scale: 2, x0: 20, y0: 20 });
    expect(zoomAbout(v, 2, 40, 40)).toEqual({ scale: 4, x0: 30, y0: 30 });
    expect(zoomAbout({ scale: 32, x0: 5, y0: 5 }, 4, 0, 0).scale).toBe(MAX_SCALE);
  });

  it("the visible region is the elements under the canvas, cut to the plane", () => {
    expect(visibleRegion({ scale: 4, x0: 30, y0: 30 }, 940, 650, 300, 400)).toEqual({
      rows: [30, 193],
      cols: [30, 265],
    });
    expect(visibleRegion({ scale: 1, x0: -50, y0: 250 }, 100, 100, 300, 400)).toEqual({
      rows: [250, 300],
      cols: [0, 50],
    });
    expect(visibleRegion({ scale: 1, x0: 500, y0: 0 }, 100, 100, 300, 400).cols).toEqual([
      400, 400,
    ]);
  });

  it("tiles are whole chunks, at least 64 a side, at most 1024 for huge chunks", () => {
    expect([1, 10, 64, 100, 1000, 1024, 5000].map(tileSize)).toEqual([
      64, 70, 64, 100, 1000, 1024, 1024,
    ]);
  });
});

describe("colour maps", () => {
  it("tables hold d3-scale-chromatic's colours at i / 255", () => {
    const t = colormapTable("viridis");
    expect([...t.slice(0, 4)]).toEqual([68, 1, 84, 255]);
    expect([...t.slice(255 * 4)]).toEqual([253, 231, 37, 255]);
    expect([...t.slice(128 * 4, 128 * 4 + 3)]).toEqual(
      parseColor(chromatic.interpolateViridis(128 / 255)),
    );
    expect([...colormapTable("gray").slice(100 * 4, 100 * 4 + 4)]).toEqual([100, 100, 100, 255]);
    expect(COLORMAP_NAMES).toContain("turbo");
    expect(() => colormapTable("jet")).toThrow(
      /unknown colour map "jet": expected one of gray, viridis/,
    );
  });

  it("maps values through the contrast limits: clamped, rounded to the nearest entry, NaN transparent", () => {
    const gray = colormapTable("gray");
    const rgba = new Uint8ClampedArray(6 * 4);
    applyColormap([-5, 0, 0.5, 1, 99, Number.NaN], rgba, gray, 0, 1);
    expect([...rgba]).toEqual([
      0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0,
      0, 0,
    ]);
    // Equal limits: at or below is the first colour, above the last.
    applyColormap([3, 4], rgba, gray, 3, 3);
    expect([...rgba.slice(0, 8)]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});

describe("URL parameters", () => {
  it("reads url, path, index, cmap and limits; ignores limits that are not numbers", () => {
    expect(
      readUrlState("?url=/data/a.zarr&path=/g/x/&index=3,0&cmap=magma&min=-1.5&max=2e3"),
    ).toEqual({
      url: "/data/a.zarr",
      path: "g/x",
      index: [3, 0],
      cmap: "magma",
      min: -1.5,
      max: 2000,
    });
    expect(readUrlState("?min=abc&max=")).toEqual({
      url: undefined,
      path: "",
      index: undefined,
      cmap: undefined,
      min: undefined,
      max: undefined,
    });
  });
});

// What a pixel should be, computed here from the array's formula: the value's position
// between the contrast limits, rounded to one of 256 entries, looked up in d3-scale-chromatic's
// map directly.
import * as chromatic from "d3-scale-chromatic";
import { PNG } from "pngjs";

export type RGB = [number, number, number];

/** The canvas's CSS background (#222) where nothing is drawn. */
export const BACKGROUND: RGB = [0x22, 0x22, 0x22];

function cssToRgb(css: string): RGB {
  if (css.startsWith("#"))
    return [1, 3, 5].map((o) => Number.parseInt(css.slice(o, o + 2), 16)) as RGB;
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (m === null) throw new Error(`unexpected colour ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function viridis(value: number, lo: number, hi: number): RGB {
  const entry = Math.min(255, Math.max(0, Math.round(((value - lo) / (hi - lo)) * 255)));
  return cssToRgb(chromatic.interpolateViridis(entry / 255));
}

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** Pixels that differ from `expected` (null: not checked), as "x,y: got ... want ...". */
export function pixelMismatches(
  png: PNG,
  step: number,
  expected: (x: number, y: number) => RGB | null,
): { checked: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let checked = 0;
  for (let y = 0; y < png.height; y += step) {
    for (let x = 0; x < png.width; x += step) {
      const want = expected(x, y);
      if (!want) continue;
      checked++;
      const o = (y * png.width + x) * 4;
      const got = [png.data[o], png.data[o + 1], png.data[o + 2]];
      if (got.some((v, c) => v !== want[c])) mismatches.push(`${x},${y}: got ${got} want ${want}`);
    }
  }
  return { checked, mismatches };
}

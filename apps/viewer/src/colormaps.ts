// Colour maps as 256-entry RGBA tables, sampled from d3-scale-chromatic's interpolators, and
// the mapping of values to table entries under contrast limits.
import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolatePlasma,
  interpolateTurbo,
  interpolateViridis,
} from "d3-scale-chromatic";

const INTERPOLATORS: Record<string, (t: number) => string> = {
  gray: (t) => {
    const v = Math.round(t * 255);
    return `rgb(${v}, ${v}, ${v})`;
  },
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
  cividis: interpolateCividis,
  turbo: interpolateTurbo,
};

export const COLORMAP_NAMES: readonly string[] = Object.keys(INTERPOLATORS);

/** "#rrggbb" or "rgb(r, g, b)", the two forms d3-scale-chromatic returns. */
export function parseColor(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [1, 2, 3].map((i) => Number.parseInt(hex[i]!, 16)) as [number, number, number];
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (rgb) return [1, 2, 3].map((i) => Number(rgb[i])) as [number, number, number];
  throw new Error(`unexpected colour "${css}" from the colour map`);
}

const tables = new Map<string, Uint8ClampedArray>();

/** The map's 256 colours, RGBA, entry i at t = i / 255. */
export function colormapTable(name: string): Uint8ClampedArray {
  let table = tables.get(name);
  if (table) return table;
  const interpolate = INTERPOLATORS[name];
  if (!interpolate)
    throw new RangeError(
      `unknown colour map "${name}": expected one of ${COLORMAP_NAMES.join(", ")}`,
    );
  table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    table.set([...parseColor(interpolate(i / 255)), 255], i * 4);
  }
  tables.set(name, table);
  return table;
}

/**
 * Paint `values` into `rgba` (4 bytes a value): `lo` and below take the first colour, `hi` and
 * above the last, linear between (rounded to the nearest entry). NaN is transparent.
 */
export function applyColormap(
  values: ArrayLike<number>,
  rgba: Uint8ClampedArray,
  table: Uint8ClampedArray,
  lo: number,
  hi: number,
): void {
  const span = hi - lo;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    const o = k * 4;
    if (Number.isNaN(v)) {
      rgba[o + 3] = 0;
      continue;
    }
    let i: number;
    if (span > 0) i = Math.round(((v - lo) / span) * 255);
    else i = v <= lo ? 0 : 255;
    i = Math.min(255, Math.max(0, i));
    rgba[o] = table[i * 4]!;
    rgba[o + 1] = table[i * 4 + 1]!;
    rgba[o + 2] = table[i * 4 + 2]!;
    rgba[o + 3] = 255;
  }
}

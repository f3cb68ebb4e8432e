// The JSON selections of random-selections.ts in zarrkit's own terms, and each read or write
// sent through either form of the API (`a.oindex.get` or `a.getOrthogonalSelection`, ...),
// alternating, so both forms see every kind of case.
import * as zarr from "zarrkit";
import type { Entry, NestedBools, SelectionCase } from "./random-selections.js";

export type FancyEntry = number | zarr.Slice | null | number[] | number[][] | boolean[];

export function toZarrkit(entry: Entry): FancyEntry {
  if (entry === null) return null;
  if ("i" in entry) return entry.i;
  if ("s" in entry) return zarr.slice(entry.s[0], entry.s[1], entry.s[2]);
  if ("a" in entry) return entry.a;
  return entry.b;
}

/** Coordinate selections hold only integers and integer arrays. */
function coordinates(sel: readonly Entry[]): zarr.CoordinateSelection {
  return sel.map((e) => {
    const z = toZarrkit(e);
    if (typeof z === "number" || Array.isArray(z)) return z;
    throw new Error(`not a coordinate entry: ${JSON.stringify(e)}`);
  });
}

/** Block selections hold only integers, slices and null. */
function blocks(sel: readonly Entry[]): zarr.BlockSelection {
  return sel.map((e) => {
    const z = toZarrkit(e);
    if (Array.isArray(z)) throw new Error(`not a block entry: ${JSON.stringify(e)}`);
    return z;
  });
}

/** What a read gives, as numbers: booleans as 0/1, a scalar as shape []. */
export interface Values {
  shape: number[];
  values: number[];
}

export function valuesOf(result: unknown): Values {
  if (result instanceof zarr.NdArray)
    return {
      shape: [...result.shape],
      values: Array.from(result.data as ArrayLike<number | boolean>, Number),
    };
  return { shape: [], values: [Number(result)] };
}

type AnyArray = zarr.ZarrArray<string>;

export async function fancyGet(
  z: AnyArray,
  c: SelectionCase,
  methodForm: boolean,
): Promise<unknown> {
  if (c.kind === "m") {
    const mask = c.sel as NestedBools[];
    return methodForm ? z.getMaskSelection(mask) : z.vindex.get(mask);
  }
  switch (c.kind) {
    case "o": {
      const sel = c.sel.map(toZarrkit);
      return methodForm ? z.getOrthogonalSelection(sel) : z.oindex.get(sel);
    }
    case "c": {
      const sel = coordinates(c.sel);
      return methodForm ? z.getCoordinateSelection(sel) : z.vindex.get(sel);
    }
    case "b": {
      const sel = blocks(c.sel);
      return methodForm ? z.getBlockSelection(sel) : z.blocks.get(sel);
    }
  }
}

export async function fancySet(
  z: AnyArray,
  c: SelectionCase,
  value: zarr.SelectionValue,
  methodForm: boolean,
): Promise<void> {
  if (c.kind === "m") {
    const mask = c.sel as NestedBools[];
    return methodForm ? z.setMaskSelection(mask, value) : z.vindex.set(mask, value);
  }
  switch (c.kind) {
    case "o": {
      const sel = c.sel.map(toZarrkit);
      return methodForm ? z.setOrthogonalSelection(sel, value) : z.oindex.set(sel, value);
    }
    case "c": {
      const sel = coordinates(c.sel);
      return methodForm ? z.setCoordinateSelection(sel, value) : z.vindex.set(sel, value);
    }
    case "b": {
      const sel = blocks(c.sel);
      return methodForm ? z.setBlockSelection(sel, value) : z.blocks.set(sel, value);
    }
  }
}

/** The outcome of a call: its value, or the error it threw. */
export async function outcome<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

// The JSON selections of random-selections.ts in zarrkit's own terms, and each read or write
// sent through either form of the API (`a.oindex.get` or `a.getOrthogonalSelection`, ...)
// with index arrays as plain JS arrays or typed (Int32Array, integer and Boolean NdArrays),
// by turns, so every kind of case meets every form.
import * as zarr from "zarrkit";
import type { Entry, NestedBools, SelectionCase } from "./random-selections.js";

export type FancyEntry = number | zarr.Slice | null | "..." | zarr.IndexArrayLike;

/** How the n-th call of a run is made: which API form, and whether index arrays are typed. */
function form(variant: number): { method: boolean; typed: boolean } {
  return { method: variant % 2 === 1, typed: variant % 3 === 2 };
}

/** Nested JS booleans as a Boolean NdArray of the same shape. */
function boolNdArray(nested: NestedBools | NestedBools[]): zarr.NdArray {
  const shape: number[] = [];
  for (let p: unknown = nested; Array.isArray(p); p = p[0]) shape.push(p.length);
  const flat: boolean[] = [];
  const walk = (x: NestedBools | NestedBools[]): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else flat.push(x);
  };
  walk(nested);
  return new zarr.NdArray(Uint8Array.from(flat, Number), shape, "|b1");
}

export function toZarrkit(entry: Entry, typed = false): FancyEntry {
  if (entry === null) return null;
  if ("e" in entry) return "...";
  if ("i" in entry) return entry.i;
  if ("s" in entry) return zarr.slice(entry.s[0], entry.s[1], entry.s[2]);
  if ("a" in entry) {
    if (!typed) return entry.a;
    const a = entry.a;
    if (a.length > 0 && Array.isArray(a[0])) {
      const rows = a as number[][];
      return new zarr.NdArray(Int32Array.from(rows.flat()), [rows.length, rows[0]!.length], "<i4");
    }
    return Int32Array.from(a as number[]);
  }
  return typed ? boolNdArray(entry.b) : entry.b;
}

function orthogonal(sel: readonly Entry[], typed: boolean): zarr.OrthogonalSelection {
  return sel.map((e) => toZarrkit(e, typed));
}

/** Coordinate selections hold only integers and integer arrays. */
function coordinates(sel: readonly Entry[], typed: boolean): zarr.CoordinateSelection {
  return sel.map((e) => {
    const z = toZarrkit(e, typed);
    if (z === null || z === "..." || (typeof z === "object" && "kind" in z))
      throw new Error(`not a coordinate entry: ${JSON.stringify(e)}`);
    return z;
  });
}

/** Block selections hold only integers, slices and null. */
function blocks(sel: readonly Entry[]): zarr.BlockSelection {
  return sel.map((e) => {
    const z = toZarrkit(e);
    if (z !== null && typeof z === "object" && !("kind" in z))
      throw new Error(`not a block entry: ${JSON.stringify(e)}`);
    return z as number | zarr.Slice | null | "...";
  });
}

function maskOf(c: SelectionCase, typed: boolean): zarr.MaskSelection {
  const mask = c.sel as NestedBools[];
  return typed ? boolNdArray(mask) : mask;
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

export async function fancyGet(z: AnyArray, c: SelectionCase, variant: number): Promise<unknown> {
  const { method: methodForm, typed } = form(variant);
  if (c.kind === "m") {
    const mask = maskOf(c, typed);
    return methodForm ? z.getMaskSelection(mask) : z.vindex.get(mask);
  }
  switch (c.kind) {
    case "o": {
      const sel = orthogonal(c.sel, typed);
      return methodForm ? z.getOrthogonalSelection(sel) : z.oindex.get(sel);
    }
    case "c": {
      const sel = coordinates(c.sel, typed);
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
  variant: number,
): Promise<void> {
  const { method: methodForm, typed } = form(variant);
  if (c.kind === "m") {
    const mask = maskOf(c, typed);
    return methodForm ? z.setMaskSelection(mask, value) : z.vindex.set(mask, value);
  }
  switch (c.kind) {
    case "o": {
      const sel = orthogonal(c.sel, typed);
      return methodForm ? z.setOrthogonalSelection(sel, value) : z.oindex.set(sel, value);
    }
    case "c": {
      const sel = coordinates(c.sel, typed);
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

import type { BlockSelection } from "../indexing/block-selection.js";
import type { CoordinateSelection } from "../indexing/coordinate-selection.js";
import { isMaskSelection, type MaskSelection } from "../indexing/mask-selection.js";
import type { NdArray } from "../indexing/ndarray.js";
import type { OrthogonalSelection } from "../indexing/orthogonal-selection.js";
import type { ScalarFor } from "../metadata/dtype.js";
import type { ArrayIoOptions, ArrayReadOptions, ArrayValue, ZarrArray } from "./array.js";

/** A value a fancy `set` takes: a scalar or data of the selection's shape (not another array). */
export type SelectionValue = Exclude<ArrayValue, ZarrArray<string>>;

/** `a.oindex`: orthogonal selection, as zarr-python's `z.oindex[...]`. */
export class OIndex<D extends string = string> {
  readonly #array: ZarrArray<D>;
  constructor(array: ZarrArray<D>) {
    this.#array = array;
  }
  /** `z.oindex[sel]`: {@link ZarrArray.getOrthogonalSelection}. */
  get(selection: OrthogonalSelection, opts?: ArrayReadOptions): Promise<NdArray<D> | ScalarFor<D>> {
    return this.#array.getOrthogonalSelection(selection, opts);
  }
  /** `z.oindex[sel] = value`: {@link ZarrArray.setOrthogonalSelection}. */
  set(selection: OrthogonalSelection, value: SelectionValue, opts?: ArrayIoOptions): Promise<void> {
    return this.#array.setOrthogonalSelection(selection, value, opts);
  }
}

/**
 * `a.vindex`: coordinate selection (one integer array per dimension, broadcast together) or,
 * given one Boolean array of the array's shape, mask selection; as zarr-python's `z.vindex[...]`.
 */
export class VIndex<D extends string = string> {
  readonly #array: ZarrArray<D>;
  constructor(array: ZarrArray<D>) {
    this.#array = array;
  }
  /**
   * `z.vindex[sel]`: {@link ZarrArray.getMaskSelection} for one Boolean array of the array's
   * shape, else {@link ZarrArray.getCoordinateSelection}.
   */
  get(
    selection: CoordinateSelection | MaskSelection,
    opts?: ArrayReadOptions,
  ): Promise<NdArray<D>> {
    return isMaskSelection(selection)
      ? this.#array.getMaskSelection(selection as MaskSelection, opts)
      : this.#array.getCoordinateSelection(selection as CoordinateSelection, opts);
  }
  /**
   * `z.vindex[sel] = value`: {@link ZarrArray.setMaskSelection} for one Boolean array of the
   * array's shape, else {@link ZarrArray.setCoordinateSelection}.
   */
  set(
    selection: CoordinateSelection | MaskSelection,
    value: SelectionValue,
    opts?: ArrayIoOptions,
  ): Promise<void> {
    return isMaskSelection(selection)
      ? this.#array.setMaskSelection(selection as MaskSelection, value, opts)
      : this.#array.setCoordinateSelection(selection as CoordinateSelection, value, opts);
  }
}

/** `a.blocks`: selection in units of chunks, as zarr-python 2.14's `z.blocks[...]`. */
export class BlockIndex<D extends string = string> {
  readonly #array: ZarrArray<D>;
  constructor(array: ZarrArray<D>) {
    this.#array = array;
  }
  /** `z.blocks[sel]`: {@link ZarrArray.getBlockSelection}. */
  get(selection: BlockSelection, opts?: ArrayReadOptions): Promise<NdArray<D>> {
    return this.#array.getBlockSelection(selection, opts);
  }
  /** `z.blocks[sel] = value`: {@link ZarrArray.setBlockSelection}. */
  set(selection: BlockSelection, value: ArrayValue, opts?: ArrayIoOptions): Promise<void> {
    return this.#array.setBlockSelection(selection, value, opts);
  }
}

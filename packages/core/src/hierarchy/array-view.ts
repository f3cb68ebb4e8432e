import { AsTypeView } from "../codecs/astype-view.js";
import type { Codec } from "../codecs/codec.js";
import { MetadataError, ZarrError } from "../errors.js";
import { type ArrayMetadata, shardingConfig } from "../metadata/array-metadata.js";
import { type ChunksOption, normalizeChunks } from "../metadata/chunk-grid.js";
import { type DataType, parseDataType } from "../metadata/dtype.js";
import { type FillValue, normalizeFillValue } from "../metadata/fill-value.js";
import type { StructuredDtypeSpec } from "../metadata/structured-dtype.js";
import { fromV2Parts, toV2Parts } from "../metadata/v2.js";
import type { Synchronizer } from "../runtime/synchronizer.js";

/**
 * What {@link ZarrArray.view} may change (zarr-python's `Array.view` keywords, camelCase).
 * Each field left out keeps the array's own setting. Nothing is written: the view reads the
 * same stored chunks under the new description, so it must match how they were stored.
 */
export interface ArrayViewOptions {
  /** The view's shape; without `chunks`, it must have as many dimensions as the array. */
  shape?: readonly number[] | number;
  /** The chunk shape the stored chunks are read as. */
  chunks?: ChunksOption;
  /**
   * The dtype the decoded chunk bytes are read as (not converted: use
   * {@link ZarrArray.astype} to convert values). Not allowed for a sharded array.
   */
  dtype?: string | DataType | StructuredDtypeSpec;
  /**
   * The view's fill value. Default: the array's, as the new dtype reads it, or none when the
   * new dtype cannot hold it.
   */
  fillValue?: unknown;
  /** Codec instances that replace the array's filters (Zarr v2 arrays); `[]` bypasses them. */
  filters?: readonly Codec[];
  /** Whether writes through the view are refused. Default: the array's `readOnly`. */
  readOnly?: boolean;
  /** The synchronizer for writes through the view. Default: the array's. */
  synchronizer?: Synchronizer;
}

/** The array a view opens: metadata held in memory only, and the codecs that go with it. */
export interface ViewParts {
  meta: ArrayMetadata;
  codecs: Codec[];
  readOnly: boolean;
  synchronizer: Synchronizer | undefined;
}

/** The source array's state a view starts from. */
export interface ViewSource {
  readonly meta: ArrayMetadata;
  readonly codecs: readonly Codec[];
  readonly readOnly: boolean;
  readonly synchronizer: Synchronizer | undefined;
  readonly name: string | null;
}

/**
 * zarr-python's `Array.view`: the same chunks read as another shape, chunk shape, dtype, fill
 * value or filter list. Nothing is written: a chunk key of the view is the store key of the
 * same name, and its bytes are decoded as the view says (so a chunk shape that does not match
 * what is stored fails on read, as in zarr-python).
 */
export function viewParts(src: ViewSource, opts: ArrayViewOptions): ViewParts {
  const where = `view of array "${src.name ?? "/"}"`;
  let meta = src.meta;
  let codecs = [...src.codecs];
  const dtype = opts.dtype === undefined ? meta.dtype : parseDtypeFor(where, opts.dtype);
  if (dtype !== meta.dtype && shardingConfig(meta))
    throw new ZarrError(`${where}: a sharded array cannot be viewed as another dtype`);
  let shape = meta.shape;
  if (opts.shape !== undefined) {
    shape = typeof opts.shape === "number" ? [opts.shape] : [...opts.shape];
    if (!shape.every((s) => Number.isSafeInteger(s) && s >= 0))
      throw new MetadataError(`${where}: shape [${shape.join(", ")}] must hold integers >= 0`);
  }
  const chunkShape =
    opts.chunks !== undefined && opts.chunks !== null
      ? normalizeChunks(opts.chunks, shape, dtype.itemsize)
      : meta.chunkShape;
  if (chunkShape.length !== shape.length)
    throw new MetadataError(
      `${where}: shape [${shape.join(", ")}] has ${shape.length} dimensions but chunks [${chunkShape.join(", ")}] has ${chunkShape.length}; pass chunks too`,
    );
  meta = {
    ...meta,
    shape,
    chunkShape,
    dtype,
    fillValue: viewFill(where, dtype, meta, opts.fillValue),
  };
  if (opts.filters !== undefined) {
    if (meta.zarrFormat !== 2)
      throw new ZarrError(`${where}: filters can be replaced only in Zarr v2 arrays`);
    for (const [i, f] of opts.filters.entries())
      if (typeof f?.decode !== "function" || typeof f.toConfig !== "function")
        throw new ZarrError(
          `${where}: filters[${i}] is not a codec instance (build it with getCodec(config) first)`,
        );
    const parts = toV2Parts(meta);
    const compressor = parts.compressor;
    meta = fromV2Parts(shape, chunkShape, dtype, meta.fillValue, {
      ...parts,
      filters: opts.filters.length > 0 ? opts.filters.map((f) => f.toConfig()) : null,
    });
    const last = compressor ? codecs.at(-1) : undefined;
    codecs = [...opts.filters, ...(last ? [last] : [])];
  }
  return {
    meta,
    codecs,
    readOnly: opts.readOnly ?? src.readOnly,
    synchronizer: opts.synchronizer ?? src.synchronizer,
  };
}

/**
 * zarr-python's `Array.astype`: a read-only view of `dtype` whose chunks go through an
 * `AsType(encode_dtype=<the array's dtype>, decode_dtype=dtype)` placed before the filters.
 */
export function astypeParts(src: ViewSource, dtypeText: string | DataType): ViewParts {
  const where = `astype of array "${src.name ?? "/"}"`;
  const dtype = parseDtypeFor(where, dtypeText);
  const meta = src.meta;
  if (shardingConfig(meta) || meta.codecs.arrayToBytes.id !== "bytes")
    throw new ZarrError(
      `${where}: needs an array whose chunks are plain ${meta.dtype.str} bytes before compression (not sharded, not an object array)`,
    );
  const astype = new AsTypeView(meta.dtype, dtype);
  const leading = meta.codecs.arrayToArray.filter((c, i) => !(i === 0 && c.id === "transpose"));
  // AsType is the first codec on bytes: after the array's own array-to-array codecs.
  const at = leading.length;
  const codecs = [...src.codecs];
  codecs.splice(at, 0, astype);
  const viewed = viewParts(src, { dtype, readOnly: true });
  return {
    ...viewed,
    meta: {
      ...viewed.meta,
      codecs: {
        ...meta.codecs,
        bytesToBytes: [astype.toConfig(), ...meta.codecs.bytesToBytes],
      },
    },
    codecs,
  };
}

function parseDtypeFor(where: string, d: string | DataType | StructuredDtypeSpec): DataType {
  try {
    return parseDataType(d);
  } catch (e) {
    throw new MetadataError(`${where}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The view's fill value: the one given, or the array's carried over as the new dtype reads it.
 * One that the new dtype cannot hold (a string fill viewed as integers) becomes none.
 */
function viewFill(where: string, dtype: DataType, meta: ArrayMetadata, given: unknown): FillValue {
  if (given !== undefined && given !== null) {
    try {
      return dtype.kind === "O" ? given : normalizeFillValue(dtype, given);
    } catch (e) {
      throw new MetadataError(`${where}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (dtype === meta.dtype || dtype.str === meta.dtype.str) return meta.fillValue;
  try {
    return dtype.kind === "O" ? meta.fillValue : normalizeFillValue(dtype, meta.fillValue);
  } catch {
    return null;
  }
}

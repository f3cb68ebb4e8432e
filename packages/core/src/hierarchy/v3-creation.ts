import type { ArrayMetadata } from "../metadata/array-metadata.js";
import { reversedAxes } from "../metadata/array-metadata.js";
import type { Codec, CodecConfig } from "../codecs/codec.js";
import type { V3CodecJson } from "../codecs/codec-registry.js";
import type { DataType } from "../metadata/dtype.js";
import { MetadataError } from "../errors.js";
import type { FillValue } from "../metadata/fill-value.js";
import type { PyJson } from "../metadata/json.js";
import {
  chunkInfoFor,
  codecToV3Json,
  dataTypeNameV3,
  parseNodeMetadataV3,
  V3_META_KEY,
} from "../metadata/v3.js";
import { encodeFillValueV3 } from "../metadata/fill-value-v3.js";

/** A codec as the `codecs` creation option takes it. */
export type V3CodecInput = Codec | CodecConfig | V3CodecJson;

/** What `create` has worked out, for a v3 array. */
export interface V3CreateOptions {
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  readonly dtype: DataType;
  /** The dtype as the caller wrote it, when a string (`"string"`, `"bytes"`, `"float32"`). */
  readonly dtypeName: unknown;
  readonly fillValue: FillValue;
  readonly order: "C" | "F";
  /** For an object dtype the first is the object codec (the array-to-bytes codec). */
  readonly filters: readonly Codec[];
  readonly compressor: Codec | null;
  readonly shards: readonly number[] | null;
  readonly dimensionNames: readonly (string | null)[] | null;
  readonly chunkKeyEncoding?: { name: "default" | "v2"; separator?: "/" | "." } | undefined;
  readonly codecs?: readonly V3CodecInput[] | undefined;
}

function isCodec(c: V3CodecInput): c is Codec {
  return typeof (c as Codec).encode === "function";
}

function isV3Json(c: V3CodecInput): c is V3CodecJson {
  return !isCodec(c) && typeof (c as { name?: unknown }).name === "string" && !("id" in c);
}

/**
 * The model of a new v3 array. The codecs are written as the `zarr.json` entries zarr-python 3
 * would write and read back through the v3 reader, so a new array and a reopened one agree.
 * `instances` holds the caller's codec objects in the order the pipeline runs the codecs.
 */
export function buildV3Metadata(o: V3CreateOptions): {
  meta: ArrayMetadata;
  instances: (Codec | undefined)[];
} {
  const ndim = o.shape.length;
  const info = chunkInfoFor(o.dtype, o.fillValue, o.chunks);
  const toJson = (c: V3CodecInput): PyJson => {
    if (isV3Json(c)) return c as unknown as PyJson;
    return codecToV3Json(isCodec(c) ? c.toConfig() : c, info);
  };
  const isObject = o.dtype.kind === "O";
  const bytes: PyJson =
    o.dtype.itemsize === 1 || o.dtype.byteOrder === "|" || isObject
      ? { name: "bytes" }
      : { name: "bytes", configuration: { endian: o.dtype.byteOrder === ">" ? "big" : "little" } };

  let list: PyJson[];
  let instances: (Codec | undefined)[];
  if (o.codecs) {
    list = o.codecs.map(toJson);
    const names = list.map((e) => (e as { name: string }).name);
    instances = o.codecs
      .map((c) => (isCodec(c) ? c : undefined))
      .filter((_, i) => !(names[i] === "transpose" && i === 0) && names[i] !== "bytes");
  } else {
    const objectCodec = isObject ? o.filters[0] : undefined;
    const filters = isObject ? o.filters.slice(1) : o.filters;
    const transpose: PyJson[] =
      o.order === "F" && ndim > 1
        ? [{ name: "transpose", configuration: { order: reversedAxes(ndim) } }]
        : [];
    list = objectCodec
      ? [toJson(objectCodec), ...filters.map(toJson)]
      : [...transpose, ...filters.map(toJson), bytes];
    if (o.compressor) list.push(toJson(o.compressor));
    instances = [
      ...(objectCodec ? [objectCodec] : []),
      ...filters,
      ...(o.compressor ? [o.compressor] : []),
    ];
  }

  if (o.shards) {
    const shards = [...o.shards];
    if (
      shards.length !== ndim ||
      !shards.every((s, i) => Number.isSafeInteger(s) && s >= 1 && s % o.chunks[i]! === 0)
    )
      throw new MetadataError(
        `shards [${shards.join(", ")}] must have ${ndim} dimensions, each a multiple of chunks [${o.chunks.join(", ")}]`,
      );
    list = [
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [...o.chunks],
          codecs: list,
          index_codecs: [
            { name: "bytes", configuration: { endian: "little" } },
            { name: "crc32c" },
          ],
          index_location: "end",
        },
      },
    ];
    // The sharding codec is built from the registry; the inner codecs come from its config.
    instances = [undefined];
  }

  const a2b = list.find((e) =>
    ["vlen-utf8", "vlen-bytes"].includes((e as { name: string }).name),
  ) as { name: string } | undefined;
  const dataType =
    o.dtypeName === "bytes"
      ? "bytes"
      : isObject
        ? a2b?.name === "vlen-bytes"
          ? "bytes"
          : "string"
        : dataTypeNameV3(o.dtype);
  if (o.dimensionNames && o.dimensionNames.length !== ndim)
    throw new MetadataError(
      `dimensionNames has ${o.dimensionNames.length} entries but the array has ${ndim} dimensions`,
    );
  const keyEncoding = o.chunkKeyEncoding ?? { name: "default" };
  if (keyEncoding.name !== "default" && keyEncoding.name !== "v2")
    throw new MetadataError(
      `chunkKeyEncoding.name must be "default" or "v2", got ${JSON.stringify(keyEncoding.name)}`,
    );
  const doc: Record<string, PyJson> = {
    shape: [...o.shape],
    data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: [...(o.shards ?? o.chunks)] } },
    chunk_key_encoding: {
      name: keyEncoding.name,
      configuration: {
        separator: keyEncoding.separator ?? (keyEncoding.name === "default" ? "/" : "."),
      },
    },
    fill_value: encodeFillValueV3(o.dtype, dataType, o.fillValue) as PyJson,
    codecs: list,
    attributes: {},
  };
  if (o.dimensionNames) doc.dimension_names = [...o.dimensionNames];
  doc.zarr_format = 3;
  doc.node_type = "array";
  doc.storage_transformers = [];
  const node = parseNodeMetadataV3(doc, `new array's ${V3_META_KEY}`);
  if (node.nodeType !== "array") throw new MetadataError("internal: built a group document");
  return { meta: node.meta, instances };
}

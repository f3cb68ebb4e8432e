import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SRC, sources } from "./helpers/source-files.js";
import * as core from "../src/index.js";

/**
 * The runtime names @zarrkit/core publishes, written out by hand: adding or removing one is an
 * API decision, so this list changes with it (and the docs with it), never by accident.
 * Internals (metadata readers and writers, key helpers, node probes) are not here: import
 * them from their modules inside core only.
 */
const PUBLIC = [
  "Attributes",
  "BytesCodec",
  "ChainStepError",
  "ChunkPipeline",
  "CodecError",
  "ConsolidatedMetadataStore",
  "ContainsNodeError",
  "CopyError",
  "Crc32c",
  "DEFAULT_COALESCE_GAP_BYTES",
  "DEFAULT_DECODE_LIMIT",
  "DEFAULT_MIN_WORKER_CHUNK_BYTES",
  "DEFAULT_SHARD_INDEX_CACHE_BYTES",
  "ELLIPSIS",
  "Group",
  "IndexError",
  "LazyLoader",
  "MetadataError",
  "NdArray",
  "NodeNotFoundError",
  "PyFloat",
  "ReadOnlyError",
  "STORE_OPEN_MODES",
  "ShardReader",
  "ShardingCodec",
  "StoreKeyError",
  "ThreadSynchronizer",
  "TransposeCodec",
  "WorkerPool",
  "WorkerPoolExecutor",
  "WorkerTaskError",
  "ZARR_DEFAULT_COMPRESSOR",
  "ZARR_JSON_DUMPS",
  "ZarrArray",
  "ZarrError",
  "allocate",
  "array",
  "asBytes",
  "booleanOption",
  "bytesToChunk",
  "checkCodecOptions",
  "checkDecodeClaim",
  "checkStoreKey",
  "checkStorePrefix",
  "chunkToBytes",
  "clearShardIndexCache",
  "codecConfigFromV3",
  "codecConfigToV3",
  "codecFirstParameter",
  "configureWorkers",
  "consolidateMetadata",
  "copy",
  "copyAll",
  "copyStore",
  "crc32c",
  "create",
  "decodeBound",
  "decodeOverflow",
  "defaultExecutor",
  "digestHashes",
  "dtypeToJson",
  "elementAt",
  "empty",
  "emptyLike",
  "errorAtKey",
  "floatToHalf",
  "fromObjectPayload",
  "full",
  "fullLike",
  "getCodec",
  "getDecodeLimit",
  "getDefaultCompressor",
  "getShardIndexCacheBytes",
  "getWorkerPool",
  "group",
  "halfToFloat",
  "humanReadableSize",
  "formatInfoTable",
  "listDirOfKeys",
  "invalidateShardIndex",
  "isCodecRegistered",
  "isLocalLocation",
  "isPayloadNumeric",
  "isWritable",
  "listKeys",
  "load",
  "localPathOf",
  "localStoreTarget",
  "normalizeFillValue",
  "numericBytes",
  "numericItems",
  "ones",
  "onesLike",
  "open",
  "openArray",
  "openConsolidated",
  "openGroup",
  "parseDataType",
  "parseJson",
  "parseSelectionString",
  "payloadEncodedInfo",
  "payloadItems",
  "payloadNumericType",
  "payloadResult",
  "pyFloatRepr",
  "pyJsonDumps",
  "pyRepr",
  "pyStrRepr",
  "rangeBounds",
  "readRange",
  "registerCodec",
  "registerDigestHash",
  "registerStore",
  "registeredCodecIds",
  "renderTree",
  "requireWritable",
  "resolveStore",
  "save",
  "saveArray",
  "saveGroup",
  "setDecodeLimit",
  "setDefaultCompressor",
  "setDefaultStore",
  "setElement",
  "setShardIndexCacheBytes",
  "slice",
  "storeDelete",
  "storeDeletePrefix",
  "storeHas",
  "storeListDir",
  "storeSet",
  "terminateWorkers",
  "toObjectPayload",
  "tree",
  "typedArrayFor",
  "withKeyLock",
  "withLock",
  "workerSettings",
  "zeros",
  "zerosLike",
];

describe("the public API of @zarrkit/core", () => {
  it("is exactly the listed names", () => {
    expect(Object.keys(core).sort()).toEqual([...PUBLIC].sort());
  });
});

describe("the error contract", () => {
  it("core throws only ZarrError and its subclasses (no plain Error, RangeError, TypeError or object)", () => {
    const offending: string[] = [];
    for (const file of sources(SRC)) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (
            /throw new (Error|RangeError|TypeError|SyntaxError)\(|throw \{|reject\(new (Error|RangeError|TypeError)\(/.test(
              line,
            )
          )
            offending.push(`${file.slice(SRC.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });

  it("a bad worker setting and a bad decode limit are ZarrErrors", () => {
    expect(() => core.configureWorkers({ size: 0 })).toThrow(core.ZarrError);
    expect(() => core.setDecodeLimit(-1)).toThrow(core.ZarrError);
  });
});

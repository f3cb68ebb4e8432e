/**
 * The public names of @zarrkit/core, listed one by one (test/public-api.test.ts pins them).
 * Everything else in src/ is internal and may change in any release.
 */

// Errors
export {
  CodecError,
  ContainsNodeError,
  errorAtKey,
  IndexError,
  MetadataError,
  NodeNotFoundError,
  ReadOnlyError,
  StoreKeyError,
  ZarrError,
} from "./errors.js";
export { CopyError } from "./hierarchy/copy.js";
export { WorkerTaskError } from "./runtime/worker-pool.js";

// Data types and values
export {
  allocate,
  type ChunkData,
  type DataFor,
  type DataType,
  type DataTypeKind,
  elementAt,
  parseDataType,
  type ScalarFor,
  setElement,
  type TypedArray,
  typedArrayFor,
} from "./metadata/dtype.js";
export {
  dtypeToJson,
  type StructField,
  type StructRecord,
  type StructuredDtypeSpec,
  type StructuredFieldSpec,
} from "./metadata/structured-dtype.js";
export { floatToHalf, halfToFloat } from "./codecs/bytes-codec.js";
export { type FillValue, normalizeFillValue } from "./metadata/fill-value.js";

// JSON as Python writes it
export {
  parseJson,
  PyFloat,
  pyFloatRepr,
  type PyJson,
  pyJsonDumps,
  type PyJsonDumpsOptions,
  type PyJsonLoadsOptions,
  type PyJsonProblem,
  ZARR_JSON_DUMPS,
} from "./metadata/json.js";

// Array metadata (the model both formats translate to)
export type { ArrayMetadata, ChunkKeyEncoding, CodecChain } from "./metadata/array-metadata.js";

// Writing a codec
export {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  pyRepr,
  pyStrRepr,
} from "./codecs/codec.js";
export type { ByteRanges } from "./codecs/partial-decode.js";
export {
  codecConfigFromV3,
  codecConfigToV3,
  type CodecFactory,
  codecFirstParameter,
  getCodec,
  isCodecRegistered,
  registerCodec,
  type RegisterCodecOptions,
  registeredCodecIds,
  type V3CodecJson,
  type V3CodecNaming,
} from "./codecs/codec-registry.js";
export {
  checkDecodeClaim,
  decodeBound,
  decodeOverflow,
  DEFAULT_DECODE_LIMIT,
  getDecodeLimit,
  setDecodeLimit,
} from "./codecs/decode-limit.js";
export { booleanOption, checkCodecOptions } from "./codecs/codec-options.js";
export { bytesToChunk, chunkToBytes } from "./codecs/bytes-codec.js";
export {
  fromObjectPayload,
  isPayloadNumeric,
  numericBytes,
  numericItems,
  type ObjectPayload,
  payloadEncodedInfo,
  payloadItems,
  payloadNumericType,
  payloadResult,
  toObjectPayload,
} from "./codecs/object-payload.js";

// Core codecs and the chunk pipeline
export { BytesCodec, type Endian } from "./codecs/bytes.js";
export { TransposeCodec } from "./codecs/transpose.js";
export { Crc32c, crc32c } from "./codecs/crc32c.js";
export {
  DEFAULT_COALESCE_GAP_BYTES,
  type InnerChunkTarget,
  type OpenShardOptions,
  ShardingCodec,
  type ShardingConfig,
  ShardReader,
} from "./codecs/sharding.js";
export {
  clearShardIndexCache,
  DEFAULT_SHARD_INDEX_CACHE_BYTES,
  getShardIndexCacheBytes,
  invalidateShardIndex,
  setShardIndexCacheBytes,
} from "./codecs/shard-index-cache.js";
export { ChunkPipeline, type ChunkPipelineOptions } from "./codecs/pipeline.js";
export { ChainStepError } from "./codecs/chain-runner.js";

// Stores
export {
  type ByteRange,
  isWritable,
  type ListableStore,
  listKeys,
  rangeBounds,
  type ReadableStore,
  readRange,
  requireWritable,
  type Store,
  storeDelete,
  storeDeletePrefix,
  type StoreGetOptions,
  storeHas,
  storeListDir,
  listDirOfKeys,
  storeSet,
  type WritableStore,
} from "./store/store.js";
export { checkStoreKey, checkStorePrefix } from "./store/store-key.js";
export {
  type DigestHash,
  digestHashes,
  registerDigestHash,
} from "./hierarchy/array-digest.js";
export {
  isLocalLocation,
  localPathOf,
  localStoreTarget,
  STORE_OPEN_MODES,
} from "./store/local-location.js";
export {
  type RegisterStoreOptions,
  registerStore,
  resolveStore,
  type StorageOptions,
  type StoreOpener,
} from "./store/store-registry.js";
export { ConsolidatedMetadataStore } from "./hierarchy/consolidated.js";

// Concurrency, workers and locks
export {
  configureWorkers,
  DEFAULT_MIN_WORKER_CHUNK_BYTES,
  getWorkerPool,
  terminateWorkers,
  WorkerPool,
  workerSettings,
  type WorkerSettings,
} from "./runtime/worker-pool.js";
export {
  type ChunkExecutor,
  type CodecTask,
  type CodecTaskResult,
  defaultExecutor,
  type SharedTarget,
  WorkerPoolExecutor,
} from "./runtime/executor.js";
export { ThreadSynchronizer } from "./runtime/thread-synchronizer.js";
export { type Synchronizer, withLock } from "./runtime/synchronizer.js";
export { withKeyLock } from "./runtime/key-lock.js";

// Selections and in-memory arrays
export { NdArray } from "./indexing/ndarray.js";
export {
  ELLIPSIS,
  parseSelectionString,
  type Selection,
  slice,
  type Slice,
} from "./indexing/selection.js";
export type { OrthogonalSelection } from "./indexing/orthogonal-selection.js";
export type { CoordinateSelection } from "./indexing/coordinate-selection.js";
export type { MaskSelection } from "./indexing/mask-selection.js";
export type { BlockSelection } from "./indexing/block-selection.js";
export type { IndexArrayLike } from "./indexing/index-array.js";
export type {
  BlockIndex,
  OIndex,
  SelectionValue,
  VIndex,
} from "./hierarchy/array-indexers.js";

// Arrays, groups and hierarchies
export {
  type ArrayIoOptions,
  type ArrayReadOptions,
  type ArrayValue,
  type CopyProgress,
  type OpenArrayNodeOptions,
  ZarrArray,
} from "./hierarchy/array.js";
export type { ReadOutput } from "./hierarchy/read-output.js";
export { type DatasetOptions, Group } from "./hierarchy/group.js";
export { Attributes } from "./hierarchy/attributes.js";
export {
  array,
  create,
  type CreateOptions,
  empty,
  emptyLike,
  full,
  fullLike,
  ones,
  onesLike,
  openArray,
  type OpenArrayOptions,
  type StoreLike,
  zeros,
  zerosLike,
} from "./hierarchy/creation.js";
export { group, open, openGroup, type OpenGroupOptions } from "./hierarchy/open.js";
export { consolidateMetadata, openConsolidated } from "./hierarchy/consolidated.js";
export {
  copy,
  copyAll,
  type CopyOptions,
  copyStore,
  type CopyStoreOptions,
} from "./hierarchy/copy.js";
export {
  getDefaultCompressor,
  setDefaultCompressor,
  setDefaultStore,
  ZARR_DEFAULT_COMPRESSOR,
} from "./hierarchy/defaults.js";
export { humanReadableSize } from "./hierarchy/format.js";
export {
  type ArrayInfoOptions,
  formatInfoTable,
  type InfoItems,
} from "./hierarchy/array-info.js";
export { renderTree } from "./hierarchy/tree.js";
export type { ArrayViewOptions } from "./hierarchy/array-view.js";
export {
  type ConvenienceOptions,
  LazyLoader,
  load,
  type NamedArrays,
  save,
  saveArray,
  type SaveData,
  saveGroup,
  tree,
} from "./hierarchy/convenience.js";
export type { ChunksOption } from "./metadata/chunk-grid.js";
// Types that appear in the signatures above, so users (and the API reference) can name them.
export type { SelectionEntry } from "./indexing/selection.js";
export type { OrthogonalEntry } from "./indexing/orthogonal-selection.js";
export type { CopyPlan } from "./indexing/strided.js";
export type {
  DataForScalar,
  ScalarForScalar,
  Strip,
  TypedArrayConstructor,
} from "./metadata/dtype.js";
export type { JsonErrorPosition, JsonValue } from "./metadata/json.js";
export type { ShardIndex } from "./codecs/shard-index.js";
export type { DecodeOutput } from "./codecs/chain-runner.js";
export type { ShardEditor, ShardLayout } from "./codecs/sharding.js";
export type { WritableStoreOf } from "./store/store.js";
export type { V3CodecInput } from "./hierarchy/v3-creation.js";
export type { CopyResult, IfExists } from "./hierarchy/copy.js";
export type { LikeSource, OpenMode, ShapeArg } from "./hierarchy/creation.js";
export type { TreeNode } from "./hierarchy/tree.js";
export type { GroupNodeOptions } from "./hierarchy/group.js";
export type { NodeKind, NodeProbe } from "./hierarchy/node.js";

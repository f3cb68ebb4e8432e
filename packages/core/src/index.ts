export * from "./errors.js";
export * from "./metadata/dtype.js";
export {
  dtypeToJson,
  type StructField,
  type StructRecord,
  type StructuredDtypeSpec,
  type StructuredFieldSpec,
} from "./metadata/structured-dtype.js";
export * from "./metadata/json.js";
export * from "./metadata/fill-value.js";
export * from "./codecs/codec.js";
export * from "./codecs/decode-limit.js";
export * from "./codecs/codec-registry.js";
export * from "./codecs/codec-options.js";
export * from "./codecs/object-payload.js";
export * from "./store/store.js";
export * from "./store/store-registry.js";
export * from "./metadata/v2.js";
export * from "./metadata/node-path.js";
export * from "./metadata/array-metadata.js";
export * from "./metadata/v3.js";
export * from "./metadata/chunk-key.js";
export * from "./metadata/chunk-grid.js";
export * from "./codecs/bytes-codec.js";
export * from "./codecs/pipeline.js";
export { BytesCodec, type Endian } from "./codecs/bytes.js";
export { TransposeCodec } from "./codecs/transpose.js";
export { ChainStepError, type DecodeOutput } from "./codecs/chain-runner.js";
export * from "./indexing/selection.js";
export * from "./indexing/ndarray.js";
export * from "./hierarchy/attributes.js";
export * from "./runtime/synchronizer.js";
export * from "./hierarchy/format.js";
export * from "./hierarchy/defaults.js";
export * from "./hierarchy/node.js";
export * from "./hierarchy/array.js";
export * from "./hierarchy/creation.js";
export * from "./hierarchy/tree.js";
export * from "./hierarchy/group.js";
export * from "./hierarchy/open.js";
export * from "./hierarchy/consolidated.js";
export * from "./hierarchy/copy.js";
export * from "./runtime/thread-synchronizer.js";
export {
  configureWorkers,
  DEFAULT_MIN_WORKER_CHUNK_BYTES,
  getWorkerPool,
  terminateWorkers,
  type WorkerPool,
  type WorkerSettings,
  WorkerTaskError,
  workerSettings,
} from "./runtime/worker-pool.js";
export {
  type ChunkExecutor,
  type CodecTask,
  type CodecTaskResult,
  defaultExecutor,
  type SharedTarget,
  WorkerPoolExecutor,
} from "./runtime/executor.js";
export { withKeyLock } from "./runtime/key-lock.js";
export { Crc32c, crc32c } from "./codecs/crc32c.js";
export { fillTester } from "./codecs/empty-chunk.js";
export {
  DEFAULT_COALESCE_GAP_BYTES,
  type OpenShardOptions,
  ShardingCodec,
  type ShardingConfig,
  ShardReader,
} from "./codecs/sharding.js";
export { ShardIndex } from "./codecs/shard-index.js";
export {
  clearShardIndexCache,
  DEFAULT_SHARD_INDEX_CACHE_BYTES,
  getShardIndexCacheBytes,
  invalidateShardIndex,
  setShardIndexCacheBytes,
} from "./codecs/shard-index-cache.js";

export * from "./errors.js";
export * from "./dtype.js";
export {
  dtypeToJson,
  type StructField,
  type StructRecord,
  type StructuredDtypeSpec,
  type StructuredFieldSpec,
} from "./structured-dtype.js";
export * from "./json.js";
export * from "./fill-value.js";
export * from "./codec.js";
export * from "./decode-limit.js";
export * from "./codec-registry.js";
export * from "./codec-options.js";
export * from "./object-payload.js";
export * from "./store.js";
export * from "./store-registry.js";
export * from "./metadata.js";
export * from "./chunk-grid.js";
export * from "./bytes-codec.js";
export * from "./pipeline.js";
export * from "./selection.js";
export * from "./ndarray.js";
export * from "./attributes.js";
export * from "./synchronizer.js";
export * from "./format.js";
export * from "./defaults.js";
export * from "./node.js";
export * from "./array.js";
export * from "./creation.js";
export * from "./tree.js";
export * from "./group.js";
export * from "./open.js";
export * from "./consolidated.js";
export * from "./copy.js";
export * from "./thread-synchronizer.js";
export {
  configureWorkers,
  DEFAULT_MIN_WORKER_CHUNK_BYTES,
  getWorkerPool,
  terminateWorkers,
  type WorkerPool,
  type WorkerSettings,
  WorkerTaskError,
  workerSettings,
} from "./worker-pool.js";
export { withKeyLock } from "./key-lock.js";

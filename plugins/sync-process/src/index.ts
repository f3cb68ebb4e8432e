export {
  ProcessSynchronizer,
  type ProcessSynchronizerOptions,
  UNOWNED_LOCK_GRACE_MS,
} from "./process-synchronizer.js";

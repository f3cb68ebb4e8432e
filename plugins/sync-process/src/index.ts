export { ProcessSynchronizer, type ProcessSynchronizerOptions } from "./process-synchronizer.js";

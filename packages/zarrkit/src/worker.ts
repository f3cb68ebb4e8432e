// The module each codec worker thread imports (see `configureWorkers` in @zarrkit/core): it
// registers every codec and filter the umbrella registers, and nothing else (no stores).
import "./codecs.js";

/** This module's URL: what `configureWorkers({ modules: [workerModule] })` passes to workers. */
export const workerModule: string = import.meta.url;

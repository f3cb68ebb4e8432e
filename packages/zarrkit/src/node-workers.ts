import { configureWorkers } from "@zarrkit/core";
import { workerModule } from "./worker.js";

// In Node, codec work on large chunks goes to worker threads by default (zarr's
// blosc.use_threads = None: threads when called from the main thread), so reading or writing a
// large array keeps the event loop turning. Browsers opt in: a bundled app must say which
// module URL its workers load (`configureWorkers({ modules: [...] })`).
configureWorkers({ modules: [workerModule] });

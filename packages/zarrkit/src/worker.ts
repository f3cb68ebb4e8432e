/**
 * The module each codec worker thread imports (see `configureWorkers`): it registers every
 * codec and filter the umbrella registers, and nothing else (no stores). In Node, importing
 * `zarrkit` already configures the pool with it; a browser app passes the URL its bundler
 * serves this module at.
 *
 * @example
 * ```ts
 * import * as zarr from "zarrkit";
 * import { workerModule } from "zarrkit/worker";
 *
 * const previous = zarr.configureWorkers({ modules: [workerModule], size: 2 });
 * ```
 *
 * @module worker
 */
import "./codecs.js";

/** This module's URL: what `configureWorkers({ modules: [workerModule] })` passes to workers. */
export const workerModule: string = import.meta.url;

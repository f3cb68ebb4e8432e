import type { Store } from "@zarrkit/core";

/**
 * What a store declares it can do. The suite runs the checks of each declared capability
 * and, for each capability a store lacks, checks that using it fails with the error core
 * gives (a store cannot pass by leaving something out).
 */
export interface StoreCapabilities {
  /** `set` and `delete` work. false: every write fails with a `ReadOnlyError`, data intact. */
  write: boolean;
  /**
   * The store reports `readOnly === true` (a writable kind of store opened for reading, such
   * as a zip in mode "r"), rather than having no `set` at all. Implies `write: false`.
   */
  readOnly?: boolean;
  /** The store has its own `getRange` (otherwise core reads the value and slices it). */
  rangeRead: boolean;
  /** The store has `list` (otherwise core's `listKeys` must fail with a `ZarrError`). */
  list: boolean;
  /** The store has its own `listDir` (otherwise core's `storeListDir` lists through `list`). */
  listDir: boolean;
  /** The store has its own `deletePrefix` (otherwise core deletes key by key). */
  deletePrefix: boolean;
  /**
   * Keys with spaces round-trip (default true). false: such keys are refused with a
   * `StoreKeyError`, for reads and writes.
   */
  spacesInKeys?: boolean;
  /**
   * Keys with the punctuation that URLs and shells treat specially (`% + # ? & = ~ ! ' ( )
   * , ; @ $ [ ]`) round-trip (default true). false: such keys are refused with a
   * `StoreKeyError`, for reads and writes.
   */
  punctuationInKeys?: boolean;
}

/** A store opened for one test, and how to remove what it left behind. */
export interface OpenedStore {
  store: Store;
  /** Called after the test, passed or failed: close the store, remove its files. */
  cleanup?: () => void | Promise<void>;
}

export interface StoreContractOptions {
  /**
   * Open a fresh store holding exactly `initial` (and nothing else). A writable store can
   * write it (see `seedStore`); a read-only one is opened over data prepared beforehand (a
   * zip written then opened "r", files in a web server's root).
   */
  open(initial: Record<string, Uint8Array>): Promise<OpenedStore>;
  capabilities: StoreCapabilities;
  /** Time limit of each check in milliseconds (default 60 s; the 64 MiB one gets twice this). */
  timeoutMs?: number;
}

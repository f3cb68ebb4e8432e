import type { ZarrArray } from "./array.js";
import {
  checkMode,
  type OpenArrayOptions,
  openArray,
  openArrayProbed,
  type StoreLike,
  toStore,
} from "./creation.js";
import { ContainsNodeError } from "../errors.js";
import { Group } from "./group.js";
import { normalizePath } from "../metadata/node-path.js";
import { describePath, type NodeProbe, nodeNotFound, probeNode } from "./node.js";
import type { Store } from "../store/store.js";
import type { StorageOptions } from "../store/store-registry.js";
import type { Synchronizer } from "../runtime/synchronizer.js";

/** Options of {@link openGroup} (zarr-python's `open_group` keywords, camelCase). */
export interface OpenGroupOptions {
  /**
   * zarr-python's `mode`: `"r"` read only, the group must exist; `"r+"` read and write, it must
   * exist; `"a"` open, or create when missing; `"w"` create, replacing whatever is there
   * (an array too); `"w-"`/`"x"` create, failing if something is there.
   *
   * @defaultValue `"a"`
   */
  mode?: "r" | "r+" | "a" | "w" | "w-" | "x";
  /** The group's path in the store, e.g. `"foo/bar"`. Default: the store's root. */
  path?: string;
  /** The store or location, when the first argument is left out. */
  store?: StoreLike;
  /** Options for the store a location string opens (headers, credentials, ...); see the store plugin. */
  storageOptions?: StorageOptions;
  /** Handed to every array opened or created through the group; locks chunks while written. */
  synchronizer?: Synchronizer;
  /** The format to open (default: what the store holds) or to create (default 2). */
  zarrFormat?: 2 | 3;
}

/**
 * Open the group at `opts.path` in a store or location, creating it when the mode says so
 * (zarr-python's `zarr.open_group`). Modes: `"r"` (read only), `"r+"` (read and write), `"a"`
 * (the default: open, or create when missing), `"w"` (create, replacing what is there), `"w-"`
 * and `"x"` (create, failing if something is there).
 *
 * @param storeOrPath - A store or location string; default `opts.store`, then a new default store.
 * @throws {@link NodeNotFoundError} when nothing is there and the mode is `"r"` or `"r+"`.
 * @throws {@link ContainsNodeError} when an array is there (except with `"w"`), or anything is
 *   there with `"w-"`/`"x"`.
 * @throws {@link ZarrError} when the mode is unknown.
 *
 * @example
 * ```ts
 * const root = await zarr.openGroup("data/example.zarr", { mode: "w" });
 * const foo = await root.createGroup("foo");
 * const again = await zarr.openGroup("data/example.zarr", { mode: "r", path: "foo" });
 * ```
 */
export async function openGroup(
  storeOrPath?: StoreLike,
  opts: OpenGroupOptions = {},
): Promise<Group> {
  const mode = opts.mode ?? "a";
  checkMode(mode);
  const store = await toStore(storeOrPath ?? opts.store, mode, opts.storageOptions);
  const path = normalizePath(opts.path);
  return openGroupProbed(store, path, await probeNode(store, path, opts.zarrFormat), opts);
}

/** `openGroup` on a store whose `path` was just probed (`open` probes once for both). */
async function openGroupProbed(
  store: Store,
  path: string,
  probe: NodeProbe,
  opts: OpenGroupOptions,
): Promise<Group> {
  const mode = opts.mode ?? "a";
  const nodeOpts = {
    readOnly: mode === "r",
    ...(opts.synchronizer ? { synchronizer: opts.synchronizer } : {}),
    ...(opts.zarrFormat ? { zarrFormat: opts.zarrFormat } : {}),
  };
  const kind = probe.kind;
  if (kind === "array" && mode !== "w")
    throw new ContainsNodeError(`${describePath(path)} contains an array, not a group`);
  if (mode === "r" || mode === "r+") {
    if (kind === "none")
      throw await nodeNotFound(store, path, "group", ` (mode "${mode}" does not create one)`);
    return Group.open(store, path, nodeOpts, probe);
  }
  if (mode === "a")
    return kind === "group"
      ? Group.open(store, path, nodeOpts, probe)
      : Group.create(store, path, nodeOpts);
  if (mode === "w") return Group.create(store, path, { ...nodeOpts, overwrite: true });
  if (kind !== "none")
    throw new ContainsNodeError(`${describePath(path)} already contains a group (mode "${mode}")`);
  return Group.create(store, path, nodeOpts);
}

/**
 * zarr-python's `zarr.group()`: the group at `path`, created if missing (or cleared with
 * `overwrite`); a store is made by the default store factory when none is given (with
 * `zarrkit`, a new MemoryStore). `store`, `storageOptions`, `path`, `synchronizer` and
 * `zarrFormat` are as in {@link OpenGroupOptions}; there is no mode.
 *
 * @param opts.store - A store or location string (default: a new default store).
 * @param opts.storageOptions - Options for the store a location string opens.
 * @param opts.path - The group's path in the store (default: the root).
 * @param opts.overwrite - Delete whatever is at `path` first and create an empty group.
 * @param opts.synchronizer - Handed to every array opened or created through the group.
 * @param opts.zarrFormat - The format to create (default 2), or that the group must have.
 *
 * @throws {@link ContainsNodeError} when an array is there, or a group of another format than
 *   `zarrFormat` (without `overwrite`).
 *
 * @example
 * ```ts
 * const root = await zarr.group(); // in memory
 * const z = await root.zeros("x", { shape: [100], chunks: [10], dtype: "i4" });
 * ```
 */
export async function group(
  opts: {
    store?: StoreLike;
    storageOptions?: StorageOptions;
    path?: string;
    overwrite?: boolean;
    synchronizer?: Synchronizer;
    zarrFormat?: 2 | 3;
  } = {},
): Promise<Group> {
  const store = await toStore(opts.store, opts.overwrite ? "w" : "a", opts.storageOptions);
  const path = normalizePath(opts.path);
  const nodeOpts = {
    ...(opts.synchronizer ? { synchronizer: opts.synchronizer } : {}),
    ...(opts.zarrFormat ? { zarrFormat: opts.zarrFormat } : {}),
  };
  // Either format counts as there: a v2 group must not be cleared to make a v3 one.
  const { kind, zarrFormat } = await probeNode(store, path);
  if (opts.overwrite || kind === "none")
    return Group.create(store, path, { ...nodeOpts, overwrite: true });
  if (kind === "array")
    throw new ContainsNodeError(`${describePath(path)} contains an array, not a group`);
  if (opts.zarrFormat && zarrFormat !== opts.zarrFormat)
    throw new ContainsNodeError(
      `${describePath(path)} contains a Zarr v${zarrFormat} group, not v${opts.zarrFormat} (overwrite: true replaces it)`,
    );
  return Group.open(store, path, nodeOpts);
}

/**
 * Open whatever is at `path`: an array or a group (zarr-python's `zarr.open`). When nothing is
 * there, modes that create make an array if `shape` is given and a group otherwise; `"w"`,
 * `"w-"` and `"x"` decide the same way whatever is there. Options as {@link openArray} and
 * {@link openGroup}.
 *
 * @throws {@link NodeNotFoundError} when nothing is there and the mode is `"r"` or `"r+"`.
 *
 * @example
 * ```ts
 * const node = await zarr.open("data/example.zarr", { mode: "r" });
 * if (node instanceof zarr.ZarrArray) console.log(node.shape);
 * else console.log(await node.tree());
 * ```
 */
export async function open(
  storeOrPath?: StoreLike | Store,
  opts: OpenArrayOptions & OpenGroupOptions = {},
): Promise<ZarrArray | Group> {
  const mode = opts.mode ?? "a";
  checkMode(mode);
  const store = await toStore(storeOrPath ?? opts.store, mode, opts.storageOptions);
  const path = normalizePath(opts.path);
  const withStore = { ...opts, store, path };
  if (mode === "w" || mode === "w-" || mode === "x") {
    return opts.shape !== undefined ? openArray(store, withStore) : openGroup(store, withStore);
  }
  // One probe serves both the dispatch and the open: each probe is a round trip over HTTP.
  const probe = await probeNode(store, path, opts.zarrFormat);
  const kind = probe.kind;
  if (kind === "array") return openArrayProbed(store, path, probe, withStore);
  if (kind === "group") return openGroupProbed(store, path, probe, withStore);
  if (mode === "r" || mode === "r+")
    throw await nodeNotFound(store, path, "node", ` (mode "${mode}")`);
  return opts.shape !== undefined ? openArray(store, withStore) : openGroup(store, withStore);
}

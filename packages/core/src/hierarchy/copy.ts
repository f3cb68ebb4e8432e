import { type CopyProgress, ZarrArray } from "./array.js";
import { create, type CreateOptions } from "./creation.js";
import type { ShardingCodec } from "../codecs/sharding.js";
import { ZarrError } from "../errors.js";
import { Group } from "./group.js";
import { normalizePath } from "../metadata/node-path.js";
import { group, open } from "./open.js";
import { listKeys, type Store, storeSet } from "../store/store.js";
import { pyTuple } from "./format.js";

/**
 * What {@link copy} and {@link copyAll} do with an array whose name already exists in the
 * destination (zarr-python's `if_exists`): `"raise"` throws CopyError, `"replace"` deletes it
 * and copies, `"skip"` leaves it, `"skip_initialized"` leaves it only when all its chunks are
 * stored. A group that exists is merged into; an array where a group is to go is replaced,
 * unless `ifExists` is `"raise"` (CopyError) or `"skip"`.
 */
export type IfExists = "raise" | "replace" | "skip" | "skip_initialized";

/**
 * Options of {@link copy} and {@link copyAll} (zarr-python's `zarr.copy`/`copy_all` keywords).
 * The creation options ({@link CreateOptions} without `store` and `path`: `chunks`,
 * `compressor`, `zarrFormat`, `shards`, ...) override the source's settings for every array
 * written, as zarr-python's `**create_kws`.
 */
export interface CopyOptions extends Omit<CreateOptions, "store" | "path"> {
  /** Name in the destination (default: the source's own name). */
  name?: string;
  /** Copy only the group itself, not its members. */
  shallow?: boolean;
  /** Leave the attributes behind (zarr-python's `without_attrs`). Default false: copied. */
  withoutAttrs?: boolean;
  /** `true` logs to the console; a function receives each line. */
  log?: boolean | ((line: string) => void);
  /**
   * What to do with an array of the same name in the destination: `"raise"` (throw
   * CopyError), `"replace"`, `"skip"` or `"skip_initialized"` (skip it when all its chunks are
   * stored). Anything else is a ZarrError.
   *
   * @defaultValue `"raise"`
   */
  ifExists?: IfExists;
  /**
   * Write nothing: only log and count what would be copied or skipped (the bytes count stays
   * 0), as zarr-python's `dry_run`.
   *
   * @defaultValue `false`
   */
  dryRun?: boolean;
  /**
   * Chunk-level progress across the whole copy (totals grow as arrays are reached); `path`
   * names the destination array being written and `array` is that array's own progress.
   */
  onProgress?: (progress: CopyProgress & { path: string; array: CopyProgress }) => void;
  /** Chunks copied at once per array (default 4): memory stays near that many chunks. */
  concurrency?: number;
  /**
   * Stops the copy: no new chunk or node is started, chunks in flight finish, then the copy
   * rejects with the signal's reason. Every chunk written is whole.
   */
  signal?: AbortSignal;
}

/**
 * `[copied, skipped, bytesCopied]`, as zarr-python's copy functions return: nodes (or, for
 * {@link copyStore}, keys) copied and skipped, and bytes copied (uncompressed array bytes for
 * `copy`/`copyAll`, stored bytes for `copyStore`).
 */
export type CopyResult = [number, number, number];

/**
 * Thrown by {@link copy}, {@link copyAll} and {@link copyStore} when the destination already
 * holds what is to be copied and `ifExists` is `"raise"` (the default), and by `copyStore`
 * with `zarrFormat` when an array has no `destPath` to go to.
 */
export class CopyError extends ZarrError {
  /** Always `"CopyError"`: the name that stack traces and `String(error)` show. */
  override name = "CopyError";
}

function logger(log: CopyOptions["log"]): (line: string) => void {
  if (log === true) return (line) => console.log(line);
  if (typeof log === "function") return log;
  return () => {};
}

function summary(
  log: (line: string) => void,
  dryRun: boolean,
  [copied, skipped, bytes]: CopyResult,
): void {
  const n = (x: number) => x.toLocaleString("en-US");
  log(
    `${dryRun ? "dry run: " : "all done: "}${n(copied)} copied, ${n(skipped)} skipped${dryRun ? "" : `, ${n(bytes)} bytes copied`}`,
  );
}

function checkIfExists(ifExists: string, allowed: string[]): void {
  if (!allowed.includes(ifExists))
    throw new ZarrError(
      `ifExists must be one of ${allowed.join(", ")}; found ${JSON.stringify(ifExists)}`,
    );
}

/**
 * Copy an array or group (with all its members, unless `shallow`) into a destination group,
 * decoding and re-encoding chunk by chunk (zarr-python's `zarr.copy`). Source and destination
 * may be in different stores and formats; memory stays near `concurrency` chunks per array.
 *
 * @param source - The array or group to copy; the root group needs `opts.name`.
 * @param dest - The group to copy into; the copy is its member `opts.name` (default: the
 *   source's own name).
 * @returns `[copied, skipped, bytesCopied]`: nodes copied and skipped, uncompressed bytes of
 *   the arrays copied.
 * @throws {@link CopyError} when the name exists in `dest` and `ifExists` is `"raise"`.
 * @throws {@link ZarrError} when `ifExists` is unknown or the source is the root group and no
 *   `name` is given.
 *
 * @example
 * ```ts
 * const src = await zarr.openGroup("data/example.zarr", { mode: "r" });
 * const dest = await zarr.group();
 * const [copied, skipped, bytesCopied] = await zarr.copy(await src.get("foo"), dest, { log: true });
 * ```
 */
export async function copy(
  source: ZarrArray | Group,
  dest: Group,
  opts: CopyOptions = {},
): Promise<CopyResult> {
  const log = logger(opts.log);
  checkIfExists(opts.ifExists ?? "raise", ["raise", "replace", "skip", "skip_initialized"]);
  const result = await copyNode(source, dest, opts.name, true, withOverallProgress(opts), log);
  summary(log, Boolean(opts.dryRun), result);
  return result;
}

/**
 * Copy every member of a group into another group, and the group's attributes onto it unless
 * `withoutAttrs` (zarr-python's `zarr.copy_all`). Options and errors as {@link copy}.
 *
 * @returns `[copied, skipped, bytesCopied]`, summed over the members.
 */
export async function copyAll(
  source: Group,
  dest: Group,
  opts: Omit<CopyOptions, "name"> = {},
): Promise<CopyResult> {
  const log = logger(opts.log);
  checkIfExists(opts.ifExists ?? "raise", ["raise", "replace", "skip", "skip_initialized"]);
  const total: CopyResult = [0, 0, 0];
  const tracked = withOverallProgress(opts);
  for (const [name, node] of await source.members()) {
    const r = await copyNode(node, dest, name, false, tracked, log);
    total[0] += r[0];
    total[1] += r[1];
    total[2] += r[2];
  }
  if (!opts.withoutAttrs && !opts.dryRun) await dest.attrs.update(source.attrs.asPyJson());
  summary(log, Boolean(opts.dryRun), total);
  return total;
}

/**
 * Turn per-array progress into progress over the whole copy: totals grow as each array is
 * reached, and `path` names the array being copied.
 */
function withOverallProgress(opts: CopyOptions): CopyOptions {
  const report = opts.onProgress;
  if (!report) return opts;
  const done = { chunks: 0, bytes: 0 };
  const total = { chunks: 0, bytes: 0 };
  let current = "";
  let last: CopyProgress = { chunksDone: 0, chunksTotal: 0, bytesDone: 0, bytesTotal: 0 };
  return {
    ...opts,
    onProgress: (p) => {
      if (p.path !== current || p.chunksDone < last.chunksDone) {
        // A new array: bank the previous one and add this one's totals.
        done.chunks += last.chunksDone;
        done.bytes += last.bytesDone;
        total.chunks += p.chunksTotal;
        total.bytes += p.bytesTotal;
        current = p.path;
      }
      last = p;
      report({
        path: p.path,
        chunksDone: done.chunks + p.chunksDone,
        chunksTotal: total.chunks,
        bytesDone: done.bytes + p.bytesDone,
        bytesTotal: total.bytes,
        array: p.array,
      });
    },
  };
}

/**
 * The filters, compressor and order of a sharded array's inner chunks. v2 has no sharding, so
 * a sharded array copied to v2 is stored with its inner chunks as chunks; its one codec, the
 * `sharding_indexed` codec, would be a filter no v2 reader knows. An unsharded v3 array with
 * the inner chain, created in a scratch map, says how that chain reads in v2 terms.
 */
async function innerChain(
  source: ZarrArray,
): Promise<Pick<ZarrArray, "filters" | "compressor" | "order">> {
  const sharding = source.filters?.find((c) => c.id === "sharding_indexed") as
    | ShardingCodec
    | undefined;
  if (!sharding)
    throw new CopyError(
      `array "${source.name}" is sharded, but its chain is not one sharding_indexed codec: it cannot be written as v2`,
    );
  const scratch = new Map<string, Uint8Array>();
  const store: Store = {
    get: async (key) => scratch.get(key),
    set: async (key, value) => void scratch.set(key, value),
    delete: async (key) => scratch.delete(key),
    list: async (prefix = "") => [...scratch.keys()].filter((k) => k.startsWith(prefix)),
  };
  return create(source.shape, {
    store,
    zarrFormat: 3,
    dtype: source.dataType,
    chunks: source.chunks,
    fillValue: source.fillValue,
    codecs: sharding.toConfig().codecs,
  });
}

async function copyNode(
  source: ZarrArray | Group,
  dest: Group | undefined,
  nameOpt: string | undefined,
  root: boolean,
  opts: CopyOptions,
  log: (line: string) => void,
): Promise<CopyResult> {
  opts.signal?.throwIfAborted();
  const name = nameOpt ?? (source.path.split("/").pop() || "");
  if (!name)
    throw new ZarrError(
      "source has no name (it is the root group): pass { name } to say where to copy it",
    );
  const ifExists = opts.ifExists ?? "raise";
  const exists = dest !== undefined && (await dest.has(name));
  const existing = exists ? await dest!.get(name) : undefined;

  if (source instanceof ZarrArray) {
    const descr = `${source.name ?? "/"} ${pyTuple(source.shape)} ${source.dataType.display}`;
    let doCopy = true;
    if (exists) {
      if (ifExists === "raise")
        throw new CopyError(`an object "${name}" already exists in destination "${dest!.name}"`);
      if (ifExists === "skip") doCopy = false;
      if (
        ifExists === "skip_initialized" &&
        existing instanceof ZarrArray &&
        (await existing.nchunksInitialized()) === existing.nchunks
      )
        doCopy = false;
    }
    if (!doCopy) {
      log(`skip ${descr}`);
      return [0, 1, 0];
    }
    log(`copy ${descr}`);
    if (opts.dryRun || !dest) return [1, 0, 0];
    if (exists) await dest.delete(name);
    const {
      name: _n,
      shallow: _s,
      withoutAttrs: _w,
      log: _l,
      ifExists: _i,
      dryRun: _d,
      onProgress,
      concurrency,
      signal,
      ...createOpts
    } = opts;
    const format = opts.zarrFormat ?? dest.zarrFormat;
    const chain = format === 2 && source.shards ? await innerChain(source) : source;
    // An object array's first filter is its object codec, which create takes on its own.
    const filters = [...(chain.filters ?? [])];
    const objectCodec = source.dataType.kind === "O" ? filters.shift() : undefined;
    const ds = await dest.createDataset(name, {
      shape: source.shape,
      dtype: source.dataType,
      chunks: source.chunks,
      compressor: chain.compressor,
      filters,
      ...(objectCodec ? { objectCodec } : {}),
      order: chain.order,
      fillValue: source.fillValue,
      ...(format === 3
        ? { shards: source.shards, dimensionNames: source.dimensionNames }
        : { dimensionSeparator: source.dimensionSeparator }),
      ...createOpts,
      zarrFormat: format,
    });
    await ds.set(null, source, {
      ...(concurrency ? { concurrency } : {}),
      ...(signal ? { signal } : {}),
      ...(onProgress
        ? { onProgress: (p: CopyProgress) => onProgress({ ...p, path: ds.path, array: p }) }
        : {}),
    });
    if (!opts.withoutAttrs) await ds.attrs.update(source.attrs.asPyJson());
    return [1, 0, ds.nbytes];
  }

  if (!root && opts.shallow) return [0, 0, 0];
  let doCopy = true;
  if (existing instanceof ZarrArray) {
    if (ifExists === "raise")
      throw new CopyError(`an array "${name}" already exists in destination "${dest!.name}"`);
    if (ifExists === "skip") doCopy = false;
  }
  if (!doCopy) {
    log(`skip ${source.name}`);
    return [0, 1, 0];
  }
  log(`copy ${source.name}`);
  let grp: Group | undefined;
  if (!opts.dryRun && dest) {
    if (existing instanceof ZarrArray) await dest.delete(name);
    grp = await dest.requireGroup(name, opts.zarrFormat ? { zarrFormat: opts.zarrFormat } : {});
    if (!opts.withoutAttrs) await grp.attrs.update(source.attrs.asPyJson());
  } else if (existing instanceof Group) {
    grp = existing;
  }
  const total: CopyResult = [1, 0, 0];
  for (const [childName, child] of await source.members()) {
    const r = await copyNode(child, grp, childName, false, opts, log);
    total[0] += r[0];
    total[1] += r[1];
    total[2] += r[2];
  }
  return total;
}

/** Options of {@link copyStore} (zarr-python's `copy_store` keywords, camelCase). */
export interface CopyStoreOptions {
  /** Copy only the keys under this path of the source. Default: the whole store. */
  sourcePath?: string;
  /** Where the copied keys go in the destination, in place of `sourcePath`. Default: its root. */
  destPath?: string;
  /** Keys matching any of these are left out unless they match an `includes` pattern. */
  excludes?: (string | RegExp)[];
  /**
   * Patterns that bring back keys an `excludes` pattern left out. A string is a regular
   * expression, searched anywhere in the source key (as Python's `re.search`).
   */
  includes?: (string | RegExp)[];
  /**
   * What to do with a key the destination already holds: `"raise"` (throw CopyError),
   * `"replace"` or `"skip"`. Anything else is a ZarrError.
   *
   * @defaultValue `"raise"`
   */
  ifExists?: "raise" | "replace" | "skip";
  /** Write nothing: only log and count what would be copied or skipped. Default false. */
  dryRun?: boolean;
  /** `true` logs each key copied or skipped, and a summary, to the console; a function receives each line. */
  log?: boolean | ((line: string) => void);
  /**
   * Called after each key with that source key (copied or skipped), the keys handled so far,
   * the keys to handle in all and the bytes written so far (not called when converting with
   * `zarrFormat`).
   */
  onProgress?: (progress: {
    key: string;
    keysDone: number;
    keysTotal: number;
    bytesDone: number;
  }) => void;
  /**
   * Convert while copying: the hierarchy is decoded and written again in this format (array
   * by array, chunk by chunk) instead of copying raw keys.
   */
  zarrFormat?: 2 | 3;
  /** With `zarrFormat: 3`, the shard shape of every array (each a multiple of its chunks). */
  shards?: readonly number[] | null;
  /** Stops the copy before the next key (or chunk), then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Copy raw keys from one store to another, without decoding anything (zarr-python's
 * `zarr.copy_store`): metadata, attributes and chunks byte for byte, in sorted key order. With
 * `zarrFormat`, the hierarchy is converted instead (decoded and written again in that format).
 *
 * @returns `[copied, skipped, bytesCopied]`: keys copied and skipped and bytes written (with
 *   `zarrFormat`: nodes, and uncompressed array bytes, as {@link copy}).
 * @throws {@link CopyError} when a key exists in `dest` and `ifExists` is `"raise"`.
 * @throws {@link ZarrError} when `ifExists` is unknown.
 *
 * @example
 * ```ts
 * const src = await zarr.openGroup("data/example.zarr", { mode: "r" });
 * const dest = new zarr.MemoryStore();
 * // Every key under foo/ in the source becomes the same key under bar/ in dest.
 * const [copied, skipped, bytesCopied] = await zarr.copyStore(src.store, dest, {
 *   sourcePath: "foo",
 *   destPath: "bar",
 * });
 * ```
 */
export async function copyStore(
  source: Store,
  dest: Store,
  opts: CopyStoreOptions = {},
): Promise<CopyResult> {
  const log = logger(opts.log);
  const ifExists = opts.ifExists ?? "raise";
  checkIfExists(ifExists, ["raise", "replace", "skip"]);
  if (opts.zarrFormat !== undefined) return convertStore(source, dest, opts, log);
  const norm = (p?: string) => {
    const s = (p ?? "").replace(/^\/+|\/+$/g, "");
    return s === "" ? "" : `${s}/`;
  };
  const sourcePath = norm(opts.sourcePath);
  const destPath = norm(opts.destPath);
  const toRegex = (x: string | RegExp) => (typeof x === "string" ? new RegExp(x) : x);
  const excludes = (opts.excludes ?? []).map(toRegex);
  const includes = (opts.includes ?? []).map(toRegex);
  const keys = (await listKeys(source, sourcePath))
    .sort()
    .filter((k) => !(excludes.some((r) => r.test(k)) && !includes.some((r) => r.test(k))));
  const result: CopyResult = [0, 0, 0];
  let done = 0;
  for (const key of keys) {
    opts.signal?.throwIfAborted();
    const destKey = destPath + key.slice(sourcePath.length);
    const descr = destKey === key ? key : `${key} -> ${destKey}`;
    if (ifExists !== "replace" && (await dest.get(destKey)) !== undefined) {
      if (ifExists === "raise") throw new CopyError(`key "${destKey}" exists in destination`);
      log(`skip ${descr}`);
      result[1]++;
    } else {
      log(`copy ${descr}`);
      if (!opts.dryRun) {
        const value = await source.get(key);
        if (value !== undefined) {
          await storeSet(dest, destKey, value);
          result[2] += value.byteLength;
        }
      }
      result[0]++;
    }
    done++;
    opts.onProgress?.({ key, keysDone: done, keysTotal: keys.length, bytesDone: result[2] });
  }
  summary(log, Boolean(opts.dryRun), result);
  return result;
}

/** copyStore with `zarrFormat`: decode the hierarchy and write it again in that format. */
async function convertStore(
  source: Store,
  dest: Store,
  opts: CopyStoreOptions,
  log: (line: string) => void,
): Promise<CopyResult> {
  const format = opts.zarrFormat!;
  const src = await open(source, { mode: "r", path: normalizePath(opts.sourcePath) });
  const destPath = normalizePath(opts.destPath);
  const common: CopyOptions = {
    zarrFormat: format,
    ...(opts.shards ? { shards: opts.shards } : {}),
    ifExists: opts.ifExists ?? "raise",
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    log,
  };
  if (src instanceof Group) {
    const root = opts.dryRun
      ? await Group.open(dest, destPath).catch(() => undefined)
      : await group({ store: dest, path: destPath, zarrFormat: format });
    if (root) return copyAll(src, root, common);
    // A dry run into an empty destination: every node would be copied.
    const total: CopyResult = [0, 0, 0];
    for (const [name, node] of await src.members()) {
      const r = await copyNode(node, undefined, name, false, common, log);
      total[0] += r[0];
      total[1] += r[1];
    }
    summary(log, true, total);
    return total;
  }
  const slash = destPath.lastIndexOf("/");
  if (destPath === "")
    throw new CopyError("copyStore with zarrFormat: an array needs a destPath to be written to");
  const parent = await group({
    store: dest,
    path: slash < 0 ? "" : destPath.slice(0, slash),
    zarrFormat: format,
  });
  return copy(src, parent, { ...common, name: destPath.slice(slash + 1) });
}

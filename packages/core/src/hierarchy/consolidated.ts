import type { ZarrArray } from "./array.js";
import { checkMode, type StoreLike, toStore } from "./creation.js";
import { MetadataError, NodeNotFoundError, ReadOnlyError } from "../errors.js";
import type { Group } from "./group.js";
import { decodePyJson, encodeJson, jsonText, PyFloat, type PyJson } from "../metadata/json.js";
import { nodeKey, normalizePath } from "../metadata/node-path.js";
import { ARRAY_META_KEY, ATTRS_KEY, CONSOLIDATED_KEY, GROUP_META_KEY } from "../metadata/v2.js";
import { encodeDocumentV3, V3_META_KEY } from "../metadata/v3.js";
import { withKeyLock } from "../runtime/key-lock.js";
import { describeStore, probeNode } from "./node.js";
import type { StorageOptions } from "../store/store-registry.js";
import { open } from "./open.js";
import {
  type ByteRange,
  listDirOfKeys,
  listKeys,
  rangeBounds,
  readRange,
  type Store,
  storeDelete,
  type StoreGetOptions,
  storeHas,
  storeSet,
} from "../store/store.js";

function isMetadataKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf("/") + 1);
  return (
    name === ARRAY_META_KEY || name === GROUP_META_KEY || name === ATTRS_KEY || name === V3_META_KEY
  );
}

/** zarr-python 3's consolidated metadata: inline in the group's `zarr.json`. */
function inlineConsolidated(metadata: Record<string, PyJson>): PyJson {
  return { kind: "inline", must_understand: false, metadata };
}

/**
 * Gather every `.zarray`, `.zgroup` and `.zattrs` under `path` into one `.zmetadata` document,
 * as zarr-python's `consolidate_metadata` writes it, then open the hierarchy through it. For a
 * Zarr v3 hierarchy (and no `metadataKey`), the documents go into the root `zarr.json`'s
 * `consolidated_metadata` instead, as zarr-python 3 writes it. Run it again after changing
 * metadata: the consolidated copy is not kept up to date.
 *
 * @param storeOrPath - A store, or a location string opened with mode `"a"`.
 * @param opts.metadataKey - The key of the consolidated document (default `.zmetadata`).
 * @param opts.path - The node whose hierarchy is consolidated (default: the root).
 * @param opts.storageOptions - Options for the store a location string opens.
 * @returns The node at `path`, opened in mode `"r+"` through {@link openConsolidated}.
 *
 * @example
 * ```ts
 * await zarr.consolidateMetadata("data/example.zarr");
 * const root = await zarr.openConsolidated("data/example.zarr", { mode: "r" });
 * ```
 */
export async function consolidateMetadata(
  storeOrPath: StoreLike,
  opts: { metadataKey?: string; path?: string; storageOptions?: StorageOptions } = {},
): Promise<ZarrArray | Group> {
  const store = await toStore(storeOrPath, "a", opts.storageOptions);
  const metadataKey = opts.metadataKey ?? CONSOLIDATED_KEY;
  const path = normalizePath(opts.path);
  const prefix = path === "" ? "" : `${path}/`;
  if (opts.metadataKey === undefined && (await probeNode(store, path)).zarrFormat === 3) {
    await consolidateV3(store, path);
    return openConsolidated(store, { path, mode: "r+" });
  }
  const metadata: Record<string, unknown> = {};
  for (const key of (await listKeys(store, prefix)).sort()) {
    if (!isMetadataKey(key)) continue;
    const bytes = await store.get(key);
    // Parsed in Python's form, so each document is written back exactly as it was stored.
    if (bytes !== undefined) metadata[key] = decodePyJson(bytes, key);
  }
  // zarr-python keeps the document at the store root whatever `path` is.
  await storeSet(store, metadataKey, encodeJson({ zarr_consolidated_format: 1, metadata }));
  return openConsolidated(store, { metadataKey, path, mode: "r+" });
}

/**
 * Write every `zarr.json` below the group at `path` into the group's own `zarr.json` under
 * `consolidated_metadata`, keyed by path relative to the group, as zarr-python 3 does.
 */
async function consolidateV3(store: Store, path: string): Promise<void> {
  const prefix = path === "" ? "" : `${path}/`;
  const rootKey = nodeKey(path, V3_META_KEY);
  const metadata: Record<string, PyJson> = {};
  for (const key of (await listKeys(store, prefix)).sort()) {
    if (key === rootKey || !key.endsWith(`/${V3_META_KEY}`)) continue;
    const bytes = await store.get(key);
    if (bytes === undefined) continue;
    const doc = decodePyJson(bytes, key);
    if (!isObject(doc)) throw new MetadataError(`${key}: expected a JSON object`);
    const rel = key.slice(prefix.length, -(V3_META_KEY.length + 1));
    metadata[rel] =
      doc.node_type === "group" ? { ...doc, consolidated_metadata: inlineConsolidated({}) } : doc;
  }
  await withKeyLock(store, rootKey, async () => {
    const bytes = await store.get(rootKey);
    if (bytes === undefined) throw new NodeNotFoundError(`no group at ${rootKey} to consolidate`);
    const root = decodePyJson(bytes, rootKey);
    if (!isObject(root) || root.node_type !== "group")
      throw new MetadataError(`${rootKey}: consolidated metadata belongs in a group's zarr.json`);
    root.consolidated_metadata = inlineConsolidated(metadata);
    await storeSet(store, rootKey, encodeDocumentV3(root));
  });
}

/**
 * The metadata documents of a v3 hierarchy from its root `zarr.json`'s inline consolidated
 * metadata, keyed by store key; undefined when it has none.
 */
async function readConsolidatedV3(
  store: Store,
  path: string,
): Promise<Record<string, PyJson> | undefined> {
  const rootKey = nodeKey(path, V3_META_KEY);
  const bytes = await store.get(rootKey);
  if (bytes === undefined) return undefined;
  const root = decodePyJson(bytes, rootKey);
  if (!isObject(root)) throw new MetadataError(`${rootKey}: expected a JSON object`);
  const c = root.consolidated_metadata;
  if (c === null || c === undefined) return undefined;
  if (!isObject(c) || c.kind !== "inline" || !isObject(c.metadata ?? null))
    throw new MetadataError(
      `${rootKey}: field "consolidated_metadata" must be {"kind": "inline", "metadata": {...}}, got ${jsonText(c)}`,
    );
  const prefix = path === "" ? "" : `${path}/`;
  const out: Record<string, PyJson> = { [rootKey]: root };
  for (const [rel, doc] of Object.entries(c.metadata as Record<string, PyJson>))
    out[`${prefix}${rel}/${V3_META_KEY}`] = doc;
  return out;
}

/**
 * A store view that answers metadata reads from consolidated metadata (one read of
 * `.zmetadata` for the whole hierarchy) and passes chunk reads and writes to the real store.
 * Metadata cannot be changed through it, as in zarr-python.
 */
export class ConsolidatedMetadataStore implements Store {
  readonly #inner: Store;
  readonly #meta: Map<string, Uint8Array>;
  /** True when opened with mode `"r"`: chunk writes are refused as well as metadata ones. */
  readonly readOnly: boolean;
  /** The inner store's location, so errors can name it. */
  readonly path: string | undefined;

  /**
   * `metadata` maps keys to documents, best in the Python form `decodePyJson` gives: each is
   * served as the bytes zarr-python would write for it.
   */
  constructor(inner: Store, metadata: Record<string, unknown>, readOnly: boolean) {
    this.#inner = inner;
    const location = (inner as { path?: unknown }).path;
    this.path = typeof location === "string" ? location : undefined;
    this.#meta = new Map(Object.entries(metadata).map(([k, v]) => [k, encodeJson(v)]));
    this.readOnly = readOnly;
  }

  /**
   * The value at `key`: a metadata document (`.zarray`, `.zgroup`, `.zattrs`, `zarr.json`)
   * from the consolidated metadata (undefined when it has none for the key, whatever the
   * store holds), anything else from the inner store.
   */
  async get(key: string, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    if (isMetadataKey(key)) return this.#meta.get(key);
    return this.#inner.get(key, opts);
  }

  /** Bytes `range` of the value at `key`, from the same source as {@link ConsolidatedMetadataStore.get}. */
  async getRange(
    key: string,
    range: ByteRange,
    opts?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    if (isMetadataKey(key)) {
      const v = this.#meta.get(key);
      return v?.subarray(...rangeBounds(range, v.byteLength, key));
    }
    return readRange(this.#inner, key, range, opts);
  }

  /** Whether `key` exists: in the consolidated metadata for metadata keys, else in the inner store. */
  async has(key: string): Promise<boolean> {
    if (isMetadataKey(key)) return this.#meta.has(key);
    return this.#inner.has ? this.#inner.has(key) : (await this.#inner.get(key)) !== undefined;
  }

  /**
   * Write a chunk (or any non-metadata key) to the inner store.
   *
   * @throws {@link ReadOnlyError} for a metadata key, or when opened read-only (mode `"r"`).
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    if (isMetadataKey(key))
      throw new ReadOnlyError(
        `cannot write ${key}: metadata opened from consolidated metadata is read-only`,
      );
    if (this.readOnly) throw new ReadOnlyError(`cannot write ${key}: opened read-only`);
    await storeSet(this.#inner, key, value);
  }

  /**
   * Delete a non-metadata key from the inner store.
   *
   * @returns Whether the key was there.
   * @throws {@link ReadOnlyError} for a metadata key, or when opened read-only (mode `"r"`).
   */
  async delete(key: string): Promise<boolean> {
    if (isMetadataKey(key))
      throw new ReadOnlyError(
        `cannot delete ${key}: metadata opened from consolidated metadata is read-only`,
      );
    if (this.readOnly) throw new ReadOnlyError(`cannot delete ${key}: opened read-only`);
    return storeDelete(this.#inner, key);
  }

  /**
   * Keys starting with `prefix`, sorted: the metadata keys of the consolidated metadata and
   * the inner store's other keys.
   */
  async list(prefix = ""): Promise<string[]> {
    const keys = new Set<string>();
    for (const k of this.#meta.keys()) if (k.startsWith(prefix)) keys.add(k);
    for (const k of await listKeys(this.#inner, prefix)) if (!isMetadataKey(k)) keys.add(k);
    return [...keys].sort();
  }

  /** Nodes come from the consolidated metadata alone, so walking a hierarchy reads nothing. */
  async listDir(prefix: string): Promise<{
    /** Metadata keys directly under `prefix`, relative to it, sorted. */
    keys: string[];
    /** Names of the nodes directly under `prefix`, sorted. */
    prefixes: string[];
  }> {
    return listDirOfKeys(this.#meta.keys(), prefix);
  }

  /** The inner store's description, so `info()` and errors name the real store. */
  toString(): string {
    return String(this.#inner);
  }
}

/**
 * Open a hierarchy from its consolidated metadata (zarr-python's `open_consolidated`): one
 * read of `.zmetadata` (or of the v3 root `zarr.json`) serves every metadata read after it,
 * which saves a round trip per node on remote stores. Metadata cannot be changed through the
 * result; with mode `"r+"` (the default) chunks can be written.
 *
 * @param storeOrPath - A store, or a location string opened in `opts.mode`.
 * @param opts.metadataKey - The key of the consolidated document (default `.zmetadata`).
 * @param opts.mode - `"r"` or `"r+"` (default).
 * @param opts.path - The node to open (default: the root).
 * @param opts.storageOptions - Options for the store a location string opens.
 * @throws {@link NodeNotFoundError} when the store has no consolidated metadata.
 * @throws {@link MetadataError} when it is malformed, or the mode is not `"r"` or `"r+"`.
 */
export async function openConsolidated(
  storeOrPath: StoreLike,
  opts: {
    metadataKey?: string;
    mode?: "r" | "r+";
    path?: string;
    storageOptions?: StorageOptions;
  } = {},
): Promise<ZarrArray | Group> {
  const mode = opts.mode ?? "r+";
  checkMode(mode);
  if (mode !== "r" && mode !== "r+")
    throw new MetadataError(`openConsolidated: mode must be "r" or "r+", got "${mode}"`);
  const store = await toStore(storeOrPath, mode, opts.storageOptions);
  const key = opts.metadataKey ?? CONSOLIDATED_KEY;
  const bytes = await store.get(key);
  if (bytes === undefined) {
    const path = normalizePath(opts.path);
    const v3 = opts.metadataKey === undefined ? await readConsolidatedV3(store, path) : undefined;
    if (v3) {
      const view = new ConsolidatedMetadataStore(store, v3, mode === "r");
      return open(view, { mode, path });
    }
    const rootKey = nodeKey(path, V3_META_KEY);
    const why = (await storeHas(store, rootKey))
      ? `; ${rootKey} holds no consolidated_metadata either`
      : "";
    throw new NodeNotFoundError(
      `no consolidated metadata in ${describeStore(store)}: missing ${key}${why}`,
    );
  }
  const doc = decodePyJson(bytes, key);
  if (!isObject(doc)) throw new MetadataError(`${key}: expected a JSON object`);
  const format = doc.zarr_consolidated_format;
  // Python compares with ==, so 1.0 passes too.
  if (format !== 1 && !(format instanceof PyFloat && format.value === 1)) {
    throw new MetadataError(
      `${key}: field "zarr_consolidated_format" must be 1, got ${jsonText(format)}`,
    );
  }
  const metadata = doc.metadata;
  if (!isObject(metadata))
    throw new MetadataError(
      `${key}: field "metadata" must be an object, got ${jsonText(metadata)}`,
    );
  const view = new ConsolidatedMetadataStore(store, metadata, mode === "r");
  return open(view, { mode, path: normalizePath(opts.path) });
}

function isObject(doc: PyJson | undefined): doc is { [key: string]: PyJson } {
  return (
    doc !== null && typeof doc === "object" && !Array.isArray(doc) && !(doc instanceof PyFloat)
  );
}

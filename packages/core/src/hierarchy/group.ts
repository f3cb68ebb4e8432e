import { ZarrArray } from "./array.js";
import { formatInfoTable } from "./array-info.js";
import { Attributes } from "./attributes.js";
import type { Codec, CodecConfig } from "../codecs/codec.js";
import { codecFirstParameter, getCodec } from "../codecs/codec-registry.js";
import { array, create, type CreateOptions, empty, full, ones, zeros } from "./creation.js";
import type { ChunkData } from "../metadata/dtype.js";
import { parseDataType } from "../metadata/dtype.js";
import { ContainsNodeError, ReadOnlyError, ZarrError } from "../errors.js";
import { nodeKey, normalizePath } from "../metadata/node-path.js";
import { decodeGroupMetadataV2, GROUP_META_KEY } from "../metadata/v2.js";
import { decodeNodeMetadataV3, V3_META_KEY } from "../metadata/v3.js";
import type { NdArray } from "../indexing/ndarray.js";
import {
  deleteNode,
  describePath,
  type NodeProbe,
  nodeKind,
  nodeNotFound,
  probeNode,
  requireParentGroups,
  writeGroupMetadata,
} from "./node.js";
import { readArrayMetadata } from "./node-metadata.js";
import { type Store, storeListDir } from "../store/store.js";
import type { Synchronizer } from "../runtime/synchronizer.js";
import { renderTree, type TreeNode } from "./tree.js";

/**
 * Options of the low-level {@link Group.open} and {@link Group.create}; {@link openGroup} and
 * {@link group} build these.
 */
export interface GroupNodeOptions {
  /** Refuse changes (they throw ReadOnlyError); a read-only store forces it. Default false. */
  readOnly?: boolean;
  /** Passed to the arrays opened or created through the group; locks chunks while written. */
  synchronizer?: Synchronizer;
  /** The format to read or write (default: what the store holds; 2 for a new group). */
  zarrFormat?: 2 | 3;
}

/**
 * Options of {@link Group.createDataset} and {@link Group.requireDataset}, in h5py's style
 * (as zarr-python's `create_dataset`): {@link CreateOptions} without `store` and `path`, plus
 * `shape` or `data`, `compression`/`compressionOpts`, and h5py's `fillvalue`.
 *
 * @example
 * ```ts
 * const z = await root.createDataset("foo", {
 *   shape: [10000, 10000],
 *   chunks: [1000, 1000],
 *   dtype: "i4",
 *   compression: "gzip",
 *   compressionOpts: 1,
 * });
 * ```
 */
export interface DatasetOptions<D extends string = string>
  extends Omit<CreateOptions<D>, "store" | "path"> {
  /**
   * Elements per dimension; required unless `data` is given (then the data's shape is used).
   * For `requireDataset`, the shape the existing array must have.
   */
  shape?: readonly number[] | number;
  /** Data to write; its shape and dtype are used when `shape`/`dtype` are not given. */
  data?:
    | NdArray
    | {
        /** The elements in C order: a typed array of the dtype, or a plain JS array. */
        data: ChunkData;
        /** Elements per dimension; their product is the number of elements in `data`. */
        shape: readonly number[];
      }
    | ArrayBufferView
    | readonly unknown[];
  /** h5py-style compressor name, looked up in the codec registry (`gzip`, `zlib`, `bz2`, `lzma`, `blosc`, ...). */
  compression?: string | null;
  /** The compressor's argument: a number/string (its first parameter), a list, or an object of options. */
  compressionOpts?: unknown;
  /** h5py's spelling of `fillValue`. */
  fillvalue?: unknown;
  /** requireDataset: require the exact dtype instead of one the existing data can be cast to. */
  exact?: boolean;
}

async function compressionToCodec(
  compression: string | null,
  opts: unknown,
): Promise<Codec | CodecConfig | null> {
  if (compression === null || compression === "none") return null;
  if (opts === undefined || opts === null) return getCodec({ id: compression });
  if (typeof opts === "object" && !Array.isArray(opts))
    return getCodec({ ...(opts as object), id: compression });
  const first = codecFirstParameter(compression);
  if (!first)
    throw new ZarrError(
      `compression "${compression}": pass compressionOpts as an object of options`,
    );
  if (Array.isArray(opts)) {
    if (opts.length > 1)
      throw new ZarrError(`compression "${compression}": pass several options as an object`);
    return getCodec({ id: compression, [first]: opts[0] });
  }
  return getCodec({ id: compression, [first]: opts });
}

/**
 * A group of arrays and groups in a store (zarr-python's `zarr.hierarchy.Group`): a `.zgroup`
 * at `path` in v2, a `zarr.json` with `node_type: "group"` in v3. Get one from
 * {@link openGroup}, {@link group}, {@link open} or another group; members are reached by
 * relative paths (`"foo/bar/baz"`).
 *
 * @example
 * ```ts
 * const root = await zarr.openGroup("data/example.zarr", { mode: "w" });
 * const bar = await root.createGroup("foo/bar");
 * const baz = await bar.zeros("baz", { shape: [100, 100], chunks: [10, 10], dtype: "f8" });
 * await baz.attrs.set("units", "m");
 * console.log(await root.tree());
 * const same = await root.getArray("foo/bar/baz");
 * ```
 */
export class Group {
  /** The store holding the hierarchy. */
  readonly store: Store;
  /** The group's path in the store, without slashes at either end; `""` for the root group. */
  readonly path: string;
  /**
   * True when changes are refused with ReadOnlyError (mode `"r"`, `readOnly`, or a read-only
   * store); members opened through the group are read-only too.
   */
  readonly readOnly: boolean;
  /** The synchronizer handed to every array opened or created through the group, if any. */
  readonly synchronizer: Synchronizer | undefined;
  /**
   * The group's user attributes (zarr-python's `attrs`): `.zattrs` in v2, the `attributes` of
   * `zarr.json` in v3.
   */
  readonly attrs: Attributes;
  /** The format of the group's own document; new members take it unless told otherwise. */
  readonly zarrFormat: 2 | 3;
  /** Members as last listed, so the synchronous `toString()` can print the tutorial's repr. */
  #memberCache: [string, "array" | "group"][] = [];

  /**
   * Wrap a group already in the store, without reading or writing anything; prefer
   * {@link openGroup}, {@link Group.open} or {@link Group.create}.
   */
  constructor(store: Store, path: string, attrs: Attributes, opts: GroupNodeOptions = {}) {
    this.store = store;
    this.path = path;
    this.readOnly = Boolean(opts.readOnly || store.readOnly);
    this.synchronizer = opts.synchronizer;
    this.attrs = attrs;
    this.zarrFormat = opts.zarrFormat ?? 2;
  }

  /**
   * Open the group at `path` in `store` (low level: {@link openGroup} takes modes and
   * location strings).
   *
   * @param probe - What the node probe just found at `path`, when the caller has it (internal).
   * @throws {@link ContainsNodeError} when an array is at `path`.
   * @throws {@link NodeNotFoundError} when nothing is there.
   */
  static async open(
    store: Store,
    path: string,
    opts: GroupNodeOptions = {},
    probe?: NodeProbe,
  ): Promise<Group> {
    const { kind, zarrFormat, document } = probe ?? (await probeNode(store, path, opts.zarrFormat));
    if (kind === "array")
      throw new ContainsNodeError(`${describePath(path)} contains an array, not a group`);
    if (kind === "none") throw await nodeNotFound(store, path, "group");
    const format = zarrFormat ?? 2;
    const metaKey = nodeKey(path, format === 3 ? V3_META_KEY : GROUP_META_KEY);
    const meta = document ?? (await store.get(metaKey));
    if (meta !== undefined && format === 2) decodeGroupMetadataV2(meta, metaKey);
    const node = meta !== undefined && format === 3 ? decodeNodeMetadataV3(meta, metaKey) : null;
    const readOnly = Boolean(opts.readOnly || store.readOnly);
    // v3 attributes are in the document just read.
    const attrs = node
      ? new Attributes(store, path, readOnly, node.attributes as Record<string, unknown>, 3)
      : await Attributes.load(store, path, readOnly, format);
    const g = new Group(store, path, attrs, { ...opts, zarrFormat: format });
    // Members are listed for toString(); a store that cannot list (HTTP) opens all the same.
    if (typeof store.list === "function" || typeof store.listDir === "function") await g.#members();
    return g;
  }

  /**
   * Write the group's metadata (`.zgroup`, or `zarr.json` with `zarrFormat: 3`) and any
   * missing parent groups, and open the new group. With `overwrite`, whatever was at `path` is
   * deleted first.
   *
   * @throws {@link ContainsNodeError} when a node is at `path` and `overwrite` is not set.
   * @throws {@link ReadOnlyError} when the store or `readOnly` forbids writing.
   */
  static async create(
    store: Store,
    path: string,
    opts: GroupNodeOptions & { overwrite?: boolean } = {},
  ): Promise<Group> {
    if (opts.readOnly || store.readOnly)
      throw new ReadOnlyError(`cannot create a group at ${describePath(path)}: read-only`);
    if (opts.overwrite) await deleteNode(store, path);
    else {
      const kind = await nodeKind(store, path);
      if (kind !== "none")
        throw new ContainsNodeError(
          `${describePath(path)} already contains ${kind === "array" ? "an array" : "a group"}`,
        );
    }
    const format = opts.zarrFormat ?? 2;
    await requireParentGroups(store, path, format);
    await writeGroupMetadata(store, path, format);
    const attrs = new Attributes(store, path, false, {}, format);
    return new Group(store, path, attrs, { ...opts, zarrFormat: format });
  }

  /** `/` for the root, else `/path`. */
  get name(): string {
    return `/${this.path}`;
  }
  /** The last segment of `path`; `""` for the root group. */
  get basename(): string {
    return this.path.split("/").pop() ?? "";
  }

  #child(name: string): string {
    const rel = normalizePath(name);
    if (rel === "") throw new ZarrError("a member name must not be empty");
    return this.path === "" ? rel : `${this.path}/${rel}`;
  }

  #assertWritable(what: string): void {
    if (this.readOnly)
      throw new ReadOnlyError(`cannot ${what} in group "${this.name}": it is read-only`);
  }

  #nodeOpts(): GroupNodeOptions {
    return {
      readOnly: this.readOnly,
      ...(this.synchronizer ? { synchronizer: this.synchronizer } : {}),
    };
  }

  /** Options for a new member: this group's format unless `opts` names one. */
  #newNodeOpts(opts: { zarrFormat?: 2 | 3 } = {}): GroupNodeOptions {
    return { ...this.#nodeOpts(), zarrFormat: opts.zarrFormat ?? this.zarrFormat };
  }

  // ---- members ----

  /**
   * Names of the direct members, arrays and groups together, sorted by name (zarr-python's
   * `keys()`, what iterating a group gives).
   */
  async keys(): Promise<string[]> {
    return (await this.#members()).map(([name]) => name);
  }

  async #members(): Promise<[string, "array" | "group"][]> {
    const prefix = this.path === "" ? "" : `${this.path}/`;
    const { prefixes } = await storeListDir(this.store, prefix);
    const kinds = await Promise.all(prefixes.map((p) => nodeKind(this.store, prefix + p)));
    const out: [string, "array" | "group"][] = [];
    prefixes.forEach((p, i) => {
      const k = kinds[i]!;
      if (k !== "none") out.push([p, k]);
    });
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#memberCache = out;
    return out;
  }

  /** Run a change to the membership, then list members again for `toString()`. */
  async #changing<T>(fn: () => Promise<T>): Promise<T> {
    const result = await fn();
    await this.#members();
    return result;
  }

  /** Names of the direct members that are arrays, sorted (zarr-python's `array_keys`). */
  async arrayKeys(): Promise<string[]> {
    return (await this.#members()).filter(([, k]) => k === "array").map(([n]) => n);
  }

  /** Names of the direct members that are groups, sorted (zarr-python's `group_keys`). */
  async groupKeys(): Promise<string[]> {
    return (await this.#members()).filter(([, k]) => k === "group").map(([n]) => n);
  }

  /** `[name, array]` for each direct array member. */
  async arrays(): Promise<[string, ZarrArray][]> {
    const names = await this.arrayKeys();
    return Promise.all(
      names.map(
        async (n) =>
          [n, await ZarrArray.open(this.store, this.#child(n), this.#nodeOpts())] as [
            string,
            ZarrArray,
          ],
      ),
    );
  }

  /** `[name, group]` for each direct group member. */
  async groups(): Promise<[string, Group][]> {
    const names = await this.groupKeys();
    return Promise.all(
      names.map(
        async (n) =>
          [n, await Group.open(this.store, this.#child(n), this.#nodeOpts())] as [string, Group],
      ),
    );
  }

  /** Every direct member, arrays and groups, sorted by name. */
  async members(): Promise<[string, ZarrArray | Group][]> {
    const members = await this.#members();
    return Promise.all(
      members.map(async ([n, k]) => {
        const node =
          k === "array"
            ? await ZarrArray.open(this.store, this.#child(n), this.#nodeOpts())
            : await Group.open(this.store, this.#child(n), this.#nodeOpts());
        return [n, node] as [string, ZarrArray | Group];
      }),
    );
  }

  /**
   * Whether an array or group exists at `name`, a path relative to this group (zarr-python's
   * `name in group`).
   */
  async has(name: string): Promise<boolean> {
    return (await nodeKind(this.store, this.#child(name))) !== "none";
  }

  /**
   * The array or group at a relative path (`"foo/bar/baz"` walks down), as zarr-python's
   * `group[name]`.
   *
   * @throws {@link NodeNotFoundError} when nothing is there.
   */
  async get(name: string): Promise<ZarrArray | Group> {
    const path = this.#child(name);
    const probe = await probeNode(this.store, path);
    const kind = probe.kind;
    if (kind === "array") {
      const { meta, attributes } = await readArrayMetadata(this.store, path, undefined, probe);
      const read = attributes === undefined ? {} : { attributes: attributes as never };
      return ZarrArray.open(this.store, path, { ...this.#nodeOpts(), metadata: meta, ...read });
    }
    if (kind === "group") return Group.open(this.store, path, this.#nodeOpts(), probe);
    throw await nodeNotFound(
      this.store,
      path,
      "node",
      ` (member "${name}" of group "${this.name}")`,
    );
  }

  /**
   * The array at a relative path: {@link Group.get} that insists on an array.
   *
   * @throws {@link ContainsNodeError} when a group is there.
   * @throws {@link NodeNotFoundError} when nothing is there.
   */
  async getArray(name: string): Promise<ZarrArray> {
    const node = await this.get(name);
    if (!(node instanceof ZarrArray))
      throw new ContainsNodeError(`"${name}" in group "${this.name}" is a group, not an array`);
    return node;
  }

  /**
   * The group at a relative path: {@link Group.get} that insists on a group.
   *
   * @throws {@link ContainsNodeError} when an array is there.
   * @throws {@link NodeNotFoundError} when nothing is there.
   */
  async getGroup(name: string): Promise<Group> {
    const node = await this.get(name);
    if (!(node instanceof Group))
      throw new ContainsNodeError(`"${name}" in group "${this.name}" is an array, not a group`);
    return node;
  }

  /**
   * Delete a member and everything under it (zarr-python's `del group[name]`).
   *
   * @throws {@link ReadOnlyError} when this group is read-only.
   * @throws {@link NodeNotFoundError} when there is no member `name`.
   */
  async delete(name: string): Promise<void> {
    this.#assertWritable("delete");
    const path = this.#child(name);
    if ((await nodeKind(this.store, path)) === "none")
      throw await nodeNotFound(
        this.store,
        path,
        "node",
        ` (member "${name}" of group "${this.name}")`,
      );
    await this.#changing(() => deleteNode(this.store, path));
  }

  // ---- creating members ----

  /**
   * Create a group at a relative path, and any missing groups on the way (zarr-python's
   * `create_group`). It takes this group's format unless `opts.zarrFormat` says otherwise.
   *
   * @param opts.overwrite - Delete whatever is at the path first (default false).
   * @param opts.zarrFormat - The new group's format (default: this group's).
   * @throws {@link ContainsNodeError} when a node is there and `overwrite` is not set.
   * @throws {@link ReadOnlyError} when this group is read-only.
   */
  async createGroup(
    name: string,
    opts: { overwrite?: boolean; zarrFormat?: 2 | 3 } = {},
  ): Promise<Group> {
    this.#assertWritable("create a group");
    return this.#changing(() =>
      Group.create(this.store, this.#child(name), { ...this.#newNodeOpts(opts), ...opts }),
    );
  }

  /**
   * Open the member group at a relative path, creating it (and missing parents) when it is not
   * there (zarr-python's `require_group`).
   *
   * @throws {@link ContainsNodeError} when an array is there.
   * @throws {@link ReadOnlyError} when it must be created and this group is read-only.
   */
  async requireGroup(name: string, opts: { zarrFormat?: 2 | 3 } = {}): Promise<Group> {
    const path = this.#child(name);
    const kind = await nodeKind(this.store, path);
    if (kind === "group") return Group.open(this.store, path, this.#nodeOpts());
    if (kind === "array")
      throw new ContainsNodeError(`${describePath(path)} contains an array, not a group`);
    this.#assertWritable("create a group");
    return this.#changing(() => Group.create(this.store, path, this.#newNodeOpts(opts)));
  }

  /** {@link Group.requireGroup} for each name (zarr-python's `require_groups`), in the names' order. */
  async requireGroups(...names: string[]): Promise<Group[]> {
    return Promise.all(names.map((n) => this.requireGroup(n)));
  }

  #createOpts<D extends string>(name: string, opts: CreateOptions<D>): CreateOptions<D> {
    this.#assertWritable("create an array");
    return {
      ...(this.synchronizer ? { synchronizer: this.synchronizer } : {}),
      zarrFormat: this.zarrFormat,
      ...opts,
      store: this.store,
      path: this.#child(name),
    };
  }

  /**
   * Create an array at a relative path whose unwritten elements read as 0 (zarr-python's
   * `group.zeros`); `opts` as {@link zeros}, plus `shape`. It takes this group's format and
   * synchronizer unless `opts` says otherwise.
   *
   * @throws {@link ContainsNodeError} when a node is there and `overwrite` is not set.
   * @throws {@link ReadOnlyError} when this group is read-only.
   */
  zeros<D extends string = "<f8">(
    name: string,
    opts: CreateOptions<D> & { shape: readonly number[] | number },
  ): Promise<ZarrArray<D>> {
    return this.#changing(() => zeros<D>(opts.shape, this.#createOpts(name, opts)));
  }
  /**
   * Create an array at a relative path whose unwritten elements read as 1 (zarr-python's
   * `group.ones`); otherwise as {@link Group.zeros}.
   */
  ones<D extends string = "<f8">(
    name: string,
    opts: CreateOptions<D> & { shape: readonly number[] | number },
  ): Promise<ZarrArray<D>> {
    return this.#changing(() => ones<D>(opts.shape, this.#createOpts(name, opts)));
  }
  /**
   * Create an array at a relative path with no fill value (zarr-python's `group.empty`);
   * otherwise as {@link Group.zeros}.
   */
  empty<D extends string = "<f8">(
    name: string,
    opts: CreateOptions<D> & { shape: readonly number[] | number },
  ): Promise<ZarrArray<D>> {
    return this.#changing(() => empty<D>(opts.shape, this.#createOpts(name, opts)));
  }
  /**
   * Create an array at a relative path whose unwritten elements read as `opts.fillValue`
   * (zarr-python's `group.full`); otherwise as {@link Group.zeros}.
   */
  full<D extends string = "<f8">(
    name: string,
    opts: CreateOptions<D> & { shape: readonly number[] | number; fillValue: unknown },
  ): Promise<ZarrArray<D>> {
    return this.#changing(() => full<D>(opts.shape, opts.fillValue, this.#createOpts(name, opts)));
  }
  /**
   * Create an array at a relative path holding `data` (zarr-python's `group.array`); shape
   * and, unless `opts.dtype` is given, dtype come from the data as for {@link array}.
   *
   * @throws {@link ContainsNodeError} when a node is there and `overwrite` is not set.
   * @throws {@link ReadOnlyError} when this group is read-only.
   */
  array<D extends string = string>(
    name: string,
    data: Parameters<typeof array>[0],
    opts: CreateOptions<D> = {},
  ): Promise<ZarrArray<D>> {
    return this.#changing(() => array<D>(data, this.#createOpts(name, opts)));
  }

  /**
   * Create an array at a relative path, h5py-style (zarr-python's `create_dataset`): `shape`
   * or `data`, plus `compression`/`compressionOpts`; see {@link DatasetOptions}.
   *
   * @throws {@link ZarrError} when neither `shape` nor `data` is given, or `compressionOpts`
   *   does not suit the codec.
   * @throws {@link ContainsNodeError} when a node is there and `overwrite` is not set.
   */
  async createDataset<D extends string = string>(
    name: string,
    opts: DatasetOptions<D>,
  ): Promise<ZarrArray<D>> {
    const { data, shape, compression, compressionOpts, fillvalue, exact: _exact, ...rest } = opts;
    const createOpts: CreateOptions<D> = this.#createOpts(name, rest);
    if (compression !== undefined)
      createOpts.compressor = await compressionToCodec(compression, compressionOpts);
    if (fillvalue !== undefined && rest.fillValue === undefined) createOpts.fillValue = fillvalue;
    if (data !== undefined) return this.#changing(() => array<D>(data, createOpts));
    if (shape === undefined)
      throw new ZarrError(`createDataset("${name}") needs { shape } or { data }`);
    return this.#changing(() => create<D>(shape, createOpts));
  }

  /**
   * Open the array if it exists with a matching shape and dtype (castable, or equal with
   * `exact`), else create it (zarr-python's `require_dataset`).
   *
   * @throws {@link ZarrError} when the existing array's shape or dtype does not match.
   * @throws {@link ContainsNodeError} when a group is there.
   */
  async requireDataset<D extends string = string>(
    name: string,
    opts: DatasetOptions<D>,
  ): Promise<ZarrArray<D>> {
    const path = this.#child(name);
    const kind = await nodeKind(this.store, path);
    if (kind === "group")
      throw new ContainsNodeError(`${describePath(path)} contains a group, not an array`);
    if (kind === "none") return this.createDataset<D>(name, opts);
    const a = await ZarrArray.open<D>(this.store, path, this.#nodeOpts());
    const shape =
      opts.shape === undefined
        ? undefined
        : typeof opts.shape === "number"
          ? [opts.shape]
          : [...opts.shape];
    if (shape && (shape.length !== a.ndim || shape.some((s, i) => s !== a.shape[i]))) {
      throw new ZarrError(
        `requireDataset("${name}"): shapes do not match, existing [${a.shape.join(", ")}] vs requested [${shape.join(", ")}]`,
      );
    }
    if (opts.dtype !== undefined) {
      const want = parseDataType(opts.dtype);
      // Structured dtypes of one size share their `str` (`|V20`): only all their fields tell.
      const structured = want.fields !== undefined || a.dataType.fields !== undefined;
      const ok = structured
        ? want.display === a.dataType.display
        : opts.exact
          ? want.str === a.dtype
          : canCast(want.str, a.dtype);
      if (!ok)
        throw new ZarrError(
          `requireDataset("${name}"): dtypes do not match, existing ${structured ? a.dataType.display : a.dtype} vs requested ${structured ? want.display : want.str}`,
        );
    }
    return a;
  }

  // ---- diagnostics ----

  async #treeNode(level: number | undefined, depth: number): Promise<TreeNode> {
    const label = this.path === "" ? "/" : this.basename;
    const children: TreeNode[] = [];
    if (level === undefined || depth < level) {
      for (const [n, node] of await this.members()) {
        if (node instanceof Group) children.push(await node.#treeNode(level, depth + 1));
        else
          children.push({
            label: `${n} ${pyShape(node.shape)} ${node.dataType.display}`,
            children: [],
          });
      }
    }
    return { label, children };
  }

  /**
   * The hierarchy below this group drawn as zarr-python's `tree()` draws it, optionally only
   * `level` levels deep: one line per node, arrays with their shape and dtype.
   *
   * @param opts.level - How many levels below this group to draw (default: all).
   * @example
   * ```ts
   * console.log(await root.tree());
   * // /
   * //  └── foo
   * //      └── bar
   * //          └── baz (100, 100) float64
   * ```
   */
  async tree(opts: { level?: number } = {}): Promise<string> {
    return renderTree(await this.#treeNode(opts.level, 0));
  }

  /** The tutorial's repr after listing members again: `Group(/foo/bar, 2)` and the member lines. */
  async repr(): Promise<string> {
    await this.#members();
    return this.toString();
  }

  /** A table in zarr-python 2.13's `info` layout. */
  async info(): Promise<string> {
    const members = await this.#members();
    const arrays = members.filter(([, k]) => k === "array").map(([n]) => n);
    const groups = members.filter(([, k]) => k === "group").map(([n]) => n);
    const items: [string, string][] = [
      ["Name", this.name],
      ["Type", "zarrkit.Group"],
      ["Read-only", this.readOnly ? "True" : "False"],
    ];
    if (this.synchronizer) items.push(["Synchronizer type", String(this.synchronizer)]);
    items.push(
      ["Store type", String(this.store)],
      ["No. members", String(members.length)],
      ["No. arrays", String(arrays.length)],
      ["No. groups", String(groups.length)],
    );
    if (arrays.length > 0) items.push(["Arrays", arrays.join(", ")]);
    if (groups.length > 0) items.push(["Groups", groups.join(", ")]);
    return formatInfoTable(items);
  }

  /**
   * The tutorial's repr, `Group(/foo/bar, 2)` and its member lines, from the members as last
   * listed (at open, or after a change made through this object); `await repr()` lists again.
   */
  toString(): string {
    const members = this.#memberCache;
    const arrays = members.filter(([, k]) => k === "array").map(([n]) => n);
    const groups = members.filter(([, k]) => k === "group").map(([n]) => n);
    let r = `Group(${this.name}, ${members.length})`;
    const line = (label: string, names: string[]) => {
      const text = `\n  ${label}: ${names.length}; ${names.join(", ")}`;
      return text.length > 80 ? `${text.slice(0, 77)}...` : text;
    };
    if (arrays.length > 0) r += line("arrays", arrays);
    if (groups.length > 0) r += line("groups", groups);
    r += `\n  store: ${this.store}`;
    if (this.synchronizer) r += `; synchronizer: ${this.synchronizer}`;
    return r;
  }
}

function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** NumPy's "safe" casting between the simple kinds zarr uses. */
function canCast(from: string, to: string): boolean {
  if (from === to) return true;
  const a = parseDataType(from);
  const b = parseDataType(to);
  const order = "biufc";
  if (!order.includes(a.kind) || !order.includes(b.kind))
    return a.kind === b.kind && a.itemsize <= b.itemsize;
  if (a.kind === "b") return true;
  if (a.kind === b.kind) return a.itemsize <= b.itemsize;
  if (a.kind === "u" && b.kind === "i") return a.itemsize < b.itemsize;
  if ((a.kind === "i" || a.kind === "u") && (b.kind === "f" || b.kind === "c"))
    return a.itemsize < (b.kind === "c" ? b.itemsize / 2 : b.itemsize);
  if (a.kind === "f" && b.kind === "c") return a.itemsize <= b.itemsize / 2;
  return false;
}

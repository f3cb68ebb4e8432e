import { ZarrError } from "../errors.js";
import type { ChunkData } from "../metadata/dtype.js";
import { normalizePath } from "../metadata/node-path.js";
import { NdArray } from "../indexing/ndarray.js";
import type { Store } from "../store/store.js";
import { ZarrArray } from "./array.js";
import {
  array,
  type CreateOptions,
  create,
  openArray,
  type StoreLike,
  toStore,
} from "./creation.js";
import { Group } from "./group.js";
import { describePath, probeNode } from "./node.js";

/** Data `save` accepts: what `array()` takes, or another ZarrArray (copied chunk by chunk). */
export type SaveData =
  | ZarrArray<string>
  | NdArray
  | {
      /** The elements in C order: a typed array of the dtype, or a plain JS array. */
      data: ChunkData;
      /** Elements per dimension; their product is the number of elements in `data`. */
      shape: readonly number[];
    }
  | ArrayBufferView
  | readonly unknown[];

/** Arrays saved under names of their own (zarr-python's keyword arguments). */
export type NamedArrays = { readonly [name: string]: SaveData };

/** Where in the store to save or load, as zarr-python's `path=` keyword. */
export interface ConvenienceOptions {
  /** The node's path in the store, e.g. `"foo/bar"`. Default: the store's root. */
  path?: string;
  /** Read only this format's metadata. Default: whichever format the store holds. */
  zarrFormat?: 2 | 3;
}

/**
 * zarr-python's `save_array`: write `data` as an array at the store's root (or `path`),
 * replacing whatever is there. Other creation options (compressor, chunks, ...) pass through.
 * A store opened from a location string is closed afterwards, so a zip file is complete.
 */
export async function saveArray(
  store: StoreLike,
  data: SaveData,
  opts: Omit<CreateOptions, "store" | "overwrite"> = {},
): Promise<void> {
  await withStore(store, (s) => writeArray(data, { ...opts, store: s }));
}

/**
 * zarr-python's `save_group`: a new group (replacing what is at the store's root) holding
 * each unnamed array as `arr_0`, `arr_1`, ... and each named one under its name. A last
 * argument that is a plain object (not `{ data, shape }`) holds the named arrays.
 */
export async function saveGroup(
  store: StoreLike,
  ...args: (SaveData | NamedArrays)[]
): Promise<void> {
  const { unnamed, named } = splitArgs("saveGroup", args);
  await withStore(store, (s) => writeGroup(s, unnamed, named));
}

/**
 * zarr-python's `save`: one unnamed array is saved as an array ({@link saveArray}), anything
 * else as a group ({@link saveGroup}); whatever was in the store is replaced.
 *
 * @throws {@link ZarrError} when no array is given, an argument is not array data, or the
 *   object of named arrays is not last.
 *
 * @example
 * ```ts
 * await zarr.save("data/example.zarr", Int32Array.of(1, 2, 3));
 * const data = await zarr.load("data/example.zarr"); // NdArray, data Int32Array [1, 2, 3]
 * await zarr.save("data/group.zarr", [1, 2, 3], { named: [[4, 5], [6, 7]] }); // arr_0 and named
 * ```
 */
export async function save(store: StoreLike, ...args: (SaveData | NamedArrays)[]): Promise<void> {
  const { unnamed, named } = splitArgs("save", args);
  await withStore(store, async (s) => {
    if (unnamed.length === 1 && Object.keys(named).length === 0)
      await writeArray(unnamed[0]!, { store: s });
    else await writeGroup(s, unnamed, named);
  });
}

/**
 * zarr-python's `zarr.load`: the whole array as an NdArray when the store holds an array, or a
 * {@link LazyLoader} reading each member array when first asked for it when it holds a group.
 * The store is opened read-only.
 *
 * @throws {@link ZarrError} when there is neither an array nor a group at `opts.path`.
 */
export async function load(
  store: StoreLike,
  opts: ConvenienceOptions = {},
): Promise<NdArray | LazyLoader> {
  const s = await toStore(store, "r");
  const path = normalizePath(opts.path);
  const probe = await probeNode(s, path, opts.zarrFormat);
  if (probe.kind === "array") {
    const a = await openArray(s, { mode: "r", path, ...fmt(opts) });
    return (await a.get(null)) as NdArray;
  }
  if (probe.kind === "group")
    return new LazyLoader(await Group.open(s, path, { readOnly: true, ...fmt(opts) }, probe));
  throw new ZarrError(`load: ${describePath(path)} in ${s} holds no array or group`);
}

/**
 * zarr-python's `tree(grp, level=None)`: the group's hierarchy as {@link Group.tree} draws it.
 *
 * @param opts.level - How many levels below the group to draw (default: all).
 * @throws {@link ZarrError} when `group` is not a Group.
 */
export function tree(group: Group, opts: { level?: number } = {}): Promise<string> {
  if (!(group instanceof Group))
    throw new ZarrError(`tree: expected a Group, got ${describeValue(group)}`);
  return group.tree(opts);
}

/**
 * The arrays of a group, each read into memory the first time it is asked for and kept
 * (zarr-python's `LazyLoader`), as {@link load} returns for a group. `keys()` lists the
 * group's members, as iterating one does.
 *
 * @example
 * ```ts
 * await zarr.saveGroup("data/example.zarr", Int32Array.of(1, 2, 3), { b: [[1.5, 2.5]] });
 * const loader = (await zarr.load("data/example.zarr")) as zarr.LazyLoader;
 * const a = await loader.get("arr_0"); // NdArray, data Int32Array [1, 2, 3]
 * ```
 */
export class LazyLoader {
  /** The group whose arrays are loaded ({@link load} opens it read-only). */
  readonly group: Group;
  readonly #cache = new Map<string, NdArray>();

  /** Load the arrays of `group`; nothing is read until {@link LazyLoader.get} is called. */
  constructor(group: Group) {
    this.group = group;
  }

  /**
   * The whole member array `name` as an NdArray, read on the first call and cached after it.
   *
   * @throws {@link ZarrError} when `name` is a group.
   * @throws {@link NodeNotFoundError} when there is no member `name`.
   */
  async get(name: string): Promise<NdArray> {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const node = await this.group.get(name);
    if (node instanceof Group)
      throw new ZarrError(`LazyLoader: "${name}" is a group, not an array`);
    const data = (await (node as ZarrArray).get(null)) as NdArray;
    this.#cache.set(name, data);
    return data;
  }

  /** Whether the group has a member (array or group) at `name`. */
  has(name: string): Promise<boolean> {
    return this.group.has(name);
  }

  /** The names of the group's direct members, arrays and groups, sorted. */
  keys(): Promise<string[]> {
    return this.group.keys();
  }

  /** `[name, data]` for each array member in name order, each loaded as by `get`. */
  async *entries(): AsyncGenerator<[string, NdArray], void, undefined> {
    for (const name of await this.group.arrayKeys()) yield [name, await this.get(name)];
  }

  /** `<LazyLoader: arr_0, arr_1>`, zarr-python's repr: the group's array names, sorted. */
  async repr(): Promise<string> {
    const names = [...(await this.group.arrayKeys())].sort();
    return `<LazyLoader: ${names.join(", ")}>`;
  }
}

function fmt(opts: ConvenienceOptions): { zarrFormat?: 2 | 3 } {
  return opts.zarrFormat ? { zarrFormat: opts.zarrFormat } : {};
}

async function writeGroup(s: Store, unnamed: SaveData[], named: NamedArrays): Promise<void> {
  await Group.create(s, "", { overwrite: true });
  for (const [i, data] of unnamed.entries()) await writeArray(data, { store: s, path: `arr_${i}` });
  for (const [name, data] of Object.entries(named))
    await writeArray(data, { store: s, path: name });
}

/**
 * zarr-python's `array(data)`: a new array holding `data`, replacing what is at the path. A
 * ZarrArray source gives its shape, dtype and chunks, as zarr-python takes them from one.
 */
async function writeArray(data: SaveData, opts: CreateOptions): Promise<void> {
  if (!(data instanceof ZarrArray)) {
    await array(data, { ...opts, overwrite: true });
    return;
  }
  const objectCodec = data.dataType.kind === "O" ? data.filters?.[0] : undefined;
  const z = await create(data.shape, {
    dtype: data.dataType,
    chunks: data.chunks,
    ...(objectCodec ? { objectCodec } : {}),
    ...opts,
    overwrite: true,
  });
  await z.set(null, data);
}

/** Open a location for writing, run `fn`, and close the store if this opened it. */
async function withStore(store: StoreLike, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await toStore(store, "w");
  try {
    await fn(s);
  } finally {
    if (typeof store === "string") await s.close?.();
  }
}

function splitArgs(
  what: string,
  args: readonly unknown[],
): { unnamed: SaveData[]; named: NamedArrays } {
  const unnamed: SaveData[] = [];
  let named: NamedArrays = {};
  args.forEach((a, i) => {
    if (isNamedArrays(a)) {
      if (i !== args.length - 1)
        throw new ZarrError(
          `${what}: argument ${i + 1} is an object of named arrays; it must come last`,
        );
      named = a;
    } else if (isSaveData(a)) unnamed.push(a);
    else
      throw new ZarrError(
        `${what}: argument ${i + 1} (${describeValue(a)}) is not array data: pass an NdArray, { data, shape }, a typed array or nested arrays`,
      );
  });
  if (unnamed.length === 0 && Object.keys(named).length === 0)
    throw new ZarrError(`${what}: at least one array must be provided`);
  for (const [name, data] of Object.entries(named))
    if (!isSaveData(data))
      throw new ZarrError(
        `${what}: named array "${name}" (${describeValue(data)}) is not array data: pass an NdArray, { data, shape }, a typed array or nested arrays`,
      );
  return { unnamed, named };
}

function isSaveData(a: unknown): a is SaveData {
  return (
    a instanceof ZarrArray ||
    a instanceof NdArray ||
    ArrayBuffer.isView(a) ||
    Array.isArray(a) ||
    isDataShape(a)
  );
}

function isDataShape(a: unknown): boolean {
  if (typeof a !== "object" || a === null) return false;
  const o = a as { data?: unknown; shape?: unknown };
  return Array.isArray(o.shape) && (ArrayBuffer.isView(o.data) || Array.isArray(o.data));
}

function isNamedArrays(a: unknown): a is NamedArrays {
  if (typeof a !== "object" || a === null || Array.isArray(a) || ArrayBuffer.isView(a))
    return false;
  return Object.getPrototypeOf(a) === Object.prototype && !isDataShape(a);
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return typeof v;
}

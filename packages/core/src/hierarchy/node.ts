import { ContainsNodeError, MetadataError, NodeNotFoundError } from "../errors.js";
import { nodeKey } from "../metadata/node-path.js";
import { ARRAY_META_KEY, encodeGroupMetadataV2, GROUP_META_KEY } from "../metadata/v2.js";
import { encodeDocumentV3, groupDocumentV3, V3_META_KEY } from "../metadata/v3.js";
import { type Store, storeDeletePrefix, storeSet } from "../store/store.js";
import { decodePyJson } from "../metadata/json.js";

/** What a path in a store holds: zarr-python's contains_array / contains_group. */
export type NodeKind = "array" | "group" | "none";

/** A node's kind and the format that stores it (null when nothing is there). */
export interface NodeProbe {
  /** What is stored at the path: an array, a group, or nothing. */
  readonly kind: NodeKind;
  /** The Zarr format of the node's metadata; null when nothing is there. */
  readonly zarrFormat: 2 | 3 | null;
  /**
   * The node's metadata document as read (`.zarray`, `.zgroup` or `zarr.json`), so opening
   * the node need not read it again: over HTTP each read is a round trip.
   */
  readonly document?: Uint8Array;
}

/**
 * What is at `path` and in which format: `.zarray`/`.zgroup` (v2) or `zarr.json` (v3), or
 * only `format`'s documents when it is given. v2 wins when a path holds both. The documents
 * are read (not merely checked) because opening the node needs the one found.
 */
export async function probeNode(store: Store, path: string, format?: 2 | 3): Promise<NodeProbe> {
  if (format !== 3) {
    const [array, group] = await Promise.all([
      store.get(nodeKey(path, ARRAY_META_KEY)),
      store.get(nodeKey(path, GROUP_META_KEY)),
    ]);
    if (array !== undefined) return { kind: "array", zarrFormat: 2, document: array };
    if (group !== undefined) return { kind: "group", zarrFormat: 2, document: group };
    if (format === 2) return { kind: "none", zarrFormat: null };
  }
  const key = nodeKey(path, V3_META_KEY);
  const bytes = await store.get(key);
  if (bytes === undefined) return { kind: "none", zarrFormat: null };
  const doc = decodePyJson(bytes, key) as { node_type?: unknown } | null;
  const type = doc !== null && typeof doc === "object" ? doc.node_type : undefined;
  if (type !== "array" && type !== "group")
    throw new MetadataError(
      `${key}: field "node_type" must be "array" or "group", got ${JSON.stringify(type ?? null)}`,
    );
  return { kind: type, zarrFormat: 3, document: bytes };
}

export async function nodeKind(store: Store, path: string, format?: 2 | 3): Promise<NodeKind> {
  return (await probeNode(store, path, format)).kind;
}

export function describePath(path: string): string {
  return path === "" ? "the store root" : `path "${path}"`;
}

/** The store as errors name it: its kind and, for stores on disk, where it is. */
export function describeStore(store: Store): string {
  const location = (store as { path?: unknown }).path;
  return typeof location === "string" ? `${store} at ${location}` : String(store);
}

const MISSING = {
  array: ["no array", [ARRAY_META_KEY, V3_META_KEY]],
  group: ["no group", [GROUP_META_KEY, V3_META_KEY]],
  node: ["nothing found", [ARRAY_META_KEY, GROUP_META_KEY, V3_META_KEY]],
} as const;

/** The error for a missing array, group or either: at which path of which store, which keys were looked for. */
export async function nodeNotFound(
  store: Store,
  path: string,
  kind: keyof typeof MISSING,
  detail = "",
): Promise<NodeNotFoundError> {
  const [what, keys] = MISSING[kind];
  const where = `${describePath(path)} in ${describeStore(store)}`;
  const looked = keys.map((k) => nodeKey(path, k)).join(" or ");
  return new NodeNotFoundError(`${what} at ${where}${detail} (looked for ${looked})`);
}

/** Fail when something already lives at `path` (creation without overwrite, mode `w-`). */
export async function assertNoNode(store: Store, path: string): Promise<void> {
  const kind = await nodeKind(store, path);
  if (kind !== "none")
    throw new ContainsNodeError(
      `${describePath(path)} already contains ${kind === "array" ? "an array" : "a group"}`,
    );
}

/** Remove the node at `path` and everything under it (the whole store for the root). */
export async function deleteNode(store: Store, path: string): Promise<void> {
  await storeDeletePrefix(store, path === "" ? "" : `${path}/`);
}

/**
 * Make sure every ancestor of `path` is a group, as zarr-python does when it creates a node
 * inside a hierarchy; an array in the way is an error.
 */
export async function requireParentGroups(
  store: Store,
  path: string,
  format: 2 | 3 = 2,
): Promise<void> {
  if (path === "") return;
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const p = segments.slice(0, i).join("/");
    const kind = await nodeKind(store, p);
    if (kind === "array")
      throw new ContainsNodeError(
        `cannot create a node under ${describePath(p)}: it contains an array`,
      );
    if (kind === "none") await writeGroupMetadata(store, p, format);
  }
}

/** Write a new group's document: `.zgroup`, or a `zarr.json` with its attributes. */
export async function writeGroupMetadata(
  store: Store,
  path: string,
  format: 2 | 3,
  attributes: Record<string, unknown> = {},
): Promise<void> {
  if (format === 3)
    await storeSet(
      store,
      nodeKey(path, V3_META_KEY),
      encodeDocumentV3(groupDocumentV3(attributes as never)),
    );
  else await storeSet(store, nodeKey(path, GROUP_META_KEY), encodeGroupMetadataV2());
}

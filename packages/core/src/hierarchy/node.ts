import { ContainsNodeError, NodeNotFoundError } from "../errors.js";
import {
  ARRAY_META_KEY,
  encodeGroupMetadataV2,
  GROUP_META_KEY,
  nodeKey,
} from "../metadata/metadata.js";
import { type Store, storeDeletePrefix, storeHas, storeSet } from "../store/store.js";

/** What a path in a store holds: zarr-python's contains_array / contains_group. */
export type NodeKind = "array" | "group" | "none";

export async function nodeKind(store: Store, path: string): Promise<NodeKind> {
  const [isArray, isGroup] = await Promise.all([
    storeHas(store, nodeKey(path, ARRAY_META_KEY)),
    storeHas(store, nodeKey(path, GROUP_META_KEY)),
  ]);
  return isArray ? "array" : isGroup ? "group" : "none";
}

export function describePath(path: string): string {
  return path === "" ? "the store root" : `path "${path}"`;
}

/** Zarr v3 keeps all of a node's metadata in this one document. */
export const V3_META_KEY = "zarr.json";

/** The store as errors name it: its kind and, for stores on disk, where it is. */
export function describeStore(store: Store): string {
  const location = (store as { path?: unknown }).path;
  return typeof location === "string" ? `${store} at ${location}` : String(store);
}

const MISSING = {
  array: ["no array", [ARRAY_META_KEY]],
  group: ["no group", [GROUP_META_KEY]],
  node: ["nothing found", [ARRAY_META_KEY, GROUP_META_KEY]],
} as const;

/**
 * The error for a missing array, group or either: at which path of which store, which keys
 * were looked for, and, when a Zarr v3 node is there instead, that it is one.
 */
export async function nodeNotFound(
  store: Store,
  path: string,
  kind: keyof typeof MISSING,
  detail = "",
): Promise<NodeNotFoundError> {
  const [what, keys] = MISSING[kind];
  const where = `${describePath(path)} in ${describeStore(store)}`;
  const v3Key = nodeKey(path, V3_META_KEY);
  if (await storeHas(store, v3Key))
    return new NodeNotFoundError(
      `${what} at ${where}: ${v3Key} found: this is a Zarr v3 store; zarrkit reads Zarr v2 only for now`,
    );
  const looked = keys.map((k) => nodeKey(path, k)).join(" or ");
  return new NodeNotFoundError(`${what} at ${where}${detail} (looked for ${looked})`);
}

/** Refuse to create a v2 node where a Zarr v3 node already is (mixing them corrupts both). */
export async function assertNotV3(store: Store, path: string): Promise<void> {
  const v3Key = nodeKey(path, V3_META_KEY);
  if (await storeHas(store, v3Key))
    throw new ContainsNodeError(
      `${describePath(path)} in ${describeStore(store)} holds ${v3Key}: this is a Zarr v3 store; zarrkit reads and writes Zarr v2 only for now`,
    );
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
export async function requireParentGroups(store: Store, path: string): Promise<void> {
  if (path === "") return;
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const p = segments.slice(0, i).join("/");
    const kind = await nodeKind(store, p);
    if (kind === "array")
      throw new ContainsNodeError(
        `cannot create a node under ${describePath(p)}: it contains an array`,
      );
    if (kind === "none") await storeSet(store, nodeKey(p, GROUP_META_KEY), encodeGroupMetadataV2());
  }
}

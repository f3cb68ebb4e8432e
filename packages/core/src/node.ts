import { ContainsNodeError } from "./errors.js";
import { ARRAY_META_KEY, encodeGroupMetadataV2, GROUP_META_KEY, nodeKey } from "./metadata.js";
import { type Store, storeDeletePrefix, storeHas } from "./store.js";

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
    if (kind === "none") await store.set(nodeKey(p, GROUP_META_KEY), encodeGroupMetadataV2());
  }
}

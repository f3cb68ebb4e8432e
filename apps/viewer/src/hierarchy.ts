// Opening a store's hierarchy for the tree panel: from its consolidated metadata when it has
// some (one request over HTTP, and the only way to list a group there: HTTP cannot list),
// else node by node, listing groups where the store can.
import * as zarr from "zarrkit/browser";
import { type Source, storeFor } from "./sources.js";

export type Node = zarr.ZarrArray | zarr.Group;

export interface TreeNode {
  /** The node's path from the root, "" for the root. */
  path: string;
  name: string;
  kind: "array" | "group";
  children: TreeNode[];
  /** Why a group's members are not shown (the store cannot list them), if so. */
  unlisted?: string;
}

export interface Hierarchy {
  root: Node;
  consolidated: boolean;
}

export async function openHierarchy(source: Source): Promise<Hierarchy> {
  const store = storeFor(source);
  try {
    return { root: await zarr.openConsolidated(store, { mode: "r" }), consolidated: true };
  } catch (e) {
    if (!(e instanceof zarr.NodeNotFoundError)) throw e;
  }
  return { root: await zarr.open(store, { mode: "r" }), consolidated: false };
}

/** The node at `path` below the root ("" is the root). */
export async function nodeAt(root: Node, path: string): Promise<Node> {
  if (path === "") return root;
  if (!(root instanceof zarr.Group))
    throw new zarr.NodeNotFoundError(`path "${path}": the store's root is an array, not a group`);
  return root.get(path);
}

/** The tree below `node`, at most `limit` nodes (a huge hierarchy would flood the panel). */
export async function buildTree(node: Node, path = "", limit = { left: 5000 }): Promise<TreeNode> {
  const name = path === "" ? "/" : path.slice(path.lastIndexOf("/") + 1);
  limit.left--;
  if (!(node instanceof zarr.Group)) return { path, name, kind: "array", children: [] };
  const out: TreeNode = { path, name, kind: "group", children: [] };
  let members: [string, Node][];
  try {
    members = await node.members();
  } catch (e) {
    out.unlisted = (e as Error).message;
    return out;
  }
  for (const [child, n] of members) {
    if (limit.left <= 0) {
      out.unlisted = "more members than the tree shows";
      break;
    }
    out.children.push(await buildTree(n, path === "" ? child : `${path}/${child}`, limit));
  }
  return out;
}

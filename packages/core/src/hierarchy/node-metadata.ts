import type { ArrayMetadata } from "../metadata/array-metadata.js";
import { ContainsNodeError } from "../errors.js";
import type { PyJson } from "../metadata/json.js";
import { decodePyJson } from "../metadata/json.js";
import { nodeKey } from "../metadata/node-path.js";
import {
  ARRAY_META_KEY,
  ATTRS_KEY,
  decodeArrayMetadataV2,
  encodeArrayMetadataV2,
} from "../metadata/v2.js";
import {
  arrayDocumentV3,
  decodeNodeMetadataV3,
  encodeDocumentV3,
  parseNodeMetadataV3,
  V3_META_KEY,
} from "../metadata/v3.js";
import { withKeyLock } from "../runtime/key-lock.js";
import { type Store, storeSet } from "../store/store.js";
import { describePath, type NodeProbe, nodeNotFound } from "./node.js";

/** The document that holds an array's metadata in each format. */
export function arrayMetadataKey(path: string, format: 2 | 3): string {
  return nodeKey(path, format === 3 ? V3_META_KEY : ARRAY_META_KEY);
}

/** Names (relative to the node) of the documents a node of this format owns. */
export function ownMetadataKeys(format: 2 | 3): readonly string[] {
  return format === 3 ? [V3_META_KEY] : [ARRAY_META_KEY, ATTRS_KEY];
}

/**
 * Read the array at `path`: `.zarray` (v2) or `zarr.json` (v3), whichever is there (v2 first,
 * as stores are mostly one format), or only `format`'s. v3 hands back its attributes too.
 */
export async function readArrayMetadata(
  store: Store,
  path: string,
  format?: 2 | 3,
  probe?: NodeProbe,
): Promise<{ meta: ArrayMetadata; attributes?: PyJson }> {
  // The document a probe of this path already read (see probeNode).
  const probed = probe?.kind === "array" ? probe.document : undefined;
  if (format !== 3 && (probed === undefined || probe?.zarrFormat === 2)) {
    const key = nodeKey(path, ARRAY_META_KEY);
    const bytes = probed ?? (await store.get(key));
    if (bytes !== undefined) return { meta: decodeArrayMetadataV2(bytes, key) };
    if (format === 2) throw await nodeNotFound(store, path, "array");
  }
  const key = nodeKey(path, V3_META_KEY);
  const bytes = probed ?? (await store.get(key));
  if (bytes === undefined) throw await nodeNotFound(store, path, "array");
  const node = decodeNodeMetadataV3(bytes, key);
  if (node.nodeType !== "array")
    throw new ContainsNodeError(`${describePath(path)} contains a group, not an array (${key})`);
  return { meta: node.meta, attributes: node.attributes };
}

/**
 * Write an array's metadata document and return the model as read back from it. In v3 the
 * attributes share the document: a rewrite keeps the stored ones (under the document's key
 * lock, which attribute changes take too); `create` writes `attributes` instead.
 */
export async function writeArrayMetadata(
  store: Store,
  path: string,
  meta: ArrayMetadata,
  attributes: Record<string, PyJson> = {},
  opts: { create?: boolean } = {},
): Promise<ArrayMetadata> {
  const key = arrayMetadataKey(path, meta.zarrFormat);
  if (meta.zarrFormat === 2) {
    const bytes = encodeArrayMetadataV2(meta);
    await withKeyLock(store, key, () => storeSet(store, key, bytes));
    return decodeArrayMetadataV2(bytes, key);
  }
  return withKeyLock(store, key, async () => {
    let attrs: PyJson = attributes;
    if (!opts.create) {
      const old = await store.get(key);
      if (old !== undefined) {
        const doc = decodePyJson(old, key) as Record<string, PyJson>;
        attrs = doc.attributes ?? {};
      }
    }
    const doc = arrayDocumentV3(meta, attrs);
    await storeSet(store, key, encodeDocumentV3(doc));
    const node = parseNodeMetadataV3(doc, key);
    return node.nodeType === "array" ? node.meta : meta;
  });
}

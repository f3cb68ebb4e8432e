// `zarrkit info`: the table zarr-python 2.13's `.info` prints, and its --json counterpart.
import { formatInfoTable, Group, type ZarrArray } from "@zarrkit/core";

/** An array's info in zarr-python 2.13's layout (Type and Store type name zarrkit's classes). */
export async function arrayInfo(z: ZarrArray): Promise<string> {
  return formatInfoTable(await z.infoItems());
}

/** What `info --json` prints for a node (documented in docs-site/cli.md). */
export async function describeNode(node: ZarrArray | Group): Promise<Record<string, unknown>> {
  if (node instanceof Group) {
    const members = await node.members();
    return {
      node: "group",
      name: node.name,
      zarrFormat: node.zarrFormat,
      readOnly: node.readOnly,
      store: String(node.store),
      arrays: members.filter(([, m]) => !(m instanceof Group)).map(([n]) => n),
      groups: members.filter(([, m]) => m instanceof Group).map(([n]) => n),
      attributes: jsonValue(node.attrs.toJSON()),
    };
  }
  // null when the store cannot list its keys (plain HTTP): nothing to count them from.
  const listable = typeof node.store.list === "function";
  return {
    node: "array",
    name: node.name,
    zarrFormat: node.zarrFormat,
    shape: node.shape,
    chunks: node.chunks,
    shards: node.shards,
    dtype: node.dtype,
    dtypeName: node.dataType.display,
    order: node.order,
    fillValue: jsonValue(node.fillValue),
    compressor: node.compressor ? node.compressor.toConfig() : null,
    filters: node.filters ? node.filters.map((f) => f.toConfig()) : null,
    dimensionNames: node.dimensionNames,
    readOnly: node.readOnly,
    store: String(node.store),
    nbytes: node.nbytes,
    nbytesStored: listable ? await node.nbytesStored() : null,
    nchunks: node.nchunks,
    nchunksInitialized: listable ? await node.nchunksInitialized() : null,
    attributes: jsonValue(node.attrs.toJSON()),
  };
}

/**
 * A value made JSON-safe the way Zarr metadata writes it: NaN and infinities as the strings
 * "NaN", "Infinity" and "-Infinity", 64-bit integers as numbers when exact, else as strings.
 */
export function jsonValue(v: unknown): unknown {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
  }
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v.toString();
  }
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

// `zarrkit info`: the table zarr-python 2.13's `.info` prints, and its --json counterpart.
import { Group, humanReadableSize, type ZarrArray } from "@zarrkit/core";

/** zarr-python's `bytestr`: the count, with a human-readable size above 1 KiB. */
function byteString(n: number): string {
  return n > 1024 ? `${n} (${humanReadableSize(n)})` : String(n);
}

/** Python's `'%.1f' % x`: exact ties (x * 10 ending in .5 exactly) round half to even. */
function pyFixed1(x: number): string {
  const twenty = x * 20;
  if (Number.isInteger(twenty) && Math.abs(twenty % 2) === 1) {
    const lower = Math.floor(x * 10);
    return ((lower % 2 === 0 ? lower : lower + 1) / 10).toFixed(1);
  }
  return x.toFixed(1);
}

const pyTuple = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

function table(items: [string, string][]): string {
  const width = Math.max(...items.map(([k]) => k.length));
  return `${items.map(([k, v]) => `${k.padEnd(width)} : ${v}`).join("\n")}\n`;
}

/** An array's info in zarr-python 2.13's layout (Type and Store type name zarrkit's classes). */
export async function arrayInfo(z: ZarrArray): Promise<string> {
  const items: [string, string][] = [];
  if (z.name !== null) items.push(["Name", z.name]);
  items.push(
    ["Type", "zarrkit.Array"],
    ["Data type", z.dataType.display],
    ["Shape", pyTuple(z.shape)],
    ["Chunk shape", pyTuple(z.chunks)],
  );
  // zarr-python 2.13 has no shards; a sharded v3 array shows them after the chunks.
  if (z.shards) items.push(["Shard shape", pyTuple(z.shards)]);
  items.push(["Order", z.order], ["Read-only", z.readOnly ? "True" : "False"]);
  (z.filters ?? []).forEach((f, i) => {
    items.push([`Filter [${i}]`, String(f)]);
  });
  items.push(["Compressor", z.compressor ? String(z.compressor) : "None"]);
  items.push(["Store type", String(z.store)], ["No. bytes", byteString(z.nbytes)]);
  const listable = typeof z.store.list === "function";
  const stored = listable ? await z.nbytesStored() : 0;
  if (stored > 0)
    items.push(
      ["No. bytes stored", byteString(stored)],
      ["Storage ratio", pyFixed1(z.nbytes / stored)],
    );
  // Counting stored chunks needs a listing, which a store over plain HTTP cannot give.
  const initialized = listable ? String(await z.nchunksInitialized()) : "?";
  items.push(["Chunks initialized", `${initialized}/${z.nchunks}`]);
  return table(items);
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

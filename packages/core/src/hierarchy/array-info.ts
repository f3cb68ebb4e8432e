// The rows of zarr-python 2.13's `Array.info`, so the CLI, the viewer and users print the
// same table as Python, and a caller over plain HTTP can leave out what needs a listing.
import type { ZarrArray } from "./array.js";
import { humanReadableSize, pyFixed1, pyTuple } from "./format.js";

/** The rows of an info table: `[name, value]` pairs, in order. */
export type InfoItems = [string, string][];

/** Options of {@link ZarrArray.infoItems}. */
export interface ArrayInfoOptions {
  /**
   * Include the rows that need the stored chunks: "No. bytes stored" and "Storage ratio"
   * (which read every stored chunk's size) and the count in "Chunks initialized" (which lists
   * the store's keys). Without them "Chunks initialized" shows `?/N`.
   * Default: true when the store can list its keys, false otherwise (plain HTTP).
   */
  stored?: boolean;
}

/**
 * An info table in zarr-python's layout: each name padded to the longest, `" : "`, the value,
 * one row per line, ending with a newline.
 */
export function formatInfoTable(items: readonly (readonly [string, string])[]): string {
  const width = Math.max(...items.map(([k]) => k.length));
  return `${items.map(([k, v]) => `${k.padEnd(width)} : ${v}`).join("\n")}\n`;
}

/** zarr-python's `bytestr`: the count, with a human-readable size above 1 KiB. */
function byteString(n: number): string {
  return n > 2 ** 10 ? `${n} (${humanReadableSize(n)})` : String(n);
}

/** See {@link ZarrArray.infoItems}. */
export async function arrayInfoItems(
  z: ZarrArray<string>,
  opts: ArrayInfoOptions = {},
): Promise<InfoItems> {
  const stored = opts.stored ?? typeof z.store.list === "function";
  const items: InfoItems = [];
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
  for (const [i, f] of (z.filters ?? []).entries()) items.push([`Filter [${i}]`, String(f)]);
  items.push(["Compressor", z.compressor ? String(z.compressor) : "None"]);
  if (z.synchronizer) items.push(["Synchronizer type", String(z.synchronizer)]);
  items.push(["Store type", String(z.store)], ["No. bytes", byteString(z.nbytes)]);
  const nbytesStored = stored ? await z.nbytesStored() : 0;
  if (nbytesStored > 0)
    items.push(
      ["No. bytes stored", byteString(nbytesStored)],
      ["Storage ratio", pyFixed1(z.nbytes / nbytesStored)],
    );
  const initialized = stored ? String(await z.nchunksInitialized()) : "?";
  items.push(["Chunks initialized", `${initialized}/${z.nchunks}`]);
  return items;
}

// A node's info and attributes. A group shows core's `info()` table. An array shows the same
// rows as zarr-python 2.13's `Array.info`, from its metadata alone: core's `Array.info()`
// reads every stored chunk to sum their sizes, which over HTTP would fetch the whole array
// (and HTTP cannot list which chunks exist), so the viewer leaves the stored sizes out.
import * as zarr from "zarrkit/browser";
import type { Node } from "./hierarchy.js";

const tuple = (xs: readonly number[]) => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;

/** zarr-python's table layout: names padded to the longest, " : ", the value. */
function table(items: [string, string][]): string {
  const width = Math.max(...items.map(([k]) => k.length));
  return `${items.map(([k, v]) => `${k.padEnd(width)} : ${v}`).join("\n")}\n`;
}

export function arrayInfo(a: zarr.ZarrArray): string {
  const items: [string, string][] = [];
  if (a.name) items.push(["Name", a.name]);
  items.push(
    ["Type", "zarrkit.Array"],
    ["Data type", a.dataType.display],
    ["Shape", tuple(a.shape)],
    ["Chunk shape", tuple(a.chunks)],
  );
  if (a.shards) items.push(["Shard shape", tuple(a.shards)]);
  items.push(["Order", a.order], ["Read-only", a.readOnly ? "True" : "False"]);
  for (const [i, f] of (a.filters ?? []).entries()) items.push([`Filter [${i}]`, String(f)]);
  items.push(
    ["Compressor", a.compressor ? String(a.compressor) : "None"],
    ["Store type", String(a.store)],
    ["No. bytes", `${a.nbytes} (${zarr.humanReadableSize(a.nbytes)})`],
  );
  return table(items);
}

export async function showInfo(
  infoEl: HTMLElement,
  attrsEl: HTMLElement,
  node: Node,
): Promise<void> {
  infoEl.textContent = node instanceof zarr.Group ? await node.info() : arrayInfo(node);
  const attrs = node.attrs.toJSON();
  attrsEl.textContent = Object.keys(attrs).length > 0 ? JSON.stringify(attrs, null, 2) : "(none)";
}

// A node's info and attributes. A group shows core's `info()` table. An array shows zarr-python
// 2.13's `Array.info` rows without the stored sizes: summing them reads every stored chunk,
// which over HTTP would fetch the whole array (and HTTP cannot list which chunks exist).
import * as zarr from "zarrkit/browser";
import type { Node } from "./hierarchy.js";

export async function showInfo(
  infoEl: HTMLElement,
  attrsEl: HTMLElement,
  node: Node,
): Promise<void> {
  infoEl.textContent =
    node instanceof zarr.Group
      ? await node.info()
      : zarr.formatInfoTable(await node.infoItems({ stored: false }));
  const attrs = node.attrs.toJSON();
  attrsEl.textContent = Object.keys(attrs).length > 0 ? JSON.stringify(attrs, null, 2) : "(none)";
}

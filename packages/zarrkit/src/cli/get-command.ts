// `zarrkit get LOCATION SELECTION`
import { Group, IndexError, type NdArray } from "@zarrkit/core";
import { jsonValue } from "./info-table.js";
import type { Location } from "./location.js";
import { formatNumpy } from "./numpy-format.js";
import { withNode } from "./open-node.js";
import { printJson, printResult } from "./output.js";
import { parseSelection } from "./selection.js";
import { UsageError } from "./usage-error.js";

export async function getCommand(
  location: Location,
  selectionText: string,
  json: boolean,
): Promise<void> {
  // Checked before opening anything: a typo in the selection is bad usage wherever the data is.
  const selection = parseSelection(selectionText);
  await withNode(location, async (node) => {
    if (node instanceof Group)
      throw new UsageError(`${location.text} is a group; get needs an array (try tree)`);
    let value: unknown;
    try {
      value = await node.get(selection);
    } catch (e) {
      // Out-of-bounds indices and too many dimensions are bad selections, not failures.
      if (e instanceof IndexError)
        throw new UsageError(`bad selection ${JSON.stringify(selectionText)}: ${e.message}`);
      throw e;
    }
    if (json) {
      const isArray = typeof value === "object" && value !== null && "shape" in value;
      printJson({
        shape: isArray ? (value as NdArray).shape : [],
        dtype: node.dtype,
        values: jsonValue(isArray ? (value as NdArray).toArray() : value),
      });
    } else printResult(formatNumpy(value, node.dataType));
  });
}

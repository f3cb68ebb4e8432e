// `zarrkit info LOCATION`
import { Group } from "@zarrkit/core";
import { arrayInfo, describeNode } from "./info-table.js";
import type { Location } from "./location.js";
import { withNode } from "./open-node.js";
import { printJson, printResult } from "./output.js";

export async function infoCommand(location: Location, json: boolean): Promise<void> {
  await withNode(location, async (node) => {
    if (json) printJson(await describeNode(node));
    else printResult(node instanceof Group ? await node.info() : await arrayInfo(node));
  });
}

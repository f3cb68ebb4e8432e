// `zarrkit tree LOCATION`
import { Group } from "@zarrkit/core";
import { jsonValue } from "./info-table.js";
import type { Location } from "./location.js";
import { withNode } from "./open-node.js";
import { printJson, printResult } from "./output.js";
import { UsageError } from "./usage-error.js";

interface TreeJson {
  name: string;
  node: "group" | "array";
  shape?: number[];
  dtype?: string;
  children?: TreeJson[];
}

async function treeJson(name: string, node: Awaited<ReturnType<Group["members"]>>[number][1]) {
  if (!(node instanceof Group))
    return { name, node: "array", shape: node.shape, dtype: node.dtype } satisfies TreeJson;
  const children: TreeJson[] = [];
  for (const [n, m] of await node.members()) children.push(await treeJson(n, m));
  return { name, node: "group", children } satisfies TreeJson;
}

export async function treeCommand(
  location: Location,
  opts: { json: boolean; level?: string },
): Promise<void> {
  const level = opts.level === undefined ? undefined : Number(opts.level);
  if (level !== undefined && !(Number.isInteger(level) && level >= 0))
    throw new UsageError(
      `--level must be a whole number >= 0; found ${JSON.stringify(opts.level)}`,
    );
  await withNode(location, async (node) => {
    if (!(node instanceof Group))
      throw new UsageError(`${location.text} is an array; tree needs a group (try info)`);
    if (opts.json) printJson(jsonValue(await treeJson(node.name, node)));
    else printResult(await node.tree(level === undefined ? {} : { level }));
  });
}

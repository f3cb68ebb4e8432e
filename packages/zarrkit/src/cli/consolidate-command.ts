// `zarrkit consolidate LOCATION`
import { consolidateMetadata } from "@zarrkit/core";
import { closeStore, type Location, openLocation } from "./location.js";
import { printJson, printResult } from "./output.js";

export async function consolidateCommand(location: Location, json: boolean): Promise<void> {
  const store = await openLocation(location, "a");
  try {
    await consolidateMetadata(store, { path: location.path });
  } finally {
    await closeStore(store);
  }
  if (json) printJson({ consolidated: location.text });
  else printResult(`consolidated metadata of ${location.text}`);
}

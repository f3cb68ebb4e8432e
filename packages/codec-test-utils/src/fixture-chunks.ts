import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_V2, type FixtureEntry, fixtureManifest } from "@zarrkit/test-utils";

/** One stored chunk of a zarr-python fixture, named `store/array/key`. */
export interface FixtureChunk {
  name: string;
  entry: FixtureEntry;
  bytes: Uint8Array;
}

/**
 * Every stored chunk of the directory fixtures whose compressor id is one of `ids`, flat
 * (`0.1`) and nested (`0/1`) keys alike, in name order.
 */
export function fixtureChunks(...ids: string[]): FixtureChunk[] {
  const out: FixtureChunk[] = [];
  for (const entry of fixtureManifest()) {
    if (!entry.compressor || !ids.includes(entry.compressor.id)) continue;
    // Zip fixtures hold the same chunks as their directory twins.
    if (!statSync(join(FIXTURES_V2, entry.store)).isDirectory()) continue;
    const prefix = `${entry.store}/${entry.array ? `${entry.array}/` : ""}`;
    const walk = (dir: string, rel: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      )) {
        if (e.isDirectory()) {
          // Nested chunk folders are numbers; other folders are child nodes.
          if (/^\d+$/.test(e.name)) walk(join(dir, e.name), `${rel}${e.name}/`);
        } else if (/^\d+([./]\d+)*$/.test(`${rel}${e.name}`)) {
          out.push({
            name: `${prefix}${rel}${e.name}`,
            entry,
            bytes: new Uint8Array(readFileSync(join(dir, e.name))),
          });
        }
      }
    };
    walk(join(FIXTURES_V2, entry.store, entry.array), "");
  }
  return out;
}

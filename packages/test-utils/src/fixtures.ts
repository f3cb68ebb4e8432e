import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `fixtures/` at the repository root: stores written by zarr-python (see fixtures/README.md). */
export const FIXTURES_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "fixtures",
);
export const FIXTURES_V2 = join(FIXTURES_DIR, "zarr-v2");

export interface FixtureEntry {
  store: string;
  array: string;
  dtype: string;
  shape: number[];
  chunks: number[];
  order: "C" | "F";
  fill_value: unknown;
  compressor: ({ id: string } & Record<string, unknown>) | null;
  filters: ({ id: string } & Record<string, unknown>)[] | null;
  features: string[];
  sha256: string;
  /** Whole array flattened in C order; see fixtures/README.md for the encoding of each type. */
  values: unknown[];
}

let manifest: FixtureEntry[] | undefined;

export function fixtureManifest(): FixtureEntry[] {
  manifest ??= (
    JSON.parse(readFileSync(join(FIXTURES_V2, "MANIFEST.json"), "utf8")) as {
      fixtures: FixtureEntry[];
    }
  ).fixtures;
  return manifest;
}

/** Fixtures whose features include every one of `features`. */
export function fixturesWith(...features: string[]): FixtureEntry[] {
  return fixtureManifest().filter((f) => features.every((x) => f.features.includes(x)));
}

/** Path of a fixture's chunk or metadata file inside the zarr-v2 fixtures. */
export function fixturePath(entry: FixtureEntry, key: string): string {
  return join(FIXTURES_V2, entry.store, entry.array, key);
}

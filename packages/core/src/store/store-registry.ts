import { ZarrError } from "../errors.js";
import type { Store } from "./store.js";

/**
 * Options for the store a location string opens, passed through the open functions as
 * `storageOptions` (fsspec's name): an HTTP store's headers, an S3 store's credentials, ...
 * Each store plugin documents the ones it reads.
 */
export type StorageOptions = Readonly<Record<string, unknown>>;

/** Opens a store for a location string, e.g. a path or URL; `mode` is the open mode. */
export type StoreOpener = (
  location: string,
  options: { mode: string; storageOptions?: StorageOptions },
) => Store | Promise<Store>;

interface Resolver {
  readonly name: string;
  readonly matches: (location: string) => boolean;
  readonly open: StoreOpener;
}

const resolvers: Resolver[] = [];

/**
 * Register how location strings are opened. Later registrations are tried first, so a
 * specific pattern (`*.zip`) registered after a catch-all (plain paths) wins.
 */
export function registerStore(
  name: string,
  matches: (location: string) => boolean,
  open: StoreOpener,
): void {
  const existing = resolvers.findIndex((r) => r.name === name);
  if (existing >= 0) resolvers.splice(existing, 1);
  resolvers.unshift({ name, matches, open });
}

/** What to do so that `location` opens, for the error when nothing is registered for it. */
function advice(location: string): string {
  if (/^https?:\/\//.test(location))
    return "import a store plugin that registers http(s) URLs, or pass a Store object";
  if (/^s3:\/\//.test(location))
    return "import a store plugin that registers s3:// URLs, or pass a Store object";
  if (/\.zip$/i.test(location))
    return 'pass a store object (new ZipStore(path) from "@zarrkit/store-zip"), or use the "zarrkit" package, which opens .zip paths as zip stores';
  return 'add `import "@zarrkit/store-fs";` (importing it makes plain paths and file:// URLs open as directory stores), pass a store object, or use the "zarrkit" package';
}

/** Turn a location string into a store using the registered resolvers. */
export async function resolveStore(
  location: string,
  mode = "a",
  storageOptions?: StorageOptions,
): Promise<Store> {
  for (const r of resolvers) {
    if (r.matches(location))
      return r.open(location, storageOptions ? { mode, storageOptions } : { mode });
  }
  throw new ZarrError(
    `no store registered for location ${JSON.stringify(location)}: ${advice(location)}`,
  );
}

import { ZarrError } from "./errors.js";
import type { Store } from "./store.js";

/** Opens a store for a location string, e.g. a path or URL; `mode` is the open mode. */
export type StoreOpener = (location: string, options: { mode: string }) => Store | Promise<Store>;

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

function describe(location: string): string {
  if (/^https?:\/\//.test(location)) return "an http(s) store plugin such as @zarrkit/store-http";
  if (/^s3:\/\//.test(location)) return "an s3 store plugin";
  if (/\.zip$/i.test(location)) return "@zarrkit/store-zip";
  return "@zarrkit/store-fs";
}

/** Turn a location string into a store using the registered resolvers. */
export async function resolveStore(location: string, mode = "a"): Promise<Store> {
  for (const r of resolvers) {
    if (r.matches(location)) return r.open(location, { mode });
  }
  throw new ZarrError(
    `no store registered for location ${JSON.stringify(location)}: install and import ${describe(location)} (or use the "zarrkit" package)`,
  );
}

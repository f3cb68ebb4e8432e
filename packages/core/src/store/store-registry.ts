import { ZarrError } from "../errors.js";
import type { Store } from "./store.js";

/**
 * Options for the store a location string opens, passed through the open functions as
 * `storageOptions` (fsspec's name): an HTTP store's headers, an S3 store's credentials, ...
 * Each store plugin documents the ones it reads.
 */
export type StorageOptions = Readonly<Record<string, unknown>>;

/**
 * Opens a store for a location string, e.g. a path or URL, as {@link registerStore} takes it.
 * `options.mode` is the open mode (`r`, `r+`, `a`, `w`, `w-`; a store opened with `r` must
 * refuse writes), `options.storageOptions` what the caller passed for the store.
 */
export type StoreOpener = (
  location: string,
  options: { mode: string; storageOptions?: StorageOptions },
) => Store | Promise<Store>;

interface Resolver {
  readonly name: string;
  readonly matches: (location: string) => boolean;
  readonly open: StoreOpener;
  readonly catchAll: boolean;
}

/** Options of {@link registerStore}: how a registration ranks against the others. */
export interface RegisterStoreOptions {
  /**
   * The pattern claims a whole class of locations (every local path), so every specific
   * pattern (`*.zip`, `*.sqlite`) wins over it whichever package was imported first.
   * Default: false.
   */
  readonly catchAll?: boolean;
}

const resolvers: Resolver[] = [];

/**
 * Register how location strings are opened; registering a name again replaces it. Specific
 * patterns are tried before catch-all ones (`{ catchAll: true }`), and within each kind later
 * registrations are tried first.
 *
 * Store plugins call it on import, so `open("data.zip")` or `open("https://...")` finds them.
 *
 * @param name - Names the registration; registering the same name replaces it.
 * @param matches - Whether this opener handles a location string.
 * @param open - Opens the store for a matching location.
 *
 * @example
 * ```ts
 * registerStore("mem", (location) => location.startsWith("mem://"), () => new MemoryStore());
 * const root = await openGroup("mem://scratch");
 * ```
 */
export function registerStore(
  name: string,
  matches: (location: string) => boolean,
  open: StoreOpener,
  options: RegisterStoreOptions = {},
): void {
  const existing = resolvers.findIndex((r) => r.name === name);
  if (existing >= 0) resolvers.splice(existing, 1);
  const catchAll = options.catchAll === true;
  const at = catchAll ? resolvers.findIndex((r) => r.catchAll) : 0;
  resolvers.splice(at < 0 ? resolvers.length : at, 0, { name, matches, open, catchAll });
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

/**
 * The store a location string opens, from the first registered opener whose pattern matches
 * (see {@link registerStore} for the order). This is what the open functions do with a string.
 *
 * @param mode - The open mode passed to the opener. Default: `"a"`.
 * @throws {@link ZarrError} when no registered opener matches; the message says which package
 *   to import or what to pass instead.
 */
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

import { registerStore, type StorageOptions, ZarrError } from "@zarrkit/core";
import { HttpStore, type HttpStoreOptions } from "./http-store.js";

/**
 * True when `location` starts with `http://` or `https://` (any case): the test by which
 * `open`, `openGroup` and friends hand a location string to {@link openHttpStore}.
 */
export const isHttpUrl = (location: string): boolean => /^https?:\/\//i.test(location);

const OPTIONS = [
  "fetch",
  "headers",
  "concurrency",
  "retries",
  "retryDelay",
  "maxRetryDelay",
  "forbiddenIsMissing",
] as const;

/**
 * The store an `http(s)://` location string opens; `storageOptions` are HttpStore's options.
 * Only reading modes make sense: `open(url)`'s default mode "a" still opens (as zarr-python's
 * FSStore over HTTP does), and any write then fails with ReadOnlyError.
 *
 * @param location - The `http(s)://` URL of the store.
 * @param options - `storageOptions`: the options of {@link HttpStore} (see
 *   {@link HttpStoreOptions}); `mode` is not used.
 * @throws {ZarrError} When `storageOptions` names an option HttpStore does not take, or as
 *   the HttpStore constructor.
 *
 * @example
 * ```ts
 * import { open } from "@zarrkit/core";
 * import "@zarrkit/store-http"; // registers http(s):// locations
 *
 * const z = await open("https://example.com/data/example.zarr", {
 *   mode: "r",
 *   storageOptions: { headers: { authorization: `Bearer ${token}` }, retries: 5 },
 * });
 * ```
 */
export function openHttpStore(
  location: string,
  { storageOptions }: { mode: string; storageOptions?: StorageOptions } = { mode: "r" },
): HttpStore {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(storageOptions ?? {})) {
    if (!(OPTIONS as readonly string[]).includes(name))
      throw new ZarrError(
        `storageOptions for ${location.replace(/\?.*$/, "")}: unknown option "${name}" (HttpStore takes ${OPTIONS.join(", ")})`,
      );
    options[name] = value;
  }
  return new HttpStore(location, options as HttpStoreOptions);
}

registerStore("http", isHttpUrl, openHttpStore);

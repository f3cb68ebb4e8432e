// `http(s)://host/path/data.zip` location strings open as the zip archive read over HTTP by
// range reads (an HttpStore for the folder, the archive one of its values). Importing
// @zarrkit/store-http registers plain http(s) URLs first; this later registration wins.
import { registerStore, type StorageOptions, type Store } from "@zarrkit/core";
import { openHttpStore } from "@zarrkit/store-http";
import { openZipInStore, type ZipArchiveOptions } from "@zarrkit/store-zip";

export { openZipInStore, type ZipArchiveOptions, ZipArchiveStore } from "@zarrkit/store-zip";

/** The storageOptions the archive reader takes; the others are the HttpStore's. */
const ZIP_OPTIONS = ["verifyChecksums", "maxDirectorySize"] as const;

export function isHttpZipUrl(location: string): boolean {
  if (!/^https?:\/\//i.test(location)) return false;
  try {
    return /\.zip$/i.test(new URL(location).pathname);
  } catch {
    return false;
  }
}

/**
 * Open a zip archive at an http(s) URL: the folder becomes an HttpStore (query string kept,
 * for signed URLs) and the archive's file name its key. Read-only, whatever the mode.
 */
export async function openHttpZip(
  location: string,
  { mode, storageOptions }: { mode: string; storageOptions?: StorageOptions },
): Promise<Store> {
  const url = new URL(location);
  const slash = url.pathname.lastIndexOf("/");
  const key = decodeURIComponent(url.pathname.slice(slash + 1));
  url.pathname = url.pathname.slice(0, slash + 1);
  url.hash = "";
  const zipOptions: ZipArchiveOptions = { closeSource: true };
  const httpOptions: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(storageOptions ?? {})) {
    if ((ZIP_OPTIONS as readonly string[]).includes(name))
      (zipOptions as Record<string, unknown>)[name] = value;
    else httpOptions[name] = value;
  }
  const http = openHttpStore(url.href, { mode, storageOptions: httpOptions });
  return openZipInStore(http, key, zipOptions);
}

registerStore("http-zip", isHttpZipUrl, openHttpZip);

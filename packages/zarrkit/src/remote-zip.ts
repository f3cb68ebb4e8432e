// `http(s)://host/path/data.zip` and `s3://bucket/path/data.zip` location strings open as the
// zip archive read by range reads (an HttpStore or S3Store for the folder, the archive one of
// its values). Importing @zarrkit/store-http and @zarrkit/store-s3 registers their plain
// locations first; these later registrations win.
import { registerStore, type StorageOptions, type Store } from "@zarrkit/core";
import { openHttpStore } from "@zarrkit/store-http";
import { openS3Store } from "@zarrkit/store-s3";
import { openZipInStore, type ZipArchiveOptions } from "@zarrkit/store-zip";

export { openZipInStore, type ZipArchiveOptions, ZipArchiveStore } from "@zarrkit/store-zip";

/** The storageOptions the archive reader takes; the others are the HttpStore's. */
const ZIP_OPTIONS = ["verifyChecksums", "maxDirectorySize"] as const;

/**
 * True when a location string is an `http://` or `https://` URL whose path ends in `.zip`
 * (any case; the query string and fragment do not count): the locations `open` reads as a zip
 * archive over HTTP range requests ({@link openHttpZip}).
 */
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
 *
 * This is the store opener `open("https://host/data.zip")` uses; call it yourself to get the
 * store object. `storageOptions` go to the HttpStore, except `verifyChecksums` and
 * `maxDirectorySize`, which go to the archive reader ({@link ZipArchiveOptions}). Closing the
 * returned store closes the HttpStore too.
 *
 * @example
 * ```ts
 * const store = await openHttpZip("https://example.com/data/example.zarr.zip", { mode: "r" });
 * const root = await open(store, { mode: "r" });
 * ```
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
  const { zipOptions, sourceOptions } = splitOptions(storageOptions);
  const http = openHttpStore(url.href, { mode, storageOptions: sourceOptions });
  return openZipInStore(http, key, zipOptions);
}

/** The archive reader's storageOptions apart from the ones of the store that holds the archive. */
function splitOptions(storageOptions: StorageOptions | undefined): {
  zipOptions: ZipArchiveOptions;
  sourceOptions: Record<string, unknown>;
} {
  const zipOptions: ZipArchiveOptions = { closeSource: true };
  const sourceOptions: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(storageOptions ?? {})) {
    if ((ZIP_OPTIONS as readonly string[]).includes(name))
      (zipOptions as Record<string, unknown>)[name] = value;
    else sourceOptions[name] = value;
  }
  return { zipOptions, sourceOptions };
}

/**
 * True when a location string names a `.zip` object in an S3 bucket (`s3://bucket/data.zip`,
 * `s3://bucket/path/data.zip`; no query string or fragment): the locations `open` reads as a zip
 * archive by range GETs ({@link openS3Zip}).
 */
export function isS3ZipUrl(location: string): boolean {
  return /^s3:\/\/[^/?#]+\/(?:[^?#]*\/)?[^/?#]+\.zip$/i.test(location);
}

/**
 * Open a zip archive that is one object of an S3 bucket (`s3://bucket/path/data.zip`): the
 * object's folder becomes an S3Store, read-only, and the archive is read by range GETs.
 *
 * This is the store opener `open("s3://bucket/data.zip")` uses. `storageOptions` go to the
 * S3Store (credentials, region, endpoint, ...), except `verifyChecksums` and
 * `maxDirectorySize`, which go to the archive reader ({@link ZipArchiveOptions}). `mode` is
 * ignored: the archive is always read-only.
 */
export async function openS3Zip(
  location: string,
  { storageOptions }: { mode: string; storageOptions?: StorageOptions },
): Promise<Store> {
  const slash = location.lastIndexOf("/");
  const folder = location.slice(0, slash);
  const key = location.slice(slash + 1);
  const { zipOptions, sourceOptions } = splitOptions(storageOptions);
  const s3 = openS3Store(folder, { mode: "r", storageOptions: sourceOptions });
  return openZipInStore(s3, key, zipOptions);
}

registerStore("http-zip", isHttpZipUrl, openHttpZip);
registerStore("s3-zip", isS3ZipUrl, openS3Zip);

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

export function isS3ZipUrl(location: string): boolean {
  return /^s3:\/\/[^/?#]+\/(?:[^?#]*\/)?[^/?#]+\.zip$/i.test(location);
}

/**
 * Open a zip archive that is one object of an S3 bucket (`s3://bucket/path/data.zip`): the
 * object's folder becomes an S3Store, read-only, and the archive is read by range GETs.
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

import { registerStore } from "@zarrkit/core";
import { openDirectoryStore } from "@zarrkit/store-fs";
import { openZipStore } from "@zarrkit/store-zip";

// Location strings: anything without a URL scheme (or a file:// URL) is a directory, unless it
// names a .zip file. registerStore tries later registrations first.
const isLocalPath = (location: string) =>
  !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith("file://");

registerStore("directory", isLocalPath, openDirectoryStore);
registerStore("zip", (location) => isLocalPath(location) && /\.zip$/i.test(location), openZipStore);

export {
  DirectoryStore,
  type DirectoryStoreOptions,
  NestedDirectoryStore,
} from "@zarrkit/store-fs";
export { ZipStore, type ZipStoreMode, type ZipStoreOptions } from "@zarrkit/store-zip";
export { ProcessSynchronizer, type ProcessSynchronizerOptions } from "@zarrkit/sync-process";

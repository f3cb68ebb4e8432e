import { registerStore } from "@zarrkit/core";
import { isLocalPath } from "@zarrkit/store-fs";
import { openZipStore } from "@zarrkit/store-zip";

// Importing @zarrkit/store-fs registered local paths as directories; a path naming a .zip
// file is a zip store instead (registerStore tries later registrations first).
registerStore("zip", (location) => isLocalPath(location) && /\.zip$/i.test(location), openZipStore);

export {
  DirectoryStore,
  type DirectoryStoreOptions,
  NestedDirectoryStore,
} from "@zarrkit/store-fs";
export { ZipStore, type ZipStoreMode, type ZipStoreOptions } from "@zarrkit/store-zip";
export { ProcessSynchronizer, type ProcessSynchronizerOptions } from "@zarrkit/sync-process";

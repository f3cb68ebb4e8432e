export {
  openZipStore,
  ZipStore,
  type ZipStoreMode,
  type ZipStoreOptions,
} from "./zip-store.js";
export {
  openZipInStore,
  ZipArchiveStore,
  type ZipArchiveOptions,
} from "./zip-archive-store.js";

export {
  openZipStore,
  ZipStore,
  type ZipStoreMode,
  type ZipStoreOptions,
} from "./zip-store.js";

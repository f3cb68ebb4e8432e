export {
  DirectoryStore,
  type DirectoryStoreMode,
  type DirectoryStoreOptions,
  NestedDirectoryStore,
  openDirectoryStore,
} from "./directory-store.js";
export { checkKey } from "./key.js";
export { isLocalPath } from "./register.js";

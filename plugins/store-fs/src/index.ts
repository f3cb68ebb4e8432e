export {
  DirectoryStore,
  type DirectoryStoreOptions,
  openDirectoryStore,
} from "./directory-store.js";
export { checkKey } from "./key.js";

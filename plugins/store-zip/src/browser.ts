// The browser entry ("browser" export condition): the archive reader over any store, which
// needs no file system. ZipStore (a zip file on disk) is Node's alone.
export {
  openZipInStore,
  ZipArchiveStore,
  type ZipArchiveOptions,
} from "./zip-archive-store.js";

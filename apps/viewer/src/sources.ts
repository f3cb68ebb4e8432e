// Where a store comes from: a URL (HttpStore, through zarrkit's location strings), a folder
// handle (File System Access API, or the origin private file system) or a folder's file
// list. A Source is structured-cloneable, so the page posts it to the tile workers and each
// opens the same store.
import type { Store } from "zarrkit/browser";
import { DirectoryHandleStore } from "./directory-store.js";
import { type FileEntry, FileListStore } from "./file-list-store.js";

export type Source =
  | { kind: "url"; url: string }
  | { kind: "directory"; handle: FileSystemDirectoryHandle }
  | { kind: "files"; name: string; files: FileEntry[] };

/** A location string (absolute URL) or a store the library opens as is. */
export function storeFor(source: Source): string | Store {
  switch (source.kind) {
    case "url":
      return source.url;
    case "directory":
      return new DirectoryHandleStore(source.handle);
    case "files":
      return new FileListStore(source.files, source.name);
  }
}

/** What the page shows as the store's name. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case "url":
      return source.url;
    case "directory":
      return `${source.handle.name}/ (local folder)`;
    case "files":
      return `${source.name}/ (local files)`;
  }
}

// Choosing a local folder: the File System Access API's picker where the browser has it
// (Chromium), else an <input type="file" webkitdirectory> (Firefox, Safari), which hands
// over every file of the folder at once.
import { fileEntries } from "./file-list-store.js";
import type { Source } from "./sources.js";

type Picker = (opts: { mode: "read" }) => Promise<FileSystemDirectoryHandle>;

/** The folder the user picked, or undefined when they cancelled. */
export async function pickDirectory(): Promise<Source | undefined> {
  const picker = (globalThis as { showDirectoryPicker?: Picker }).showDirectoryPicker;
  if (picker) {
    try {
      return { kind: "directory", handle: await picker({ mode: "read" }) };
    } catch (e) {
      if ((e as { name?: string }).name === "AbortError") return undefined;
      throw e;
    }
  }
  const input = document.createElement("input");
  input.type = "file";
  input.webkitdirectory = true;
  return new Promise((resolve) => {
    input.addEventListener("change", () => {
      const files = [...(input.files ?? [])];
      if (files.length === 0) return resolve(undefined);
      const name = files[0]!.webkitRelativePath.split("/")[0] || "folder";
      resolve({ kind: "files", name, files: fileEntries(files) });
    });
    input.addEventListener("cancel", () => resolve(undefined));
    input.click();
  });
}

import type { Dirent } from "node:fs";
import { lstat, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { TEMP_FILE } from "./key.js";

/**
 * How old a temporary write file must be before a writable store removes it on opening. A live
 * write touches its file continuously and lasts milliseconds to seconds, so an hour-old one
 * belongs to a writer that was killed (ours or zarr-python's, which use the same name form).
 */
export const STALE_TEMP_FILE_MS = 60 * 60 * 1000;

/**
 * Remove the temporary files (`<name>.<32 hex>.partial`) older than `olderThanMs` under `root`.
 * Only regular files whose names match that form exactly are touched, and symbolic links are
 * not followed, so nothing outside the root and nothing another program owns is removed.
 * Returns how many were removed; folders that vanish meanwhile are skipped.
 */
export async function removeStaleTempFiles(root: string, olderThanMs: number): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const ent of entries) {
      const path = join(dir, ent.name);
      if (ent.isDirectory()) await walk(path);
      else if (ent.isFile() && TEMP_FILE.test(ent.name)) {
        const st = await lstat(path).catch(() => undefined);
        if (!st?.isFile() || st.mtimeMs > cutoff) continue;
        try {
          await unlink(path);
          removed++;
        } catch {
          // already gone (another store removed it, or its writer finished)
        }
      }
    }
  };
  await walk(root);
  return removed;
}

import { readlink, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";

/**
 * Where symbolic links under a store root really lead. zarr-python follows links, and users
 * rely on that (chunk folders linked from another disk), so the store does too; these helpers
 * let it refuse what must stay inside the root (deletes, confined stores) and stop listings
 * from walking in circles.
 */

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Whether `path` (a real path) is `root` or lies under it. */
export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real path of `path` with every link resolved, for a path that may not exist yet: the
 * deepest existing ancestor is resolved and the missing names are appended to it (they will
 * be created as plain folders and files there). A dangling link is resolved through its
 * target's text, since creating that target later would make the path lead there.
 */
export async function realPathOf(path: string, depth = 0): Promise<string> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(await realpath(at), ...missing.reverse());
    } catch (e) {
      const code = errCode(e);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw e;
      const target = await readlink(at).catch(() => undefined);
      // Past the kernel's own limit of links in one path: a loop, which realpath reports
      if (target !== undefined && depth < 40)
        return join(
          await realPathOf(resolve(dirname(at), target), depth + 1),
          ...missing.reverse(),
        );
      const up = dirname(at);
      if (up === at) throw e;
      missing.push(basename(at));
      at = up;
    }
  }
}

/** Identity of a directory (device and inode), the same through any link that reaches it. */
export async function dirId(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path, { bigint: true });
    return st.isDirectory() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

import { randomUUID } from "node:crypto";
import {
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  utimes,
} from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { type Synchronizer, ZarrError } from "@zarrkit/core";

/** Options of {@link ProcessSynchronizer}; both are optional. */
export interface ProcessSynchronizerOptions {
  /**
   * A lock whose holder stopped renewing it this many milliseconds ago is taken over
   * (default 30000). Holders renew every third of it, so only a crashed or frozen holder goes
   * stale.
   */
  staleMs?: number;
  /**
   * Give up waiting for a lock after this many milliseconds, with a `ZarrError` naming the
   * key and the lock file (default: wait forever).
   */
  timeoutMs?: number;
}

/**
 * A lock file without a readable owner is taken over once it is this old, in milliseconds.
 * This version never shows a lock before its owner is in it, so such a file comes from an
 * older version killed between creating and filling its lock (which took it microseconds), or
 * from a damaged disk: nobody is about to fill it, and waiting `staleMs` for it only blocks
 * every writer.
 */
export const UNOWNED_LOCK_GRACE_MS = 1000;

interface LockOwner {
  host: string;
  pid: number;
  token: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Per-chunk locks as files in a directory on a shared file system, so several processes (or
 * machines) can write unaligned regions of one store. A lock is a file holding its owner,
 * hard-linked into place whole (so it exists only once its owner is in it); a lock left by a
 * process that died is recognised (same host: its pid is gone; any host: it stopped renewing
 * the file's mtime; no readable owner: older than `UNOWNED_LOCK_GRACE_MS`) and taken over, so
 * a crash never blocks the others.
 *
 * zarr-python's `ProcessSynchronizer(path)` (which uses the `fasteners` package's file locks);
 * pass it as `synchronizer` when opening an array, and each chunk write holds the chunk's lock.
 * The lock directory must be on a file system with hard links, and, as in zarr-python, be
 * another path than the store's. The lock files are zarrkit's own (not fasteners' `fcntl`
 * locks), so they exclude zarrkit writers only, not zarr-python ones. Node only.
 *
 * @example
 * ```ts
 * import { openArray } from "@zarrkit/core";
 * import { ProcessSynchronizer } from "@zarrkit/sync-process";
 *
 * const synchronizer = new ProcessSynchronizer("data/example.sync", { timeoutMs: 60_000 });
 * const z = await openArray("data/example.zarr", { mode: "r+", synchronizer });
 * ```
 */
export class ProcessSynchronizer implements Synchronizer {
  /** The directory the lock files are kept in, as given (created on the first lock). */
  readonly path: string;
  readonly #staleMs: number;
  readonly #timeoutMs: number | undefined;
  #ready: Promise<unknown> | undefined;

  /**
   * @param path - The lock directory, shared by every process that writes the store; it is
   *   created when the first lock is taken. Nothing is checked or touched before that.
   * @param opts - See {@link ProcessSynchronizerOptions}.
   */
  constructor(path: string, opts: ProcessSynchronizerOptions = {}) {
    this.path = path;
    this.#staleMs = opts.staleMs ?? 30_000;
    this.#timeoutMs = opts.timeoutMs;
  }

  #lockFile(key: string): string {
    return join(this.path, `${encodeURIComponent(key)}.lock`);
  }

  /**
   * Wait for the lock on `key` (core passes a chunk's store key) and take it: resolves with
   * the function that releases it (calling that again does nothing). A stale lock (its holder
   * died) is taken over. The first call also creates the lock directory and removes leftover
   * temporary files older than `staleMs`.
   *
   * @throws {ZarrError} When `timeoutMs` passes before the lock is free.
   */
  async acquire(key: string): Promise<() => Promise<void>> {
    this.#ready ??= mkdir(this.path, { recursive: true }).then(() =>
      removeLeftovers(this.path, this.#staleMs),
    );
    await this.#ready;
    const file = this.#lockFile(key);
    const owner: LockOwner = { host: hostname(), pid: process.pid, token: randomUUID() };
    const started = Date.now();
    let delay = 1;
    for (;;) {
      if (await placeLock(file, owner)) break;
      if (await this.#breakIfStale(file)) continue;
      if (this.#timeoutMs !== undefined && Date.now() - started > this.#timeoutMs) {
        throw new ZarrError(
          `ProcessSynchronizer: timed out after ${this.#timeoutMs} ms waiting for the lock on "${key}" (${file})`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
    const renew = setInterval(
      () => {
        const now = new Date();
        utimes(file, now, now).catch(() => {});
      },
      Math.max(10, this.#staleMs / 3),
    );
    renew.unref?.();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      clearInterval(renew);
      // Remove the file only while it is still ours (a stale takeover may have replaced it).
      const current = await readOwner(file);
      if (current?.token === owner.token) await unlink(file).catch(() => {});
    };
  }

  /** Remove a lock whose holder is gone; true when the caller should retry at once. */
  async #breakIfStale(file: string): Promise<boolean> {
    const owner = await readOwner(file);
    let stale = false;
    if (owner && owner.host === hostname() && !alive(owner.pid)) stale = true;
    if (!stale) {
      let age: number;
      try {
        age = Date.now() - (await stat(file)).mtimeMs;
      } catch {
        return true; // released meanwhile
      }
      const limit = owner ? this.#staleMs : Math.min(UNOWNED_LOCK_GRACE_MS, this.#staleMs);
      stale = age > limit;
    }
    if (!stale) return false;
    // Move the stale file aside before deleting it, so two processes breaking the same lock
    // cannot delete a fresh lock the other just created.
    const aside = `${file}.${randomUUID()}.stale`;
    try {
      await rename(file, aside);
    } catch {
      return true;
    }
    const moved = await readOwner(aside);
    if (moved && moved.token !== owner?.token) {
      // We moved a lock that was taken after our check: put it back (a link, which unlike a
      // rename never replaces a lock a third process created meanwhile) and wait our turn.
      await link(aside, file).catch(() => {});
      await unlink(aside).catch(() => {});
      return false;
    }
    await unlink(aside).catch(() => {});
    return true;
  }

  /** `"ProcessSynchronizer"`: the name `info()` prints. */
  toString(): string {
    return "ProcessSynchronizer";
  }
}

/** Our own temporary files beside the locks: `<lock>.<uuid>.tmp` and `<lock>.<uuid>.stale`. */
const LEFTOVER =
  /\.lock\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(tmp|stale)$/;

/**
 * Remove the temporary files of processes killed while placing or breaking a lock, once they
 * are older than `staleMs` (a live process holds them for microseconds). They never block
 * anyone; this only keeps the directory from filling up. Best effort.
 */
async function removeLeftovers(dir: string, staleMs: number): Promise<void> {
  const cutoff = Date.now() - staleMs;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!LEFTOVER.test(name)) continue;
    const path = join(dir, name);
    const st = await lstat(path).catch(() => undefined);
    if (st?.isFile() && st.mtimeMs < cutoff) await unlink(path).catch(() => {});
  }
}

/**
 * Create the lock at `file` holding `owner`, or return false when a lock is already there.
 * The owner is written to a private file first and then hard-linked into place (atomic, and
 * fails when the target exists), so no other process ever sees a lock without its owner.
 */
async function placeLock(file: string, owner: LockOwner): Promise<boolean> {
  const temp = `${file}.${owner.token}.tmp`;
  const fh = await open(temp, "wx");
  try {
    try {
      await fh.writeFile(JSON.stringify(owner));
    } finally {
      await fh.close();
    }
    await link(temp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as LockOwner;
    return typeof parsed.token === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// A minimal directory store for tests that share a store between threads: each key is a file,
// written to a temporary file and renamed into place, so a reader sees a whole old or a whole new
// value (the same scheme as @zarrkit/store-fs, which core's tests cannot depend on).
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { Store } from "../../src/index.js";

export class TestFsStore implements Store {
  constructor(readonly root: string) {}
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.root, key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }
  async set(key: string, value: Uint8Array): Promise<void> {
    const file = join(this.root, key);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.partial`;
    await writeFile(tmp, value);
    await rename(tmp, file);
  }
  async delete(key: string): Promise<boolean> {
    try {
      await unlink(join(this.root, key));
      return true;
    } catch {
      return false;
    }
  }
  async list(prefix = ""): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (!e.name.endsWith(".partial")) out.push(relative(this.root, p));
      }
    };
    await walk(this.root);
    return out.filter((k) => k.startsWith(prefix)).sort();
  }
  toString(): string {
    return "TestFsStore";
  }
}

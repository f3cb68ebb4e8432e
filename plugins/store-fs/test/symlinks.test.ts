// Symbolic links under a store root: followed for reads and writes as zarr-python does, never
// a way to delete outside the root, never a reason for a listing to loop; refused altogether
// in a confined store.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listKeys, StoreKeyError } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs-links-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);

/**
 * A root holding `real/x`, `top`, a link `linkdir` to a folder outside holding `secret.txt`,
 * and a link `linkfile` to a file outside.
 */
function setup(): { root: string; outside: string } {
  const base = join(tmp, `t${n++}`);
  const root = join(base, "store");
  const outside = join(base, "outside");
  mkdirSync(join(root, "real"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, "real", "x"), "x");
  writeFileSync(join(root, "top"), "top");
  writeFileSync(join(outside, "secret.txt"), "secret");
  writeFileSync(join(outside, "file.txt"), "file");
  symlinkSync(outside, join(root, "linkdir"));
  symlinkSync(join(outside, "file.txt"), join(root, "linkfile"));
  return { root, outside };
}

describe("DirectoryStore deletes through symbolic links", () => {
  it("refuses to delete a file outside the root reached through a linked folder", async () => {
    const { root, outside } = setup();
    const s = new DirectoryStore(root);
    const err = await s.delete("linkdir/secret.txt").catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreKeyError);
    expect((err as Error).message).toContain('cannot delete "linkdir/secret.txt"');
    expect((err as Error).message).toContain("never remove anything outside the root");
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("secret");
  });

  it("deletePrefix removes a linked folder's link, not what it points to (as rm -r)", async () => {
    const { root, outside } = setup();
    const s = new DirectoryStore(root);
    await expect(s.deletePrefix("linkdir/sub/")).rejects.toThrow(StoreKeyError);
    await expect(s.deletePrefix("linkdir/se")).rejects.toThrow(StoreKeyError);
    await s.deletePrefix("linkdir/");
    expect(existsSync(join(root, "linkdir"))).toBe(false);
    expect(readdirSync(outside).sort()).toEqual(["file.txt", "secret.txt"]);
    expect(await listKeys(s)).toEqual(["linkfile", "real/x", "top"]);
  });

  it("deleting a linked file or emptying the store removes links only", async () => {
    const { root, outside } = setup();
    const s = new DirectoryStore(root);
    expect(await s.delete("linkfile")).toBe(true);
    expect(() => lstatSync(join(root, "linkfile"))).toThrow();
    expect(readFileSync(join(outside, "file.txt"), "utf8")).toBe("file");
    symlinkSync(join(outside, "file.txt"), join(root, "linkfile"));
    await s.deletePrefix("");
    expect(readdirSync(root)).toEqual([]);
    expect(readdirSync(outside).sort()).toEqual(["file.txt", "secret.txt"]);
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("secret");
  });

  it("still reads and writes through links by default, as zarr-python", async () => {
    const { root, outside } = setup();
    const s = new DirectoryStore(root);
    expect(s.confine).toBe(false);
    expect(text(await s.get("linkdir/secret.txt"))).toBe("secret");
    expect(text(await s.get("linkfile"))).toBe("file");
    expect(await s.has("linkdir/secret.txt")).toBe(true);
    await s.set("linkdir/0.0", bytes("chunk"));
    expect(readFileSync(join(outside, "0.0"), "utf8")).toBe("chunk");
    expect(await listKeys(s)).toEqual([
      "linkdir/0.0",
      "linkdir/file.txt",
      "linkdir/secret.txt",
      "linkfile",
      "real/x",
      "top",
    ]);
  });
});

describe("DirectoryStore listings with symlink loops", () => {
  it("two links to the root: list and listDir end and report each key once", async () => {
    const { root } = setup();
    symlinkSync(root, join(root, "a"));
    symlinkSync(".", join(root, "b"));
    const s = new DirectoryStore(root);
    expect(await listKeys(s)).toEqual([
      "linkdir/file.txt",
      "linkdir/secret.txt",
      "linkfile",
      "real/x",
      "top",
    ]);
    expect(await s.listDir("")).toEqual({
      keys: ["linkfile", "top"],
      prefixes: ["linkdir", "real"],
    });
    // through a loop link: the root's children, without the loops
    expect(await s.listDir("a/")).toEqual({
      keys: ["linkfile", "top"],
      prefixes: ["linkdir", "real"],
    });
    expect(await listKeys(s, "b/r")).toEqual(["b/real/x"]);
  });

  it("folders linked to each other, and a link to itself", async () => {
    const root = join(tmp, `t${n++}`);
    mkdirSync(join(root, "x"), { recursive: true });
    mkdirSync(join(root, "y"));
    writeFileSync(join(root, "x", "f"), "f");
    writeFileSync(join(root, "y", "g"), "g");
    symlinkSync(join(root, "y"), join(root, "x", "l"));
    symlinkSync(join(root, "x"), join(root, "y", "l"));
    symlinkSync(join(root, "self"), join(root, "self"));
    const s = new DirectoryStore(root);
    expect(await listKeys(s)).toEqual(["x/f", "x/l/g", "y/g", "y/l/f"]);
    expect(await s.listDir("x/l/")).toEqual({ keys: ["g"], prefixes: [] });
  });
});

describe("DirectoryStore with confine: true (untrusted stores)", () => {
  it("refuses every key whose real path leaves the root, naming it", async () => {
    const { root, outside } = setup();
    symlinkSync(join(root, "real"), join(root, "alias"));
    const s = new DirectoryStore(root, { confine: true });
    for (const key of ["linkdir/secret.txt", "linkfile"]) {
      await expect(s.get(key)).rejects.toThrow(StoreKeyError);
      await expect(s.get(key)).rejects.toThrow(
        `refusing ${JSON.stringify(key)}: its real path ${outside}/`,
      );
      await expect(s.getRange(key, { offset: 0, length: 1 })).rejects.toThrow(
        "leaves the store root",
      );
      await expect(s.has(key)).rejects.toThrow("leaves the store root");
      await expect(s.set(key, bytes("no"))).rejects.toThrow("leaves the store root");
      await expect(s.delete(key)).rejects.toThrow("leaves the store root");
    }
    await expect(s.set("linkdir/new/0", bytes("no"))).rejects.toThrow("leaves the store root");
    await expect(s.list("linkdir/")).rejects.toThrow("leaves the store root");
    await expect(s.listDir("linkdir/")).rejects.toThrow("leaves the store root");
    await expect(s.deletePrefix("linkdir/")).rejects.toThrow("leaves the store root");
    expect(readdirSync(outside).sort()).toEqual(["file.txt", "secret.txt"]);
    expect(readFileSync(join(outside, "file.txt"), "utf8")).toBe("file");

    // links that stay inside, and ordinary keys, work
    expect(text(await s.get("alias/x"))).toBe("x");
    await s.set("new/0.0", bytes("ok"));
    expect(text(await s.get("new/0.0"))).toBe("ok");
    expect(await listKeys(s)).toEqual(["alias/x", "new/0.0", "real/x", "top"]);
    expect(await s.listDir("")).toEqual({ keys: ["top"], prefixes: ["alias", "new", "real"] });
  });

  it("a dangling link to a place outside is refused too (its target may appear later)", async () => {
    const { root, outside } = setup();
    symlinkSync(join(outside, "later"), join(root, "dangling"));
    const s = new DirectoryStore(root, { confine: true });
    await expect(s.set("dangling/0", bytes("no"))).rejects.toThrow(
      `its real path ${join(outside, "later", "0")} leaves the store root`,
    );
    await expect(s.get("dangling")).rejects.toThrow("leaves the store root");
    mkdirSync(join(outside, "later"));
    await expect(s.get("dangling/0")).rejects.toThrow("leaves the store root");
    symlinkSync(join(root, "loop"), join(root, "loop"));
    await expect(s.get("loop")).rejects.toThrow(
      'refusing "loop": its path runs into a loop of symbolic links',
    );
    // the default mode still refuses to delete there
    const d = new DirectoryStore(root);
    await expect(d.delete("dangling/0")).rejects.toThrow("never remove anything outside the root");
  });

  it("a root that is itself a link is not an escape", async () => {
    const { root } = setup();
    const viaLink = join(tmp, `root-link-${n++}`);
    symlinkSync(root, viaLink);
    const s = new DirectoryStore(viaLink, { confine: true });
    expect(text(await s.get("real/x"))).toBe("x");
    await expect(s.get("linkfile")).rejects.toThrow(StoreKeyError);
  });
});

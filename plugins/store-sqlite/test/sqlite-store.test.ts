import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadOnlyError, StoreKeyError, ZarrError } from "@zarrkit/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSQLiteStore, SQLiteStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sqlite-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `db${n++}.sqlite`);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b === undefined ? b : new TextDecoder().decode(b));

/** A second connection to the file, as another program (or the sqlite3 shell) would open it. */
function raw(path: string): Database.Database {
  return new Database(path);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("the table", () => {
  it("is zarr-python's: zarr(k TEXT PRIMARY KEY, v BLOB), keys as text, values as blobs", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    await store.set("a/.zarray", text("{}"));
    await store.set("a/0.0", Uint8Array.of(0, 1, 255));
    await store.set("empty", new Uint8Array(0));
    await store.close();
    const db = raw(path);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'zarr'").pluck().get()).toBe(
      "CREATE TABLE zarr(k TEXT PRIMARY KEY, v BLOB)",
    );
    expect(
      db.prepare("SELECT k, typeof(k) tk, typeof(v) tv, hex(v) h FROM zarr ORDER BY k").all(),
    ).toEqual([
      { k: "a/.zarray", tk: "text", tv: "blob", h: "7B7D" },
      { k: "a/0.0", tk: "text", tv: "blob", h: "0001FF" },
      { k: "empty", tk: "text", tv: "blob", h: "" },
    ]);
    // no pragma of ours stays in the file: still the rollback journal zarr-python uses
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    db.close();
  });

  it("is added to an existing database that lacks it, leaving other tables alone", async () => {
    const path = fresh();
    const db = raw(path);
    db.exec("CREATE TABLE other(x); INSERT INTO other VALUES (42)");
    db.close();
    const store = new SQLiteStore(path);
    await store.set("k", text("v"));
    await store.close();
    const check = raw(path);
    expect(check.prepare("SELECT x FROM other").pluck().get()).toBe(42);
    expect(check.prepare("SELECT count(*) FROM zarr").pluck().get()).toBe(1);
    check.close();
  });

  it("values written as TEXT by other tools read as their UTF-8 bytes; NULL is an error naming the key", async () => {
    const path = fresh();
    new SQLiteStore(path).close();
    const db = raw(path);
    db.exec(`INSERT INTO zarr VALUES ('.zattrs', '{"ü": 1}'), ('nothing', NULL), ('n', 7)`);
    db.close();
    const store = new SQLiteStore(path, { readOnly: true });
    expect(str(await store.get(".zattrs"))).toBe('{"ü": 1}');
    // ranges count bytes, not characters: "ü" is two bytes
    expect(str(await store.getRange(".zattrs", { offset: 2, length: 2 }))).toBe("ü");
    expect(str(await store.getRange(".zattrs", { suffixLength: 5 }))).toBe(`": 1}`);
    for (const key of ["nothing", "n"]) {
      const err = await rejection(store.get(key));
      expect(err).toBeInstanceOf(ZarrError);
      expect(err.message).toContain(`"${key}"`);
      expect(err.message).toMatch(/not a BLOB/);
      await expect(store.getRange(key, { offset: 0 })).rejects.toThrow(/not a BLOB/);
    }
    await store.close();
  });
});

describe("opening", () => {
  it("read-only needs an existing file, and says so", () => {
    const path = join(tmp, "missing.sqlite");
    expect(() => new SQLiteStore(path, { readOnly: true })).toThrow(
      new ZarrError(
        `SQLiteStore: ${path} does not exist (a read-only store opens an existing database)`,
      ),
    );
  });

  it("refuses a directory, a file that is not a database, and a zarr table of other columns", () => {
    const dir = join(tmp, "dir.sqlite");
    mkdirSync(dir);
    expect(() => new SQLiteStore(dir)).toThrow(/is a directory, not a database file/);
    const junk = fresh();
    writeFileSync(junk, "this is not a database, just some text that is long enough ".repeat(20));
    const err = (() => {
      try {
        new SQLiteStore(junk);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ZarrError);
    expect(err?.message).toContain(junk);
    expect(err?.message).toMatch(/not a database \(SQLITE_NOTADB\)/);
    const other = fresh();
    const db = raw(other);
    db.exec("CREATE TABLE zarr(key TEXT, value BLOB)");
    db.close();
    expect(() => new SQLiteStore(other)).toThrow(
      `SQLiteStore: ${other}: table "zarr" has columns key, value, not k and v as zarr-python's SQLiteStore writes`,
    );
  });

  it("read-only on a database without the table says what is missing", () => {
    const path = fresh();
    const db = raw(path);
    db.exec("CREATE TABLE other(x)");
    db.close();
    expect(() => new SQLiteStore(path, { readOnly: true })).toThrow(/has no table "zarr"/);
  });

  it("creates the folders of a new database file", async () => {
    const path = join(tmp, "new", "deep", "data.sqlite");
    const store = new SQLiteStore(path);
    await store.set("k", text("v"));
    await store.close();
    expect(readFileSync(path).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
  });

  it("checks its options", () => {
    expect(() => new SQLiteStore("")).toThrow(/needs a database file path/);
    expect(() => new SQLiteStore(fresh(), { dimensionSeparator: "-" as "." })).toThrow(
      'SQLiteStore: dimensionSeparator must be "." or "/", got "-"',
    );
    expect(() => new SQLiteStore(fresh(), { timeout: -1 })).toThrow(
      "SQLiteStore: timeout must be a whole number of milliseconds >= 0, got -1",
    );
    expect(() => openSQLiteStore(fresh(), { mode: "x" })).toThrow(/unknown open mode "x"/);
  });

  it("modes: r is read-only, the others write; the path is absolute; file:// URLs work", async () => {
    const path = fresh();
    const w = openSQLiteStore(path, { mode: "w" });
    expect(w.readOnly).toBe(false);
    expect(w.path).toBe(path);
    await w.set("k", text("v"));
    await w.close();
    const r = openSQLiteStore(`file://${path}`, { mode: "r" });
    expect(r.readOnly).toBe(true);
    expect(str(await r.get("k"))).toBe("v");
    const err = await rejection(r.set("k", text("x")));
    expect(err).toBeInstanceOf(ReadOnlyError);
    expect(err.message).toBe(`cannot write "k": SQLiteStore at ${path} is read-only`);
    await r.close();
    expect(openSQLiteStore("rel.sqlite", { mode: "r+" }).path).toBe(
      join(process.cwd(), "rel.sqlite"),
    );
    rmSync(join(process.cwd(), "rel.sqlite"), { force: true });
  });

  it("dimensionSeparator is what arrays created in it default to", () => {
    expect(new SQLiteStore(":memory:", { dimensionSeparator: "/" }).dimensionSeparator).toBe("/");
    expect(new SQLiteStore(":memory:").dimensionSeparator).toBeUndefined();
  });
});

describe("writes", () => {
  it("of one event-loop turn commit in one transaction", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    // SQLite's header counts commits (the file change counter, bytes 24-27, big-endian)
    const commits = () => readFileSync(path).readUInt32BE(24);
    await store.set("first", text("0"));
    const before = commits();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`c/${i}`, text(`${i}`))));
    const afterBatch = commits();
    await store.set("one", text("1"));
    await store.set("two", text("2"));
    const afterTwo = commits();
    expect(afterBatch - before).toBe(1);
    expect(afterTwo - afterBatch).toBe(2);
    expect(await store.list("c/")).toHaveLength(50);
    await store.close();
  });

  it("a failing write fails alone and leaves the old value; its batch-mates are written", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    await store.set("bad", text("old"));
    await store.set("ok/0", text("old 0"));
    const db = raw(path);
    // another program's trigger refuses one key: the write fails inside SQLite
    db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON zarr WHEN NEW.k = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END",
    );
    db.close();
    const results = await Promise.allSettled([
      store.set("ok/0", text("new 0")),
      store.set("bad", text("new")),
      store.set("ok/1", text("new 1")),
      store.delete("ok/0-missing"),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const err = (results[1] as PromiseRejectedResult).reason as Error;
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toBe(
      `cannot write "bad": SQLiteStore at ${path}: refused by trigger (SQLITE_CONSTRAINT_TRIGGER)`,
    );
    expect(str(await store.get("bad"))).toBe("old");
    expect(str(await store.get("ok/0"))).toBe("new 0");
    expect(str(await store.get("ok/1"))).toBe("new 1");
    expect((results[3] as PromiseFulfilledResult<boolean>).value).toBe(false);
    await store.close();
  });

  it("waits `timeout` ms for another connection's lock, then fails with the old value kept", async () => {
    const path = fresh();
    const store = new SQLiteStore(path, { timeout: 50 });
    await store.set("k", text("old"));
    const other = raw(path);
    other.exec("BEGIN EXCLUSIVE");
    const err = await rejection(store.set("k", text("new")));
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toMatch(
      /^cannot write "k": SQLiteStore at .*: database is locked \(SQLITE_BUSY\)$/,
    );
    // reads wait too while the other connection holds an exclusive lock
    await expect(store.get("k")).rejects.toThrow(/cannot read "k".*SQLITE_BUSY/);
    other.exec("ROLLBACK");
    other.close();
    expect(str(await store.get("k"))).toBe("old");
    await store.close();
  });

  it("are seen by reads issued after them, in program order, without awaiting", async () => {
    const store = new SQLiteStore(":memory:");
    const w1 = store.set("k", text("one"));
    const r1 = store.get("k");
    const d = store.delete("k");
    const r2 = store.has("k");
    const w2 = store.set("k", text("two"));
    const r3 = store.list("");
    expect(str(await r1)).toBe("one");
    expect(await r2).toBe(false);
    expect(await r3).toEqual(["k"]);
    await Promise.all([w1, d, w2]);
    expect(await d).toBe(true);
    expect(str(await store.get("k"))).toBe("two");
    await store.close();
  });

  it("refuse a value that is not bytes, naming the key", async () => {
    const store = new SQLiteStore(":memory:");
    await expect(store.set("k", "text" as unknown as Uint8Array)).rejects.toThrow(
      'SQLiteStore: value for "k" must be a Uint8Array, got string',
    );
    expect(await store.has("k")).toBe(false);
    await store.close();
  });

  it("are flushed by close(); a closed store refuses everything, naming itself", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    const pending = store.set("k", text("v"));
    await store.close();
    await pending;
    await store.close(); // twice is fine
    for (const call of [
      () => store.get("k"),
      () => store.set("k", text("x")),
      () => store.list(""),
      () => store.delete("k"),
    ])
      await expect(call()).rejects.toThrow(`SQLiteStore at ${path} is closed`);
    const again = new SQLiteStore(path, { readOnly: true });
    expect(str(await again.get("k"))).toBe("v");
    await again.close();
  });
});

describe("listing", () => {
  it("listDir skips over big folders and reports each child once, in byte order", async () => {
    const store = new SQLiteStore(":memory:");
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 40; i++)
      for (let j = 0; j < 40; j++) writes.push(store.set(`arr/c/${i}/${j}`, Uint8Array.of(i, j)));
    for (const k of [
      "arr/.zarray",
      "arr/c.txt",
      "arr/c-",
      "arr/c0",
      "arr/d/x",
      "arr/日本/x",
      "arr/\u{1f9ca}",
    ])
      writes.push(store.set(k, text(k)));
    await Promise.all(writes);
    expect(await store.listDir("arr/")).toEqual({
      keys: [".zarray", "c-", "c.txt", "c0", "\u{1f9ca}"],
      prefixes: ["c", "d", "日本"],
    });
    expect((await store.listDir("arr/c/")).prefixes).toEqual(
      Array.from({ length: 40 }, (_, i) => `${i}`).sort(),
    );
    expect(await store.listDir("arr/c/7/")).toEqual({
      keys: Array.from({ length: 40 }, (_, j) => `${j}`).sort(),
      prefixes: [],
    });
    expect(await store.listDir("")).toEqual({ keys: [], prefixes: ["arr"] });
    await store.set(".zgroup", text("{}"));
    await store.set("\u{1f9ca}", text("top"));
    expect(await store.listDir("")).toEqual({ keys: [".zgroup", "\u{1f9ca}"], prefixes: ["arr"] });
    expect((await store.list("arr/c/3")).length).toBe(11 * 40);
    await store.close();
  });

  it("prefixes are text, not LIKE patterns: _ and % match only themselves, case counts", async () => {
    const store = new SQLiteStore(":memory:");
    for (const k of ["a_b/x", "axb/x", "a%b/x", "aXb/y", "A_B/z"]) await store.set(k, text(k));
    expect(await store.list("a_b/")).toEqual(["a_b/x"]);
    expect(await store.list("a%")).toEqual(["a%b/x"]);
    expect(await store.list("a")).toEqual(["a%b/x", "aXb/y", "a_b/x", "axb/x"]);
    await store.deletePrefix("a_");
    expect(await store.list("")).toEqual(["A_B/z", "a%b/x", "aXb/y", "axb/x"]);
    await store.close();
  });

  it("works the same in a database that stores text as UTF-16 (no byte-range bounds there)", async () => {
    const path = fresh();
    const db = raw(path);
    db.pragma("encoding = 'UTF-16le'");
    db.exec("CREATE TABLE zarr(k TEXT PRIMARY KEY, v BLOB)");
    db.close();
    const store = new SQLiteStore(path);
    const keys = ["a/b/c", "a/b/d/e", "a/bc", "a/\u{1f9ca}", "a/\uffef", "ab", "\u00e9t\u00e9/x"];
    await Promise.all(keys.map((k) => store.set(k, text(k))));
    expect((await store.list("a/")).sort()).toEqual(
      ["a/b/c", "a/b/d/e", "a/bc", "a/\uffef", "a/\u{1f9ca}"].sort(),
    );
    const dir = await store.listDir("a/");
    expect(dir.keys.sort()).toEqual(["bc", "\uffef", "\u{1f9ca}"].sort());
    expect(dir.prefixes).toEqual(["b"]);
    await store.deletePrefix("a/b");
    expect((await store.list("")).sort()).toEqual(
      ["a/\uffef", "a/\u{1f9ca}", "ab", "\u00e9t\u00e9/x"].sort(),
    );
    expect(str(await store.get("\u00e9t\u00e9/x"))).toBe("\u00e9t\u00e9/x");
    await store.close();
    const check = raw(path);
    expect(check.pragma("encoding", { simple: true })).toBe("UTF-16le");
    check.close();
  });

  it("refuses bad keys before SQLite sees them", async () => {
    const store = new SQLiteStore(":memory:");
    await expect(store.get("../x")).rejects.toBeInstanceOf(StoreKeyError);
    await expect(store.getRange("k", { offset: -1 })).rejects.toBeInstanceOf(StoreKeyError);
    await store.close();
  });
});

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadOnlyError, StoreKeyError } from "@zarrkit/core";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpStore, HttpStoreError } from "../src/index.js";

// 1000 bytes with distinct neighbours, so a wrong offset shows in the values.
const VALUE = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 251);
const ODD_KEY = "dir/sub/a b#c%d?e";

let root: string;
let ranged: NginxServer;
let whole: NginxServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "zarrkit-http-test-"));
  await mkdir(join(root, "dir/sub"), { recursive: true });
  await writeFile(join(root, "value"), VALUE);
  await writeFile(join(root, "empty"), new Uint8Array(0));
  await writeFile(join(root, ODD_KEY), Uint8Array.of(1, 2, 3));
  [ranged, whole] = await Promise.all([
    startNginx({ root }),
    startNginx({ root, ignoreRanges: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([ranged?.stop(), whole?.stop()]);
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  await Promise.all([ranged.clearAccessLog(), whole.clearAccessLog()]);
});

const slice = (start: number, end: number) => VALUE.slice(start, end);

describe("HttpStore on nginx with ranges", () => {
  it("gets a value, and undefined for a missing key (404)", async () => {
    const store = new HttpStore(ranged.url);
    expect(await store.get("value")).toEqual(VALUE);
    expect(await store.get("empty")).toEqual(new Uint8Array(0));
    expect(await store.get("missing/.zarray")).toBeUndefined();
    expect(await store.get(ODD_KEY)).toEqual(Uint8Array.of(1, 2, 3));
    const log = await ranged.accessLog();
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/value", 200],
      ["GET", "/empty", 200],
      ["GET", "/missing/.zarray", 404],
      ["GET", `/${ODD_KEY}`, 200],
    ]);
  });

  it("reads every range form with one ranged request each", async () => {
    const store = new HttpStore(ranged.url);
    expect(await store.getRange("value", { offset: 10, length: 20 })).toEqual(slice(10, 30));
    expect(await store.getRange("value", { offset: 990 })).toEqual(slice(990, 1000));
    expect(await store.getRange("value", { suffixLength: 16 })).toEqual(slice(984, 1000));
    // Past the end is cut at the end; a suffix longer than the value is all of it.
    expect(await store.getRange("value", { offset: 995, length: 100 })).toEqual(slice(995, 1000));
    expect(await store.getRange("value", { suffixLength: 5000 })).toEqual(VALUE);
    const log = await ranged.accessLog();
    expect(log.map((e) => [e.range, e.status, e.bytes])).toEqual([
      ["bytes=10-29", 206, 20],
      ["bytes=990-", 206, 10],
      ["bytes=-16", 206, 16],
      ["bytes=995-1094", 206, 5],
      ["bytes=-5000", 206, 1000],
    ]);
  });

  it("answers a range past the end (416) with empty bytes, a missing key with undefined", async () => {
    const store = new HttpStore(ranged.url);
    expect(await store.getRange("value", { offset: 1000, length: 4 })).toEqual(new Uint8Array(0));
    expect(await store.getRange("value", { offset: 5000 })).toEqual(new Uint8Array(0));
    expect(await store.getRange("empty", { suffixLength: 4 })).toEqual(new Uint8Array(0));
    expect(await store.getRange("missing", { offset: 0, length: 4 })).toBeUndefined();
    const log = await ranged.accessLog();
    // nginx answers a suffix of an empty value with 200 and no body rather than 416.
    expect(log.map((e) => e.status)).toEqual([416, 416, 200, 404]);
  });

  it("answers zero-length ranges without a request", async () => {
    const store = new HttpStore(ranged.url);
    expect(await store.getRange("value", { offset: 5, length: 0 })).toEqual(new Uint8Array(0));
    expect(await store.getRange("value", { suffixLength: 0 })).toEqual(new Uint8Array(0));
    expect(await ranged.accessLog()).toEqual([]);
  });

  it("refuses bad ranges and hostile keys before any request", async () => {
    const store = new HttpStore(ranged.url);
    await expect(store.getRange("value", { offset: -1, length: 2 })).rejects.toThrow(
      /offset must be an integer >= 0, got -1/,
    );
    await expect(store.getRange("value", { suffixLength: 1.5 })).rejects.toThrow(StoreKeyError);
    for (const key of ["../etc/passwd", "/value", "a//b", "a/./b", "", "a\\b", "nul\0"])
      await expect(store.get(key)).rejects.toThrow(StoreKeyError);
    expect(await ranged.accessLog()).toEqual([]);
  });

  it("has() asks with HEAD", async () => {
    const store = new HttpStore(ranged.url);
    expect(await store.has("value")).toBe(true);
    expect(await store.has("nope")).toBe(false);
    const log = await ranged.accessLog();
    expect(log.map((e) => [e.method, e.status, e.bytes])).toEqual([
      ["HEAD", 200, 0],
      ["HEAD", 404, 0],
    ]);
  });

  it("reads under a base path, with or without its trailing slash", async () => {
    for (const base of [`${ranged.url}dir/sub`, `${ranged.url}dir/sub/`]) {
      const store = new HttpStore(base);
      expect(await store.get("a b#c%d?e")).toEqual(Uint8Array.of(1, 2, 3));
    }
  });

  it("is read-only: writes fail with ReadOnlyError and send nothing", async () => {
    const store = new HttpStore(ranged.url);
    expect(store.readOnly).toBe(true);
    await expect(store.set("x", Uint8Array.of(1))).rejects.toThrow(ReadOnlyError);
    await expect(store.delete("value")).rejects.toThrow(ReadOnlyError);
    expect(await ranged.accessLog()).toEqual([]);
  });

  it("reads 403 as missing by default, and as an error naming URL and status when told", async () => {
    // A directory without an index: nginx redirects to dir/ and answers 403 there.
    expect(await new HttpStore(ranged.url).get("dir")).toBeUndefined();
    const strict = new HttpStore(ranged.url, { forbiddenIsMissing: false });
    const err = await strict.get("dir").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStoreError);
    expect((err as HttpStoreError).message).toBe(`GET ${ranged.url}dir: HTTP 403 Forbidden`);
    expect((err as HttpStoreError).status).toBe(403);
    // 403 is not transient: one try each (a redirect and its target per get).
    const log = await ranged.accessLog();
    expect(log.map((e) => [e.path, e.status])).toEqual([
      ["/dir", 301],
      ["/dir/", 403],
      ["/dir", 301],
      ["/dir/", 403],
    ]);
  });
});

describe("HttpStore on nginx ignoring ranges (200 with the whole body)", () => {
  it("cuts every range form out of the whole value", async () => {
    const store = new HttpStore(whole.url);
    expect(await store.getRange("value", { offset: 10, length: 20 })).toEqual(slice(10, 30));
    expect(await store.getRange("value", { offset: 990 })).toEqual(slice(990, 1000));
    expect(await store.getRange("value", { suffixLength: 16 })).toEqual(slice(984, 1000));
    expect(await store.getRange("value", { offset: 995, length: 100 })).toEqual(slice(995, 1000));
    expect(await store.getRange("value", { suffixLength: 5000 })).toEqual(VALUE);
    expect(await store.getRange("value", { offset: 5000, length: 3 })).toEqual(new Uint8Array(0));
    expect(await store.getRange("missing", { suffixLength: 3 })).toBeUndefined();
    const log = await whole.accessLog();
    expect(log.map((e) => [e.status, e.bytes])).toEqual([
      [200, 1000],
      [200, 1000],
      [200, 1000],
      [200, 1000],
      [200, 1000],
      [200, 1000],
      [404, 153],
    ]);
    // Each was asked as a range: the server, not the store, dropped it.
    expect(log.slice(0, 3).map((e) => e.range)).toEqual(["bytes=10-29", "bytes=990-", "bytes=-16"]);
  });
});

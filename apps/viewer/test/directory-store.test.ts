// The local-folder stores in Chromium: DirectoryHandleStore over a real
// FileSystemDirectoryHandle (the origin private file system gives one without a picker),
// FileListStore over File objects, both checked key by key against the files zarr-python
// wrote; then the viewer opens the OPFS folder (no consolidated metadata, so the tree comes
// from listing it) and its tile workers read the gradient through the handle.
import { readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePng, pixelMismatches, viridis } from "./expected-pixels.js";
import { gradient, SHAPE, writeGradientStore } from "./gradient-store.js";
import { startViewerSite, textOf, type ViewerSite, waitForPlane } from "./viewer-page.js";

let site: ViewerSite;
let files: { path: string; bytes: number[] }[];
let setupError: unknown;

function ready(): ViewerSite {
  if (setupError !== undefined) throw setupError;
  return site;
}

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, root) : [relative(root, p)];
  });
}

beforeAll(async () => {
  try {
    site = await startViewerSite();
    const dir = join(site.root, "local/example.zarr");
    writeGradientStore(dir);
    unlinkSync(join(dir, ".zmetadata"));
    files = walk(dir)
      .sort()
      .map((path) => ({ path, bytes: [...readFileSync(join(dir, path))] }));
    await site.page.goto(`${site.nginx.url}viewer/index.html`);
    await site.page.waitForFunction(() => "zarrkitViewer" in globalThis);
    // Copy the store into the origin private file system, folder "example.zarr".
    await site.page.evaluate(async (list) => {
      const opfs = await navigator.storage.getDirectory();
      const root = await opfs.getDirectoryHandle("example.zarr", { create: true });
      for (const { path, bytes } of list) {
        const parts = path.split("/");
        let d = root;
        for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p, { create: true });
        const w = await (await d.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
        await w.write(new Uint8Array(bytes));
        await w.close();
      }
    }, files);
  } catch (e) {
    setupError = e;
  }
}, 120_000);

afterAll(async () => {
  await site?.close();
});

interface Checked {
  values: Record<string, number[] | null>;
  ranges: Record<string, number[] | null>;
  has: Record<string, boolean>;
  list: Record<string, string[]>;
  listDir: Record<string, { keys: string[]; prefixes: string[] }>;
  errors: Record<string, string>;
  name: string;
}

/** Runs the same reads on the store `kind` builds in the page. */
function checkStore(s: ViewerSite, kind: "directory" | "files"): Promise<Checked> {
  return s.page.evaluate(
    async ({ kind, list }) => {
      const api = (globalThis as unknown as { zarrkitViewer: import("../src/main.js").ViewerApi })
        .zarrkitViewer;
      const store =
        kind === "directory"
          ? new api.DirectoryHandleStore(
              await (await navigator.storage.getDirectory()).getDirectoryHandle("example.zarr"),
            )
          : new api.FileListStore(
              list.map(({ path, bytes }) => ({
                path,
                file: new File([new Uint8Array(bytes)], path),
              })),
              "example.zarr",
            );
      const arr = (v: Uint8Array | undefined) => (v ? [...v] : null);
      const out: Checked = {
        values: {},
        ranges: {},
        has: {},
        list: {},
        listDir: {},
        errors: {},
        name: String(store),
      };
      for (const key of [
        ".zgroup",
        "gradient/.zarray",
        "gradient/2.1.3",
        "gradient/9.9.9",
        "gradient/2.1.3/x",
        "nothing/here",
      ])
        out.values[key] = arr(await store.get(key));
      out.ranges["offset 3, length 5"] = arr(
        await store.getRange("gradient/2.1.3", { offset: 3, length: 5 }),
      );
      out.ranges["offset 10"] = arr(await store.getRange("gradient/2.1.3", { offset: 10 }));
      out.ranges["suffix 7"] = arr(await store.getRange("gradient/2.1.3", { suffixLength: 7 }));
      out.ranges["past the end"] = arr(
        await store.getRange("gradient/2.1.3", { offset: 1e9, length: 4 }),
      );
      out.ranges.missing = arr(await store.getRange("gradient/9.9.9", { offset: 0, length: 4 }));
      for (const key of [".zgroup", "labels/mask/.zarray", "labels", "labels/nope"])
        out.has[key] = await store.has(key);
      for (const prefix of ["", "gradient/2.", "labels/", "lab", "zzz"]) {
        const keys: string[] = [];
        for await (const k of await store.list(prefix)) keys.push(k);
        out.list[prefix] = keys;
      }
      for (const prefix of ["", "labels/", "labels/mask/", "nope/"])
        out.listDir[prefix] = await store.listDir(prefix);
      for (const key of ["../secret", "a//b", "/abs", "./x"]) {
        try {
          await store.get(key);
          out.errors[key] = "no error";
        } catch (e) {
          out.errors[key] = `${(e as Error).name}: ${(e as Error).message}`;
        }
      }
      return out;
    },
    { kind, list: files },
  );
}

describe("local-folder stores in Chromium", () => {
  for (const kind of ["directory", "files"] as const) {
    it(`${kind === "directory" ? "DirectoryHandleStore (OPFS handle)" : "FileListStore (File objects)"} reads, ranges and lists the files zarr-python wrote`, async () => {
      const s = ready();
      const got = await checkStore(s, kind);
      const bytes = (path: string) => files.find((f) => f.path === path)?.bytes ?? null;
      const chunk = bytes("gradient/2.1.3")!;
      expect(chunk.length).toBeGreaterThan(12);
      expect(got.values).toEqual({
        ".zgroup": bytes(".zgroup"),
        "gradient/.zarray": bytes("gradient/.zarray"),
        "gradient/2.1.3": chunk,
        "gradient/9.9.9": null,
        "gradient/2.1.3/x": null,
        "nothing/here": null,
      });
      expect(got.ranges).toEqual({
        "offset 3, length 5": chunk.slice(3, 8),
        "offset 10": chunk.slice(10),
        "suffix 7": chunk.slice(-7),
        "past the end": [],
        missing: null,
      });
      // A folder is not a key.
      expect(got.has).toEqual({
        ".zgroup": true,
        "labels/mask/.zarray": true,
        labels: false,
        "labels/nope": false,
      });
      const all = files.map((f) => f.path).sort();
      expect(got.list).toEqual({
        "": all,
        "gradient/2.": all.filter((k) => k.startsWith("gradient/2.")),
        "labels/": all.filter((k) => k.startsWith("labels/")),
        lab: all.filter((k) => k.startsWith("lab")),
        zzz: [],
      });
      expect(got.list["gradient/2."]).toHaveLength(12);
      // zarr-python writes .zattrs only where there are attributes (the gradient's).
      const below = (prefix: string) =>
        all.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
      expect(below("")).not.toContain(".zattrs");
      expect(got.listDir).toEqual({
        "": { keys: [".zgroup"], prefixes: ["gradient", "labels"] },
        "labels/": { keys: [".zgroup"], prefixes: ["mask"] },
        "labels/mask/": { keys: below("labels/mask/"), prefixes: [] },
        "nope/": { keys: [], prefixes: [] },
      });
      expect(below("labels/mask/")).toEqual([".zarray", "0.0", "0.1", "1.0", "1.1"]);
      for (const [key, message] of Object.entries(got.errors)) {
        expect(message, key).toMatch(/^StoreKeyError: /);
        expect(message, key).toContain(`"${key}"`);
      }
      expect(got.name).toBe(
        kind === "directory" ? "DirectoryHandleStore(example.zarr)" : "FileListStore(example.zarr)",
      );
    });
  }

  it("the viewer opens the OPFS folder: the tree by listing, the slice read by the workers", async () => {
    const s = ready();
    await s.page.evaluate(async () => {
      const api = (globalThis as unknown as { zarrkitViewer: import("../src/main.js").ViewerApi })
        .zarrkitViewer;
      const handle = await (await navigator.storage.getDirectory()).getDirectoryHandle(
        "example.zarr",
      );
      await api.open({ kind: "directory", handle }, "gradient", [3]);
    });
    await waitForPlane(s.page, "gradient|3");
    const paths = await s.page.$$eval("button.node", (bs) =>
      bs.map((b) => (b as HTMLElement).dataset.path),
    );
    expect(paths).toEqual(["", "gradient", "labels", "labels/mask"]);
    expect(await textOf(s.page, "#info")).toMatch(
      /^Store type\s+: DirectoryHandleStore\(example\.zarr\)$/m,
    );
    // No limits given: "auto" took the slice's own extremes once it was in.
    const lo = gradient(3, 0, 0);
    const hi = gradient(3, SHAPE[1] - 1, SHAPE[2] - 1);
    expect(Number(await s.page.locator("#min").inputValue())).toBe(lo);
    expect(Number(await s.page.locator("#max").inputValue())).toBe(hi);
    const png = decodePng(await s.page.locator("#canvas").screenshot());
    const { checked, mismatches } = pixelMismatches(png, 13, (x, y) =>
      y < SHAPE[1] && x < SHAPE[2] ? viridis(gradient(3, y, x), lo, hi) : null,
    );
    expect(checked).toBeGreaterThan(500);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});

// The browser entry must not reach lmdb or a Node module: bundlers would fail on the native
// addon. It exports the same names, which fail with an error saying why.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ZarrError } from "@zarrkit/core";
import { moduleSpecifiers } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import * as browser from "../src/browser.js";
import * as node from "../src/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("the browser entry", () => {
  it("imports core alone", () => {
    const source = readFileSync(join(ROOT, "src", "browser.ts"), "utf8");
    const specs = moduleSpecifiers(source);
    expect(specs).toEqual(["@zarrkit/core"]);
  });

  it("is what the browser condition resolves to, and exports the Node entry's names", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["."].browser["zarrkit-source"]).toBe("./src/browser.ts");
    expect(pkg.exports["."].browser.default).toBe("./dist/browser.js");
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect(browser.MAX_KEY_BYTES).toBe(node.MAX_KEY_BYTES);
  });

  it("fails with a ZarrError that says LMDB runs in Node only", () => {
    for (const call of [
      () => new browser.LMDBStore("x.mdb"),
      () => browser.openLMDBStore("x.mdb"),
    ]) {
      expect(call).toThrow(ZarrError);
      expect(call).toThrow(/Node only/);
    }
    expect(browser.isLMDBPath("x.mdb")).toBe(false);
  });
});

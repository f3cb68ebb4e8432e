// The package split's promise: an app that installs only @zarrkit/core, one store and one
// codec ships nothing else. Each app is bundled for browsers as an app would be (esbuild,
// minified) and its metafile lists every input; no other plugin, and no other codec's
// library, may be among them. (bench/src/bundle-size.ts reports the sizes of the same apps.)
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleForBrowser, describeBuiltins, WORKSPACE } from "./bundle.js";

const HERE = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Inputs that belong to a plugin other than `allowed`, or to the umbrella. */
const otherPlugin = (allowed: string[]) =>
  new RegExp(`plugins/(?!${allowed.map((a) => `${a}/`).join("|")})|packages/zarrkit/`);
/** The libraries behind the other codecs. */
const OTHER_CODEC_LIBS =
  /bzip2-wasm|lzma-native|xz-decompress|zstd-wasm|lz4js|snappyjs|numcodecs|fflate/;

async function bundleApp(source: string) {
  const bundle = await bundleForBrowser({
    entry: { contents: source, resolveDir: HERE },
    minify: true,
  });
  expect(bundle.nodeBuiltins, describeBuiltins(bundle.nodeBuiltins)).toEqual([]);
  return {
    packages: [...new Set(bundle.inputs.map((i) => i.pkg))].sort(),
    inputs: bundle.inputs.map((i) => relative(WORKSPACE, i.path)),
  };
}

describe("an app bundles only the packages it imports", () => {
  it("@zarrkit/core + store-memory + codec-zlib: no input from any other codec plugin", async () => {
    const { packages, inputs } = await bundleApp(`
      import { zeros } from "@zarrkit/core";
      import { MemoryStore } from "@zarrkit/store-memory";
      import { Zlib } from "@zarrkit/codec-zlib";
      const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store: new MemoryStore(), compressor: new Zlib({ level: 1 }) });
      await z.set("0:10, :", 42);
      console.log(await z.get([0, 0]));
    `);
    const foreign = otherPlugin(["codec-zlib", "store-memory"]);
    expect(inputs.filter((p) => foreign.test(p) || OTHER_CODEC_LIBS.test(p))).toEqual([]);
    expect(inputs.some((p) => p.startsWith("plugins/codec-zlib/src/"))).toBe(true);
    expect(packages).toEqual([
      "@zarrkit/codec-zlib",
      "@zarrkit/core",
      "@zarrkit/store-memory",
      "pako",
    ]);
  });

  it("@zarrkit/core + store-memory + codec-blosc: no input from any other plugin", async () => {
    const { inputs } = await bundleApp(`
      import { zeros } from "@zarrkit/core";
      import { MemoryStore } from "@zarrkit/store-memory";
      import { Blosc } from "@zarrkit/codec-blosc";
      const compressor = new Blosc({ cname: "lz4", clevel: 5, shuffle: Blosc.SHUFFLE });
      const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store: new MemoryStore(), compressor });
      await z.set("0:10, :", 42);
      console.log(await z.get([0, 0]));
    `);
    expect(inputs.filter((p) => otherPlugin(["codec-blosc", "store-memory"]).test(p))).toEqual([]);
    expect(inputs.some((p) => p.startsWith("plugins/codec-blosc/src/"))).toBe(true);
  });

  it("@zarrkit/core alone: nothing but core", async () => {
    const { packages } = await bundleApp(`
      import { zeros, type Store } from "@zarrkit/core";
      const map = new Map<string, Uint8Array>();
      const store: Store = {
        get: async (k) => map.get(k),
        set: async (k, v) => void map.set(k, v),
        delete: async (k) => map.delete(k),
        list: async (p = "") => [...map.keys()].filter((k) => k.startsWith(p)),
        toString: () => "MapStore",
      };
      const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store, compressor: null });
      await z.set("0:10, :", 42);
      console.log(await z.get([0, 0]));
    `);
    expect(packages).toEqual(["@zarrkit/core"]);
  });
});

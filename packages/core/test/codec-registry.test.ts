import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CodecError,
  codecProviders,
  getCodec,
  isCodecRegistered,
  openArray,
  registerCodec,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every workspace package under packages/ and plugins/: its name and its source text. */
function workspacePackages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of ["packages", "plugins"]) {
    for (const dir of readdirSync(join(ROOT, group), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const base = join(ROOT, group, dir.name);
      let name: string;
      try {
        name = (JSON.parse(readFileSync(join(base, "package.json"), "utf8")) as { name: string })
          .name;
      } catch {
        continue;
      }
      let src = "";
      try {
        for (const f of readdirSync(join(base, "src"))) {
          if (f.endsWith(".ts")) src += readFileSync(join(base, "src", f), "utf8");
        }
      } catch {
        // a package without sources registers nothing
      }
      out.set(name, src);
    }
  }
  return out;
}

describe("the packages the registry names", () => {
  const providers = codecProviders();
  const packages = workspacePackages();

  it("covers the numcodecs ids zarrkit implements, object codecs included", () => {
    for (const id of ["blosc", "zlib", "json2", "msgpack2", "vlen-utf8", "vlen-array"]) {
      expect(providers[id], id).toBeDefined();
    }
    expect(providers.pickle).toBeUndefined();
  });

  it.each(Object.entries(codecProviders()))(
    "%s is provided by %s, a workspace package that registers it",
    (id, pkg) => {
      expect(packages.has(pkg), `${pkg} is not a package of this workspace`).toBe(true);
      expect(packages.get(pkg)).toContain(`registerCodec("${id}"`);
    },
  );

  it.each(Object.entries(codecProviders()))(
    "an unregistered %s names %s in its error",
    async (id, pkg) => {
      expect(isCodecRegistered(id)).toBe(false);
      await expect(getCodec({ id })).rejects.toThrow(
        `no codec registered for id "${id}": install and import "${pkg}"`,
      );
    },
  );
});

describe("pickle is refused", () => {
  it("by getCodec, saying why and what to use instead", async () => {
    const err = await getCodec({ id: "pickle", protocol: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    const message = (err as Error).message;
    expect(message).toMatch(/codec "pickle" is refused/);
    expect(message).toMatch(/can execute arbitrary code/);
    expect(message).toMatch(/json2/);
    expect(message).toMatch(/msgpack2/);
    expect(message).toMatch(/vlen-utf8/);
  });

  it("by registerCodec, so no plugin can enable it", async () => {
    const factory = () => {
      throw new Error("never built");
    };
    expect(() => registerCodec("pickle", factory)).toThrow(
      /registerCodec: codec "pickle" is refused/,
    );
    expect(isCodecRegistered("pickle")).toBe(false);
  });

  it("when opening an array that uses it, before any chunk is read", async () => {
    const store = new RecordingStore();
    const meta = {
      zarr_format: 2,
      shape: [2],
      chunks: [2],
      dtype: "|O",
      compressor: null,
      fill_value: 0,
      order: "C",
      filters: [{ id: "pickle", protocol: 5 }],
    };
    await store.set(".zarray", new TextEncoder().encode(JSON.stringify(meta)));
    // a pickle that would run code if it were ever loaded
    await store.set("0", new TextEncoder().encode("cos\nsystem\n(S'echo pwned'\ntR."));
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      /codec "pickle" is refused: decoding Pickle data can execute arbitrary code/,
    );
    expect(store.chunkReads()).toEqual([]);
  });
});

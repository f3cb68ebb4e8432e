// The package must bundle for browsers (no lzma-native, no Node built-ins in the bundle) and,
// in a context without `process` or `require`, decode numcodecs' XZ chunks with xz-decompress
// and refuse to encode with an error that says why.
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { fewPayloads, compressorReference, sameBytes } from "@zarrkit/codec-test-utils";

const entry = fileURLToPath(new URL("./browser-entry.ts", import.meta.url));

it("bundles for browsers and decodes XZ there without Node", async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "lzmaCodec",
    conditions: ["zarrkit-source", "browser"],
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  // An iife has no import.meta; core reads it only to start its worker pool, which this
  // sandbox never does. Any other warning fails the test.
  const warnings = result.warnings.filter(
    (w) =>
      !(
        w.id === "empty-import-meta" && w.location?.file.endsWith("core/src/runtime/worker-pool.ts")
      ),
  );
  expect(warnings).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/require\(["'](node:|lzma-native|fs|path)/);
  expect(code).not.toContain("node-gyp-build");

  const payloads = fewPayloads();
  const [theirs] = compressorReference([
    { config: { id: "lzma" }, encode: payloads.map((p) => p.data) },
  ]);
  const sandbox: Record<string, unknown> = {
    Uint8Array,
    Uint32Array,
    ArrayBuffer,
    DataView,
    WebAssembly,
    ReadableStream,
    TextEncoder,
    TextDecoder,
    atob,
    input: theirs!.encoded,
  };
  expect(runInNewContext("typeof process + typeof require", sandbox)).toBe("undefinedundefined");
  const got = (await runInNewContext(
    `${code}; (async () => {
      const { LZMA, lzmaBackend } = lzmaCodec;
      const codec = new LZMA();
      const back = [];
      for (const d of input) back.push(await codec.decode(d));
      let encodeError = "";
      try { await codec.encode(new Uint8Array(8)); } catch (e) { encodeError = e.message; }
      return { backend: await lzmaBackend(), back, encodeError };
    })()`,
    sandbox,
  )) as { backend: string; back: Uint8Array[]; encodeError: string };
  expect(got.backend).toBe("xz-decompress");
  for (const [k, p] of payloads.entries())
    expect(sameBytes(got.back[k]!, p.data), p.name).toBe("equal");
  expect(got.encodeError).toMatch(/^lzma: encoding needs lzma-native \(Node\.js\)/);
});

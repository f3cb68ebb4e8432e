// The package must bundle for browsers: zstd-wasm's browser build (no Node built-ins), which
// fetches zstd.wasm from beside itself. The bundle runs in a context without `process` or
// `require`, whose `fetch` serves that file, and exchanges chunks with numcodecs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { fewPayloads, compressorReference, sameBytes } from "@zarrkit/codec-test-utils";

const entry = fileURLToPath(new URL("./browser-entry.ts", import.meta.url));
// zstd-wasm's browser build and its zstd.wasm (the package exports only ".").
const nodeMain = createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm");
const webDir = join(dirname(nodeMain), "..", "web");

it("bundles for browsers and runs zstd-wasm's browser build without Node", async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "zstdCodec",
    conditions: ["zarrkit-source", "browser"],
    // An iife has no import.meta: point zstd-wasm's `new URL("./zstd.wasm", import.meta.url)` at its folder.
    define: { "import.meta.url": JSON.stringify(`${pathToFileURL(webDir).href}/index.web.js`) },
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/require\(["'](node:|fs|path)/);

  const fetched: string[] = [];
  const fetch = async (url: string) => {
    fetched.push(String(url));
    const bytes = readFileSync(fileURLToPath(String(url)));
    return new Response(bytes, { headers: { "content-type": "application/wasm" } });
  };
  const payloads = fewPayloads().filter((p) => p.data.length > 0);
  const [theirs] = compressorReference([
    { config: { id: "zstd", level: 1 }, encode: payloads.map((p) => p.data) },
  ]);
  const sandbox: Record<string, unknown> = {
    Uint8Array,
    Int8Array,
    Uint16Array,
    Int16Array,
    Uint32Array,
    Int32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
    ArrayBuffer,
    DataView,
    WebAssembly,
    TextDecoder,
    URL,
    Response,
    fetch,
    console,
    input: theirs!.encoded,
    raw: payloads.map((p) => p.data),
  };
  expect(runInNewContext("typeof process + typeof require", sandbox)).toBe("undefinedundefined");
  const got = (await runInNewContext(
    `${code}; (async () => {
      const codec = new zstdCodec.Zstd();
      const back = [], ours = [];
      for (const d of input) back.push(await codec.decode(d));
      for (const d of raw) ours.push(await codec.encode(d));
      return { back, ours };
    })()`,
    sandbox,
  )) as { back: Uint8Array[]; ours: Uint8Array[] };
  expect(fetched).toEqual([`${pathToFileURL(webDir).href}/zstd.wasm`]);
  const [check] = compressorReference([{ config: { id: "zstd", level: 1 }, decode: got.ours }]);
  for (const [k, p] of payloads.entries()) {
    expect(sameBytes(got.back[k]!, p.data), p.name).toBe("equal");
    expect(sameBytes(check!.decoded[k]!, p.data), `numcodecs decodes ${p.name}`).toBe("equal");
  }
});

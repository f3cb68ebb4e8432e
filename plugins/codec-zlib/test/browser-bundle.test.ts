// The package must bundle for browsers and run where there is no Node: no `process`, no
// `require`, no node:zlib. esbuild bundles it for the browser platform (a bundler that
// followed the node:zlib import would fail here), and the bundle runs in a bare V8 context.
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { compressorReference, sameBytes, allDtypePayloads } from "@zarrkit/codec-test-utils";

const entry = fileURLToPath(new URL("./browser-entry.ts", import.meta.url));

it("bundles for browsers and runs on pako without Node built-ins", async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "zlibCodecs",
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
  expect(code).not.toMatch(/require\(["']node:/);

  const payloads = allDtypePayloads().filter((p) => p.data.length > 0);
  const sandbox: Record<string, unknown> = {
    Uint8Array,
    DataView,
    TextEncoder,
    TextDecoder,
    input: payloads.map((p) => p.data),
  };
  expect(runInNewContext("typeof process + typeof require", sandbox)).toBe("undefinedundefined");
  const run = runInNewContext(
    `${code}; (async () => {
      const { Zlib, GZip, deflateEngines } = zlibCodecs;
      const z = new Zlib({ level: 1 }), g = new GZip({ level: 9 });
      const zs = [], gs = [], back = [];
      for (const d of input) {
        const a = await z.encode(d), b = await g.encode(d);
        zs.push(a); gs.push(b);
        back.push(await z.decode(a), await g.decode(b));
      }
      return { engines: deflateEngines(), zs, gs, back };
    })()`,
    sandbox,
  ) as Promise<{ engines: unknown; zs: Uint8Array[]; gs: Uint8Array[]; back: Uint8Array[] }>;
  const got = await run;
  expect(got.engines).toEqual({ encode: "pako", decode: "pako" });
  const [zr, gr] = compressorReference([
    { config: { id: "zlib", level: 1 }, decode: got.zs },
    { config: { id: "gzip", level: 9 }, decode: got.gs },
  ]);
  for (const [k, p] of payloads.entries()) {
    expect(sameBytes(got.back[2 * k]!, p.data), `zlib ${p.name}`).toBe("equal");
    expect(sameBytes(got.back[2 * k + 1]!, p.data), `gzip ${p.name}`).toBe("equal");
    expect(sameBytes(zr!.decoded[k]!, p.data), `numcodecs zlib ${p.name}`).toBe("equal");
    expect(sameBytes(gr!.decoded[k]!, p.data), `numcodecs gzip ${p.name}`).toBe("equal");
  }
});

import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, without type declarations
import { compileKernels, kernelsModuleSource } from "../scripts/compile-wasm.mjs";

it("the committed base64 module is a fresh build of delta-kernels.wat", async () => {
  const dir = new URL("../src/wasm/", import.meta.url);
  const wat = readFileSync(new URL("delta-kernels.wat", dir), "utf8");
  const committed = readFileSync(new URL("delta-kernels-wasm.ts", dir), "utf8");
  const fresh = kernelsModuleSource(await compileKernels(wat));
  expect(committed).toBe(fresh);
});

// Compiles src/wasm/delta-kernels.wat with npm wabt into src/wasm/delta-kernels-wasm.ts (the
// module as base64), so tests, builds and browsers need no toolchain. Run after editing the
// .wat and commit both; a test checks that the committed base64 is a fresh build of the .wat.
//   pnpm --filter @zarrkit/filter-delta build:wasm
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileKernels, kernelsModuleSource } from "./compile-wasm.mjs";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "wasm");
const bytes = await compileKernels(readFileSync(join(dir, "delta-kernels.wat"), "utf8"));
writeFileSync(join(dir, "delta-kernels-wasm.ts"), kernelsModuleSource(bytes));
console.log(`delta-kernels.wasm: ${bytes.length} bytes`);

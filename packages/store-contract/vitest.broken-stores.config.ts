// Runs the deliberately broken stores of test/fixtures/broken-stores.contract.ts (only through
// test/suite-catches-broken-stores.test.ts, which checks that the suite fails them).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({ test: { include: ["test/fixtures/*.contract.ts"], reporters: ["default"] } }),
);

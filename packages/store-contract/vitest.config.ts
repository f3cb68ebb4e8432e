import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// test/fixtures holds deliberately broken stores that must fail the suite: only
// test/suite-catches-broken-stores.test.ts runs them, in a vitest of their own.
export default mergeConfig(
  shared,
  defineConfig({ test: { exclude: [...configDefaults.exclude, "test/fixtures/**"] } }),
);

import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// Packing 20-odd packages and two npm installs (registry downloads included) take minutes on a
// shared CI machine: the set-up gets a generous timeout, each test a normal one.
export default mergeConfig(
  shared,
  defineConfig({ test: { hookTimeout: 900_000, testTimeout: 120_000 } }),
);

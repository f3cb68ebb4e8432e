import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// One Swift for every test file (or the one scripts/test.sh started, named by ZARRKIT_TEST_S3_*).
export default mergeConfig(
  shared,
  defineConfig({ test: { globalSetup: ["test/swift-setup.ts"] } }),
);

import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

// Forks, not threads: each page runs in its own temporary working directory (process.chdir).
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      pool: "forks",
      include: ["test/**/*.test.ts"],
      // Real servers the store pages read (nginx for stores/http.md, Swift for stores/s3.md).
      globalSetup: ["test/servers-http.ts", "test/servers-s3.ts"],
    },
  }),
);

import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// The app is built once for every test file (test/global-setup.ts).
export default mergeConfig(shared, { test: { globalSetup: ["./test/global-setup.ts"] } });

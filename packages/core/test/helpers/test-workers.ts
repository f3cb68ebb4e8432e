import { afterAll, beforeAll } from "vitest";
import { configureWorkers, terminateWorkers, type WorkerSettings } from "../../src/index.js";

/**
 * Run this file's chunks through a pool of two workers that load the test codecs, offloading
 * chunks from 64 KiB; the settings are restored and the workers stopped afterwards.
 */
export function useTestCodecWorkers(): void {
  const helper = new URL("./test-codecs.ts", import.meta.url).href;
  let saved: WorkerSettings;
  beforeAll(() => {
    saved = configureWorkers({ modules: [helper], size: 2, minChunkBytes: 64 * 1024 });
  });
  afterAll(async () => {
    configureWorkers(saved);
    await terminateWorkers();
  });
}

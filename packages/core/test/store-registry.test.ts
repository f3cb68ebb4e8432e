import { describe, expect, it } from "vitest";
import { open, openArray, openConsolidated, registerStore } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

describe("storageOptions reach the store opener", () => {
  const seen: { location: string; mode: string; storageOptions?: unknown }[] = [];
  const backing = new RecordingStore();
  registerStore(
    "test-opts",
    (location) => location.startsWith("testopts://"),
    (location, options) => {
      seen.push({ location, ...options });
      return backing;
    },
  );

  it("passes mode and storageOptions from open, openArray and openConsolidated", async () => {
    const options = { headers: { authorization: "Bearer x" } };
    await openArray("testopts://a", {
      mode: "w",
      shape: [4],
      dtype: "<i4",
      storageOptions: options,
    });
    await open("testopts://a", { mode: "r", storageOptions: { region: "r1" } });
    await expect(
      openConsolidated("testopts://a", { mode: "r", storageOptions: { n: 1 } }),
    ).rejects.toThrow();
    expect(seen).toEqual([
      { location: "testopts://a", mode: "w", storageOptions: options },
      { location: "testopts://a", mode: "r", storageOptions: { region: "r1" } },
      { location: "testopts://a", mode: "r", storageOptions: { n: 1 } },
    ]);
  });

  it("leaves storageOptions out when none are given", async () => {
    seen.length = 0;
    await open("testopts://a", { mode: "r" });
    expect(seen).toEqual([{ location: "testopts://a", mode: "r" }]);
  });
});

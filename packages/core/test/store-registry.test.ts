import { describe, expect, it } from "vitest";
import { open, openArray, openConsolidated, registerStore, resolveStore } from "../src/index.js";
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

describe("catch-all registrations", () => {
  const opened: string[] = [];
  const opener = (name: string) => () => {
    opened.push(name);
    return new RecordingStore();
  };

  it("tries a specific pattern before a catch-all, whichever was registered first", async () => {
    registerStore("test-special-early", (l) => l.endsWith(".early"), opener("early"));
    registerStore("test-any", (l) => l.startsWith("rank://"), opener("any"), { catchAll: true });
    registerStore("test-special-late", (l) => l.endsWith(".late"), opener("late"));
    for (const l of ["rank://x.early", "rank://x.late", "rank://x.other"])
      await resolveStore(l, "r");
    expect(opened).toEqual(["early", "late", "any"]);
  });

  it("tries later catch-alls first, and replaces a registration of the same name", async () => {
    opened.length = 0;
    registerStore("test-any2", (l) => l.startsWith("rank://"), opener("any2"), { catchAll: true });
    await resolveStore("rank://y", "r");
    registerStore("test-any2", (l) => l.startsWith("none://"), opener("gone"), { catchAll: true });
    await resolveStore("rank://y", "r");
    expect(opened).toEqual(["any2", "any"]);
  });
});

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const VITEST = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

interface JsonReport {
  testResults: {
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

/**
 * Each store of fixtures/broken-stores.contract.test.ts breaks one promise. Written out by hand:
 * the checks that must fail for it (and only those; every other check must pass, so a
 * failure points at the broken promise).
 */
const MUST_FAIL: Record<string, string[]> = {
  correct: [],
  "empty-for-missing": [
    "finds nothing at a missing key: undefined, never an error or an empty value",
    "deletes a key (true), and a missing key or a folder is not a value (false)",
  ],
  "no-key-checks": [
    "refuses hostile keys with a StoreKeyError for every read",
    "refuses hostile keys with a StoreKeyError for every write, writing nothing",
  ],
  "suffix-off-by-one": [
    "reads ranges at every edge as core's rangeBounds selects them",
    "refuses malformed ranges with a StoreKeyError naming the key",
    "writes, overwrites (longer then shorter) and reads back",
    "round-trips a 64 MiB value, and ranges of it",
  ],
  "folder-prefix-as-text": [
    "lists every key under a prefix, telling a folder from names that share its prefix",
    // Not listDir: core's fallback (storeListDir over list) keeps only keys under the folder,
    // so this store's over-wide listing does not reach a listDir answer.
    "refuses hostile listing prefixes with a StoreKeyError",
    "deletes a prefix: only the keys under it, not names sharing its text with a folder",
  ],
  "writes-while-read-only": ["refuses every write with a ReadOnlyError and leaves the data intact"],
  "claims-listDir": ["declares what it can do truthfully"],
  "truncates-large-values": ["round-trips a 64 MiB value, and ranges of it"],
  "delete-missing-true": [
    "deletes a key (true), and a missing key or a folder is not a value (false)",
  ],
  "space-refused-as-not-found": [
    "refuses keys with spaces with a StoreKeyError (declared unsupported)",
  ],
};

it("fails each broken store on exactly the checks of the promise it breaks", () => {
  const out = mkdtempSync(join(tmpdir(), "zarrkit-contract-"));
  try {
    const report = join(out, "report.json");
    const run = spawnSync(
      process.execPath,
      [
        VITEST,
        "run",
        // the workspace's shared settings, without this package's exclusion of the fixtures
        "--config",
        "../../vitest.shared.ts",
        "--reporter=json",
        `--outputFile=${report}`,
        "test/fixtures/broken-stores.contract.test.ts",
      ],
      { cwd: PACKAGE, encoding: "utf8" },
    );
    // the run fails (the broken stores fail), but it must have run and reported
    expect(run.status, run.stderr).toBe(1);
    const json = JSON.parse(readFileSync(report, "utf8")) as JsonReport;
    const failed: Record<string, string[]> = {};
    let passed = 0;
    for (const file of json.testResults)
      for (const t of file.assertionResults) {
        const store = t.ancestorTitles[0]!.replace(/: store contract$/, "");
        failed[store] ??= [];
        if (t.status === "failed") failed[store].push(t.title);
        else if (t.status === "passed") passed++;
        else throw new Error(`${store} > ${t.title}: status ${t.status}`);
      }
    for (const titles of Object.values(failed)) titles.sort();
    const expected = Object.fromEntries(
      Object.entries(MUST_FAIL).map(([store, titles]) => [store, [...titles].sort()]),
    );
    expect(failed).toEqual(expected);
    // every other check passes: 8 stores of 17 checks (write, list), the read-only one's 12,
    // and 19 for the one refusing spaces (two more checks), less the 16 failures above
    expect(passed).toBe(151);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 300_000);

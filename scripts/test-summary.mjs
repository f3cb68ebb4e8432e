// Adds up the vitest JSON reports of every package into one closing line, so a run over
// many packages ends with a single "N passed, N failed" verdict.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const roots = ["packages", "apps", "plugins", "examples"];
const dirs = ["docs-site", "bench"];
for (const r of roots) if (existsSync(r)) for (const d of readdirSync(r)) dirs.push(join(r, d));

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const failures = [];
for (const d of dirs) {
  const pkg = join(d, "package.json");
  if (!existsSync(pkg)) continue;
  const scripts = JSON.parse(readFileSync(pkg, "utf8")).scripts ?? {};
  if (!scripts.test) continue;
  const file = join(d, ".vitest-report.json");
  if (!existsSync(file)) {
    missing.push(d);
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== "failed") continue;
      const why = String(t.failureMessages?.[0] ?? "")
        .split("\n")
        .slice(0, 3)
        .join(" | ");
      failures.push(`${d}: ${t.fullName ?? t.title}: ${why.slice(0, 400)}`);
    }
    // A file that failed to load has no assertions, only a message.
    if (file.status === "failed" && !(file.assertionResults ?? []).length) {
      failures.push(`${d}: ${file.name}: ${String(file.message ?? "").split("\n")[0]}`);
    }
  }
}
// The log's tail is what survives a long run: name what failed right above the verdict.
for (const f of failures) console.log(`failed: ${f}`);
if (missing.length) console.log(`no test report from: ${missing.join(", ")}`);
console.log(`tests: ${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exit(failed + missing.length + skipped > 0 || passed === 0 ? 1 : 0);

// The release checks' rules, on the real workspace and on manifests and tarballs made to break
// them; and a size budget made to fail, so CI's size-limit run is known to be able to fail.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { publishablePackages, WORKSPACE_ROOT } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { manifestProblems, type PublicManifest } from "../src/manifest-rules.js";
import { tarballProblems } from "../src/tarball-rules.js";

const HERE = fileURLToPath(new URL("..", import.meta.url));

const good: PublicManifest = {
  name: "@zarrkit/codec-foo",
  version: "0.0.0",
  license: "MIT",
  homepage: "https://github.com/zarrkit/zarrkit/tree/main/plugins/codec-foo#readme",
  repository: {
    type: "git",
    url: "git+https://github.com/zarrkit/zarrkit.git",
    directory: "plugins/codec-foo",
  },
  keywords: ["zarr", "codec"],
  engines: { node: ">=20" },
  sideEffects: ["./dist/index.js"],
  files: ["dist", "src"],
  exports: { ".": { "zarrkit-source": "./src/index.ts", default: "./dist/index.js" } },
  publishConfig: { access: "public", exports: { ".": { default: "./dist/index.js" } } },
  peerDependencies: { "@zarrkit/core": "workspace:0.x" },
};

describe("manifest rules", () => {
  it("every public package in the workspace passes", () => {
    const problems = publishablePackages().flatMap((p) =>
      manifestProblems(p.manifest as PublicManifest, relative(WORKSPACE_ROOT, p.dir)),
    );
    expect(problems).toEqual([]);
  });

  it("accept a complete manifest", () => {
    expect(manifestProblems(good, "plugins/codec-foo")).toEqual([]);
  });

  it("name the field and the rule for each missing or wrong field", () => {
    const bad: PublicManifest = {
      ...good,
      engines: undefined,
      repository: { ...good.repository, directory: "plugins/elsewhere" },
      publishConfig: { access: "public", exports: good.exports },
      peerDependencies: { "@zarrkit/core": "workspace:^" },
    };
    const problems = manifestProblems(bad, "plugins/codec-foo");
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^@zarrkit\/codec-foo: "repository" must be .*"plugins\/codec-foo"/,
    );
    expect(problems[1]).toMatch(/"engines.node" must be ">=20", got undefined/);
    expect(problems[2]).toMatch(
      /"publishConfig.exports" must be "exports" without the "zarrkit-source"/,
    );
    expect(problems[3]).toMatch(
      /"peerDependencies.@zarrkit\/core" must be "workspace:0.x".*got "workspace:\^"/,
    );
  });
});

describe("tarball rules", () => {
  const base = ["package.json", "README.md", "LICENSE", "dist/index.js", "src/index.ts"];
  const map = (sources: string[]) => JSON.stringify({ version: 3, sources, mappings: "" });

  it("accept dist, the sources its maps point to, README and LICENSE", () => {
    const files = [...base, "dist/index.js.map"];
    expect(tarballProblems("p", files, () => map(["../src/index.ts"]))).toEqual([]);
  });

  it("refuse development files and a missing LICENSE, naming each", () => {
    const files = [
      "package.json",
      "README.md",
      "dist/index.js",
      "test/a.test.ts",
      ".turbo/turbo-build.log",
      "tsconfig.build.json",
      "dist/x.tsbuildinfo",
    ];
    expect(tarballProblems("p", files, () => "")).toEqual([
      "p: the tarball has no LICENSE",
      "p: test/a.test.ts is a test folder and must not be published",
      "p: test/a.test.ts is a test file and must not be published",
      "p: .turbo/turbo-build.log is turbo's cache and must not be published",
      "p: tsconfig.build.json is a build configuration and must not be published",
      "p: dist/x.tsbuildinfo is TypeScript's build state and must not be published",
    ]);
  });

  it("refuse a source map that points to a file the tarball lacks", () => {
    const files = [...base, "dist/other.js.map"];
    expect(tarballProblems("p", files, () => map(["../src/other.ts"]))).toEqual([
      "p: dist/other.js.map points to ../src/other.ts (src/other.ts), which is not in the tarball",
    ]);
  });
});

it("size-limit fails a bundle over its budget (the real check with a 1 kB budget)", () => {
  // A config beside the real one, in the git-ignored .tmp folder: same app, same bundler set-up.
  const dir = join(HERE, ".tmp", `budget-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(
      join(dir, ".size-limit.js"),
      `import checks from "../../.size-limit.js";
export default [{ ...checks[0], path: "../../" + checks[0].path, limit: "1 kB" }];
`,
    );
    // CI=true makes size-limit colour its output even into a pipe: ask for none, and strip any
    // escape codes that come anyway, so the messages are matched as a reader sees them.
    const r = spawnSync(join(HERE, "node_modules", ".bin", "size-limit"), [], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape codes
    const output = `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");
    expect(r.status, output).toBe(1);
    expect(output).toMatch(/Package size limit has exceeded by \d/);
    expect(output).toMatch(/Size limit:\s+1 kB/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

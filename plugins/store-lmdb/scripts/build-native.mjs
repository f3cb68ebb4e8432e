#!/usr/bin/env node
// Builds lmdb-js's native addon against LMDB 0.9 (data format 1), the format py-lmdb and
// every liblmdb 0.9 read and write. The prebuilt binaries that the `lmdb` package ships use
// LMDB 1.0's data format 2, which py-lmdb (and so zarr-python's LMDBStore) rejects with
// MDB_INVALID, so this package builds its own from the sources lmdb-js ships
// (dependencies/lmdb-data-v1) and points lmdb-js at it (see src/native-binding.ts).
//
// Usage: node scripts/build-native.mjs [--force] [--install]
//   --force    rebuild even when the binary for this lmdb version, platform and Node ABI exists
//   --install  run as the package's install script: a failed build warns and exits 0, so the
//              install goes on; opening an LMDBStore then says how to build it
// Needs node-gyp's toolchain: python3, make and a C/C++ compiler.

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const args = new Set(process.argv.slice(2));
const force = args.has("--force");
const asInstall = args.has("--install");
const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  if (asInstall) {
    console.warn(
      `@zarrkit/store-lmdb: could not build the LMDB data-format-1 binding: ${message}\n` +
        "  LMDBStore will not open until it is built: run `npx zarrkit-lmdb-build` once the " +
        "toolchain is there (python3, make, a C/C++ compiler).",
    );
    process.exit(0);
  }
  console.error(`zarrkit-lmdb-build: ${message}`);
  process.exit(1);
}

/** The lmdb package folder as Node resolves it from this package. */
function lmdbRoot() {
  const require = createRequire(join(packageRoot, "package.json"));
  let dir;
  try {
    dir = dirname(require.resolve("lmdb"));
  } catch (e) {
    fail(`cannot find the lmdb package: ${e.message}`);
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "lmdb") return dir;
  }
  fail("cannot find the lmdb package folder");
}

/**
 * Where the binary goes, one folder per lmdb version, platform and Node ABI (the addon is
 * compiled against this Node's headers). src/native-binding.ts computes the same name.
 */
function nativeDir(lmdbVersion) {
  const key = `lmdb-${lmdbVersion}-data-v1-${process.platform}-${process.arch}-abi${process.versions.modules}`;
  return join(packageRoot, "native", key);
}

/** node-gyp: the one the package manager running us provides, else npm's bundled one. */
function nodeGyp() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const candidates = [
    join(
      dirname(dirname(process.execPath)),
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
    join(
      dirname(process.execPath),
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ];
  try {
    candidates.unshift(
      createRequire(join(packageRoot, "package.json")).resolve("node-gyp/bin/node-gyp.js"),
    );
  } catch {
    // not installed beside us: try npm's
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) fail("cannot find node-gyp (it comes with npm; or install it: npm i -g node-gyp)");
  return found;
}

const lmdb = lmdbRoot();
const lmdbVersion = JSON.parse(readFileSync(join(lmdb, "package.json"), "utf8")).version;
const target = nativeDir(lmdbVersion);
const binary = join(target, "build", "Release", "lmdb.node");
if (existsSync(binary) && !force) {
  console.log(`@zarrkit/store-lmdb: LMDB data-format-1 binding present (${binary})`);
  process.exit(0);
}
if (!existsSync(join(lmdb, "dependencies", "lmdb-data-v1")))
  fail(`lmdb ${lmdbVersion} does not ship the LMDB 0.9 sources (dependencies/lmdb-data-v1)`);

const work = mkdtempSync(join(tmpdir(), "zarrkit-lmdb-build-"));
try {
  for (const part of ["binding.gyp", "package.json", "src", "dependencies"])
    cpSync(join(lmdb, part), join(work, part), { recursive: true });
  // binding.gyp asks `require('node-addon-api')` for its headers from the build folder.
  const addonApi = dirname(
    createRequire(join(lmdb, "package.json")).resolve("node-addon-api/package.json"),
  );
  const gyp = nodeGyp();
  const gypArgs = ["rebuild", "-j", "max"];
  // Headers beside this Node (official builds and distribution packages have them) spare
  // node-gyp a download.
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, "include", "node", "node_api.h")))
    gypArgs.push(`--nodedir=${prefix}`);
  const [cmd, cmdArgs] = gyp.endsWith(".js")
    ? [process.execPath, [gyp, ...gypArgs]]
    : [gyp, gypArgs];
  console.log(
    `@zarrkit/store-lmdb: building the LMDB data-format-1 binding for lmdb ${lmdbVersion}`,
  );
  const r = spawnSync(cmd, cmdArgs, {
    cwd: work,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: {
      ...process.env,
      LMDB_DATA_V1: "true",
      NODE_PATH: [dirname(addonApi), process.env.NODE_PATH].filter(Boolean).join(delimiter),
    },
  });
  if (r.error) fail(`cannot run node-gyp (${gyp}): ${r.error.message}`);
  if (r.status !== 0)
    fail(
      `node-gyp exited with ${r.status}:\n${(r.stdout + r.stderr).split("\n").slice(-30).join("\n")}`,
    );
  const built = join(work, "build", "Release", "lmdb.node");
  if (!existsSync(built)) fail(`node-gyp did not produce ${built}`);
  mkdirSync(dirname(binary), { recursive: true });
  // rename into place, so a concurrent reader never loads a half-copied binary
  const partial = `${binary}.${process.pid}.partial`;
  cpSync(built, partial);
  renameSync(partial, binary);
  console.log(`@zarrkit/store-lmdb: built ${binary}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

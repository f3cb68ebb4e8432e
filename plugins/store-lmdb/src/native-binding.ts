import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ZarrError } from "@zarrkit/core";

/** LMDB's version, which lmdb-js exports but does not declare. */
interface LmdbVersion {
  versionString: string;
  major: number;
  minor: number;
  patch: number;
}

export type Lmdb = typeof import("lmdb") & { version: LmdbVersion };

// src/ and dist/ both sit one level below the package root.
const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(packageRoot, "package.json"));

/** The lmdb package folder and version, as Node resolves them from this package. */
function lmdbPackage(): { dir: string; version: string } {
  let dir = dirname(require.resolve("lmdb"));
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (!existsSync(pkg)) continue;
    const { name, version } = JSON.parse(readFileSync(pkg, "utf8")) as {
      name?: string;
      version: string;
    };
    if (name === "lmdb") return { dir, version };
  }
  throw new ZarrError("LMDBStore: cannot find the folder of the lmdb package");
}

/**
 * The folder holding this package's build of lmdb-js's addon for this lmdb version, platform
 * and Node ABI (`<it>/build/Release/lmdb.node`); scripts/build-native.mjs writes it there.
 */
export function nativeBindingDir(lmdbVersion = lmdbPackage().version): string {
  const key = `lmdb-${lmdbVersion}-data-v1-${process.platform}-${process.arch}-abi${process.versions.modules}`;
  return join(packageRoot, "native", key);
}

/** LMDB releases from 0.9.90 on (lmdb-js's default binaries) write data format 2. */
export const isDataFormat1 = (version: LmdbVersion) =>
  version.major === 0 && version.minor === 9 && version.patch < 90;

let loaded: Lmdb | undefined;

/**
 * lmdb-js running on this package's LMDB 0.9 build. lmdb-js loads its addon through
 * node-gyp-build, which takes the folder from `LMDB_PREBUILD` when set: it is set only for
 * the duration of the load. The module is loaded with `require`, so a store opens
 * synchronously as zarr-python's does.
 */
export function loadLmdb(): Lmdb {
  if (loaded) return loaded;
  const { version } = lmdbPackage();
  const dir = nativeBindingDir(version);
  const binary = join(dir, "build", "Release", "lmdb.node");
  if (!existsSync(binary))
    throw new ZarrError(
      `LMDBStore needs lmdb-js built against LMDB 0.9 (data format 1, the one py-lmdb and zarr-python read): ${binary} is missing. Build it with \`npx zarrkit-lmdb-build\` (needs python3, make and a C/C++ compiler; about 20 s)`,
    );
  const before = process.env.LMDB_PREBUILD;
  process.env.LMDB_PREBUILD = dir;
  let lmdb: Lmdb;
  try {
    lmdb = require("lmdb") as Lmdb;
  } finally {
    if (before === undefined) delete process.env.LMDB_PREBUILD;
    else process.env.LMDB_PREBUILD = before;
  }
  if (!isDataFormat1(lmdb.version))
    throw new ZarrError(
      `LMDBStore: lmdb-js in this process runs ${lmdb.version.versionString}, whose data format py-lmdb and zarr-python cannot read; something loaded lmdb before @zarrkit/store-lmdb did. Import @zarrkit/store-lmdb first, or keep the other user of lmdb in another process`,
    );
  loaded = lmdb;
  return lmdb;
}

#!/usr/bin/env bash
# Installs what zarrkit's demo and tests need on a fresh machine: pnpm (from npm), the
# workspace's packages, and (as root, when missing) Debian's zarr-python, the reference
# the interop tests compare against, plus Chromium for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  npm install -g pnpm@9.15.9 >/dev/null
fi

if [ "${1:-}" = "--with-reference" ]; then
  need=()
  /usr/bin/python3 -c "import zarr, numcodecs, blosc" >/dev/null 2>&1 || need+=(python3-zarr python3-numcodecs python3-blosc)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
  # The CLI's terminal test drives `zarrkit copy` in a real pseudo-terminal.
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
  # The remote-store tests run real servers on 127.0.0.1: nginx for HTTP, OpenStack Swift with
  # its s3api middleware for S3 (see packages/test-servers), and Python's clients of both.
  servers=()
  [ -x /usr/sbin/nginx ] || servers+=(nginx)
  [ -x /usr/bin/swift-proxy-server ] || servers+=(swift swift-proxy swift-object swift-container swift-account python3-swift)
  [ -x /usr/bin/memcached ] || servers+=(memcached)
  /usr/bin/python3 -c "import fsspec, aiohttp" >/dev/null 2>&1 || servers+=(python3-fsspec python3-aiohttp)
  /usr/bin/python3 -c "import boto3" >/dev/null 2>&1 || servers+=(python3-boto3)
  # py-lmdb for the LMDB store's interop tests; a compiler for its LMDB 0.9 binding, built
  # when pnpm installs @zarrkit/store-lmdb (plugins/store-lmdb/scripts/build-native.mjs).
  /usr/bin/python3 -c "import lmdb" >/dev/null 2>&1 || servers+=(python3-lmdb)
  { command -v g++ && command -v make; } >/dev/null 2>&1 || servers+=(g++ make)
  if [ $((${#need[@]} + ${#servers[@]})) -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -q >/dev/null
      if [ ${#need[@]} -gt 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
      fi
      if [ ${#servers[@]} -gt 0 ]; then
        # Recommends would pull in systemd units and extras the tests never use.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${servers[@]}" >/dev/null
      fi
    else
      echo "missing Debian packages: ${need[*]} ${servers[*]} (run: sudo apt-get install -y --no-install-recommends ${need[*]} ${servers[*]})" >&2
      exit 1
    fi
  fi
fi

# better-sqlite3 (@zarrkit/store-sqlite) downloads a prebuilt addon from GitHub when it can and
# otherwise compiles SQLite with node-gyp (about 80 s on 2 cores): that takes python3, make,
# g++ and Node's headers. node-gyp uses the headers of the running Node when its install has
# them (include/node beside bin/, as the nodejs.org tarballs and NodeSource's .deb do), and
# otherwise downloads them from nodejs.org.
build_tools=()
command -v make >/dev/null 2>&1 || build_tools+=(make)
command -v g++ >/dev/null 2>&1 || build_tools+=(g++)
command -v python3 >/dev/null 2>&1 || build_tools+=(python3)
if [ ${#build_tools[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${build_tools[@]}" >/dev/null
  else
    echo "note: ${build_tools[*]} missing: better-sqlite3 can only use its prebuilt download (or install them)" >&2
  fi
fi
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
node_headers="$node_prefix/include/node/node_api.h"
if [ -z "${npm_config_nodedir:-}" ]; then
  if [ -f "$node_headers" ]; then
    # node-gyp downloads headers from nodejs.org unless told where they are, even when the
    # install has them (Debian's nodejs puts them in /usr/include/node): point it there.
    export npm_config_nodedir="$node_prefix"
  else
    echo "note: this Node has no headers ($node_headers): building better-sqlite3 would download them from nodejs.org (or set npm_config_nodedir)" >&2
  fi
fi

export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile

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
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
    else
      echo "missing Debian packages: ${need[*]} (run: sudo apt-get install -y ${need[*]})" >&2
      exit 1
    fi
  fi
fi

export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile

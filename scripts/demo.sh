#!/usr/bin/env bash
# The zarr tutorial as a runnable demo: prints what the tutorial prints, step by step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm demo

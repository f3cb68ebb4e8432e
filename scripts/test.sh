#!/usr/bin/env bash
# Every test: lint, typecheck, build, then each package's vitest suite (unit tests, interop
# with zarr-python, the docs' examples), then one summary line over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-reference || exit 1
export TURBO_TELEMETRY_DISABLED=1
find . -name .vitest-report.json -not -path "*/node_modules/*" -delete
status=0
pnpm lint || status=1
pnpm typecheck || status=1
pnpm build || status=1
# publint, arethetypeswrong and the size budgets on the packed packages (needs the build).
pnpm release:check || status=1
# One Swift (S3) for the whole run: tests and the docs reuse it through ZARRKIT_TEST_S3_*.
export ZARRKIT_SWIFT_STATE="$(mktemp -d)"
trap 'bash scripts/servers/swift.sh stop; rm -rf "$ZARRKIT_SWIFT_STATE"' EXIT
if swift_env="$(bash scripts/servers/swift.sh start)"; then
  eval "$(grep ZARRKIT_TEST_S3_ <<<"$swift_env")"
else
  status=1
fi
pnpm test || status=1
pnpm docs:build || status=1
node scripts/test-summary.mjs || status=1
exit $status

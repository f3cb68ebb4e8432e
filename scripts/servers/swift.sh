#!/usr/bin/env bash
# OpenStack Swift with s3api on 127.0.0.1, for the S3 tests and by hand.
#   swift.sh start   start it in the background and print the env vars to export
#   swift.sh env     print them again
#   swift.sh stop    stop it (its temp dir goes with it)
# eval "$(bash scripts/servers/swift.sh start)" exports them into the current shell.
# State (pid, env, log) lives in $ZARRKIT_SWIFT_STATE (default /tmp/zarrkit-swift-dev).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
state="${ZARRKIT_SWIFT_STATE:-/tmp/zarrkit-swift-dev}"
mkdir -p "$state"

running() { [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then cat "$state/env"; exit 0; fi
    rm -f "$state/env"
    cd "$root/packages/test-servers"
    nohup node --conditions=zarrkit-source --import tsx src/swift-cli.ts "$state/env" \
      >"$state/log" 2>&1 </dev/null &
    echo $! >"$state/pid"
    for _ in $(seq 1 600); do
      [[ -f "$state/env" ]] && { cat "$state/env"; exit 0; }
      running || { echo "Swift failed to start; log: $state/log" >&2; cat "$state/log" >&2; exit 1; }
      sleep 0.1
    done
    echo "Swift did not start within 60 s; log: $state/log" >&2
    exit 1
    ;;
  env)
    running || { echo "Swift is not running (swift.sh start)" >&2; exit 1; }
    cat "$state/env"
    ;;
  stop)
    if running; then
      pid="$(cat "$state/pid")"
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$state/pid" "$state/env"
    ;;
  *)
    echo "usage: $0 start|env|stop" >&2
    exit 2
    ;;
esac

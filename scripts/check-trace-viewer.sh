#!/usr/bin/env bash
# Proves that a pi trace opens in real viewers: writes it with the benchmark CLI, checks it against
# Perfetto's JSON import rules (tidepool-bench check-trace), then loads it into speedscope in
# headless Chromium (scripts/speedscope-check.mjs). Installs Debian's chromium and, under
# target/viewer-check, the npm packages speedscope and playwright-core, when they are missing.
# Usage: scripts/check-trace-viewer.sh [WORKDIR]   (default: benchmarks/target/viewer-check)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$here/benchmarks/target/viewer-check}
mkdir -p "$work"
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "error: $chromium not found; install Debian's chromium package (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
  fi
  echo "installing chromium from Debian ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >"$work/apt.log" 2>&1 \
    || { apt-get update -q >>"$work/apt.log" 2>&1 && apt-get install -y -q chromium >>"$work/apt.log" 2>&1; } \
    || { tail -20 "$work/apt.log" >&2; echo "error: could not install chromium" >&2; exit 1; }
fi
if [ ! -d "$work/node_modules/speedscope" ] || [ ! -d "$work/node_modules/playwright-core" ]; then
  echo "installing speedscope 1.25 and playwright-core from npm ..." >&2
  (cd "$work" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --loglevel=error speedscope@1.25.0 playwright-core@1.65.1 >&2)
fi
trace=$work/pi.json
"$here/tidepool-bench" pi -n 100000000 --mode forkjoin --trace "$trace"
"$here/tidepool-bench" check-trace "$trace"
(cd "$work" && CHROMIUM=$chromium timeout 300 node "$here/scripts/speedscope-check.mjs" "$trace" worker)

#!/usr/bin/env bash
# Browser suite: installs playwright-core from the committed lockfile (npm ci,
# offline when the npm cache already holds it) and drives Debian's chromium
# against the haicap binary of the build given. Screenshots go to
# docs/screenshots/ (or HC_SCREENSHOT_DIR). Usage: bash tests/browser/run.sh BUILD
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
if [ ! -x "$build/haicap" ]; then
  echo "browser: $build/haicap not built, skipped"
  exit 0
fi
if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null; then
  echo "browser: chromium or npm missing (scripts/deps.sh test)"
  echo "0 passed, 1 failed"
  exit 1
fi
bin=$(realpath "$build")/haicap
cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --prefer-offline --no-audit --no-fund >/dev/null
fi
node browser.mjs "$bin" \
  "${HC_SCREENSHOT_DIR:-$root/docs/screenshots}"

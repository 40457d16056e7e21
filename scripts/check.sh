#!/usr/bin/env bash
# Runs every test suite: unit tests (normal and ASan+UBSan builds), then the
# black-box, fuzz and browser suites that exist. Exits non-zero on any failure.
set -euo pipefail
build=${1:-build}
asan=${2:-build-asan}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== unit tests ($build)"
meson test -C "$build" --suite unit --print-errorlogs
echo "== unit tests under ASan+UBSan ($asan)"
meson test -C "$asan" --suite unit --print-errorlogs
for suite in tests/e2e/run.sh fuzz/run.sh; do
  if [ -f "$suite" ]; then
    echo "== $suite"
    bash "$suite" "$build" "$asan"
  fi
done
echo "== all suites passed"

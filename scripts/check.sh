#!/usr/bin/env bash
# Runs every test suite: unit tests (normal and ASan+UBSan builds), the
# storage suite again against a throw-away PostgreSQL (scripts/pg-test.sh),
# then the black-box, fuzz and browser suites that exist. Exits non-zero on
# any failure.
set -euo pipefail
build=${1:-build}
asan=${2:-build-asan}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== unit tests ($build)"
meson test -C "$build" --suite unit --print-errorlogs
echo "== unit tests under ASan+UBSan ($asan)"
meson test -C "$asan" --suite unit --print-errorlogs
# The PostgreSQL backend is built when libpq is found (meson.build).
if grep -q -- '-DHC_HAVE_PG' "$build/build.ninja" && grep -q -- '-DHC_HAVE_PG' "$asan/build.ninja"; then
  echo "== storage suite on PostgreSQL ($build, $asan)"
  bash scripts/pg-test.sh bash -c '
    meson test -C "$1" --print-errorlogs db_storage &&
    meson test -C "$2" --print-errorlogs db_storage' pg-test "$build" "$asan"
else
  echo "== storage suite on PostgreSQL: not run (built without libpq; install libpq-dev)" >&2
  exit 1
fi
for suite in tests/e2e/run.sh fuzz/run.sh; do
  if [ -f "$suite" ]; then
    echo "== $suite"
    bash "$suite" "$build" "$asan"
  fi
done
echo "== all suites passed"

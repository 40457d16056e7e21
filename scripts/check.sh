#!/usr/bin/env bash
# Runs every test suite: unit tests (normal and ASan+UBSan builds), then the
# black-box, storage-on-PostgreSQL and fuzz suites that exist. Exits non-zero
# on any failure and ends with one summary line "total: N passed, M failed".
set -euo pipefail
build=${1:-build}
asan=${2:-build-asan}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# fontconfig's process-wide caches (printed forms) are not leaks of haicap
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() { # run a suite, echo its output, keep it for the summary
  local rc=0
  "$@" 2>&1 | tee -a "$log" || rc=$?
  return $rc
}
status=0
if command -v clang-format >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  echo "== format (.clang-format)"
  diffs=$(git ls-files '*.c' '*.h' | xargs clang-format --dry-run 2>&1 | grep -c 'warning:' || true)
  if [ "$diffs" -eq 0 ]; then
    echo "1 passed, 0 failed" | tee -a "$log"
  else
    echo "$diffs lines differ from .clang-format: run make format"
    echo "0 passed, 1 failed" | tee -a "$log"
    status=1
  fi
fi
echo "== unit tests ($build)"
run meson test -C "$build" --suite unit --print-errorlogs || status=1
echo "== unit tests under ASan+UBSan ($asan)"
run meson test -C "$asan" --suite unit --print-errorlogs || status=1
# The PostgreSQL backend is built when libpq is found (meson.build): the
# unit suites that keep data (storage, domain fixture, HTTP transactions) and
# the black-box suite run again against a throw-away cluster
# (scripts/pg-test.sh; HC_TEST_DB and HC_TEST_PG point the tests at it).
if grep -q -- '-DHC_HAVE_PG' "$build/build.ninja" && grep -q -- '-DHC_HAVE_PG' "$asan/build.ninja"; then
  echo "== unit and black-box suites on PostgreSQL ($build, $asan)"
  run bash scripts/pg-test.sh bash -c '
    meson test -C "$1" --suite unit --print-errorlogs &&
    meson test -C "$2" --suite unit --print-errorlogs &&
    bash tests/e2e/run.sh "$1" "$2"' pg-test "$build" "$asan" || status=1
else
  echo "== PostgreSQL suites: not run (built without libpq; install libpq-dev)" >&2
  status=1
fi
for suite in tests/e2e/run.sh tests/e2e/report.sh tests/forms/run.sh tests/fault/run.sh \
  tests/browser/run.sh fuzz/run.sh; do
  if [ -f "$suite" ]; then
    echo "== $suite"
    run bash "$suite" "$build" "$asan" || status=1
  fi
done
passed=$(awk '/^Ok: / {n += $2} /^[0-9]+ passed, [0-9]+ failed/ {n += $1} END {print n + 0}' "$log")
failed=$(awk '/^Fail: / {n += $2} /^Timeout: / {n += $2} /^[0-9]+ passed, [0-9]+ failed/ {n += $3} END {print n + 0}' "$log")
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "total: $passed passed, $failed failed"
exit $status

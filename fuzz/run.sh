#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, meson option fuzz=true) in
# build-fuzz/ and runs each for a bounded time over a temporary copy of its
# committed seed corpus fuzz/corpus/NAME/ (the tree is never modified).
# Fails on any crash, leak, sanitizer report or a fuzz/fuzz_*.c that is not
# built. Usage: bash fuzz/run.sh [BUILD ASAN] (both ignored: this suite
# needs its own instrumented build). FUZZ_SECONDS overrides the 20 s per target.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-fuzz
seconds=${FUZZ_SECONDS:-20}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ ! -f "$dir/build.ninja" ]; then
  CC=clang meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debug
fi
ninja -C "$dir"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
passed=0
failed=0
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  exe=$dir/fuzz/$name
  if [ ! -x "$exe" ]; then
    echo "fuzz: $name is not built: add it to fuzz_targets in fuzz/meson.build" >&2
    status=1
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$tmp/$name/corpus" "$tmp/$name/artifacts"
  if [ -d "fuzz/corpus/$name" ]; then
    cp -R "fuzz/corpus/$name/." "$tmp/$name/corpus/"
  fi
  echo "fuzz: $name (${seconds} s, $(ls "$tmp/$name/corpus" | wc -l) seeds)"
  if ! "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=0 \
      -artifact_prefix="$tmp/$name/artifacts/" "$tmp/$name/corpus" >"$tmp/$name/log" 2>&1; then
    tail -n 60 "$tmp/$name/log" >&2
    for a in "$tmp/$name/artifacts"/*; do
      [ -f "$a" ] && { echo "fuzz: crashing input ($a):" >&2; od -c "$a" | head -20 >&2; }
    done
    echo "fuzz: $name FAILED" >&2
    status=1
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
    grep -E '^#[0-9]+ *DONE' "$tmp/$name/log" || tail -n 1 "$tmp/$name/log"
  fi
done
echo "$passed passed, $failed failed"
exit $status

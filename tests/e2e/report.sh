#!/usr/bin/env bash
# Periodic report suite: tests/e2e/report.py against the haicap binaries of
# the build directories given (normal build, then the ASan+UBSan build when
# it exists). Usage: bash tests/e2e/report.sh BUILD [ASAN_BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bins=()
for dir in "$@"; do
  if [ -x "$dir/haicap" ]; then bins+=("$dir/haicap"); else echo "report: $dir/haicap not built, skipped"; fi
done
[ ${#bins[@]} -gt 0 ] || { echo "0 passed, 1 failed"; exit 1; }
python3 "$here/report.py" "${bins[@]}"

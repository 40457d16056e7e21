#!/usr/bin/env bash
# Black-box suite: runs tests/e2e/e2e.py against the haicap binary of each
# build directory given (normal build, then the ASan+UBSan build when it
# exists). Usage: bash tests/e2e/run.sh BUILD [ASAN_BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status=0
for dir in "$@"; do
  if [ ! -x "$dir/haicap" ]; then
    echo "e2e: $dir/haicap not built, skipped"
    continue
  fi
  echo "e2e: $dir/haicap"
  python3 "$here/e2e.py" "$dir/haicap" || status=1
done
exit $status

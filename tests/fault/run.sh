#!/usr/bin/env bash
# Fault suite: tests/fault/fault.py against the normal build, on SQLite, then
# on a throw-away PostgreSQL cluster with two nodes behind nginx; the error
# paths (full disk, PostgreSQL restart) again under ASan+UBSan.
# Usage: bash tests/fault/run.sh BUILD [ASAN_BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$1
asan=${2:-}
status=0
python3 "$here/fault.py" "$build/haicap" kill9 disk || status=1
bash "$root/scripts/pg-test.sh" python3 "$here/fault.py" "$build/haicap" kill9 two_nodes \
  pg_restart || status=1
if [ -n "$asan" ] && [ -x "$asan/haicap" ]; then
  python3 "$here/fault.py" "$asan/haicap" disk || status=1
  bash "$root/scripts/pg-test.sh" python3 "$here/fault.py" "$asan/haicap" pg_restart || status=1
fi
exit $status

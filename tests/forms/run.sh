#!/usr/bin/env bash
# Printed forms, black-box: runs tests/forms/check_forms.py against the
# haicap binary of each build directory given (normal build, then the
# ASan+UBSan build when it exists). Usage: bash tests/forms/run.sh BUILD [ASAN]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status=0
for dir in "$@"; do
  if [ ! -x "$dir/haicap" ]; then
    echo "forms: $dir/haicap not built, skipped"
    continue
  fi
  echo "forms: $dir/haicap"
  python3 "$here/check_forms.py" "$dir/haicap" || status=1
done
exit $status

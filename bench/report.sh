#!/usr/bin/env bash
# The yearly periodic report of the largest demo commune (Hà Bắc, 10891:
# about 17,000 dossiers received in the year) written by `haicap report` in
# every format, each the median of R runs (default 5), beside a baseline
# measured in the same run: `haicap stats --json` for the same unit and
# period, the figures every report is built from and so its floor. For
# context a second reference: the three commands that print every figure
# the report holds (stats, index766 with the province's ranking, feedback
# stats), run one after the other; a report near their sum spends its time
# computing, not writing. Baseline, reference and formats alternate within
# each round, so that drift on a shared machine reaches them alike.
# Target: every format under 2 s.
# Not part of `make check`: run `bash bench/report.sh [RUNS] [DB]` after
# `make build`; DB (kept) saves generating the demo again (~1 min).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BIN=./build/haicap
UNIT=10891
FROM=2025-07-01
TO=2026-07-01 # the day after the last: the year since the communes merged
NOW=2026-07-01T00:00
TARGET_MS=2000
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
work=$(mktemp -d /tmp/haicap-bench-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
db=${2:-$work/demo.db}
if [ ! -f "$db" ]; then
  t0=$(date +%s%3N)
  $BIN demo --db "$db" --now "$NOW" >/dev/null
  echo "demo generated at scale 1 in $(( $(date +%s%3N) - t0 )) ms: $db"
fi
common=(--db "$db" --unit "$UNIT" --from "$FROM" --to "$TO" --now "$NOW")
received=$($BIN stats "${common[@]}" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["received"]["total"])')
echo "unit $UNIT, period [$FROM, $TO): $received dossiers received"

now_ms() { date +%s%3N; }
# elapsed milliseconds of one run of the command
timed() {
  local t0 t1
  t0=$(now_ms)
  "$@" >/dev/null
  t1=$(now_ms)
  echo $((t1 - t0))
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

formats=(docx xlsx pdf)
: > "$work/base"
: > "$work/figures"
for f in "${formats[@]}"; do : > "$work/$f"; done
for _ in $(seq "$RUNS"); do
  timed $BIN stats "${common[@]}" --json >> "$work/base"
  a=$(timed $BIN stats "${common[@]}" --json)
  b=$(timed $BIN index766 "${common[@]}" --json)
  c=$(timed $BIN feedback stats "${common[@]}" --json)
  echo $((a + b + c)) >> "$work/figures"
  for f in "${formats[@]}"; do
    timed $BIN report "${common[@]}" --format "$f" --out "$work/report.$f" >> "$work/$f"
  done
done
base=$(median < "$work/base")
figs=$(median < "$work/figures")
echo "baseline haicap stats --json: ${base} ms median of $(paste -sd' ' "$work/base")"
echo "reference stats + index766 + feedback stats (--json): ${figs} ms median of" \
  "$(paste -sd' ' "$work/figures")"
status=0
for f in "${formats[@]}"; do
  ms=$(median < "$work/$f")
  size=$(stat -c %s "$work/report.$f")
  extra=""
  [ "$f" = pdf ] && command -v pdfinfo >/dev/null &&
    extra=", $(pdfinfo "$work/report.pdf" | awk '/^Pages:/ {print $2}') pages"
  verdict="ok"
  [ "$ms" -lt "$TARGET_MS" ] || { verdict="OVER"; status=1; }
  echo "report --format $f: ${ms} ms median of $(paste -sd' ' "$work/$f") (${size} bytes$extra)" \
    "  ratio $(ratio "$ms" "$base") (to the reference $(ratio "$ms" "$figs"))" \
    " target < ${TARGET_MS} ms: $verdict"
done
exit $status

#!/usr/bin/env bash
# Server render time of the main web pages for a commune's year of data,
# beside baselines measured in the same run on the same server:
#   GET /healthz (no database, no template) and GET /static/app.css (an
#   embedded asset), each page's mean latency under wrk with one connection
#   (one request at a time: render time, not throughput), the ratio to the
#   baseline, and the server's CPU time per request (from /proc: it stays
#   meaningful on a loaded machine where wall time does not).
# Data: `haicap demo --now 2026-07-01T00:00` (a year to 30 June 2026), pages
# of its largest commune, Xã Hà Bắc (unit 10891), signed in as its leader
# (habac.chutich) for the staff pages. Target: under 50 ms each.
# Not part of `make check`: `bash bench/web.sh [DB]` after `make build`; a DB
# path reuses a demo database made earlier with the same --now.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=./build/haicap
DUR=${HC_BENCH_SECONDS:-5}
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install -y wrk)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
work=$(mktemp -d /tmp/haicap-webbench.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

db=${1:-}
if [ -z "$db" ]; then
  db=$work/demo.db
  echo "making the demo database (about a minute)..."
  "$BIN" demo --db "$db" --now 2026-07-01T00:00 >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# sign in through the form (pre-session cookie, form token, session cookie)
jar=$work/jar
csrf=$(curl -s -c "$jar" -b "$jar" "$base/dang-nhap" | grep -o 'name="csrf" value="[^"]*"' | head -1 |
  sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "username=habac.chutich" --data-urlencode "password=haicap2025" "$base/dang-nhap"
session=$(awk '$6 == "hc_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
code=$(curl -s -b "$jar" "$base/ho-so" | grep -o 'href="/ho-so/[^"?]*"' | head -1 | sed 's|href="/ho-so/||; s|"$||')
[ -n "$code" ] || { echo "no dossier in the list" >&2; exit 1; }

# mean latency in ms of one connection for DUR seconds
lat() {
  wrk -t1 -c1 -d"${DUR}s" --latency -H "Cookie: hc_session=$session" "$base$1" |
    awk '/^ +Latency +[0-9]/ && !done { done = 1; v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.3f", v }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
# server CPU ms per request over 50 sequential requests (clock ticks: 0.2 ms resolution)
cpu_ms() {
  local n=50 t0 t1
  t0=$(cpu_ticks)
  for _ in $(seq $n); do curl -s -o /dev/null -b "$jar" "$base$1"; done
  t1=$(cpu_ticks)
  awk -v a="$t0" -v b="$t1" -v n=$n -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); wrk ${DUR}s, one connection"
b1=$(lat /healthz)
b2=$(lat /static/app.css)
printf "%-44s %10s %10s %12s\n" "page" "mean ms" "× healthz" "cpu ms/req"
printf "%-44s %10s %10s %12s\n" "baseline GET /healthz" "$b1" "1.0" "-"
printf "%-44s %10s %10s %12s\n" "baseline GET /static/app.css" "$b2" "$(ratio "$b2" "$b1")" "-"
over=0
for page in "/trang-chu" "/bang-dieu-khien?tu=2025-07-01&den=2026-06-30" "/ho-so" \
  "/thu-tuc?q=khai+sinh&don-vi=10891" "/ho-so/$code"; do
  m=$(lat "$page")
  c=$(cpu_ms "$page")
  printf "%-44s %10s %10s %12s\n" "$page" "$m" "$(ratio "$m" "$b1")" "$c"
  awk -v m="$m" 'BEGIN { exit !(m >= 50) }' && over=$((over + 1))
done
echo "pages at or over 50 ms: $over"

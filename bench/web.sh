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
# Every page kind is measured: the staff pages as the leader, the inboxes as
# the head of the centre, the desk as a reception officer, the city overview as the
# city's supervisor (hp.giamsat: every unit of the demo), the public pages
# without a session.
# Not part of `make check`: `bash bench/web.sh [DB]` after `make build`; a DB
# path reuses a demo database made earlier with the same --now;
# `bash bench/web.sh --pg` makes the demo on a throw-away PostgreSQL cluster
# (scripts/pg-test.sh) and measures the same pages there.
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
if [ "$db" = "--pg" ]; then # the same on a throw-away PostgreSQL cluster
  trap - EXIT
  rm -rf "$work"
  exec bash scripts/pg-test.sh bash "$0" --pg-cluster
fi
if [ "$db" = "--pg-cluster" ]; then
  db=$HC_TEST_PG
  echo "making the demo database on PostgreSQL (several minutes)..."
  "$BIN" demo --db "$db" --now 2026-07-01T00:00 >/dev/null
elif [ -z "$db" ]; then
  db=$work/demo.db
  echo "making the demo database (about a minute)..."
  "$BIN" demo --db "$db" --now 2026-07-01T00:00 >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# sign in through the form (pre-session cookie, form token, session cookie);
# prints the session token, the jar keeps the cookies
signin() { # user jar
  local csrf
  csrf=$(curl -s -c "$2" -b "$2" "$base/dang-nhap" | grep -o 'name="csrf" value="[^"]*"' | head -1 |
    sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -c "$2" -b "$2" --data-urlencode "csrf=$csrf" \
    --data-urlencode "username=$1" --data-urlencode "password=haicap2025" "$base/dang-nhap"
  awk '$6 == "hc_session" { print $7 }' "$2"
}
jar=$work/jar
session=$(signin habac.chutich "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
code=$(curl -s -b "$jar" "$base/ho-so" | grep -o 'href="/ho-so/[^"?]*"' | head -1 | sed 's|href="/ho-so/||; s|"$||')
[ -n "$code" ] || { echo "no dossier in the list" >&2; exit 1; }
# the desk and the inboxes as the commune's reception officer and head of office
desk_jar=$work/desk
desk_session=$(signin habac.motcua1 "$desk_jar")
head_jar=$work/head
head_session=$(signin habac.giamdoc "$head_jar")
# the city overview as the city's supervisor
city_jar=$work/city
city_session=$(signin hp.giamsat "$city_jar")
# an online procedure of the commune
online=$(curl -s -H "Authorization: Bearer $desk_session" "$base/api/v1/procedures?limit=500" |
  python3 -c 'import json, sys
print(next(p["code"] for p in json.load(sys.stdin)["items"] if p["online_level"] != "none" and p["active"]))')
[ -n "$online" ] || { echo "no online procedure in the catalog" >&2; exit 1; }

# mean latency in ms of one connection for DUR seconds: lat PATH [SESSION]
lat() {
  local s=${2:-$session} h=()
  [ "$s" = "-" ] || h=(-H "Cookie: hc_session=$s")
  wrk -t1 -c1 -d"${DUR}s" --latency "${h[@]}" "$base$1" |
    awk '/^ +Latency +[0-9]/ && !done { done = 1; v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.3f", v }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
# server CPU ms per request over 50 sequential requests (clock ticks: 0.2 ms
# resolution): cpu_ms PATH [JAR]
cpu_ms() {
  local n=50 t0 t1
  t0=$(cpu_ticks)
  for _ in $(seq $n); do curl -s -o /dev/null -b "${2:-$jar}" "$base$1"; done
  t1=$(cpu_ticks)
  awk -v a="$t0" -v b="$t1" -v n=$n -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); wrk ${DUR}s, one connection"
b1=$(lat /healthz)
b2=$(lat /static/app.css)
printf "%-52s %10s %10s %12s\n" "page" "mean ms" "× healthz" "cpu ms/req"
printf "%-52s %10s %10s %12s\n" "baseline GET /healthz" "$b1" "1.0" "-"
printf "%-52s %10s %10s %12s\n" "baseline GET /static/app.css" "$b2" "$(ratio "$b2" "$b1")" "-"
over=0
# page: "PATH SESSION JAR" (the leader's when the last two are empty)
page() {
  local m c
  m=$(lat "$1" "${2:-}")
  c=$(cpu_ms "$1" "${3:-}")
  printf "%-52s %10s %10s %12s\n" "$1" "$m" "$(ratio "$m" "$b1")" "$c"
  awk -v m="$m" -v c="$c" 'BEGIN { exit !(m >= 50 || c >= 50) }' && over=$((over + 1))
  return 0
}
page "/trang-chu"
page "/bang-dieu-khien?tu=2025-07-01&den=2026-06-30"
page "/ho-so"
page "/ho-so?q=nguyen+van"
page "/ho-so/$code"
for box in cua-toi cua-phong qua-han sap-den-han cho-bo-sung cho-ky; do
  page "/hop-thu?hop=$box" "$head_session" "$head_jar"
done
page "/mot-cua" "$desk_session" "$desk_jar"
page "/mot-cua?q=khai+sinh" "$desk_session" "$desk_jar"
page "/tong-quan?tu=2025-07-01&den=2026-06-30" "$city_session" "$city_jar"
page "/thu-tuc?q=khai+sinh&don-vi=10891" "-" "/dev/null"
page "/thu-tuc/$online?don-vi=10891" "-" "/dev/null"
page "/nop-truc-tuyen/$online?don-vi=10891" "-" "/dev/null"
page "/tra-cuu" "-" "/dev/null"
echo "pages at or over 50 ms: $over"

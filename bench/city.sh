#!/usr/bin/env bash
# haicap city benchmark: one year of the demo city (Hải Phòng, 114 commune-level
# units, about 2 million dossiers at scale 1) on SQLite and on PostgreSQL.
# Every figure is printed beside a baseline measured in the same run:
#   (1) a year's statistics for one unit (haicap stats --unit)
#       vs  the equivalent hand-written SQL in sqlite3 / psql
#   (2) the ranked overview of every unit (haicap stats --all-units)
#       vs  the hand-written GROUP BY unit_id SQL
#   (3) durable intake over HTTP: PostgreSQL one node (the baseline),
#       PostgreSQL two nodes behind nginx, SQLite one node
# Data loading, not measured as haicap: the year is generated once on SQLite
# by `haicap demo` (its time is printed); haicap then creates the schema on a
# throw-away PostgreSQL cluster (durable: fsync on, unlike scripts/pg-test.sh)
# and every table's rows are copied from the SQLite file with sqlite3 -csv
# piped into psql \copy (same ids), identity sequences reset with setval,
# then VACUUM ANALYZE.
# Not part of `make check`. Usage, after `make build`:
#   bash bench/city.sh [SCALE]         (default 1; 0.1 for a quick run)
#   CITY_DB=city.db bash bench/city.sh  reuse a year generated before with
#     haicap demo --db city.db --city 114 --now 2026-07-01T00:00 (copied, not changed)
# KEEP=1 keeps the work directory. Runs heavy jobs under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-1}
UNITS=${UNITS:-114} # fewer units only to try the script itself
SECS=${SECS:-10}    # length of one intake round
BIN=$PWD/build/haicap
NOW=2026-07-01T00:00
FROM=2025-07-01
TO=2026-07-01
need=()
for p in wrk nginx-light sqlite3 jq curl postgresql postgresql-client; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "bench needs: apt-get install -y ${need[*]}" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

work=$(mktemp -d /tmp/haicap-city.XXXXXX)
pgdir=$(mktemp -d /tmp/haicap-city-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$pgdir"
  chmod 700 "$pgdir"
  as_pg=(runuser -u postgres --)
fi
pids=()
pg_started=0
nginx_conf=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -z "$nginx_conf" ] || nginx -c "$nginx_conf" -s stop 2>/dev/null || true
  [ "$pg_started" -eq 0 ] || "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
  [ -n "${KEEP:-}" ] && echo "work directory kept: $work" || rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
now_ms() { date +%s%3N; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# best of 5 wall-clock runs of a command, in ms
best() {
  local b=999999999 s e
  for _ in 1 2 3 4 5; do
    s=$(now_ms); "$@" >/dev/null; e=$(($(now_ms) - s))
    [ $e -lt $b ] && b=$e
  done
  echo $b
}
epoch() { date -d "$1 00:00 +0700" +%s; }
from_e=$(epoch $FROM)
to_e=$(epoch $TO)
judged_e=$(date -d "${NOW/T/ } +0700" +%s)
[ "$judged_e" -lt "$to_e" ] || judged_e=$to_e

# ---- the city year on SQLite -----------------------------------------------
db=$work/city.db
if [ -n "${CITY_DB:-}" ]; then
  sqlite3 "$CITY_DB" ".backup '$db'"
  echo "city year: reused $CITY_DB (generation not timed in this run)"
else
  s=$(now_ms)
  nice -n 10 "$BIN" demo --db "$db" --city "$UNITS" --scale "$SCALE" --now $NOW > "$work/demo.log"
  gen_ms=$(($(now_ms) - s))
  head -n 1 "$work/demo.log"
fi
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
ndossiers=$(sqlite3 "$db" 'SELECT COUNT(*) FROM dossiers')
nyear=$(sqlite3 "$db" "SELECT COUNT(*) FROM dossiers WHERE received_at >= $from_e AND received_at < $to_e")
nactions=$(sqlite3 "$db" 'SELECT COUNT(*) FROM dossier_actions')
ncomp=$(sqlite3 "$db" 'SELECT COUNT(*) FROM dossier_components')
naudit=$(sqlite3 "$db" 'SELECT COUNT(*) FROM audit')
nunits=$(sqlite3 "$db" "SELECT COUNT(*) FROM units WHERE kind <> 'tinh'")
sq_bytes=$(stat -c %s "$db")
echo "dossiers: $ndossiers ($nyear received $FROM..$TO) in $nunits units; $nactions actions, $ncomp components, $naudit audit rows"
[ -z "${gen_ms:-}" ] || echo "generation: $((gen_ms / 1000)) s ($(awk -v n="$ndossiers" -v t="$gen_ms" 'BEGIN { printf "%.0f", n * 1000 / t }') dossiers/s, nice 10)"
# storage: the dossier tables (dossiers, components, actions, their indexes,
# the audit chain) per dossier, from sqlite's dbstat
sq_dossier_bytes=$(sqlite3 "$db" "SELECT SUM(pgsize) FROM dbstat WHERE name IN
  (SELECT name FROM sqlite_master WHERE tbl_name IN ('dossiers','dossier_components','dossier_actions','audit'))")
echo "SQLite file: $((sq_bytes / 1048576)) MiB; dossier tables with indexes and audit: $((sq_dossier_bytes / 1048576)) MiB = $((sq_dossier_bytes / ndossiers)) B per dossier"
sqlite3 "$db" "SELECT name, SUM(pgsize) / 1048576.0 FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12" |
  awk -F'|' '{ printf "    %-32s %8.1f MiB\n", $1, $2 }'

# ---- a durable throw-away PostgreSQL ---------------------------------------
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  > "$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
pgport=$(free_port)
{
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $pgport"
  echo "unix_socket_directories = '$pgdir'"
  echo "max_connections = 200"
  echo "shared_buffers = 1GB"
  echo "work_mem = 32MB"
  echo "maintenance_work_mem = 512MB"
  echo "max_wal_size = 8GB"
  echo "shared_preload_libraries = 'pg_stat_statements'"
  echo "pg_stat_statements.track = all"
} > "$work/pg.conf"
"${as_pg[@]}" tee "$pgdir/data/postgresql.auto.conf" < "$work/pg.conf" >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 start >/dev/null
pg_started=1
"${as_pg[@]}" "$pgbin/psql" -h "$pgdir" -p "$pgport" -U postgres -d postgres -qAt \
  -c "CREATE DATABASE haicap" >/dev/null
PG="postgresql://postgres@127.0.0.1:$pgport/haicap"
psql_q() { psql "$PG" -qAtX "$@"; }

# haicap creates the schema (migrations run at open)
"$BIN" stats --db "$PG" --from $FROM --to $TO --json >/dev/null
psql_q -c "CREATE EXTENSION pg_stat_statements" >/dev/null
s=$(now_ms)
tables=$(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY rowid")
# rows seeded by migrations (feedback_rules) come again from the file
psql_q -c "TRUNCATE $(echo $tables | tr ' ' ',') CASCADE" >/dev/null
for t in $tables; do
  cols=$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
  sqlite3 -csv "$db" "SELECT $cols FROM $t" |
    psql_q -c "SET session_replication_role = replica" -c "\\copy $t ($cols) FROM STDIN CSV"
  if [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM pragma_table_info('$t') WHERE name = 'id'")" = 1 ]; then
    psql_q -c "SELECT setval(pg_get_serial_sequence('$t', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM $t" >/dev/null
  fi
done
nice -n 10 psql "$PG" -qAtX -c "VACUUM ANALYZE" >/dev/null
load_ms=$(($(now_ms) - s))
pg_n=$(psql_q -c "SELECT COUNT(*) FROM dossiers")
[ "$pg_n" = "$ndossiers" ] || { echo "copy lost rows: $pg_n of $ndossiers dossiers" >&2; exit 1; }
pg_bytes=$(psql_q -c "SELECT pg_database_size('haicap')")
pg_dossier_bytes=$(psql_q -c "SELECT SUM(pg_total_relation_size(t::regclass))
  FROM unnest(ARRAY['dossiers','dossier_components','dossier_actions','audit']) t")
echo "PostgreSQL load (copy, setval, VACUUM ANALYZE): $((load_ms / 1000)) s; database $((pg_bytes / 1048576)) MiB;" \
  "dossier tables with indexes and audit: $((pg_dossier_bytes / 1048576)) MiB = $((pg_dossier_bytes / ndossiers)) B per dossier"

# ---- (1) one unit's year, (2) the overview ---------------------------------
# the unit with the most dossiers in the year
uid=$(sqlite3 "$db" "SELECT unit_id FROM dossiers WHERE received_at >= $from_e AND received_at < $to_e
  GROUP BY unit_id ORDER BY COUNT(*) DESC LIMIT 1")
ucode=$(sqlite3 "$db" "SELECT code FROM units WHERE id = $uid")
uname=$(sqlite3 "$db" "SELECT name FROM units WHERE id = $uid")
uyear=$(sqlite3 "$db" "SELECT COUNT(*) FROM dossiers WHERE unit_id = $uid AND received_at >= $from_e AND received_at < $to_e")

# The same figures as stats.c, written by hand: one SELECT, no join, portable
# (COUNT(*) FILTER runs on SQLite 3.30+ and PostgreSQL).
hand_cols() {
  local f=$from_e t=$to_e j=$judged_e
  cat <<SQL
 COUNT(*) FILTER (WHERE received_at < $f),
 COUNT(*) FILTER (WHERE received_at >= $f),
 COUNT(*) FILTER (WHERE received_at >= $f AND channel = 'direct'),
 COUNT(*) FILTER (WHERE received_at >= $f AND channel = 'online'),
 COUNT(*) FILTER (WHERE received_at >= $f AND channel = 'postal'),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND (finished_at + 25200) / 86400 < (due_at + 25200) / 86400),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND finished_at <= due_at AND (finished_at + 25200) / 86400 >= (due_at + 25200) / 86400),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND finished_at > due_at),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'rejected'),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'withdrawn'),
 COUNT(*) FILTER (WHERE (finished_at IS NULL OR finished_at >= $t) AND supplement_since <= $j),
 COUNT(*) FILTER (WHERE (finished_at IS NULL OR finished_at >= $t) AND due_at < $j AND (supplement_since IS NULL OR supplement_since > $j)),
 COUNT(*) FILTER (WHERE finished_at IS NULL OR finished_at >= $t),
 COUNT(*) FILTER (WHERE received_at >= $f AND digitized_input = 1),
 COUNT(*) FILTER (WHERE received_at >= $f AND reused = 1),
 COUNT(*) FILTER (WHERE received_at >= $f AND fee > 0),
 COUNT(*) FILTER (WHERE received_at >= $f AND fee > 0 AND fee_paid_online = 1),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND digitized_result = 1),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND e_result = 1),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND rating IS NOT NULL),
 COUNT(*) FILTER (WHERE finished_at < $t AND outcome = 'resolved' AND (finished_at > due_at OR rating <= 2))
SQL
}
hand_where="received_at < $to_e AND (finished_at IS NULL OR finished_at >= $from_e)"
echo "SELECT $(hand_cols) FROM dossiers WHERE unit_id = $uid AND $hand_where;" > "$work/unit.sql"
echo "SELECT unit_id, $(hand_cols) FROM dossiers WHERE $hand_where GROUP BY unit_id ORDER BY unit_id;" > "$work/all.sql"
grep -q 'HC_STATS_DISSATISFIED 2' src/domain/stats.h ||
  { echo "stats.h's dissatisfied rating is no longer 2: update the hand-written SQL" >&2; exit 1; }

# the figures agree before anything is timed
check_same() { # backend json-of-haicap hand-written-row
  local got want
  got=$(jq -r '[.carried_over, .received.total, .finished.total, .pending.total, .pending.overdue] | @tsv' <<< "$2")
  want=$(awk -F'|' '{ print $1 "\t" $2 "\t" ($6+$7+$8+$9+$10) "\t" $13 "\t" $12 }' <<< "$3")
  [ "$got" = "$want" ] || { echo "$1: haicap ($got) and the hand-written SQL ($want) differ" >&2; exit 1; }
}
hc_unit() { "$BIN" stats --db "$1" --unit "$ucode" --from $FROM --to $TO --now $NOW --json; }
hc_all() { "$BIN" stats --db "$1" --all-units --from $FROM --to $TO --now $NOW --json; }
# the same process with an empty period (a day before any dossier): start-up,
# schema check, unit lookup; subtracted to estimate the query alone
hc_unit_empty() { "$BIN" stats --db "$1" --unit "$ucode" --from 2020-01-01 --to 2020-01-02 --now $NOW --json; }
check_same SQLite "$(hc_unit "$db")" "$(sqlite3 "$db" ".read $work/unit.sql")"
check_same PostgreSQL "$(hc_unit "$PG")" "$(psql_q -f "$work/unit.sql")"
all_n=$(hc_all "$db" | jq '.count')
[ "$(hc_all "$PG" | jq -c '[.units[] | [.code, .stats.received.total, .stats.pending.total, .rank]]')" = \
  "$(hc_all "$db" | jq -c '[.units[] | [.code, .stats.received.total, .stats.pending.total, .rank]]')" ] ||
  { echo "the overview differs between SQLite and PostgreSQL" >&2; exit 1; }

sq_timer() { # best "Run Time: real" of 5, in ms
  for _ in 1 2 3 4 5; do sqlite3 "$db" ".timer on" ".read $1"; done |
    awk '/^Run Time/ { printf "%.1f\n", $4 * 1000 }' | sort -n | head -n 1
}
pg_timer() { # best psql \timing of 5, in ms
  for _ in 1 2 3 4 5; do psql "$PG" -qAtX -c '\timing on' -f "$1"; done |
    awk '/^Time:/ { print $2 }' | sort -g | head -n 1 | awk '{ printf "%.1f", $1 }'
}

sq_u_hc=$(best hc_unit "$db"); sq_u_empty=$(best hc_unit_empty "$db")
sq_u_sql=$(best sqlite3 "$db" ".read $work/unit.sql"); sq_u_sqlq=$(sq_timer "$work/unit.sql")
sq_a_hc=$(best hc_all "$db"); sq_a_sql=$(best sqlite3 "$db" ".read $work/all.sql"); sq_a_sqlq=$(sq_timer "$work/all.sql")
psql_q -c "SELECT pg_stat_statements_reset()" >/dev/null
pg_u_hc=$(best hc_unit "$PG")
# haicap's own statement, server side (pg_stat_statements over the five runs)
pg_u_hcq=$(psql_q -c "SELECT round(min_exec_time::numeric, 1) FROM pg_stat_statements
  WHERE query LIKE 'SELECT %FROM dossiers d%d.unit_id = \$4%' AND query NOT LIKE '%GROUP BY%' ORDER BY calls DESC LIMIT 1")
pg_u_hcmax=$(psql_q -c "SELECT round(max_exec_time::numeric, 1) FROM pg_stat_statements
  WHERE query LIKE 'SELECT %FROM dossiers d%d.unit_id = \$4%' AND query NOT LIKE '%GROUP BY%' ORDER BY calls DESC LIMIT 1")
pg_u_empty=$(best hc_unit_empty "$PG")
pg_u_sql=$(best psql_q -f "$work/unit.sql"); pg_u_sqlq=$(pg_timer "$work/unit.sql")
psql_q -c "SELECT pg_stat_statements_reset()" >/dev/null
pg_a_hc=$(best hc_all "$PG"); pg_a_sql=$(best psql_q -f "$work/all.sql"); pg_a_sqlq=$(pg_timer "$work/all.sql")
pg_a_hcq=$(psql_q -c "SELECT round(min_exec_time::numeric, 1) FROM pg_stat_statements
  WHERE query LIKE 'SELECT d.unit_id,%FROM dossiers d%GROUP BY d.unit_id%' ORDER BY calls DESC LIMIT 1")
# plans, kept for reading (KEEP=1)
psql_q -c "EXPLAIN (ANALYZE, BUFFERS) $(cat "$work/unit.sql")" > "$work/explain-unit-hand.txt"
sqlite3 "$db" "EXPLAIN QUERY PLAN $(cat "$work/unit.sql")" > "$work/explain-unit-hand-sqlite.txt"

# ---- (3) intake --------------------------------------------------------------
# Intake spreads over the reception officers of NDESK units (tokens taken in
# turn): one unit's intakes serialize on its receipt-code counter and audit
# chain by design, so a city's load is many units at once. The one-unit
# figure is printed too.
NDESK=${NDESK:-16}
cat > "$work/post.lua" <<'LUA'
local tokens = {}
for t in string.gmatch(os.getenv("HC_TOKENS"), "[^,]+") do tokens[#tokens + 1] = t end
local body = '{"procedure_code":"' .. os.getenv("HC_PROC") .. '","channel":"direct","applicant":{"name":"Nguyễn Thị Đào","id_number":"031190001234","phone":"0912345678"},"components":[{"name":"Tờ khai","digitized":true,"reused":false}]}'
local i = math.random(#tokens)
wrk.method = "POST"
request = function()
  i = i % #tokens + 1
  return wrk.format(nil, nil, {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[i]}, body)
end
LUA
# a same-day procedure every chosen unit offers
desks=$(sqlite3 "$db" "SELECT s.username FROM staff s JOIN units u ON u.id = s.unit_id
  WHERE s.username LIKE '%.motcua1' ORDER BY u.id LIMIT $NDESK")
ndesk=$(wc -w <<< "$desks")
proc=$(sqlite3 "$db" "SELECT p.code FROM procedures p JOIN staff s ON s.unit_id = p.unit_id
  WHERE s.username IN ($(printf "'%s'," $desks | sed 's/,$//')) AND p.active = 1 AND p.limit_kind = 'sameday'
  GROUP BY p.code HAVING COUNT(DISTINCT p.unit_id) = $ndesk ORDER BY p.code LIMIT 1")
[ -n "$proc" ] || { echo "no same-day procedure common to the $ndesk units" >&2; exit 1; }
serve() { # db port; sets served (the pid)
  "$BIN" serve --db "$1" --listen "127.0.0.1:$2" >/dev/null 2>>"$work/serve-$2.log" &
  served=$!; pids+=($served)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$2/healthz" >/dev/null || { echo "server on $1 did not start" >&2; tail "$work/serve-$2.log" >&2; exit 1; }
}
login() { # port user
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/sessions" -H 'Content-Type: application/json' \
    -d '{"username":"'"$2"'","password":"haicap2025"}' | jq -r .token
}
logins() { # port -> comma-separated tokens of every desk
  local t out=
  for u in $desks; do t=$(login "$1" "$u"); [ -n "$t" ] && [ "$t" != null ] || { echo "login $u failed" >&2; exit 1; }; out=$out$t,; done
  echo "${out%,}"
}
# three rounds of SECS s under wrk, median requests/s; every reply must be 2xx
intake() { # port tokens -> rate
  : > "$work/rates"
  for _ in 1 2 3; do
    HC_PROC=$proc HC_TOKENS=$2 wrk -t2 -c16 -d${SECS}s -s "$work/post.lua" "http://127.0.0.1:$1/api/v1/dossiers" > "$work/wrk.txt"
    local n; n=$(awk '/Non-2xx/ { print $5 }' "$work/wrk.txt")
    [ -z "$n" ] || { echo "non-2xx replies: $n" >&2; cat "$work/wrk.txt" >&2; exit 1; }
    awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt" >> "$work/rates"
  done
  median < "$work/rates"
}
pa=$(free_port); pb=$(free_port)
serve "$PG" "$pa"; ppa=$served; serve "$PG" "$pb"; ppb=$served
tokens=$(logins "$pa")
pg1=$(intake "$pa" "$tokens")
pg1u=$(intake "$pa" "${tokens%%,*}")
np=$(free_port)
mkdir -p "$work/nginx"
nginx_conf=$work/nginx.conf
cat > "$nginx_conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  upstream haicap { server 127.0.0.1:$pa; server 127.0.0.1:$pb; keepalive 32; }
  server {
    listen 127.0.0.1:$np;
    location / { proxy_pass http://haicap; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
nginx -c "$nginx_conf"
pg2=$(intake "$np" "$tokens")
kill "$ppb"; wait "$ppb" 2>/dev/null || true
pgn1=$(intake "$np" "$tokens") # one node behind nginx: the proxy's own share
kill "$ppa"; wait "$ppa" 2>/dev/null || true
nginx -c "$nginx_conf" -s stop 2>/dev/null; nginx_conf=
ps_=$(free_port); serve "$db" "$ps_"; psp=$served
stokens=$(logins "$ps_")
sq1=$(intake "$ps_" "$stokens")
sq1u=$(intake "$ps_" "${stokens%%,*}")
kill "$psp"; wait "$psp" 2>/dev/null || true
pg_after=$(psql_q -c "SELECT COUNT(*) FROM dossiers")

# ---- the table -------------------------------------------------------------
echo
echo "city year: $nyear dossiers received $FROM..$TO, $nunits units (scale $SCALE); unit $ucode $uname: $uyear dossiers"
printf '%-52s %12s %12s %8s %s\n' "figure" "haicap" "baseline" "ratio" "target"
row() { printf '%-52s %12s %12s %8s %s\n' "$1" "$2" "$3" "$(ratio "${2%% *}" "${3%% *}")" "$4"; }
row "(1) SQLite one unit, end to end (ms)" "$sq_u_hc" "$sq_u_sql" "<= 1.5, < 1000 ms"
row "    SQLite one unit, query alone (ms)" "$((sq_u_hc - sq_u_empty))" "$sq_u_sqlq" "(haicap: minus an empty-period run of $sq_u_empty ms)"
row "(1) PostgreSQL one unit, end to end (ms)" "$pg_u_hc" "$pg_u_sql" "<= 1.5, < 1000 ms"
row "    PostgreSQL one unit, query alone (ms)" "$pg_u_hcq" "$pg_u_sqlq" "(haicap: pg_stat_statements min; max $pg_u_hcmax; e2e minus empty run $((pg_u_hc - pg_u_empty)))"
row "(2) SQLite overview of $all_n units, end to end (ms)" "$sq_a_hc" "$sq_a_sql" "< 2000 ms"
row "    SQLite overview, query alone (ms)" "-" "$sq_a_sqlq" ""
row "(2) PostgreSQL overview, end to end (ms)" "$pg_a_hc" "$pg_a_sql" "< 2000 ms"
row "    PostgreSQL overview, query alone (ms)" "$pg_a_hcq" "$pg_a_sqlq" "(haicap: pg_stat_statements min)"
row "(3) intake PostgreSQL, one node, $ndesk units (/s)" "$pg1" "$pg1" "baseline (wrk -c16, $proc)"
row "    intake PostgreSQL, two nodes behind nginx (/s)" "$pg2" "$pg1" ""
row "    intake PostgreSQL, one node behind nginx (/s)" "$pgn1" "$pg1" ""
row "    intake PostgreSQL, one node, one unit (/s)" "$pg1u" "$pg1" ""
row "    intake SQLite, one node, $ndesk units (/s)" "$sq1" "$pg1" ""
row "    intake SQLite, one node, one unit (/s)" "$sq1u" "$pg1" ""
echo "PostgreSQL now holds $pg_after dossiers; machine: $(nproc) cores, $(awk '/MemTotal/ { print int($2 / 1048576) }' /proc/meminfo) GiB"

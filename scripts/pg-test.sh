#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster.
# Usage: scripts/pg-test.sh COMMAND [ARGS...]
# Creates a cluster (initdb from /usr/lib/postgresql/*/bin) in a temporary
# directory, listening on a Unix socket in that directory and on 127.0.0.1 at
# a free port (as the postgres user when run as root), creates the database
# haicap_test and runs COMMAND with:
#   HC_TEST_PG, HC_TEST_DB  postgresql://postgres@127.0.0.1:PORT/haicap_test
#   HC_TEST_PG_SOCKET       the socket directory
#   HC_TEST_PG_CTL          a script taking pg_ctl's action (stop, start,
#                           restart) for tests of reconnection
# The cluster is stopped and the directory removed on exit, even on failure.
# Exits with COMMAND's status.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-test: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/haicap-pg.XXXXXX)
data="$tmp/data"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  chmod 700 "$tmp"
  as_pg=(runuser -u postgres --)
fi

started=0
cleanup() {
  local rc=$?
  if [ "$started" -eq 1 ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

"${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

for attempt in 1 2 3 4 5; do
  port=$(free_port)
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$tmp'"
    echo "fsync = off" # a throw-away cluster: speed over crash safety
    echo "max_connections = 100"
  } >"$data/postgresql.auto.conf"
  if "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start >/dev/null; then
    started=1
    break
  fi
  echo "pg-test: start on port $port failed (attempt $attempt)" >&2
  tail -n 5 "$tmp/server.log" >&2 || true
done
[ "$started" -eq 1 ] || exit 1

ctl="$tmp/ctl.sh"
cat >"$ctl" <<EOF
#!/usr/bin/env bash
# pg_ctl for the throw-away cluster: stop | start | restart
exec ${as_pg[*]} "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 -m fast "\$@" >/dev/null
EOF
chmod 755 "$ctl"

"${as_pg[@]}" "$bindir/psql" -h "$tmp" -p "$port" -U postgres -d postgres -qAt \
  -c "CREATE DATABASE haicap_test" >/dev/null

export HC_TEST_PG="postgresql://postgres@127.0.0.1:$port/haicap_test"
export HC_TEST_DB="$HC_TEST_PG"
export HC_TEST_PG_SOCKET="$tmp"
export HC_TEST_PG_CTL="$ctl"
set +e
"$@"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "pg-test: command failed ($rc); server log tail:" >&2
  tail -n 20 "$tmp/server.log" >&2 || true
fi
exit "$rc"

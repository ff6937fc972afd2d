#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback (user/password athanor, database athanor_test) and
# prints its URL on stdout. Running it again replaces the previous instance with a fresh, empty one,
# so every test run starts from the same state. Needs root only to install the package.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PGDATA=$ATHANOR_DB_DIR/pg
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root, so as root the server runs as the package's postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The Debian package may have started its own cluster on 5432; it is not ours to use.
if [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null; then
  pg_lsclusters -h 2>/dev/null | while read -r v c _; do pg_ctlcluster --force "$v" "$c" stop >/dev/null 2>&1 || true; done
fi
[ -f "$PGDATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true

PGPORT=$(free_port "${PGPORT:-5432}")
mkdir -p "$ATHANOR_DB_DIR" && chmod 755 "$ATHANOR_DB_DIR"
rm -rf "$PGDATA" && mkdir -m 700 "$PGDATA"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"

# Local socket = trust for the setup below; TCP = password, as an application would connect.
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >/dev/null
# fsync and friends are off because the data is thrown away; the socket lives in the data dir so
# it never collides with another server's socket in /tmp or /run.
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start -o "-p $PGPORT -k $PGDATA \
  -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  -c max_connections=200" >/dev/null || { cat "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
"$PGBIN/psql" -h "$PGDATA" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE athanor LOGIN PASSWORD 'athanor' CREATEDB" \
  -c "CREATE DATABASE athanor_test OWNER athanor"

say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$PGPORT (data $PGDATA)"
echo "postgres://athanor:athanor@127.0.0.1:$PGPORT/athanor_test"

#!/usr/bin/env bash
# Stops the servers that pg-up.sh and mariadb-up.sh started and deletes their data.
# Only those: it finds them by the pid files in our own data directory, never by name.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -f "$ATHANOR_DB_DIR/pg/postmaster.pid" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ATHANOR_DB_DIR/pg" -m fast -w stop >/dev/null || true
  else
    "$PGBIN/pg_ctl" -D "$ATHANOR_DB_DIR/pg" -m fast -w stop >/dev/null || true
  fi
  say "PostgreSQL stopped"
fi
if [ -f "$ATHANOR_DB_DIR/mariadb/mariadbd.pid" ]; then
  pid=$(cat "$ATHANOR_DB_DIR/mariadb/mariadbd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  say "MariaDB stopped"
fi
rm -rf "$ATHANOR_DB_DIR"

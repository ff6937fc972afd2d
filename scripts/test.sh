#!/usr/bin/env bash
# The full test suite: the README's second quick-start command, and exactly what .ci/run runs.
# On a fresh machine it installs pnpm and the dependencies, starts throwaway PostgreSQL and
# MariaDB servers on loopback (scripts/db/), points the live tests at them, runs every check and
# test (scripts/test.mjs) and ends with the line `N passed, N failed, N skipped`.
#
# ATHANOR_PG_URL / ATHANOR_MYSQL_URL already set: those servers are used and none is started.
# ATHANOR_SKIP_DB_START=1: start nothing; live tests without a URL are skipped (failed under CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d)
start_dbs() {
  # One after the other: both may need apt, and apt allows one install at a time.
  if [ -z "${ATHANOR_PG_URL:-}" ]; then bash scripts/db/pg-up.sh >"$logs/pg.url"; fi
  if [ -z "${ATHANOR_MYSQL_URL:-}" ]; then bash scripts/db/mariadb-up.sh >"$logs/mysql.url"; fi
}
db_job=
if [ "${ATHANOR_SKIP_DB_START:-}" != 1 ]; then
  # The servers come up (and apt installs them on a fresh machine) while pnpm installs.
  start_dbs 2>"$logs/db.log" &
  db_job=$!
fi

. scripts/setup.sh

if [ -n "$db_job" ]; then
  if ! wait "$db_job"; then
    cat "$logs/db.log" >&2
    echo "error: the test databases did not start (set ATHANOR_SKIP_DB_START=1 to run without them)" >&2
    exit 1
  fi
  cat "$logs/db.log" >&2
  if [ -s "$logs/pg.url" ]; then export ATHANOR_PG_URL=$(cat "$logs/pg.url"); fi
  if [ -s "$logs/mysql.url" ]; then
    export ATHANOR_MYSQL_URL=$(cat "$logs/mysql.url")
    # We started MariaDB, so the smoke test may insist on reaching exactly that.
    export ATHANOR_MYSQL_EXPECT=MariaDB
  fi
  echo "test databases left running; stop them with: bash scripts/db/down.sh" >&2
fi
rm -rf "$logs"

# Not `pnpm test`: pnpm prints its own error line after a failure, and the summary line must be last.
exec node scripts/test.mjs "$@"

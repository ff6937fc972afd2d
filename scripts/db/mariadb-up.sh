#!/usr/bin/env bash
# Starts a throwaway MariaDB on loopback (user/password athanor, database athanor_test) and prints
# its URL on stdout. Running it again replaces the previous instance with a fresh, empty one.
# Debian 12 has no MySQL 8 server, so MariaDB is what the MySQL dialect is tested against here.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MYDATA=$ATHANOR_DB_DIR/mariadb
# The socket sits in the data dir: the server user can write there, and no other server uses it.
MYSOCK=$MYDATA/mariadbd.sock
command -v mariadbd >/dev/null || apt_install mariadb-server

if [ -f "$MYDATA/mariadbd.pid" ]; then
  pid=$(cat "$MYDATA/mariadbd.pid")
  kill "$pid" 2>/dev/null || true
  # Wait for the old server to let go of its port and files before the data dir is wiped.
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
fi

MYPORT=$(free_port "${MYPORT:-3306}")
mkdir -p "$ATHANOR_DB_DIR" && chmod 755 "$ATHANOR_DB_DIR"
rm -rf "$MYDATA" && mkdir -m 750 "$MYDATA"
# As root the server runs as the package's mysql user; otherwise as whoever runs this script.
MYUSER=$(id -un)
[ "$(id -u)" = 0 ] && { chown mysql:mysql "$MYDATA"; MYUSER=mysql; }

# --no-defaults: /etc/mysql is the packaged server's config, not ours.
mariadb-install-db --no-defaults --user="$MYUSER" --datadir="$MYDATA" \
  --auth-root-authentication-method=socket --skip-test-db >/dev/null
setsid nohup mariadbd --no-defaults --user="$MYUSER" --datadir="$MYDATA" \
  --port="$MYPORT" --bind-address=127.0.0.1 --socket="$MYSOCK" \
  --pid-file="$MYDATA/mariadbd.pid" --log-error="$MYDATA/error.log" \
  --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
  --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --max-connections=200 \
  </dev/null >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 120); do
  mariadb-admin --socket="$MYSOCK" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || break # it died: no point waiting out the minute
  sleep 0.5
done
mariadb-admin --socket="$MYSOCK" -uroot ping >/dev/null 2>&1 \
  || { cat "$MYDATA/error.log" >&2; die "MariaDB did not start"; }

# ALL ON *.*: tests create extra schemas (SQLAlchemy's test_schema), not only athanor_test.
mariadb --socket="$MYSOCK" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS athanor_test CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'athanor'@'%' IDENTIFIED BY 'athanor';
CREATE USER IF NOT EXISTS 'athanor'@'localhost' IDENTIFIED BY 'athanor';
GRANT ALL PRIVILEGES ON *.* TO 'athanor'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'athanor'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL

say "MariaDB $(mariadb --socket="$MYSOCK" -uroot -N -e 'SELECT VERSION()') ready on 127.0.0.1:$MYPORT (data $MYDATA)"
echo "mysql://athanor:athanor@127.0.0.1:$MYPORT/athanor_test"

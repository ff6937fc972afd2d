# Shared helpers for the throwaway database scripts (sourced, not run).
# The servers live under one directory so down.sh can find and stop exactly what we started.
ATHANOR_DB_DIR=${ATHANOR_DB_DIR:-/tmp/athanor-db}

# Status lines go to stderr: stdout carries only the URL, so callers can capture it.
say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port already held by someone else's server is left alone: we move up to the next free one
# and print the URL with it, instead of killing a process we did not start.
free_port() {
  local port=$1
  for _ in $(seq 1 20); do
    port_busy "$port" || { echo "$port"; return 0; }
    say "port $port is in use by another process; trying $((port + 1))"
    port=$((port + 1))
  done
  die "no free port found from $1 to $port"
}

# apt needs root; a developer without root must bring the server (or a URL) themselves.
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is not installed and installing it needs root (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # One update per run is enough; it is what makes a fresh machine find the packages at all.
  [ -n "${ATHANOR_APT_UPDATED:-}" ] || { apt-get update -qq >&2; export ATHANOR_APT_UPDATED=1; }
  apt-get install -y -qq "$@" >/dev/null
}

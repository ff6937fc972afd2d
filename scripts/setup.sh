# Sourced by demo.sh and test.sh: what both need on a fresh machine with only Node.js on it.
# shellcheck shell=bash

# Telemetry would try to phone home from a machine that can only reach the npm registry.
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# better-sqlite3 has no reachable prebuilt binary here, so node-gyp compiles it; pointing it at the
# installed Node headers stops it from trying to download them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  if (a < 20 || (a === 20 && b < 19)) { console.error(`Node.js >= 20.19 is needed, found ${process.version}`); process.exit(1); }' \
  || { echo "error: install Node.js 20.19 or newer first" >&2; exit 1; }

# The pnpm version is pinned in package.json (packageManager); the newest majors need Node 22.
PNPM_VERSION=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION" >&2
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi

# confirmModulesPurge=false: without a TTY pnpm would otherwise abort when it wants to rebuild node_modules.
pnpm install --frozen-lockfile --config.confirmModulesPurge=false

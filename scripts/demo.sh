#!/usr/bin/env bash
# The README's first quick-start command: install, build, and run the demo once there is one.
# The demo arrives with the engine work; until then this only installs and builds, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
pnpm run build
if node -e 'process.exit(require("./package.json").scripts?.demo ? 0 : 1)'; then
  exec pnpm run demo
fi
echo
echo "Athanor is installed and built. There is no demo yet: it arrives with the engine work."
echo "Run the test suite with: bash scripts/test.sh"

#!/usr/bin/env bash
# The README's first quick-start command: install, build, and run the demo
# (SQLAlchemy's Unified Tutorial, Core half, then the ORM Quick Start, on embedded SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
pnpm run build
exec pnpm run demo

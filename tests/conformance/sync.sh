#!/bin/sh
# Re-copies the conformance corpus into data/ from the shared checkout
# (../../../shared/conformance relative to this directory, or $CONFORMANCE_SRC).
# The copies must stay byte-identical; data/SOURCE.md is ours and is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${CONFORMANCE_SRC:-"$here/../../../shared/conformance"}
if [ ! -d "$src" ]; then
  echo "sync.sh: corpus not found at $src (set CONFORMANCE_SRC)" >&2
  exit 1
fi
for f in public.json meta.json normalize.mjs README.md fixture.py; do
  cp "$src/$f" "$here/data/$f"
  chmod u+w "$here/data/$f"
done
echo "sync.sh: copied public.json meta.json normalize.mjs README.md fixture.py from $src"

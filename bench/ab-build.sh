#!/usr/bin/env bash
# Builds the A/B pair from one snapshot of the embedded rule packs (others edit rules/ meanwhile):
#   bench/ab-build.sh OLD_SRC_DIR   → build/bench/ab/ref/zicha (OLD_SRC_DIR's sources) and build/bench/ab/new/zicha
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ab=build/bench/ab
rm -rf "$ab/ovr-ref" "$ab/ovr-new"; mkdir -p "$ab/ovr-ref" "$ab/ovr-new"
cp build/gen/zc_builtin_packs.c "$ab/ovr-new/"
cp "$1"/*.c "$ab/ovr-ref/"; cp build/gen/zc_builtin_packs.c "$ab/ovr-ref/"
bench/build-cli.sh "$ab/ref" "$ab/ovr-ref" & p1=$!
bench/build-cli.sh "$ab/new" "$ab/ovr-new" & p2=$!
wait $p1; wait $p2

#!/usr/bin/env bash
# bench/idscan-bench.sh [FILE] [REPS] [IDENTIFIER_SOURCES...]: throughput of the identifier scan alone (see
# bench/idscan-bench.c), built at -O2 from the given identifier sources (default core/src/identifier*.c; pass an
# older identifier.c to compare). Under valgrind: BENCH_CALLGRIND=1 prints the instruction count of one run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
file=${1:-build/bench/corpus.txt}
reps=${2:-20}
shift $(($# < 2 ? $# : 2))
srcs=("$@")
((${#srcs[@]})) || srcs=(core/src/identifier*.c)
out=build/bench/idscan-bench
mkdir -p "$out"
cc -std=c11 -O2 -g -w -Icore/src -Ibuild/gen -o "$out/idscan-bench" bench/idscan-bench.c "${srcs[@]}" core/src/text.c
if [[ ${BENCH_CALLGRIND:-} == 1 ]]; then
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "$out/idscan-bench" "$file" 1 2>&1 |
        grep -E "Collected|tokens"
else
    "$out/idscan-bench" "$file" "$reps"
fi

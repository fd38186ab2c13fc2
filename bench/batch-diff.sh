#!/usr/bin/env bash
# bench/batch-diff.sh [JSONL...]: differential test of the scratch paths (see bench/batch-diff.c) on the
# test corpora, the bench corpus (1 MB) and the hostile inputs, each line also mutated. Needs a `make`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/bench/batch-diff
mkdir -p "$out"
cc -std=c11 -O2 -g -Wall -Wextra -Werror -Icore/include -Icore/src -Ibuild/gen -o "$out/batch-diff" bench/batch-diff.c \
    build/libzicha.a -lz -lm
files=("$@")
if ((${#files[@]} == 0)); then
    files=(tests/corpus/*.jsonl)
    [[ -f build/bench/corpus-1m.jsonl ]] && files+=(build/bench/corpus-1m.jsonl)
    for f in tests/fuzz/corpus/batch/* tests/fuzz/regressions/batch/*; do cat "$f"; echo; done > "$out/fuzz.jsonl"
    files+=("$out/fuzz.jsonl")
fi
"$out/batch-diff" "${files[@]}"

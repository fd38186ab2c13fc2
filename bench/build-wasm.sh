#!/usr/bin/env bash
# Private WebAssembly build for measurements:  bench/build-wasm.sh OUT_DIR "CORE_OPT" ["LINK_OPT"]
# e.g. bench/build-wasm.sh build/bench/wasm-O2 -O2 -O2 → OUT_DIR/zicha.{mjs,wasm}. Compiles the project's own
# C sources (core/src, core/wasm, build/gen) with CORE_OPT instead of -Oz and links them with the third-party
# objects and the link flags of the last `make wasm` (build/wasm-obj/tp, build/wasm-ld.flags), so only the
# optimisation level differs from web/gen/zicha.wasm. Needs a previous `make wasm`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$1 opt=${2:--Oz} lopt=${3:-${2:--Oz}}
export NODE_PATH=/usr/share/nodejs EM_FROZEN_CACHE=1
mkdir -p "$out/obj"
inc=(-DZC_NO_GZIP -Icore/include -Icore/src -Ibuild/gen)
[[ -d build/third_party/quirc ]] && inc+=(-Ibuild/third_party/quirc)
objs=() pids=()
for f in core/src/*.c core/wasm/*.c build/gen/zc_builtin_packs.c; do
    # (no zlib in the core: web/engine.js inflates gzip packs, core/src/gunzip.h)
    [[ $f == core/src/gunzip.c ]] && continue
    o=$out/obj/$(basename "$(dirname "$f")")-$(basename "$f" .c).o
    objs+=("$o")
    o_f=$opt
    # BENCH_HOT_OPT: a different level for the hot-path files only (BENCH_HOT_FILES, default below)
    if [[ -n ${BENCH_HOT_OPT:-} && " ${BENCH_HOT_FILES:-text.c matcher.c check.c patterns.c identifier.c} " == *" $(basename "$f") "* ]]; then o_f=$BENCH_HOT_OPT; fi
    src=$f
    # BENCH_OVERRIDE: a directory whose files replace the tree's of the same name (A/B against older sources)
    if [[ -n ${BENCH_OVERRIDE:-} && -f $BENCH_OVERRIDE/$(basename "$f") ]]; then src=$BENCH_OVERRIDE/$(basename "$f"); fi
    emcc -std=c11 $o_f -Wall -Wextra -Werror "${inc[@]}" -c -o "$o" "$src" & pids+=($!)
    if (( ${#pids[@]} >= 4 )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
mapfile -t tp < <(find build/wasm-obj/tp build/wasm-obj/ext -name '*.o' 2>/dev/null | sort)
read -r -a ld < build/wasm-ld.flags
# BENCH_MALLOC=dlmalloc|emmalloc overrides the allocator of the last `make wasm`
if [[ -n ${BENCH_MALLOC:-} ]]; then ld=("${ld[@]/#-sMALLOC=*/-sMALLOC=$BENCH_MALLOC}"); fi
ld=("${ld[@]:1}")            # drop "emcc"
read -r -a lopts <<< "$lopt"
ld2=(); for a in "${ld[@]}"; do if [[ $a == -Oz ]]; then ld2+=("${lopts[@]}"); else ld2+=("$a"); fi; done
emcc "${ld2[@]}" -o "$out/zicha.mjs" "${objs[@]}" "${tp[@]}"

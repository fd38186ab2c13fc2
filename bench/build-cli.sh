#!/usr/bin/env bash
# Private native build for A/B measurements:  bench/build-cli.sh OUT_DIR [OVERRIDE_DIR]
# Compiles every core/src/*.c with the project's native flags into OUT_DIR/{zicha,test_unit,test_rules}; a file
# of the same name in OVERRIDE_DIR replaces the tree's (e.g. the sources before an optimisation, to compare
# reports and speed). Needs the generated files of a normal `make` (build/gen) and, when core/src/qr.c exists,
# quirc as fetched by tools/fetch-quirc.sh. Used by bench/run.sh only when asked (BENCH_AB=1); `make bench`
# measures the normal build/zicha.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
ovr=${2:-}
cd "$root"
work=$out/obj
mkdir -p "$work"
cflags=(-std=c11 -O2 -g -Wall -Wextra -Werror -Icore/include -Icore/src -Ibuild/gen)
pick() { local b; b=$(basename "$1"); if [[ -n $ovr && -f $ovr/$b ]]; then echo "$ovr/$b"; else echo "$1"; fi; }
extra=()
if [[ -f core/src/qr.c ]]; then
    BUILD_DIR=$root/build tools/fetch-quirc.sh >/dev/null
    cflags+=(-Ibuild/third_party/quirc)
    for q in quirc decode identify version_db; do extra+=("build/third_party/quirc/$q.c"); done
fi
lib=() ; pids=()
for f in core/src/*.c build/gen/zc_builtin_packs.c; do
    o=$work/lib-$(basename "$f" .c).o; lib+=("$o")
    cc "${cflags[@]}" -c -o "$o" "$(pick "$f")" & pids+=($!)
done
for f in "${extra[@]}"; do
    o=$work/tp-$(basename "$f" .c).o; lib+=("$o")
    cc -std=c11 -O2 -w -Ibuild/third_party/quirc -c -o "$o" "$f" & pids+=($!)
done
cli=(); for f in core/cli/*.c; do o=$work/cli-$(basename "$f" .c).o; cli+=("$o"); cc "${cflags[@]}" -c -o "$o" "$f" & pids+=($!); done
unit=(); for f in tests/unit/*.c; do o=$work/unit-$(basename "$f" .c).o; unit+=("$o"); cc "${cflags[@]}" -Itests -c -o "$o" "$f" & pids+=($!); done
rulex=(); for f in tests/rule_examples.c; do [[ -f $f ]] || continue; o=$work/rulex.o; rulex+=("$o"); cc "${cflags[@]}" -Itests -c -o "$o" "$f" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
rm -f "$work/libzicha.a"; ar rcs "$work/libzicha.a" "${lib[@]}"
cc -O2 -o "$out/zicha" "${cli[@]}" "$work/libzicha.a" -lcjson -lz -lm
cc -O2 -o "$out/test_unit" "${unit[@]}" "$work/libzicha.a" -lcjson -lz -lm
[[ ${#rulex[@]} -eq 0 ]] || cc -O2 -o "$out/test_rules" "${rulex[@]}" "$work/libzicha.a" -lcjson -lz -lm

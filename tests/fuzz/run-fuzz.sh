#!/usr/bin/env bash
# Runs libFuzzer targets built by `make fuzz-build` (called by `make fuzz`).
#   tests/fuzz/run-fuzz.sh TARGET... [-- LIBFUZZER_ARGS...]
# Environment: FUZZ_DIR (default build/fuzz), FUZZ_SECONDS (default 60) per target; FUZZ_UB_CONTINUE: targets
# (space-separated) that keep running after undefined behaviour (UBSan halt_on_error=0) so that a known, not yet
# fixed UB does not stop the search for memory errors; the distinct UB reports are then listed in the summary.
# Each target runs from its seeds (tests/fuzz/corpus/<target>/, read-only) plus its working corpus
# ($FUZZ_DIR/<target>/corpus/, where new inputs go); crashes, leaks, timeouts and OOMs are written to
# $FUZZ_DIR/<target>/crashes/. One summary line per target (seconds, executions, exec/s, corpus, result) is
# printed and appended to $FUZZ_DIR/runs.tsv. Exit 1 when any target found a crash.
# To make a crash a regression test: copy the file to tests/fuzz/regressions/<target>/ (build/test_fuzz_replay
# replays it in `make test`), fix the bug, and check that `build/test_fuzz_replay` passes.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dir=${FUZZ_DIR:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
targets=()
while (($#)) && [[ $1 != -- ]]; do targets+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
extra=("$@")

# per-target libFuzzer options
opts_for() {
    case $1 in
        qr) echo "-max_len=65536 -timeout=30" ;;
        pack) echo "-max_len=16384 -timeout=20" ;;
        check | batch) echo "-max_len=8192 -timeout=20" ;;
        budget) echo "-max_len=4096 -timeout=60" ;;
        licence) echo "-max_len=8192 -timeout=20" ;;
        *) echo "-max_len=4096 -timeout=20" ;;
    esac
}

status=0
printf '%-12s %8s %12s %8s %8s  %s\n' target seconds execs exec/s corpus result
for t in "${targets[@]}"; do
    bin=$dir/fuzz_$t
    [[ -x $bin ]] || { echo "run-fuzz: $bin not built" >&2; status=1; continue; }
    work=$dir/$t
    mkdir -p "$work/corpus" "$work/crashes"
    seeds=tests/fuzz/corpus/$t
    dict=()
    [[ -f tests/fuzz/$t.dict ]] && dict=(-dict="tests/fuzz/$t.dict")
    [[ ${#dict[@]} -eq 0 && -f tests/fuzz/zicha.dict ]] && dict=(-dict=tests/fuzz/zicha.dict)
    log=$work/last-run.log
    halt=1
    [[ " ${FUZZ_UB_CONTINUE:-} " == *" $t "* ]] && halt=0
    export UBSAN_OPTIONS=halt_on_error=$halt:print_stacktrace=1
    start=$(date +%s)
    # shellcheck disable=SC2046
    "$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2560 -artifact_prefix="$work/crashes/" \
        $(opts_for "$t") "${dict[@]}" "${extra[@]}" "$work/corpus" $([[ -d $seeds ]] && echo "$seeds") \
        >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    corp=$(find "$work/corpus" -type f | wc -l)
    ub=$(grep -o '[^ ]*: runtime error: .*' "$log" | sed 's/^[^ ]*\/\(core\|tests\|build\)/\1/' | sort -u)
    if ((rc == 0)); then
        result=ok
        [[ -n $ub ]] && result="ok, UB seen (halt_on_error=0): $(paste -sd';' <<<"$ub" | cut -c1-600)"
    else
        result="FAILED (exit $rc): $(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|zc_fuzz:|ERROR: libFuzzer)' "$log")"
        art=$(grep -o "Test unit written to [^ ]*" "$log" | tail -n1 | sed 's/Test unit written to //')
        [[ -n $art ]] && result+=" -> $art"
        status=1
    fi
    printf '%-12s %8s %12s %8s %8s  %s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "$corp" "$result"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$took" "${execs:-?}" "${rate:-?}" "$corp" \
        "$result" >>"$dir/runs.tsv"
done
exit $status

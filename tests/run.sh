#!/usr/bin/env bash
# Run every test suite that exists and print, as the very last line, `N passed, N failed`.
#
# Suites (each prints TAP: `ok N - ...` / `not ok N - ...`):
#   build/test_unit, build/test_rules, any other executable build/test_* binary,
#   tests/*.sh (except this file), tests/*.test.mjs and tests/e2e/*.test.mjs (run with node).
# Counting: top-level and nested TAP result lines; a parent line that only summarises nested results
# (node:test subtests) is not counted again. `# SKIP` results are counted as skipped, `not ok ... # TODO`
# is not a failure. A suite that exits nonzero without any `not ok` line, or prints no TAP result and no
# `1..0` plan, counts as one failure named after the suite.
# Output: one line per suite; failing suites get their `not ok` lines with diagnostics and the tail of stderr.
#
# Usage: tests/run.sh [SUBSTRING...]   (only suites whose path contains one of the substrings)
# Environment: TEST_TIMEOUT seconds per suite (default 900), BUILD_DIR (default build), TEST_LOG_DIR.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
build=${BUILD_DIR:-build}
timeout_s=${TEST_TIMEOUT:-900}
logs=${TEST_LOG_DIR:-$build/test-logs}
mkdir -p "$logs"
export ZC_ROOT=$root

suites=()
add() { [[ -e $1 ]] && suites+=("$1"); }
add "$build/test_unit"
add "$build/test_rules"
for f in "$build"/test_*; do
    [[ -f $f && -x $f && $f != "$build/test_unit" && $f != "$build/test_rules" ]] && suites+=("$f")
done
for f in tests/*.sh; do
    [[ -f $f && $f != tests/run.sh ]] && suites+=("$f")
done
for f in tests/*.test.mjs tests/e2e/*.test.mjs; do
    [[ -f $f ]] && suites+=("$f")
done

if (($#)); then
    picked=()
    for s in "${suites[@]}"; do
        for pat in "$@"; do
            if [[ $s == *"$pat"* ]]; then picked+=("$s"); break; fi
        done
    done
    suites=("${picked[@]}")
fi

# Counts one suite's TAP stdout. Prints "passed failed skipped plan0" on the last line, and before it
# the failing result lines with their diagnostics (lines starting with # or an indented YAML block).
count_tap() {
    awk '
    function indent(s) { match(s, /^[ \t]*/); return RLENGTH }
    {
        line = $0
        d = indent(line)
        body = substr(line, d + 1)
        if (body ~ /^1\.\.0/) plan0 = 1
        if (body ~ /^Bail out!/) { failed++; print "  " line; next }
        isnot = (body ~ /^not ok([ \t]|$)/)
        isok = (!isnot && body ~ /^ok([ \t]|$)/)
        if (!isok && !isnot) {
            if (showing && (body ~ /^#/ || d > showd || body ~ /^(---|\.\.\.)/)) { print "    " line; next }
            showing = 0
            next
        }
        showing = 0
        lvl = d
        parent = (lvl in kids)
        childfail = (lvl in kfail)
        # forget what was seen below this level: it belonged to this result
        n = 0
        for (l in kids) if (l + 0 >= lvl) gone[++n] = l
        for (i = 1; i <= n; i++) delete kids[gone[i]]
        n = 0
        for (l in kfail) if (l + 0 >= lvl) gone[++n] = l
        for (i = 1; i <= n; i++) delete kfail[gone[i]]
        for (l = 0; l < lvl; l++) kids[l] = 1
        todo = (body ~ /#[ \t]*[Tt][Oo][Dd][Oo]/)
        skip = (body ~ /#[ \t]*[Ss][Kk][Ii][Pp]/)
        if (isnot && !todo) { for (l = 0; l < lvl; l++) kfail[l] = 1 }
        if (parent) {
            # a summary of nested results: count it only if it failed with no failing child
            if (isnot && !todo && !childfail) { failed++; print "  " line; showing = 1; showd = d }
            next
        }
        if (skip) skipped++
        else if (isnot && !todo) { failed++; print "  " line; showing = 1; showd = d }
        else passed++
    }
    END { printf "%d %d %d %d\n", passed, failed, skipped, plan0 }
    ' "$1"
}

total_pass=0
total_fail=0
total_skip=0
failed_suites=()

for s in "${suites[@]}"; do
    name=${s//\//_}
    out=$logs/$name.out
    err=$logs/$name.err
    case $s in
        *.mjs) cmd=(node "$s") ;;
        *.sh) cmd=(bash "$s") ;;
        *) cmd=("$s") ;;
    esac
    start=$(date +%s.%N)
    timeout --kill-after=10 "$timeout_s" "${cmd[@]}" </dev/null >"$out" 2>"$err"
    rc=$?
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    report=$(count_tap "$out")
    read -r p f k plan0 <<<"$(tail -n 1 <<<"$report")"
    details=$(sed '$d' <<<"$report")
    note=
    if ((rc == 124 || rc == 137)); then
        f=$((f + 1)); note="timed out after ${timeout_s}s"
    elif ((rc != 0 && f == 0)); then
        f=1; note="exited with status $rc without a failing test"
        ((rc > 128)) && note="killed by signal $((rc - 128)) without a failing test"
    elif ((rc == 0 && p + f + k == 0 && plan0 == 0)); then
        f=1; note="printed no TAP results"
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
    extra=
    ((k)) && extra=", $k skipped"
    if ((f)); then
        failed_suites+=("$s")
        printf 'FAIL %-40s %d passed, %d failed%s (%ss)%s\n' "$s" "$p" "$f" "$extra" "$secs" "${note:+ - $note}"
        [[ -n $details ]] && printf '%s\n' "$details"
        if [[ -s $err ]]; then
            echo "  --- stderr (last 40 lines of $err) ---"
            tail -n 40 "$err" | sed 's/^/  /'
        fi
        if [[ -n $note && -s $out ]]; then
            echo "  --- stdout (last 20 lines of $out) ---"
            tail -n 20 "$out" | sed 's/^/  /'
        fi
    else
        printf 'ok   %-40s %d passed%s (%ss)\n' "$s" "$p" "$extra" "$secs"
    fi
done

if ((${#suites[@]} == 0)); then
    echo "no test suites found"
    total_fail=1
fi
if ((${#failed_suites[@]})); then
    echo "failing suites: ${failed_suites[*]} (logs in $logs/)"
fi
echo "$total_pass passed, $total_fail failed"
((total_fail == 0))

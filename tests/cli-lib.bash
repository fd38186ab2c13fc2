# Shared by the CLI test scripts (tests/hostile.sh, tests/determinism.sh); sourced, not run.
#   cli_setup NAME WHY_NODE   → root, Z (the zicha binary: $ZICHA or build/zicha), tmp (removed on exit)
#   ok STATUS DESCRIPTION [DIAGNOSTIC...]   → one TAP line; counts n and fails
# Not a suite of its own: tests/run.sh runs tests/*.sh, and this file is .bash.

cli_setup() {
    root=$(cd "$(dirname "$0")/.." && pwd)
    cd "$root" || exit 1
    Z=${ZICHA:-$root/build/zicha}
    if [[ ! -x $Z ]]; then
        echo "Bail out! $Z is not built (run make)"
        exit 1
    fi
    command -v node >/dev/null || { echo "Bail out! node is needed $2"; exit 1; }
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/zicha-$1.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    n=0
    fails=0
}

ok() {
    local st=$1 desc=$2
    shift 2
    n=$((n + 1))
    if ((st == 0)); then
        echo "ok $n - $desc"
    else
        fails=$((fails + 1))
        echo "not ok $n - $desc"
        local d
        for d in "$@"; do printf '#   %s\n' "$d"; done
    fi
}

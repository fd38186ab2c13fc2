#!/usr/bin/env bash
# TAP tests for the build tools: tools/embed.c, tools/gen-t2s.sh, tests/run.sh (counting and failure rules).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
    n=$((n + 1))
    if [[ $1 -eq 0 ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}
cc=${HOSTCC:-cc}

# --- embed ---------------------------------------------------------------------------------------
$cc -std=c11 -O2 -Wall -Wextra -Werror -o "$tmp/embed" "$root/tools/embed.c"
ok $? "tools/embed.c builds with -Wall -Wextra -Werror"
cat > "$tmp/builtin.h" <<'EOF'
#include <stddef.h>
typedef struct zc_builtin_pack { const char *name; const unsigned char *data; size_t len; } zc_builtin_pack;
extern const zc_builtin_pack zc_builtin_packs[];
extern const size_t zc_builtin_pack_count;
EOF
cat > "$tmp/main.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include "builtin.h"
int main(void)
{
    printf("%zu\n", zc_builtin_pack_count);
    for (size_t i = 0; i < zc_builtin_pack_count; i++) {
        const zc_builtin_pack *p = &zc_builtin_packs[i];
        printf("%s %zu %d ", p->name, p->len, p->data[p->len] == 0);
        fwrite(p->data, 1, p->len, stdout);
        printf("\n");
    }
    return 0;
}
EOF
printf '{"pack":"a","t":"最好"}' > "$tmp/a.json"
: > "$tmp/empty.json"
printf 'x"y\\z' > "$tmp/q\"uote.json"
"$tmp/embed" "$tmp/packs.c" "$tmp/a.json" "$tmp/empty.json" "$tmp/q\"uote.json" &&
    $cc -std=c11 -Wall -Wextra -Werror -I"$tmp" -o "$tmp/packs" "$tmp/main.c" "$tmp/packs.c"
ok $? "embedded packs compile cleanly"
want=$(printf '3\na.json 25 1 {"pack":"a","t":"最好"}\nempty.json 0 1 \nq"uote.json 5 1 x"y\\z')
[[ $("$tmp/packs") == "$want" ]]
ok $? "embedded bytes, names, lengths and NUL terminator round-trip"
"$tmp/embed" "$tmp/none.c" && $cc -std=c11 -Wall -Wextra -Werror -I"$tmp" -o "$tmp/none" "$tmp/main.c" "$tmp/none.c"
ok $? "zero packs compile"
[[ $("$tmp/none") == 0 ]]
ok $? "zero packs give count 0"
"$tmp/embed" "$tmp/bad.c" "$tmp/a.json" "$tmp/missing.json" 2>"$tmp/err"
rc=$?
[[ $rc -ne 0 && ! -e $tmp/bad.c && ! -e $tmp/bad.c.tmp ]] && grep -q 'missing.json' "$tmp/err"
ok $? "a missing input fails with its name and leaves no output"

# --- gen-t2s -------------------------------------------------------------------------------------
if command -v opencc >/dev/null 2>&1; then
    "$root/tools/gen-t2s.sh" "$tmp/t2s.h"
    ok $? "gen-t2s.sh runs"
    cat > "$tmp/t2s.c" <<'EOF'
#include <stdio.h>
#include "t2s.h"
int main(void)
{
    unsigned long n = sizeof zc_t2s_pairs / sizeof zc_t2s_pairs[0];
    if (n != ZC_T2S_COUNT) return 1;
    for (unsigned long i = 1; i < n; i++)
        if (zc_t2s_pairs[i - 1][0] >= zc_t2s_pairs[i][0]) return 2;
    for (unsigned long i = 0; i < n; i++)
        if (zc_t2s_pairs[i][0] == zc_t2s_pairs[i][1]) return 3;
    int found = 0;
    for (unsigned long i = 0; i < n; i++) {
        if (zc_t2s_pairs[i][0] == 0x570B && zc_t2s_pairs[i][1] == 0x56FD) found |= 1; /* 國 -> 国 */
        if (zc_t2s_pairs[i][0] == 0x8AAA && zc_t2s_pairs[i][1] == 0x8BF4) found |= 2; /* 說 -> 说 */
        if (zc_t2s_pairs[i][0] == 0x56FD) return 4;                                   /* 国 is already simplified */
    }
    printf("%lu\n", n);
    return found == 3 ? 0 : 5;
}
EOF
    count=$($cc -std=c11 -Wall -Wextra -Werror -I"$tmp" -o "$tmp/t2s" "$tmp/t2s.c" && "$tmp/t2s")
    ok $? "t2s table: sorted, count matches, 國→国 and 說→说 present, no identity pairs"
    [[ ${count:-0} -gt 2000 ]]
    ok $? "t2s table has more than 2000 pairs (got ${count:-0})"
else
    echo "ok $((n + 1)) - gen-t2s.sh # SKIP opencc not installed"; n=$((n + 1))
fi

# --- tests/run.sh --------------------------------------------------------------------------------
fake=$tmp/fake
mkdir -p "$fake/tests/e2e" "$fake/build"
cp "$root/tests/run.sh" "$fake/tests/run.sh"
printf 'echo "ok 1 - a"\necho "ok 2 - b # SKIP later"\necho "1..2"\n' > "$fake/tests/good.sh"
printf 'echo "ok 1 - a"\necho "not ok 2 - b"\necho "# got 1, want 2"\nexit 1\n' > "$fake/tests/bad.sh"
printf 'echo "ok 1 - a"\nkill -SEGV $$\n' > "$fake/tests/crash.sh"
printf 'echo "no tap here"\n' > "$fake/tests/silent.sh"
cat > "$fake/tests/e2e/nested.test.mjs" <<'EOF'
import { describe, it, test } from 'node:test';
describe('group', () => { it('a', () => {}); describe('inner', () => { it('b', () => {}); it('c', () => {}); }); });
test('top', () => {});
EOF
out=$(cd "$fake" && TEST_LOG_DIR="$tmp/logs" bash tests/run.sh 2>&1)
rc=$?
[[ $rc -ne 0 ]]
ok $? "run.sh exits nonzero when a suite fails"
[[ $(tail -n 1 <<<"$out") == "7 passed, 3 failed" ]]
ok $? "run.sh closing line counts leaves, skips, crashes and silent suites (got: $(tail -n 1 <<<"$out"))"
grep -q 'not ok 2 - b' <<<"$out" && grep -q '# got 1, want 2' <<<"$out"
ok $? "run.sh prints failures with their diagnostics"
grep -q 'FAIL tests/crash.sh.*signal' <<<"$out" && grep -q 'FAIL tests/silent.sh.*no TAP' <<<"$out"
ok $? "run.sh names crashed and silent suites"
rm "$fake/tests/bad.sh" "$fake/tests/crash.sh" "$fake/tests/silent.sh"
out=$(cd "$fake" && TEST_LOG_DIR="$tmp/logs" bash tests/run.sh 2>&1)
rc=$?
[[ $rc -eq 0 && $(tail -n 1 <<<"$out") == "5 passed, 0 failed" ]]
ok $? "run.sh exits 0 when all pass (got: $(tail -n 1 <<<"$out"))"

echo "1..$n"
((fails == 0))

/* C unit tests: one program, one TAP stream; each area has its own file and suite function. */
#include "suites.h"

int main(void)
{
    zc_tap t = {0};
    zc_test_core(&t);
    zc_test_grammar(&t);
    zc_test_identifier(&t);
    zc_test_scratch(&t);
    zc_test_budget(&t);
    zc_test_json(&t);
    return zc_tap_done(&t);
}

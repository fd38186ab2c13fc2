/* Default sanitizer options for the ASan/UBSan test binaries (linked into build/test_asan_* and
 * build/test_fuzz_replay): leaks are errors, UB stops the program with a stack trace. ASAN_OPTIONS and
 * UBSAN_OPTIONS in the environment still override these. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);

const char *__asan_default_options(void)
{
    return "detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:"
           "check_initialization_order=1";
}

const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

const char *__lsan_default_options(void)
{
    return "report_objects=1";
}

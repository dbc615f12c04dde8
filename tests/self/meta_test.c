/*
 * Tests of the test machinery itself. These suites deliberately fail, fault
 * or hang, so `ktest` (all) skips every suite whose name starts with
 * "meta_"; the host test suite selects them by name and checks that the
 * runner reports each failure with its name and a non-zero status.
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "mm/mm.h"

KTEST(meta_failures, this_test_passes)
{
	KT_EXPECT_EQ(t, 1 + 1, 2);
}

KTEST(meta_failures, deliberate_expectation_failure)
{
	KT_EXPECT_EQ(t, 1 + 1, 3);
}

KTEST(meta_failures, deliberate_null_dereference)
{
	volatile int *p;

	__asm__("" : "=r"(p) : "0"(4)); /* hide the constant from the compiler */
	*p = 1;
	KT_EXPECT(t, false); /* not reached */
}

KTEST(meta_failures, deliberate_bug)
{
	BUG_ON(t != NULL);
}

/* Passes itself; the suite's leak check must then fail. */
KTEST(meta_failures, deliberately_leaks_a_page)
{
	KT_EXPECT(t, alloc_page(GFP_KERNEL) != NULL);
}

KTEST(meta_failures, runs_after_the_crashes)
{
	KT_EXPECT(t, true);
}

KTEST_TIMEOUT(meta_hang, deliberate_hang, 100000)
{
	for (;;)
		;
}

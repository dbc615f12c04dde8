/*
 * In-kernel self-tests. A test is a function registered with KTEST(suite,
 * name); the linker collects them in the .ktest section and kernel/ktest.c
 * runs the suites named on the command line (`ktest` for all, or
 * `ktest=suite,suite`), each test in a kernel thread of its own, and prints
 * KTAP version 1 on the console: one subtest block per suite, then a
 * summary line, then exits the emulator (status 0 when everything passed).
 *
 * Inside a test, the KT_* checks report a failure as a KTAP diagnostic
 * ("# file:line: ...") and mark the test failed. KT_ASSERT* also end the
 * test at once. A test that faults, panics or hits BUG() is reported as
 * failed with the reason and the run goes on with the next test; a test
 * that runs past its time limit is reported as timed out.
 *
 *   KTEST(printk, formats_integers)
 *   {
 *           char buf[16];
 *           snprintf(buf, sizeof(buf), "%05d", 42);
 *           KT_EXPECT_STREQ(t, buf, "00042");
 *   }
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/types.h"

struct ktest;

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest *t);
	unsigned int timeout_s; /* 0: the default */
	unsigned int line;      /* tests of a suite run in source order */
	const char *needs;      /* a resource it cannot run without (ktest_missing), or NULL */
};

/*
 * A suite whose every test needs a resource (KTEST_SUITE_NEEDS(fs_read,
 * "ram0")); a single test says so with KTEST_NEEDS(suite, name, "ram0").
 * When the resource is missing the runner does not start those tests and
 * reports each as `ok N name # SKIP <why>`.
 */
struct ktest_need {
	const char *suite;
	const char *needs;
};

struct ktest {
	const struct ktest_case *tc;
	int failures;
	bool skipped;
	const char *skip_reason;
	const char *abort_reason;
	unsigned int expected_faults; /* faults the test declared it will cause */
};

#define KTEST_DEFAULT_TIMEOUT_S 120

#define __KTEST(suite, name, timeout, need)                                         \
	static void ktest_fn_##suite##_##name(struct ktest *t);                      \
	static const struct ktest_case ktest_case_##suite##_##name __used            \
		__section(".ktest") __aligned(4) = { #suite, #name,                  \
						     ktest_fn_##suite##_##name, timeout,   \
						     __LINE__, need };                     \
	static void ktest_fn_##suite##_##name(struct ktest *t __attribute__((unused)))

#define KTEST(suite, name) __KTEST(suite, name, 0, NULL)
#define KTEST_TIMEOUT(suite, name, seconds) __KTEST(suite, name, seconds, NULL)
#define KTEST_NEEDS(suite, name, need) __KTEST(suite, name, 0, need)
#define KTEST_SUITE_NEEDS(suite, need)                                               \
	static const struct ktest_need ktest_need_##suite __used                     \
		__section(".ktest_needs") __aligned(4) = { #suite, need }

/*
 * Resources tests may need: "ram0" (the ramdisk GRUB loads as a module;
 * missing when the machine has too little RAM for it), "swap" (at least
 * one enabled swap area: an ATA disk made with mkswap). NULL when present,
 * else a one-line reason for the SKIP directive.
 */
const char *ktest_missing(const char *need);

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void ktest_skip(struct ktest *t, const char *reason);
/* A diagnostic line ("# ...") inside the current test's output. */
void ktest_log(const char *fmt, ...) __printf(1, 2);
void ktest_end_test(void) __noreturn;

#define KT_EXPECT(t, cond)                                                      \
	({                                                                      \
		bool __ok = !!(cond);                                           \
		if (!__ok)                                                      \
			ktest_fail(t, __FILE__, __LINE__, "expected %s", #cond); \
		__ok;                                                           \
	})

#define KT_EXPECT_EQ(t, a, b)                                                        \
	({                                                                           \
		long long __a = (long long)(a), __b = (long long)(b);                \
		bool __ok = __a == __b;                                              \
		if (!__ok)                                                           \
			ktest_fail(t, __FILE__, __LINE__, "expected %s == %s (%lld vs %lld)", \
				   #a, #b, __a, __b);                                \
		__ok;                                                                \
	})

#define KT_EXPECT_NE(t, a, b)                                                        \
	({                                                                           \
		long long __a = (long long)(a), __b = (long long)(b);                \
		bool __ok = __a != __b;                                              \
		if (!__ok)                                                           \
			ktest_fail(t, __FILE__, __LINE__, "expected %s != %s (both %lld)", \
				   #a, #b, __a);                                     \
		__ok;                                                                \
	})

#define KT_EXPECT_STREQ(t, a, b)                                                     \
	({                                                                           \
		const char *__a = (a), *__b = (b);                                   \
		bool __ok = !strcmp(__a, __b);                                       \
		if (!__ok)                                                           \
			ktest_fail(t, __FILE__, __LINE__, "expected %s == %s (\"%s\" vs \"%s\")", \
				   #a, #b, __a, __b);                                \
		__ok;                                                                \
	})

#define KT_ASSERT(t, cond)                   \
	do {                                 \
		if (!KT_EXPECT(t, cond))     \
			ktest_end_test();    \
	} while (0)

#define KT_ASSERT_EQ(t, a, b)                 \
	do {                                  \
		if (!KT_EXPECT_EQ(t, a, b))   \
			ktest_end_test();     \
	} while (0)

/* Called from the arch/panic paths. */
bool ktest_failure_in_test(const char *reason);
void ktest_abort_current(void) __noreturn;
/* The test the current thread runs, or NULL. */
struct ktest *ktest_current(void);
bool ktest_selected(void);
void ktest_run(const char *selection) __noreturn;

#endif

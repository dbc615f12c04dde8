/*
 * A minimal harness for host-compiled unit tests of kernel code: each test
 * program includes this, calls CHECK(...) and ends main() with
 * return host_test_done(); which prints `N passed, N failed`.
 */
#ifndef TESTS_HOST_HOST_TEST_H
#define TESTS_HOST_HOST_TEST_H

#include <stdio.h>

static int host_passed, host_failed;

#define CHECK(name, cond, ...)                                          \
	do {                                                            \
		if (cond) {                                             \
			host_passed++;                                  \
		} else {                                                \
			host_failed++;                                  \
			printf("not ok - %s (%s:%d) ", name, __FILE__, __LINE__); \
			printf(__VA_ARGS__);                            \
			printf("\n");                                   \
		}                                                       \
	} while (0)

static inline int host_test_done(const char *suite)
{
	printf("%s %s: %d checks passed, %d failed\n", host_failed ? "not ok" : "ok", suite,
	       host_passed, host_failed);
	return host_failed != 0;
}

#endif

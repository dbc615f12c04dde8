/*
 * The kernel's vsnprintf agrees with the C library's snprintf: thousands
 * of formats (flags, widths, precisions, length modifiers) over random
 * and edge values, compared byte for byte, return values included.
 * kernel/vsprintf.c is compiled with its names prefixed (k_) beside libc.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host_test.h"

int k_snprintf(char *buf, unsigned int size, const char *fmt, ...);

/* vsprintf.c asks this for %pS; the host has no kernel symbols. */
const char *ksym_lookup(unsigned long addr, unsigned long *off, unsigned long *size);
const char *ksym_lookup(unsigned long addr, unsigned long *off, unsigned long *size)
{
	(void)addr, (void)off, (void)size;
	return NULL;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const flags[] = { "", "-", "0", "+", " ", "#", "-0", "+0", "#0", "- " };
static const char *const widths[] = { "", "1", "5", "12", "20" };
static const char *const precisions[] = { "", ".0", ".3", ".10" };

static void compare(const char *fmt, const char *lib, int libn, const char *mine, int myn)
{
	char name[160];

	snprintf(name, sizeof(name), "format \"%s\"", fmt);
	CHECK(name, libn == myn && !strcmp(lib, mine), "libc \"%s\" (%d) kernel \"%s\" (%d)",
	      lib, libn, mine, myn);
}

static void integer_formats(void)
{
	static const char *const convs[] = { "d", "i", "u", "x", "X", "o", "ld", "lu", "lx",
					     "lld", "llu", "llx", "hd", "hu", "hhu", "hhd" };
	int64_t edges[] = { 0, 1, -1, 42, -42, INT32_MAX, INT32_MIN, UINT32_MAX, INT64_MAX,
			    INT64_MIN, 0x8000, 0xff, 255, 256, -129 };

	for (size_t c = 0; c < sizeof(convs) / sizeof(*convs); c++)
		for (size_t f = 0; f < sizeof(flags) / sizeof(*flags); f++)
			for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++)
				for (size_t p = 0; p < sizeof(precisions) / sizeof(*precisions); p++)
					for (size_t e = 0; e < sizeof(edges) / sizeof(*edges) + 4; e++) {
		char fmt[32], lib[128], mine[128];
		int64_t v = e < sizeof(edges) / sizeof(*edges) ? edges[e] : (int64_t)next();
		int libn, myn;
		const char *conv = convs[c];
		bool is_signed = strchr("di", conv[strlen(conv) - 1]) != NULL;

		/* C leaves '#' with d/u and '+'/' ' with unsigned conversions undefined-ish; skip */
		if (strchr(flags[f], '#') && strchr("diu", conv[strlen(conv) - 1]))
			continue;
		if ((strchr(flags[f], '+') || strchr(flags[f], ' ')) && !is_signed)
			continue;
		snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s]", flags[f], widths[w], precisions[p], conv);
		if (!strncmp(conv, "ll", 2)) {
			libn = snprintf(lib, sizeof(lib), fmt, (long long)v);
			myn = k_snprintf(mine, sizeof(mine), fmt, (long long)v);
		} else {
			libn = snprintf(lib, sizeof(lib), fmt, (int)v);
			myn = k_snprintf(mine, sizeof(mine), fmt, (int)v);
		}
		compare(fmt, lib, libn, mine, myn);
	}
}

static void string_formats(void)
{
	const char *strs[] = { "", "a", "hello", "a longer string of text" };

	for (size_t f = 0; f < 2; f++)
		for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++)
			for (size_t p = 0; p < sizeof(precisions) / sizeof(*precisions); p++)
				for (size_t s = 0; s < sizeof(strs) / sizeof(*strs); s++) {
		char fmt[32], lib[128], mine[128];
		int libn, myn;

		snprintf(fmt, sizeof(fmt), "<%%%s%s%ss>", flags[f], widths[w], precisions[p]);
		libn = snprintf(lib, sizeof(lib), fmt, strs[s]);
		myn = k_snprintf(mine, sizeof(mine), fmt, strs[s]);
		compare(fmt, lib, libn, mine, myn);
	}
}

static void truncation(void)
{
	char lib[8], mine[8];

	for (unsigned int size = 0; size <= sizeof(lib); size++) {
		int libn, myn;

		memset(lib, 'X', sizeof(lib));
		memset(mine, 'X', sizeof(mine));
		libn = snprintf(lib, size, "%d-%s", 12345, "abcdef");
		myn = k_snprintf(mine, size, "%d-%s", 12345, "abcdef");
		CHECK("truncation", libn == myn && !memcmp(lib, mine, sizeof(lib)),
		      "size %u: libc %d kernel %d", size, libn, myn);
	}
}

int main(void)
{
	integer_formats();
	string_formats();
	truncation();
	return host_test_done("vsprintf matches libc snprintf");
}

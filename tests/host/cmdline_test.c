/*
 * kernel/cmdline.c on the host: the same parser, fed hostile lines (very
 * long, only spaces, unbalanced quotes, '=' in odd places) must keep every
 * lookup inside its buffers and give the documented answers; sizes that
 * overflow 64 bits are refused like malformed ones.
 */
#include <stdio.h>
#include <string.h>
#include "host_test.h"
#include "kernel/cmdline.h"

int main(void)
{
	char big[2000];

	CHECK("empty line", cmdline_parse("") == 0, "count %u", cmdline_count());
	CHECK("spaces only", cmdline_parse("     \t  ") == 0, "count %u", cmdline_count());
	cmdline_parse("a=b=c =x y= \"unbalanced z");
	CHECK("value keeps later '='", !strcmp(cmdline_get("a"), "b=c"), "got %s", cmdline_get("a"));
	CHECK("empty key is stored", cmdline_get("") && !strcmp(cmdline_get(""), "x"), "");
	CHECK("empty value", cmdline_get("y") && !strcmp(cmdline_get("y"), ""), "");
	CHECK("unbalanced quote runs to the end", cmdline_get("unbalanced z") != NULL, "");
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	cmdline_parse(big);
	CHECK("an overlong line is cut to the buffer", strlen(cmdline_raw()) == 511,
	      "len %zu", strlen(cmdline_raw()));
	cmdline_parse("mem=0x1000 n=010 z=99999999999999999999M");
	CHECK("hex size", cmdline_get_size("mem", 0) == 0x1000, "");
	CHECK("octal size", cmdline_get_size("n", 0) == 8, "");
	CHECK("overflowing digits are refused", cmdline_get_size("z", 77) == 77, "got %llu",
	      cmdline_get_size("z", 77));

	/* Sizes: what is accepted, and every kind of overflow refused like garbage. */
	static const struct {
		const char *s;
		int ok;
		unsigned long long v;
	} sizes[] = {
		{ "0", 1, 0 },
		{ "1", 1, 1 },
		{ "64M", 1, 64ULL << 20 },
		{ "64m", 1, 64ULL << 20 },
		{ "3G", 1, 3ULL << 30 },
		{ "512k", 1, 512ULL << 10 },
		{ "0x10M", 1, 16ULL << 20 },
		{ "010", 1, 8 },
		{ "4294967296", 1, 1ULL << 32 },                 /* past 32 bits: fine in 64 */
		{ "18446744073709551615", 1, ~0ULL },             /* the largest u64 */
		{ "17179869183G", 1, 17179869183ULL << 30 },      /* the largest G that fits */
		{ "0xffffffffffffffff", 1, ~0ULL },
		{ "18446744073709551616", 0, 0 },                 /* u64 max + 1 */
		{ "99999999999999999999", 0, 0 },
		{ "99999999999G", 0, 0 },                         /* issue 13: used to wrap */
		{ "17179869184G", 0, 0 },                         /* 2^34 G = 2^64 */
		{ "17592186044416M", 0, 0 },                      /* 2^44 M = 2^64 */
		{ "18014398509481984K", 0, 0 },                   /* 2^54 K = 2^64 */
		{ "0x10000000000000000", 0, 0 },
		{ "", 0, 0 },
		{ "M", 0, 0 },
		{ "0x", 0, 0 },
		{ "0xM", 0, 0 },
		{ "-1", 0, 0 },
		{ "+1", 0, 0 },
		{ " 1", 0, 0 },
		{ "1 ", 0, 0 },
		{ "12Q", 0, 0 },
		{ "1MM", 0, 0 },
		{ "1MB", 0, 0 },
		{ "08", 0, 0 },                                   /* not octal */
		{ "1.5G", 0, 0 },
	};
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned long long v = 12345;
		int r = cmdline_parse_size(sizes[i].s, &v);

		if (sizes[i].ok)
			CHECK(sizes[i].s, r == 0 && v == sizes[i].v, "r %d v %llu", r, v);
		else
			CHECK(sizes[i].s, r == -1 && v == 12345, "r %d v %llu (expected refusal)", r, v);
	}
	CHECK("NULL size", cmdline_parse_size(NULL, NULL) == -1, "");
	cmdline_parse("mem=99999999999G mem2=1M");
	CHECK("mem=99999999999G falls back to the default", cmdline_get_size("mem", 0) == 0,
	      "got %llu", cmdline_get_size("mem", 0));
	CHECK("mem2=1M", cmdline_get_size("mem2", 0) == 1ULL << 20, "");
	return host_test_done("cmdline parser on hostile input");
}

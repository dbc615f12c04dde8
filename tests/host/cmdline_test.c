/*
 * kernel/cmdline.c on the host: the same parser, fed hostile lines (very
 * long, only spaces, unbalanced quotes, '=' in odd places) must keep every
 * lookup inside its buffers and give the documented answers.
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
	return host_test_done("cmdline parser on hostile input");
}

/* The command line splits into key and key=value words; lookups and sizes work. */
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "kernel/string.h"
#include "kernel/printk.h"

static char saved[512];

static void save(void)
{
	strlcpy(saved, cmdline_raw(), sizeof(saved));
}

static void restore(void)
{
	cmdline_parse(saved);
}

KTEST(cmdline, parses_keys_and_values)
{
	save();
	KT_EXPECT_EQ(t, cmdline_parse("  ktest=printk,cmdline quiet  mem=64M init=/bin/sh "), 4);
	KT_EXPECT_STREQ(t, cmdline_get("ktest"), "printk,cmdline");
	KT_EXPECT_STREQ(t, cmdline_get("quiet"), "");
	KT_EXPECT_STREQ(t, cmdline_get("init"), "/bin/sh");
	KT_EXPECT(t, cmdline_get("noswap") == NULL);
	KT_EXPECT(t, cmdline_has("quiet"));
	KT_EXPECT(t, !cmdline_has("qui"));
	restore();
}

KTEST(cmdline, parses_sizes)
{
	save();
	cmdline_parse("mem=64M a=3G b=512k c=4096 bad=12Q empty=");
	KT_EXPECT_EQ(t, cmdline_get_size("mem", 0), 64ULL << 20);
	KT_EXPECT_EQ(t, cmdline_get_size("a", 0), 3ULL << 30);
	KT_EXPECT_EQ(t, cmdline_get_size("b", 0), 512ULL << 10);
	KT_EXPECT_EQ(t, cmdline_get_size("c", 0), 4096);
	KT_EXPECT_EQ(t, cmdline_get_size("bad", 7), 7);
	KT_EXPECT_EQ(t, cmdline_get_size("empty", 9), 9);
	KT_EXPECT_EQ(t, cmdline_get_size("missing", 5), 5);
	cmdline_parse("huge=99999999999G big=17179869184G top=17179869183G");
	KT_EXPECT_EQ(t, cmdline_get_size("huge", 6), 6); /* overflows: refused, not wrapped */
	KT_EXPECT_EQ(t, cmdline_get_size("big", 6), 6);
	KT_EXPECT_EQ(t, cmdline_get_size("top", 6), 17179869183ULL << 30);
	restore();
}

KTEST(cmdline, handles_quotes_repeats_and_overflow)
{
	char many[400];
	size_t len = 0;

	save();
	cmdline_parse("msg=\"hello world\" x=1 x=2");
	KT_EXPECT_STREQ(t, cmdline_get("msg"), "hello world");
	KT_EXPECT_STREQ(t, cmdline_get("x"), "2");
	for (int i = 0; i < CMDLINE_MAX_PARAMS + 5; i++)
		len += snprintf(many + len, sizeof(many) - len, "k%d ", i);
	KT_EXPECT_EQ(t, cmdline_parse(many), -1);
	KT_EXPECT_EQ(t, cmdline_count(), CMDLINE_MAX_PARAMS);
	KT_EXPECT_EQ(t, cmdline_parse(""), 0);
	restore();
}

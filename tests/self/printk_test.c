/* printk and vsnprintf produce exactly the text the C formats promise. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

#define EXPECT_FMT(t, expected, ...)                              \
	do {                                                      \
		char __buf[128];                                  \
		int __n = snprintf(__buf, sizeof(__buf), __VA_ARGS__); \
		KT_EXPECT_STREQ(t, __buf, expected);              \
		KT_EXPECT_EQ(t, __n, (int)strlen(expected));      \
	} while (0)

KTEST(printk, formats_integers)
{
	EXPECT_FMT(t, "42", "%d", 42);
	EXPECT_FMT(t, "-42", "%i", -42);
	EXPECT_FMT(t, "4294967295", "%u", 0xffffffffu);
	EXPECT_FMT(t, "-2147483648", "%d", (int)0x80000000);
	EXPECT_FMT(t, "deadbeef", "%x", 0xdeadbeefu);
	EXPECT_FMT(t, "DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT_FMT(t, "0x1f", "%#x", 31);
	EXPECT_FMT(t, "17", "%o", 15);
	EXPECT_FMT(t, "0", "%x", 0);
}

KTEST(printk, formats_widths_and_padding)
{
	EXPECT_FMT(t, "   42", "%5d", 42);
	EXPECT_FMT(t, "42   |", "%-5d|", 42);
	EXPECT_FMT(t, "00042", "%05d", 42);
	EXPECT_FMT(t, "-0042", "%05d", -42);
	EXPECT_FMT(t, "0000beef", "%08x", 0xbeef);
	EXPECT_FMT(t, "+7", "%+d", 7);
	EXPECT_FMT(t, "  007", "%5.3d", 7);
	EXPECT_FMT(t, "   ab", "%*s", 5, "ab");
	EXPECT_FMT(t, "ab   |", "%-*s|", 5, "ab");
}

KTEST(printk, formats_long_and_long_long)
{
	EXPECT_FMT(t, "2147483647", "%ld", 2147483647L);
	EXPECT_FMT(t, "ffffffff", "%lx", 0xffffffffUL);
	EXPECT_FMT(t, "18446744073709551615", "%llu", 0xffffffffffffffffULL);
	EXPECT_FMT(t, "-9223372036854775808", "%lld", (long long)0x8000000000000000ULL);
	EXPECT_FMT(t, "123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	EXPECT_FMT(t, "0000000100000000", "%016llx", 0x100000000ULL);
	EXPECT_FMT(t, "65535", "%hu", 0x1ffff);
	EXPECT_FMT(t, "255", "%hhu", 0x1ff);
}

KTEST(printk, formats_strings_chars_pointers)
{
	EXPECT_FMT(t, "hello world", "%s %s", "hello", "world");
	const char *volatile null_string = NULL;

	EXPECT_FMT(t, "(null)", "%s", null_string);
	EXPECT_FMT(t, "hel", "%.3s", "hello");
	EXPECT_FMT(t, "x", "%c", 'x');
	EXPECT_FMT(t, "  x", "%3c", 'x');
	EXPECT_FMT(t, "100%", "%d%%", 100);
	EXPECT_FMT(t, "0xc0100000", "%p", (void *)0xc0100000);
}

KTEST(printk, truncates_and_reports_full_length)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	KT_EXPECT_EQ(t, n, 10);
	KT_EXPECT_STREQ(t, buf, "0123456");
	n = snprintf(buf, 1, "abc");
	KT_EXPECT_EQ(t, n, 3);
	KT_EXPECT_EQ(t, buf[0], 0);
}

KTEST(printk, symbolizes_code_addresses)
{
	char buf[96], expected[96];
	unsigned long addr = ksym_address("snprintf");

	KT_ASSERT(t, addr != 0);
	snprintf(buf, sizeof(buf), "%pS", (void *)(addr + 3));
	snprintf(expected, 16, "snprintf+0x3/");
	KT_EXPECT_EQ(t, strncmp(buf, expected, strlen(expected)), 0);
	if (strncmp(buf, expected, strlen(expected)))
		ktest_log("got '%s'", buf);
}

KTEST(printk, keeps_messages_in_the_log)
{
	char tail[128];

	printk(KERN_DEBUG "ktest-log-marker-%d\n", 1234);
	log_read_tail(tail, sizeof(tail));
	KT_EXPECT(t, strstr(tail, "ktest-log-marker-1234") != NULL);
}

KTEST(printk, log_records_carry_level_and_time)
{
	char tail[256];
	const char *m;

	printk(KERN_WARNING "ktest-record-%d\n", 77);
	printk(KERN_ERR "ktest-part-one ");
	printk("and-two\n");
	log_read_tail(tail, sizeof(tail));
	m = strstr(tail, "ktest-record-77");
	KT_ASSERT(t, m != NULL);
	/* "<4>[    s.uuuuuu] " in front: 3 + 1 + 5 + 1 + 6 + 2 bytes at least */
	KT_ASSERT(t, m - tail >= 18);
	KT_EXPECT_EQ(t, m[-2], ']');
	KT_EXPECT_EQ(t, m[-9], '.');
	while (m > tail && m[-1] != '\n')
		m--;
	KT_EXPECT_EQ(t, strncmp(m, "<4>[", 4), 0);
	/* a continuation adds no prefix of its own */
	KT_EXPECT(t, strstr(tail, "] ktest-part-one and-two\n") != NULL);
}

KTEST(printk, log_record_at_finds_line_starts)
{
	size_t before = log_head, at;
	char buf[8];

	printk(KERN_INFO "ktest-line-start\n");
	at = log_record_at(before + 1);
	KT_EXPECT_EQ(t, (long)at, (long)log_head); /* no line starts inside the one just written */
	KT_EXPECT_EQ(t, (long)log_record_at(before), (long)before);
	KT_EXPECT_EQ(t, (long)log_copy(before, buf, 3, NULL), 3L);
	KT_EXPECT_EQ(t, strncmp(buf, "<6>", 3), 0);
	KT_EXPECT_EQ(t, (long)log_copy(log_head + 1, buf, 3, NULL), 0L);
}



KTEST(printk, syslog_console_level_actions)
{
	int saved = console_loglevel;

	KT_EXPECT_EQ(t, sys_syslog(8, NULL, 3), 0L);
	KT_EXPECT_EQ(t, console_loglevel, 3);
	KT_EXPECT_EQ(t, sys_syslog(8, NULL, 9), -22L);
	KT_EXPECT_EQ(t, console_loglevel, 3);
	KT_EXPECT_EQ(t, sys_syslog(6, NULL, 0), 0L);
	KT_EXPECT_EQ(t, console_loglevel, 1);
	KT_EXPECT_EQ(t, sys_syslog(6, NULL, 0), 0L); /* a second OFF keeps the first saved level */
	KT_EXPECT_EQ(t, sys_syslog(7, NULL, 0), 0L);
	KT_EXPECT_EQ(t, console_loglevel, 3);
	KT_EXPECT_EQ(t, sys_syslog(10, NULL, 0), (long)LOG_BUF_SIZE);
	KT_EXPECT_EQ(t, sys_syslog(11, NULL, 0), -22L);
	console_loglevel = saved;
}

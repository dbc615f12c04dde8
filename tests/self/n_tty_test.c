/*
 * The line discipline (drivers/n_tty.c) fed by a fake line: bytes go in
 * through tty_receive as the UART's interrupt would hand them over, what
 * the tty sends back (echo, processed output) is taken from its output
 * ring, and reads go through n_tty_read. Suite `n_tty`.
 */
#include "kernel/ktest.h"
#include "drivers/tty.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"

static struct tty fake; /* about 10 KiB: not on a kernel stack */

static bool fake_connected(struct tty *tty)
{
	return true;
}

static const struct tty_driver_ops fake_ops = { .connected = fake_connected };

static void fresh(void)
{
	tty_init(&fake, "fake", &fake_ops, NULL);
}

static void feed(const char *s)
{
	unsigned long flags = arch_irq_save();

	tty_receive(&fake, (const u8 *)s, strlen(s));
	arch_irq_restore(flags);
}

/* What the tty sent back since last time, NUL-terminated in buf. */
static const char *sent(char *buf, size_t size)
{
	unsigned long flags = arch_irq_save();
	size_t n = 0;
	int c;

	while (n + 1 < size && (c = tty_get_output(&fake)) >= 0)
		buf[n++] = (char)c;
	buf[n] = 0;
	arch_irq_restore(flags);
	return buf;
}

/* One read (non-blocking unless told), NUL-terminated; the count in *r. */
static const char *rd(char *buf, size_t n, ssize_t *r, bool block)
{
	*r = n_tty_read(&fake, (u8 *)buf, n - 1, !block);
	buf[*r > 0 ? *r : 0] = 0;
	return buf;
}

static void set_lflag(u32 on, u32 off)
{
	struct ktermios t = fake.termios;

	t.c_lflag = (t.c_lflag | on) & ~off;
	n_tty_set_termios(&fake, &t);
}

KTEST(n_tty, canonical_line_with_erase_and_echo)
{
	char out[128], in[64];
	ssize_t r;

	fresh();
	feed("ab\x7f" "c");
	KT_EXPECT_EQ(t, n_tty_readable(&fake), 0);       /* no finished line yet */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "");
	KT_EXPECT_EQ(t, r, -EAGAIN);
	feed("\r");                                      /* ICRNL: CR ends the line as NL */
	KT_EXPECT_EQ(t, n_tty_readable(&fake), 3);
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "ac\n");
	KT_EXPECT_EQ(t, r, 3);
	/* ECHOE: the erased b is rubbed out; ONLCR sends NL as CR NL */
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "ab\b \bc\r\n");
	feed("x\b\n");                                   /* ^H erases too */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "\n");
}

KTEST(n_tty, kill_and_word_erase)
{
	char out[128], in[64];
	ssize_t r;

	fresh();
	feed("abc\x15" "d\n");                           /* ^U kills the line */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "d\n");
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "abc\b \b\b \b\b \bd\r\n"); /* ECHOKE */
	feed("foo bar  \x17" "baz\n");                   /* ^W: the blanks and the word before */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "foo baz\n");
	feed("one\x17\x17\x7f" "two\n");                 /* erasing past the line start does nothing */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "two\n");
	set_lflag(0, ECHOKE);                            /* ECHOK without ECHOKE: ^U echoed, then NL */
	sent(out, sizeof(out));
	feed("xy\x15");
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "xy^U\r\n");
}

KTEST(n_tty, eof_ends_a_line_without_a_byte)
{
	char in[64];
	ssize_t r;

	fresh();
	feed("ab\x04");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "ab");
	KT_EXPECT_EQ(t, r, 2);
	feed("\x04");                                    /* at the start of a line: end of file */
	rd(in, sizeof(in), &r, false);
	KT_EXPECT_EQ(t, r, 0);
	rd(in, sizeof(in), &r, false);                   /* and only once */
	KT_EXPECT_EQ(t, r, -EAGAIN);
	feed("hello\n");                                 /* a short read leaves the rest of the line */
	KT_EXPECT_STREQ(t, rd(in, 4, &r, false), "hel");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "lo\n");
	feed("1\n2\n");                                  /* one line per read */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "1\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "2\n");
}

KTEST(n_tty, control_characters_echo_as_caret_and_rub_out_two_columns)
{
	char out[128], in[64];
	ssize_t r;

	fresh();
	feed("a\x01");
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "a^A");
	feed("\x7f");
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "\b \b\b \b");
	feed("\t\x7f");                                  /* a tab rubs out to where it started */
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "\t\b\b\b\b\b\b\b");
	feed("\x16\x15\n");                              /* ^V: the next byte is data */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "a\x15\n");
	set_lflag(0, ECHO);                              /* no echo at all */
	sent(out, sizeof(out));
	feed("secret\n");
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "secret\n");
}

KTEST(n_tty, isig_signals_the_foreground_group_and_flushes)
{
	struct task *me = current;
	bool was_user = me->is_user;
	int old_pgid = me->pgid, old_tgid = me->tgid;
	char out[128], in[64];
	ssize_t r;
	ksigset_t got;
	unsigned long flags;

	fresh();
	/* this thread stands in for a process of the foreground group for a moment */
	flags = arch_irq_save();
	me->is_user = true;
	me->tgid = me->pid;
	me->pgid = 30001;
	me->sig.blocked |= sigmask(SIGINT) | sigmask(SIGQUIT) | sigmask(SIGTSTP);
	arch_irq_restore(flags);
	fake.pgrp = 30001;
	feed("abc\x03");
	feed("\x1c");
	feed("\x1a");
	flags = arch_irq_save();
	got = me->sig.pending & (sigmask(SIGINT) | sigmask(SIGQUIT) | sigmask(SIGTSTP));
	me->sig.pending &= ~got;
	me->sig.blocked &= ~(sigmask(SIGINT) | sigmask(SIGQUIT) | sigmask(SIGTSTP));
	me->is_user = was_user;
	me->pgid = old_pgid;
	me->tgid = old_tgid;
	arch_irq_restore(flags);
	KT_EXPECT(t, got & sigmask(SIGINT));
	KT_EXPECT(t, got & sigmask(SIGQUIT));
	KT_EXPECT(t, got & sigmask(SIGTSTP));
	/* the pending "abc" was flushed, with what had not been sent yet */
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "^Z");
	feed("\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "\n");
	/* without ISIG ^C is data */
	set_lflag(0, ISIG);
	feed("\x03\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "\x03\n");
	/* NOFLSH keeps the input */
	set_lflag(ISIG | NOFLSH, 0);
	fake.pgrp = 0;
	feed("keep\x03" "\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "keep\n");
}

KTEST(n_tty, input_and_output_newline_mapping)
{
	struct ktermios tm;
	char out[128], in[64];
	ssize_t r;

	fresh();
	tm = fake.termios;
	tm.c_iflag = INLCR;                              /* NL becomes CR: no line ends */
	tm.c_lflag &= ~ECHO;
	n_tty_set_termios(&fake, &tm);
	feed("a\n");
	KT_EXPECT_EQ(t, n_tty_readable(&fake), 0);
	tm.c_iflag = IGNCR;                              /* CR dropped */
	n_tty_set_termios(&fake, &tm);
	feed("b\r\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "a\rb\n");
	/* output: ONLCR, then OPOST off, then OCRNL and ONOCR */
	KT_EXPECT_EQ(t, n_tty_write(&fake, (const u8 *)"x\ny", 3, true), 3);
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "x\r\ny");
	tm.c_oflag = 0;
	n_tty_set_termios(&fake, &tm);
	n_tty_write(&fake, (const u8 *)"x\ny", 3, true);
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "x\ny");
	tm.c_oflag = OPOST | OCRNL;
	n_tty_set_termios(&fake, &tm);
	n_tty_write(&fake, (const u8 *)"p\rq", 3, true);
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "p\nq");
	tm.c_oflag = OPOST | ONOCR;
	n_tty_set_termios(&fake, &tm);
	/* the q left column 1: the first CR goes, the second (at column 0) does not */
	n_tty_write(&fake, (const u8 *)"\r\rz\r", 4, true);
	KT_EXPECT_STREQ(t, sent(out, sizeof(out)), "\rz\r");
}

KTEST(n_tty, full_output_ring_blocks_or_says_eagain)
{
	static u8 big[TTY_OUT_BUF + 10];
	char out[8];

	fresh();
	memset(big, 'x', sizeof(big));
	KT_EXPECT_EQ(t, n_tty_write(&fake, big, sizeof(big), true), TTY_OUT_BUF);
	KT_EXPECT_EQ(t, n_tty_write(&fake, big, 1, true), -EAGAIN);
	KT_EXPECT_EQ(t, tty_output_pending(&fake), TTY_OUT_BUF);
	sent(out, sizeof(out));                          /* 7 bytes leave: room for 7 */
	KT_EXPECT_EQ(t, n_tty_write(&fake, big, 10, true), 7);
	/* ^S holds output, ^Q lets it go */
	fresh();
	feed("\x13");
	n_tty_write(&fake, (const u8 *)"ab", 2, true);
	KT_EXPECT_EQ(t, tty_get_output(&fake), -1);
	feed("\x11");
	KT_EXPECT_EQ(t, tty_get_output(&fake), 'a');
}

KTEST(n_tty, noncanonical_vmin_vtime)
{
	struct ktermios tm;
	char in[64];
	ssize_t r;
	unsigned long start;

	fresh();
	tm = fake.termios;
	tm.c_lflag &= ~(ICANON | ECHO);
	tm.c_cc[VMIN] = 0;
	tm.c_cc[VTIME] = 0;
	n_tty_set_termios(&fake, &tm);
	rd(in, sizeof(in), &r, true);                    /* MIN 0 TIME 0: what there is, even nothing */
	KT_EXPECT_EQ(t, r, 0);
	feed("ab");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, true), "ab");
	feed("\x7f\x15");                                /* no editing without ICANON */
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, true), "\x7f\x15");

	tm.c_cc[VTIME] = 2;                              /* MIN 0 TIME 2: up to 0.2 s for a byte */
	n_tty_set_termios(&fake, &tm);
	start = jiffies;
	rd(in, sizeof(in), &r, true);
	KT_EXPECT_EQ(t, r, 0);
	KT_EXPECT(t, jiffies - start >= 20);
	KT_EXPECT(t, jiffies - start < 100);

	tm.c_cc[VMIN] = 2;                               /* MIN 2 TIME 0: two bytes */
	tm.c_cc[VTIME] = 0;
	n_tty_set_termios(&fake, &tm);
	feed("xyz");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, true), "xyz");
	feed("q");
	rd(in, sizeof(in), &r, false);                   /* non-blocking takes one */
	KT_EXPECT_EQ(t, r, 1);
	rd(in, sizeof(in), &r, false);
	KT_EXPECT_EQ(t, r, -EAGAIN);

	tm.c_cc[VMIN] = 5;                               /* MIN 5 TIME 1: the inter-byte timer ends it */
	tm.c_cc[VTIME] = 1;
	n_tty_set_termios(&fake, &tm);
	feed("12");
	start = jiffies;
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, true), "12");
	KT_EXPECT(t, jiffies - start >= 10);

	/* going back to canonical mode: raw bytes become the line being edited */
	feed("ab");
	tm.c_lflag |= ICANON;
	n_tty_set_termios(&fake, &tm);
	KT_EXPECT_EQ(t, n_tty_readable(&fake), 0);
	feed("\n");
	KT_EXPECT_STREQ(t, rd(in, sizeof(in), &r, false), "ab\n");
}

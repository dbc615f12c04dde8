/*
 * The line discipline (Linux's N_TTY, as POSIX describes the general
 * terminal interface): what happens to bytes between the line and the
 * processes.
 *
 * Input runs byte by byte in the driver's interrupt handler
 * (n_tty_receive_byte): ISTRIP, IGNCR/ICRNL/INLCR, then the special
 * characters: ISIG's VINTR/VQUIT/VSUSP post SIGINT/SIGQUIT/SIGTSTP to the
 * foreground process group (flushing input and output unless NOFLSH),
 * IXON's VSTOP/VSTART hold and release output, and in canonical mode
 * VERASE (and ^H too, for terminals that send it for backspace: Linux
 * takes only VERASE), VKILL, VWERASE, VLNEXT, VREPRINT edit the line, VEOF
 * ends it without a byte, NL/VEOL/VEOL2 end it with one. Echo (ECHO,
 * ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL's ^X form) goes straight into the
 * output ring and never waits: with the ring full it is dropped.
 *
 * The input ring holds read_tail <= canon_head <= read_head (indices run
 * freely and wrap through the mask): in canonical mode readers see only
 * finished lines (up to canon_head); each line's last byte is flagged
 * F_EOL, and a VEOF byte is flagged F_EOF and never handed out. Without
 * ICANON everything up to read_head is readable, and VMIN/VTIME decide
 * when a read returns.
 *
 * Output (n_tty_write) applies OPOST's ONLCR, OCRNL, ONOCR, ONLRET and
 * OLCUC, tracks the column for echo erase of tabs, and sleeps while the
 * output ring is full.
 *
 * Locking: every ring index and mode bit changes with interrupts off;
 * readers and writers copy out under the same rule, one byte of state at a
 * time, then sleep with interrupts on (tty.h).
 */
#include "drivers/tty.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"

#define MASK(i) ((i) & (N_TTY_BUF - 1))
#define OMASK(i) ((i) & (TTY_OUT_BUF - 1))
#define F_EOL 1 /* the last byte of a line */
#define F_EOF 2 /* a VEOF that ended a line: not handed out */
#define F_ECHOCTL 4 /* echoed as two columns (^X) */

#define L(tty, f) ((tty)->termios.c_lflag & (f))
#define I(tty, f) ((tty)->termios.c_iflag & (f))
#define O(tty, f) ((tty)->termios.c_oflag & (f))
#define CC(tty, v) ((tty)->termios.c_cc[v])

static bool connected(struct tty *tty)
{
	return !tty->ops || !tty->ops->connected || tty->ops->connected(tty);
}

/* -------------------------------------------------------------- output -- */

static unsigned int out_room(struct tty *tty)
{
	return TTY_OUT_BUF - (tty->out_head - tty->out_tail);
}

static void out_raw(struct tty *tty, u8 c)
{
	tty->obuf[OMASK(tty->out_head++)] = c;
}

/*
 * One byte through OPOST into the output ring: false (nothing queued)
 * when the ring lacks room for what it becomes.
 */
static bool out_byte(struct tty *tty, u8 c)
{
	if (!O(tty, OPOST)) {
		if (!out_room(tty))
			return false;
		out_raw(tty, c);
		return true;
	}
	switch (c) {
	case '\n':
		if (O(tty, ONLRET))
			tty->column = 0;
		if (O(tty, ONLCR)) {
			if (out_room(tty) < 2)
				return false;
			out_raw(tty, '\r');
			tty->column = 0;
		} else if (!out_room(tty)) {
			return false;
		}
		tty->canon_column = tty->column;
		out_raw(tty, '\n');
		return true;
	case '\r':
		if (O(tty, ONOCR) && tty->column == 0)
			return true;
		if (!out_room(tty))
			return false;
		if (O(tty, OCRNL)) {
			if (O(tty, ONLRET))
				tty->column = 0;
			out_raw(tty, '\n');
			tty->canon_column = tty->column;
			return true;
		}
		tty->column = tty->canon_column = 0;
		out_raw(tty, '\r');
		return true;
	case '\t':
		if (!out_room(tty))
			return false;
		tty->column = (tty->column | 7) + 1;
		out_raw(tty, '\t');
		return true;
	case '\b':
		if (!out_room(tty))
			return false;
		if (tty->column)
			tty->column--;
		out_raw(tty, '\b');
		return true;
	}
	if (!out_room(tty))
		return false;
	if (O(tty, OLCUC) && c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (c >= 0x20 && c != 0x7f)
		tty->column++;
	out_raw(tty, c);
	return true;
}

static void kick(struct tty *tty)
{
	if (tty->out_head != tty->out_tail && tty->ops && tty->ops->start_output)
		tty->ops->start_output(tty);
}

/* ---------------------------------------------------------------- echo -- */

static bool is_ctl_echoed(struct tty *tty, u8 c)
{
	return L(tty, ECHOCTL) && (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' &&
	       c != CC(tty, VSTART) && c != CC(tty, VSTOP);
}

/* Echo an input byte as ECHOCTL wants it (^X for control characters). */
static void echo_char(struct tty *tty, u8 c)
{
	if (is_ctl_echoed(tty, c)) {
		if (out_room(tty) >= 2) {
			out_raw(tty, '^');
			out_raw(tty, c ^ 0100);
			tty->column += 2;
		}
		return;
	}
	out_byte(tty, c);
}

static void echo_str(struct tty *tty, const char *s)
{
	while (*s)
		out_byte(tty, (u8)*s++);
}

/* The output column after echoing the line being edited up to index end. */
static unsigned int column_at(struct tty *tty, unsigned int end)
{
	unsigned int col = tty->canon_column;

	for (unsigned int i = tty->canon_head; i != end; i++) {
		u8 c = tty->rbuf[MASK(i)];

		if (c == '\t')
			col = (col | 7) + 1;
		else if (tty->rflags[MASK(i)] & F_ECHOCTL)
			col += 2;
		else if (c >= 0x20 && c != 0x7f)
			col++;
	}
	return col;
}

/* Rub out the last byte of the line being edited from the screen (ECHOE). */
static void echo_rubout(struct tty *tty, unsigned int idx)
{
	u8 c = tty->rbuf[MASK(idx)];
	unsigned int width;

	if (!L(tty, ECHO))
		return;
	if (!L(tty, ECHOE)) {
		echo_char(tty, CC(tty, VERASE));
		return;
	}
	if (c == '\t') {
		unsigned int before = column_at(tty, idx);

		width = tty->column > before ? tty->column - before : 0;
		while (width--)
			out_byte(tty, '\b');
		return;
	}
	width = (tty->rflags[MASK(idx)] & F_ECHOCTL) ? 2 : (c >= 0x20 && c != 0x7f) ? 1 : 0;
	while (width--)
		echo_str(tty, "\b \b");
}

/* ----------------------------------------------------------- input ring -- */

static unsigned int in_used(struct tty *tty)
{
	return tty->read_head - tty->read_tail;
}

static void put_input(struct tty *tty, u8 c, u8 flags)
{
	tty->rbuf[MASK(tty->read_head)] = c;
	tty->rflags[MASK(tty->read_head)] = flags;
	tty->read_head++;
}

static void end_line(struct tty *tty)
{
	tty->rflags[MASK(tty->read_head - 1)] |= F_EOL;
	tty->canon_head = tty->read_head;
	tty->canon_column = tty->column;
	wake_up(&tty->read_wait);
}

void n_tty_flush_input(struct tty *tty)
{
	tty->read_tail = tty->canon_head = tty->read_head = 0;
	tty->lnext = false;
	tty->canon_column = tty->column;
	wake_up(&tty->write_wait); /* a writer in TCSETSF does not wait on input, but readers recheck */
}

void n_tty_flush_output(struct tty *tty)
{
	tty->out_head = tty->out_tail = 0;
	wake_up(&tty->write_wait);
}

void n_tty_start(struct tty *tty)
{
	tty->stopped = false;
	kick(tty);
}

/* ------------------------------------------------------------- editing -- */

static bool is_word_char(u8 c)
{
	return c != ' ' && c != '\t';
}

/* VERASE (one byte), VWERASE (a word and the blanks after it) or VKILL (the line). */
static void erase(struct tty *tty, u8 kind)
{
	bool seen_word = false;

	if (tty->read_head == tty->canon_head)
		return;
	if (kind == VKILL && !L(tty, ECHO)) {
		tty->read_head = tty->canon_head;
		return;
	}
	if (kind == VKILL && (!L(tty, ECHOK) || !L(tty, ECHOKE) || !L(tty, ECHOE))) {
		tty->read_head = tty->canon_head;
		echo_char(tty, CC(tty, VKILL));
		if (L(tty, ECHOK))
			out_byte(tty, '\n');
		return;
	}
	while (tty->read_head != tty->canon_head) {
		unsigned int last = tty->read_head - 1;
		u8 c = tty->rbuf[MASK(last)];

		if (kind == VWERASE) {
			if (is_word_char(c))
				seen_word = true;
			else if (seen_word)
				break;
		}
		echo_rubout(tty, last);
		tty->read_head = last;
		if (kind == VERASE)
			break;
	}
}

/* VREPRINT: the line again on a new line. */
static void reprint(struct tty *tty)
{
	echo_char(tty, CC(tty, VREPRINT));
	out_byte(tty, '\n');
	tty->canon_column = tty->column;
	for (unsigned int i = tty->canon_head; i != tty->read_head; i++)
		echo_char(tty, tty->rbuf[MASK(i)]);
}

/* ISIG: a signal to the foreground process group, input and output flushed unless NOFLSH. */
static void signal_char(struct tty *tty, u8 c, int sig)
{
	if (!L(tty, NOFLSH)) {
		n_tty_flush_input(tty);
		n_tty_flush_output(tty);
	}
	if (I(tty, IXON))
		tty->stopped = false;
	if (L(tty, ECHO))
		echo_char(tty, c);
	tty->canon_column = tty->column;
	if (tty->pgrp)
		kill_pgrp_priv(tty->pgrp, sig);
}

static bool matches(struct tty *tty, u8 c, int slot)
{
	return CC(tty, slot) != 0 && c == CC(tty, slot); /* _POSIX_VDISABLE is 0 */
}

/* A byte in canonical mode after the signal and flow characters. */
static void canon_byte(struct tty *tty, u8 c)
{
	bool ext = L(tty, IEXTEN);
	unsigned int room = N_TTY_BUF - 1 - in_used(tty);

	if (matches(tty, c, VERASE) || c == '\b') {
		erase(tty, VERASE);
		return;
	}
	if (matches(tty, c, VKILL)) {
		erase(tty, VKILL);
		return;
	}
	if (ext && matches(tty, c, VWERASE)) {
		erase(tty, VWERASE);
		return;
	}
	if (ext && matches(tty, c, VLNEXT)) {
		tty->lnext = true;
		if (L(tty, ECHO) && L(tty, ECHOCTL) && out_room(tty) >= 2) {
			echo_str(tty, "^\b");
		}
		return;
	}
	if (ext && matches(tty, c, VREPRINT)) {
		if (L(tty, ECHO))
			reprint(tty);
		return;
	}
	if (matches(tty, c, VEOF)) {
		if (!room)
			return;
		put_input(tty, c, F_EOF);
		end_line(tty);
		return;
	}
	if (c == '\n' || matches(tty, c, VEOL) || (ext && matches(tty, c, VEOL2))) {
		if (!room)
			return;
		if (L(tty, ECHO) || (c == '\n' && L(tty, ECHONL))) {
			if (c == '\n')
				out_byte(tty, '\n');
			else
				echo_char(tty, c);
		}
		put_input(tty, c, 0);
		end_line(tty);
		return;
	}
	/* keep room for the byte that ends the line */
	if (room <= 1)
		return;
	if (L(tty, ECHO))
		echo_char(tty, c);
	put_input(tty, c, is_ctl_echoed(tty, c) ? F_ECHOCTL : 0);
}

void n_tty_receive_byte(struct tty *tty, u8 c)
{
	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) {
		/* the byte after VLNEXT is data whatever it is */
		tty->lnext = false;
		if (L(tty, ECHO) && L(tty, ECHOCTL))
			echo_str(tty, "\b");
		if (N_TTY_BUF - 1 - in_used(tty) > 1) {
			if (L(tty, ECHO))
				echo_char(tty, c);
			put_input(tty, c, is_ctl_echoed(tty, c) ? F_ECHOCTL : 0);
			if (!L(tty, ICANON))
				wake_up(&tty->read_wait);
		}
		goto out;
	}
	if (c == '\r') {
		if (I(tty, IGNCR))
			return;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (I(tty, IXON)) {
		if (matches(tty, c, VSTOP)) {
			tty->stopped = true;
			return;
		}
		if (matches(tty, c, VSTART)) {
			n_tty_start(tty);
			return;
		}
		if (tty->stopped && I(tty, IXANY))
			tty->stopped = false;
	}
	if (L(tty, ISIG)) {
		int sig = matches(tty, c, VINTR) ? SIGINT :
			  matches(tty, c, VQUIT) ? SIGQUIT :
			  matches(tty, c, VSUSP) ? SIGTSTP : 0;

		if (sig) {
			signal_char(tty, c, sig);
			goto out;
		}
	}
	if (L(tty, ICANON)) {
		canon_byte(tty, c);
		goto out;
	}
	if (L(tty, IEXTEN) && matches(tty, c, VLNEXT)) {
		tty->lnext = true;
		goto out;
	}
	if (in_used(tty) >= N_TTY_BUF - 1)
		return; /* raw input overflows: dropped, as Linux drops it */
	if (L(tty, ECHO))
		echo_char(tty, c);
	else if (c == '\n' && L(tty, ECHONL))
		out_byte(tty, '\n');
	put_input(tty, c, 0);
	tty->canon_head = tty->read_head;
	wake_up(&tty->read_wait);
out:
	kick(tty);
}

/* -------------------------------------------------------------- reading -- */

unsigned int n_tty_readable(struct tty *tty)
{
	unsigned long flags = arch_irq_save();
	unsigned int n = 0;

	if (L(tty, ICANON)) {
		for (unsigned int i = tty->read_tail; i != tty->canon_head; i++)
			if (!(tty->rflags[MASK(i)] & F_EOF))
				n++;
	} else {
		n = in_used(tty);
	}
	arch_irq_restore(flags);
	return n;
}

unsigned int n_tty_poll(struct tty *tty, struct poll_table *pt)
{
	unsigned int mask = 0;
	unsigned long flags;

	poll_wait(NULL, &tty->read_wait, pt);
	poll_wait(NULL, &tty->write_wait, pt);
	flags = arch_irq_save();
	if (L(tty, ICANON) ? tty->read_tail != tty->canon_head : tty->read_tail != tty->read_head)
		mask |= POLLIN | POLLRDNORM;
	if (!connected(tty))
		mask |= POLLIN | POLLRDNORM | POLLHUP;
	if (out_room(tty) >= TTY_OUT_BUF / 8)
		mask |= POLLOUT | POLLWRNORM;
	arch_irq_restore(flags);
	return mask;
}

/*
 * Canonical: up to n bytes of the first finished line, or 0 for a line
 * that VEOF ended empty. -1: no finished line yet. Interrupts off.
 */
static ssize_t take_line(struct tty *tty, u8 *buf, size_t n)
{
	size_t got = 0;

	if (tty->read_tail == tty->canon_head)
		return -1;
	while (got < n && tty->read_tail != tty->canon_head) {
		unsigned int i = MASK(tty->read_tail);
		u8 fl = tty->rflags[i];

		tty->read_tail++;
		if (!(fl & F_EOF))
			buf[got++] = tty->rbuf[i];
		if (fl & F_EOL)
			break;
	}
	/* a VEOF right after the bytes read ends this read too, unseen */
	if (got == n && tty->read_tail != tty->canon_head &&
	    (tty->rflags[MASK(tty->read_tail)] & F_EOF) &&
	    !(tty->rflags[MASK(tty->read_tail - 1)] & F_EOL))
		tty->read_tail++;
	return (ssize_t)got;
}

static size_t take_raw(struct tty *tty, u8 *buf, size_t n)
{
	size_t got = 0;

	while (got < n && tty->read_tail != tty->read_head)
		buf[got++] = tty->rbuf[MASK(tty->read_tail++)];
	if (tty->read_tail == tty->read_head)
		tty->read_tail = tty->canon_head = tty->read_head = 0;
	return got;
}

/* Sleep on read_wait until woken or `ticks` pass (0: no limit). Ticks left, or -ERESTARTSYS. */
static long read_sleep(struct tty *tty, unsigned long ticks, unsigned long *flags)
{
	DEFINE_WAIT(w);
	long left = 0;

	prepare_to_wait(&tty->read_wait, &w, TASK_INTERRUPTIBLE);
	arch_irq_restore(*flags);
	if (!signal_pending(current)) {
		if (ticks)
			left = (long)schedule_timeout(ticks);
		else
			schedule();
	}
	finish_wait(&tty->read_wait, &w);
	*flags = arch_irq_save();
	if (signal_pending(current))
		return -ERESTARTSYS;
	return left;
}

static ssize_t canon_read(struct tty *tty, u8 *buf, size_t n, bool nonblock)
{
	unsigned long flags = arch_irq_save();
	ssize_t r;

	for (;;) {
		r = take_line(tty, buf, n);
		if (r >= 0)
			break;
		if (!connected(tty)) {
			r = 0;
			break;
		}
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		r = read_sleep(tty, 0, &flags);
		if (r < 0)
			break;
	}
	arch_irq_restore(flags);
	return r;
}

/* Ticks for VTIME tenths of a second (HZ 100). */
static unsigned long vtime_ticks(u8 vtime)
{
	return (unsigned long)vtime * HZ / 10;
}

/*
 * Non-canonical, as POSIX: MIN 0 TIME 0 returns what there is; MIN 0 TIME t
 * waits up to t for a byte; MIN m TIME 0 waits for m bytes (or n if fewer
 * are asked); MIN m TIME t waits for the first byte, then returns at m
 * bytes or when t passes without a new one.
 */
static ssize_t raw_read(struct tty *tty, u8 *buf, size_t n, bool nonblock)
{
	unsigned long flags = arch_irq_save();
	u8 vmin = CC(tty, VMIN), vtime = CC(tty, VTIME);
	size_t want = vmin ? MIN((size_t)vmin, n) : 0;
	size_t got = 0;
	unsigned long timeout = vtime ? vtime_ticks(vtime) : 0;
	long r = 0;

	for (;;) {
		got += take_raw(tty, buf + got, n - got);
		if (got >= n || (vmin && got >= want))
			break;
		if (!vmin && (got || !vtime))
			break;
		if (!connected(tty))
			break;
		if (nonblock) {
			if (!got)
				r = -EAGAIN;
			break;
		}
		if (vmin && !got) {
			r = read_sleep(tty, 0, &flags); /* the inter-byte timer starts with the first byte */
		} else {
			r = read_sleep(tty, timeout, &flags);
			if (r == 0) {
				/* timed out: whatever arrived meanwhile still counts */
				got += take_raw(tty, buf + got, n - got);
				break;
			}
		}
		if (r < 0)
			break;
		r = 0;
	}
	arch_irq_restore(flags);
	if (r < 0 && !got)
		return r;
	return (ssize_t)got;
}

ssize_t n_tty_read(struct tty *tty, u8 *buf, size_t n, bool nonblock)
{
	if (!n)
		return 0;
	if (L(tty, ICANON))
		return canon_read(tty, buf, n, nonblock);
	return raw_read(tty, buf, n, nonblock);
}

/* -------------------------------------------------------------- writing -- */

/* Sleep on write_wait until the ring has room: 0 or -ERESTARTSYS. Interrupts off on entry and exit. */
static int write_sleep(struct tty *tty, unsigned long *flags)
{
	DEFINE_WAIT(w);

	prepare_to_wait(&tty->write_wait, &w, TASK_INTERRUPTIBLE);
	kick(tty);
	arch_irq_restore(*flags);
	if (!signal_pending(current))
		schedule();
	finish_wait(&tty->write_wait, &w);
	*flags = arch_irq_save();
	return signal_pending(current) ? -ERESTARTSYS : 0;
}

ssize_t n_tty_write(struct tty *tty, const u8 *buf, size_t n, bool nonblock)
{
	unsigned long flags = arch_irq_save();
	size_t done = 0;
	int err = 0;

	while (done < n) {
		if (out_byte(tty, buf[done])) {
			done++;
			continue;
		}
		kick(tty);
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		err = write_sleep(tty, &flags);
		if (err)
			break;
	}
	kick(tty);
	arch_irq_restore(flags);
	return done ? (ssize_t)done : err;
}

int n_tty_wait_until_sent(struct tty *tty)
{
	unsigned long flags = arch_irq_save();
	int err = 0;

	while (tty->out_head != tty->out_tail && !tty->stopped && connected(tty)) {
		err = write_sleep(tty, &flags);
		if (err)
			break;
	}
	arch_irq_restore(flags);
	return err;
}

void n_tty_set_termios(struct tty *tty, const struct ktermios *t)
{
	unsigned long flags = arch_irq_save();
	bool was_canon = L(tty, ICANON);

	tty->termios = *t;
	if (was_canon && !L(tty, ICANON)) {
		/* the line being edited becomes readable at once */
		tty->canon_head = tty->read_head;
		wake_up(&tty->read_wait);
	} else if (!was_canon && L(tty, ICANON)) {
		tty->canon_head = tty->read_tail; /* raw bytes become the line being edited */
		tty->canon_column = tty->column;
	}
	if (!I(tty, IXON) && tty->stopped)
		n_tty_start(tty);
	arch_irq_restore(flags);
}

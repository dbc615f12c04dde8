/*
 * printk: format a message, keep it in the log ring buffer, and write it to
 * the registered consoles if its level is important enough. Callable from
 * any context, interrupts on or off: it takes no sleeping lock, only
 * disables interrupts around the buffer update so lines do not interleave.
 *
 * The log holds records in the format syslog(2) hands out, as Linux: each
 * line starts with "<level>[seconds.micros] " (the kernel facility is 0,
 * so the number is the level), inserted when a message begins a new line;
 * a message that continues a line without a newline adds no prefix. The
 * consoles get the bare text. Positions in the log are byte counts since
 * boot (log_head the next); the ring keeps the newest LOG_BUF_SIZE bytes,
 * and readers (kernel/syslog.c) skip to the next line start after a
 * position the ring has overwritten. Readers sleep on log_wait; printk
 * wakes them unless it runs inside that very wake-up or a panic.
 */
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sys.h"
#include "kernel/wait.h"
#include "arch/x86/arch.h"

int console_loglevel = 7; /* print everything up to KERN_INFO (6) */

static char log_buf[LOG_BUF_SIZE];
size_t log_head; /* total bytes ever written; head % size is the next slot */
static bool log_mid_line; /* the last byte stored was not a newline */
static DECLARE_WAIT_QUEUE_HEAD(log_wait);
static bool log_waking; /* printk from inside wake_up(&log_wait) must not recurse */
static struct console *consoles;
static bool panic_mode;

void register_console(struct console *c)
{
	c->next = consoles;
	consoles = c;
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

void console_puts(const char *s)
{
	console_write(s, strlen(s));
}

static int saved_loglevel;

void printk_enter_panic_mode(void)
{
	if (!panic_mode)
		saved_loglevel = console_loglevel;
	panic_mode = true;
	console_loglevel = 8;
}

void printk_leave_panic_mode(void)
{
	panic_mode = false;
	console_loglevel = saved_loglevel;
}

static void log_putc(char c)
{
	log_buf[log_head % LOG_BUF_SIZE] = c;
	log_head++;
}

static void log_puts(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_putc(s[i]);
}

/*
 * "<level>[    5.123456] " as Linux's syslog records start. The clock is
 * read only once something else has set it up (setting it up adds a
 * timer, which printk must not do from a timer callback); until then the
 * tick count gives the time (0 before the tick runs, as Linux's first
 * lines say).
 */
static void log_prefix(int level)
{
	u64 us = ktime_ready() ? ktime_get_ns() / 1000 : (u64)jiffies * (1000000 / HZ);
	char p[40];
	int n = snprintf(p, sizeof(p), "<%d>[%5lu.%06lu] ", level, (unsigned long)(us / 1000000),
			 (unsigned long)(us % 1000000));

	log_puts(p, (size_t)n);
}

static void log_store(int level, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!log_mid_line)
			log_prefix(level);
		log_putc(s[i]);
		log_mid_line = s[i] != '\n';
	}
}

size_t log_oldest(void)
{
	return log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
}

/* Interrupts off. The first line start at or after pos still in the ring (or log_head). */
static size_t record_at(size_t pos)
{
	size_t old = log_oldest();

	if (pos < old)
		pos = old;
	if (pos == 0)
		return 0;
	while (pos < log_head && log_buf[(pos - 1) % LOG_BUF_SIZE] != '\n')
		pos++;
	return pos;
}

size_t log_record_at(size_t pos)
{
	unsigned long flags = arch_irq_save();
	size_t r = record_at(pos);

	arch_irq_restore(flags);
	return r;
}

size_t log_copy(size_t pos, char *buf, size_t n, size_t *head)
{
	unsigned long flags = arch_irq_save();

	if (pos < log_oldest() || pos > log_head) {
		n = 0;
	} else {
		n = MIN(n, log_head - pos);
		for (size_t i = 0; i < n; i++)
			buf[i] = log_buf[(pos + i) % LOG_BUF_SIZE];
	}
	if (head)
		*head = log_head;
	arch_irq_restore(flags);
	return n;
}

int log_wait_beyond(size_t pos)
{
	DEFINE_WAIT(w);
	int err = 0;

	for (;;) {
		prepare_to_wait(&log_wait, &w, TASK_INTERRUPTIBLE);
		if (log_head > pos)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&log_wait, &w);
	return err;
}

struct wait_queue_head *log_wait_queue(void)
{
	return &log_wait;
}

static void log_wake_readers(void)
{
	if (panic_mode || log_waking || !waitqueue_active(&log_wait))
		return;
	log_waking = true;
	wake_up(&log_wait);
	log_waking = false;
}

size_t log_read_tail(char *buf, size_t size)
{
	unsigned long flags = arch_irq_save();
	size_t n = MIN(size - 1, MIN(log_head, (size_t)LOG_BUF_SIZE));
	size_t start = log_head - n;

	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	buf[n] = 0;
	arch_irq_restore(flags);
	return n;
}

static int parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == '\001' && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	int level = parse_level(&fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	size_t len = MIN((size_t)n, sizeof(line) - 1);
	unsigned long flags = arch_irq_save();

	log_store(level, line, len);
	if (level < console_loglevel || panic_mode)
		console_write(line, len);
	log_wake_readers();
	arch_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

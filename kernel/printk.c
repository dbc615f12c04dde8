/*
 * printk: format a message, keep it in the log ring buffer, and write it to
 * the registered consoles if its level is important enough. Callable from
 * any context, interrupts on or off: it takes no sleeping lock, only
 * disables interrupts around the buffer update so lines do not interleave.
 */
#include "kernel/printk.h"
#include "kernel/string.h"
#include "arch/x86/arch.h"

#define LOG_BUF_SIZE (64 * 1024)

int console_loglevel = 7; /* print everything up to KERN_INFO (6) */

static char log_buf[LOG_BUF_SIZE];
static size_t log_head; /* total bytes ever written; head % size is the next slot */
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

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
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

	log_store(line, len);
	if (level < console_loglevel || panic_mode)
		console_write(line, len);
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

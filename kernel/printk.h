/*
 * Kernel messages. printk() formats into a ring buffer (the log) and hands
 * the text to every registered console (the UART, the VGA mirror). A message
 * may start with a log level, KERN_ERR etc.; messages less important than
 * console_loglevel are kept in the log but not printed (`quiet` lowers it).
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "kernel/types.h"

#define KERN_EMERG "\0010"
#define KERN_ALERT "\0011"
#define KERN_CRIT "\0012"
#define KERN_ERR "\0013"
#define KERN_WARNING "\0014"
#define KERN_NOTICE "\0015"
#define KERN_INFO "\0016"
#define KERN_DEBUG "\0017"
#define LOGLEVEL_DEFAULT 6 /* messages without a level count as KERN_INFO */

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console *next;
};
void register_console(struct console *c);
/* Write straight to the consoles, bypassing levels and the log: KTAP uses it. */
void console_write(const char *s, size_t n);
void console_puts(const char *s);
/* Bypass the log buffer lock: used on the panic path only. */
void printk_enter_panic_mode(void);
/* A panic inside a self-test was survived: back to normal levels. */
void printk_leave_panic_mode(void);

extern int console_loglevel;

/* Copy the newest bytes of the log into buf (NUL-terminated); returns length. */
size_t log_read_tail(char *buf, size_t size);
/*
 * The log as records for syslog(2) (kernel/syslog.c): positions are byte
 * counts since boot, log_head the next one to be written.
 */
#define LOG_BUF_SIZE (64 * 1024)
extern size_t log_head;
/* The oldest position the ring still holds. */
size_t log_oldest(void);
/* The first record (line) start at or after pos still held, or log_head. */
size_t log_record_at(size_t pos);
/* Copy up to n bytes from pos into buf: the count, 0 if pos is gone; *head = log_head then. */
size_t log_copy(size_t pos, char *buf, size_t n, size_t *head);
/* Sleep until the log grows past pos: 0, or -ERESTARTSYS on a signal. */
int log_wait_beyond(size_t pos);
/* The queue printk wakes (poll on /proc/kmsg sleeps on it). */
struct wait_queue_head;
struct wait_queue_head *log_wait_queue(void);

/* Resolve a kernel text address to "symbol+0xoff/0xsize" (kernel/ksyms.c). */
const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);
unsigned long ksym_address(const char *name);

#endif

/*
 * syslog(2) and /proc/kmsg: user space's view of the kernel log (the ring
 * of kernel/printk.c), with Linux's actions, arguments and errors, so
 * busybox's dmesg (klogctl 3, 4, 8, 10) and klogd (/proc/kmsg) work.
 *
 * Three positions into the log live here: the clear mark (READ_ALL reads
 * from it; CLEAR and READ_CLEAR move it to the end), the reader's mark
 * (READ and /proc/kmsg consume from it, sleeping while there is nothing
 * new), and the console level saved by CONSOLE_OFF. All of them are
 * plain words changed with interrupts off, so two readers racing on READ
 * may both get a record, never a torn position. Text is copied to user
 * memory a chunk at a time through a stack bounce buffer, with interrupts
 * on; a chunk the ring overwrote in between ends the copy early.
 */
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"
#include "arch/x86/arch.h"
#include "fs/vfs.h"

enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ, SYSLOG_ACTION_READ_ALL,
	SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_CONSOLE_OFF,
	SYSLOG_ACTION_CONSOLE_ON, SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

#define MIN_CONSOLE_LOGLEVEL 1
#define NO_SAVED_LEVEL (-1)
#define CHUNK 256

static size_t clear_pos;  /* READ_ALL starts here */
static size_t reader_pos; /* READ and /proc/kmsg consume from here */
static int saved_console_loglevel = NO_SAVED_LEVEL;

/* Copy [from, to) of the log to ubuf: bytes copied, or -EFAULT if none could be. */
static long copy_range(char __user *ubuf, size_t from, size_t to)
{
	char chunk[CHUNK];
	size_t done = 0;

	while (from + done < to) {
		size_t n = log_copy(from + done, chunk, MIN((size_t)CHUNK, to - from - done), NULL);

		if (!n)
			break; /* overwritten meanwhile: what was copied stands */
		if (copy_to_user(ubuf + done, chunk, n))
			return -EFAULT;
		done += n;
	}
	return (long)done;
}

/* The first record start from which the records up to end fit in len bytes. */
static size_t fit_from(size_t start, size_t end, size_t len)
{
	if (end - start <= len)
		return start;
	return log_record_at(end - len);
}

/* READ_ALL / READ_CLEAR: the newest whole records since the clear mark that fit. */
static long read_all(char __user *ubuf, size_t len, bool clear)
{
	size_t end = log_head;
	size_t start = fit_from(log_record_at(clear_pos), end, len);
	long r = copy_range(ubuf, start, end);

	if (r >= 0 && clear)
		clear_pos = end;
	return r;
}

/*
 * READ: wait for records past the reader's mark and consume what fits; a
 * cut inside a record is moved back to its start unless that record is
 * the first (a record longer than the buffer comes out in pieces).
 */
static long read_consume(char __user *ubuf, size_t len, bool nonblock)
{
	size_t start, end, last_nl = 0;
	char chunk[CHUNK];
	long err, r;

	for (;;) {
		start = log_record_at(reader_pos);
		if (start < log_head)
			break;
		if (nonblock)
			return -EAGAIN;
		err = log_wait_beyond(start);
		if (err)
			return err;
	}
	end = MIN(log_head, start + len);
	if (end < log_head) {
		/* Find the last newline in [start, end) to cut on a record boundary. */
		for (size_t p = start; p < end;) {
			size_t n = log_copy(p, chunk, MIN((size_t)CHUNK, end - p), NULL);

			if (!n)
				break;
			for (size_t i = 0; i < n; i++)
				if (chunk[i] == '\n')
					last_nl = p + i + 1;
			p += n;
		}
		if (last_nl > start)
			end = last_nl;
	}
	r = copy_range(ubuf, start, end);
	if (r > 0)
		reader_pos = start + (size_t)r;
	return r;
}

/* Bytes not yet consumed by READ (what SIZE_UNREAD counts). */
static long unread_bytes(void)
{
	size_t start = log_record_at(reader_pos);

	return (long)(log_head - start);
}

static long syslog_action(int type, char __user *buf, int len, bool nonblock)
{
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!access_ok(buf, (unsigned long)len))
			return -EFAULT;
		if (type == SYSLOG_ACTION_READ)
			return read_consume(buf, (size_t)len, nonblock);
		return read_all(buf, (size_t)len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		clear_pos = log_head;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == NO_SAVED_LEVEL)
			saved_console_loglevel = console_loglevel;
		console_loglevel = MIN_CONSOLE_LOGLEVEL;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != NO_SAVED_LEVEL) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = NO_SAVED_LEVEL;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = MAX(len, MIN_CONSOLE_LOGLEVEL);
		saved_console_loglevel = NO_SAVED_LEVEL; /* setting a level turns the console on */
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return unread_bytes();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	default:
		return -EINVAL;
	}
}

long sys_syslog(int type, char __user *buf, int len)
{
	return syslog_action(type, buf, len, false);
}

/* /proc/kmsg (fs/proc/root.c): a read is READ; O_NONBLOCK gives -EAGAIN when empty. */
static ssize_t kmsg_read_user(struct file *f, void __user *buf, size_t n, bool more)
{
	if (n > 0x7fffffff)
		n = 0x7fffffff;
	return syslog_action(SYSLOG_ACTION_READ, buf, (int)n, more || (f->f_flags & O_NONBLOCK));
}

/* Readable when READ would not sleep. */
static unsigned int kmsg_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(f, log_wait_queue(), pt);
	return unread_bytes() > 0 ? POLLIN | POLLRDNORM : 0;
}

const struct file_operations proc_kmsg_fops = {
	.read_user = kmsg_read_user,
	.poll = kmsg_poll,
};

/*
 * /proc/<pid>/fail-nth, mode 0644: a task's allocation failure counter
 * (kernel/fault_inject.c), with Linux 6.1's semantics. Writing N (decimal,
 * 0x hex or 0 octal, an optional '+' and one trailing newline, as
 * kstrtouint reads it) sets it: the Nth next eligible allocation of that
 * task fails; 0 turns it off; anything else is -EINVAL, a number above
 * 2^32 - 1 -ERANGE. Reading gives the count left as "%u\n" (0 once the
 * failure fired). Nothing is kept at open: every read and write looks the
 * task up by its pid again (-ESRCH once it has gone).
 *
 * Linux keeps this file in the per-thread directories only
 * (/proc/thread-self/, /proc/<pid>/task/<tid>/); this /proc has no
 * per-thread directories, and a process here is its thread group leader,
 * so the file is in /proc/<pid>/ (and so /proc/self/fail-nth).
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/fault_inject.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

static int digit_value(char ch)
{
	char c = (char)(ch | 0x20);

	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 99;
}

/* kstrtouint(s, 0, out): 0, -EINVAL or -ERANGE, checked in Linux's order. */
static int parse_uint(const char *s, unsigned int *out)
{
	unsigned int base = 10;
	bool any = false, overflow = false;
	u64 v = 0;

	if (*s == '+')
		s++;
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && digit_value(s[2]) < 16) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; digit_value(*s) < (int)base; s++) {
		u64 d = (u64)digit_value(*s);

		if (v > (~0ULL - d) / base)
			overflow = true; /* past 64 bits: Linux's -ERANGE comes before the junk check */
		v = v * base + d;
		any = true;
	}
	if (overflow)
		return -ERANGE;
	if (!any)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (v > 0xffffffffULL)
		return -ERANGE;
	*out = (unsigned int)v;
	return 0;
}

static int fail_nth_open(struct inode *inode, struct file *f)
{
	unsigned int n;

	(void)f;
	return fault_fail_nth_get(proc_inode_pid(inode), &n);
}

/*
 * Read and write copy to and from user memory themselves (read_user_at,
 * write_user_at): the generic path's bounce page would be an allocation
 * of the very task whose count is being read or set, and would use it up.
 */
static ssize_t fail_nth_read(struct file *f, void __user *buf, size_t n, loff_t *pos)
{
	char text[16];
	unsigned int v;
	int len, err;

	err = fault_fail_nth_get(proc_inode_pid(f->f_inode), &v);
	if (err)
		return err;
	len = snprintf(text, sizeof(text), "%u\n", v);
	if (*pos >= len)
		return 0;
	n = MIN(n, (size_t)(len - *pos));
	if (copy_to_user(buf, text + *pos, n))
		return -EFAULT;
	*pos += (loff_t)n;
	return (ssize_t)n;
}

static ssize_t fail_nth_write(struct file *f, const void __user *buf, size_t n, loff_t *pos)
{
	char text[67]; /* Linux's kstrtouint_from_user reads at most 66 bytes */
	size_t len = MIN(n, sizeof(text) - 1);
	unsigned int v;
	int err;

	(void)pos; /* Linux's ignores it too */
	if (copy_from_user(text, buf, len))
		return -EFAULT;
	text[len] = 0;
	err = parse_uint(text, &v);
	if (!err)
		err = fault_fail_nth_set(proc_inode_pid(f->f_inode), v);
	return err ? err : (ssize_t)n;
}

const struct file_operations proc_fail_nth_fops = {
	.open = fail_nth_open,
	.read_user_at = fail_nth_read,
	.write_user_at = fail_nth_write,
};

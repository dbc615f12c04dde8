/*
 * User memory access for kernel/uaccess.h. Each copy is one string
 * instruction (rep movsb / stosb) or a loop whose faulting instructions
 * are listed in the exception table: a page fault there that the VM cannot
 * resolve (no vma, wrong protection) resumes at the fixup, which reports
 * how much was left. Faults that the VM can resolve (demand paging, COW,
 * stack growth) are handled normally and the instruction restarts.
 *
 * Under SMAP (arch/x86/pgtable.c, protect_user_pages) these helpers are
 * the only kernel code allowed to touch user pages: each opens the window
 * with stac just before its user access and closes it with clac right
 * after (the fixup path included, which resumes before the clac).
 */
#include "kernel/uaccess.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "arch/x86/mmu.h"

bool smap_enabled;

/* stac/clac only exist on CPUs with SMAP (#UD otherwise). */
static inline void user_access_begin(void)
{
	if (smap_enabled)
		__asm__ __volatile__(".byte 0x0f, 0x01, 0xcb" : : : "memory"); /* stac */
}

static inline void user_access_end(void)
{
	if (smap_enabled)
		__asm__ __volatile__(".byte 0x0f, 0x01, 0xca" : : : "memory"); /* clac */
}

/* rep movsb with a fixup: returns the bytes left uncopied. */
static unsigned long user_movsb(void *to, const void *from, unsigned long n)
{
	unsigned long d0, d1;

	user_access_begin();
	__asm__ __volatile__("1: rep movsb\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3: jmp 2b\n"
			     ".previous\n"
			     ".section __ex_table, \"a\"\n"
			     "   .long 1b, 3b\n"
			     ".previous"
			     : "+c"(n), "=&D"(d0), "=&S"(d1)
			     : "1"(to), "2"(from)
			     : "memory");
	user_access_end();
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	left = user_movsb(to, from, n);
	if (left) /* callers must never see stale kernel bytes */
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return user_movsb(to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	unsigned long d0;

	if (!access_ok(to, n))
		return n;
	user_access_begin();
	__asm__ __volatile__("1: rep stosb\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3: jmp 2b\n"
			     ".previous\n"
			     ".section __ex_table, \"a\"\n"
			     "   .long 1b, 3b\n"
			     ".previous"
			     : "+c"(n), "=&D"(d0)
			     : "a"(0), "1"(to)
			     : "memory");
	user_access_end();
	return n;
}

/* Read one user byte: 0 or -EFAULT. */
static int get_user_u8(u8 *val, const u8 __user *p)
{
	int err = 0;
	u8 v;

	user_access_begin();
	__asm__ __volatile__("1: movb (%2), %0\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3: movl $-14, %1\n"
			     "   xorb %0, %0\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section __ex_table, \"a\"\n"
			     "   .long 1b, 3b\n"
			     ".previous"
			     : "=&q"(v), "+r"(err)
			     : "r"(p));
	user_access_end();
	*val = v;
	return err;
}

long strncpy_from_user(char *dst, const char __user *src, long n)
{
	unsigned long a = (unsigned long)src;

	for (long i = 0; i < n; i++) {
		u8 c;

		if (a + i >= TASK_SIZE || get_user_u8(&c, (const u8 *)(a + i)))
			return -EFAULT;
		dst[i] = c;
		if (!c)
			return i;
	}
	return -ENAMETOOLONG;
}

long strnlen_user(const char __user *s, long n)
{
	unsigned long a = (unsigned long)s;

	for (long i = 0; i < n; i++) {
		u8 c;

		if (a + i >= TASK_SIZE || get_user_u8(&c, (const u8 *)(a + i)))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;
}

int get_user_u32(u32 *val, const u32 __user *uaddr)
{
	if (!access_ok(uaddr, 4)) {
		*val = 0;
		return -EFAULT;
	}
	return copy_from_user(val, uaddr, 4) ? -EFAULT : 0;
}

int put_user_u32(u32 val, u32 __user *uaddr)
{
	if (!access_ok(uaddr, 4))
		return -EFAULT;
	return copy_to_user(uaddr, &val, 4) ? -EFAULT : 0;
}

/*
 * Helpers for self-tests that act as a process on an mm of their own:
 * switch to the mm, touch its memory from the CPU the way user code
 * would (so the accessed and dirty bits are set by the hardware, not by
 * the test), switch back. The test thread has no mm of its own, so
 * leaving means running on the kernel's tables again.
 */
#ifndef TESTS_SELF_USPACE_TEST_H
#define TESTS_SELF_USPACE_TEST_H

#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "mm/vm.h"

/* Run as if mm were the current process: faults and copy_*_user go through it. */
static inline void enter_mm(struct mm_struct *mm)
{
	current->mm = mm;
	activate_mm(mm);
}

static inline void leave_mm(void)
{
	current->mm = NULL;
	activate_mm(NULL);
}

/*
 * One byte at addr read (or written with *val) through mm's page tables;
 * a read stores the byte in *val when val is not NULL. False when the
 * access faulted for good.
 */
static inline bool touch(struct mm_struct *mm, unsigned long addr, bool write, u8 *val)
{
	u8 c = val ? *val : 0;
	unsigned long left;

	enter_mm(mm);
	left = write ? copy_to_user((void __user *)addr, &c, 1)
		     : copy_from_user(&c, (const void __user *)addr, 1);
	leave_mm();
	if (val)
		*val = c;
	return left == 0;
}

#endif

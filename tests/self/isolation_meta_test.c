/*
 * Isolation failures of the kernel itself are caught and reported (meta
 * suites, selected by name only). meta_smap: the kernel's own stray
 * accesses to user memory are caught (
 * the first two tests fail on purpose, by an oops, and
 * tests/meta_check.py checks each is reported as that test's oops, named,
 * and that the run goes on). Needs a CPU with SMEP and SMAP (QEMU -cpu
 * max); without them the stray tests fail with "needs SMEP and SMAP".
 *
 *   meta_smap.stray_read_of_a_user_page  a plain load from a present user
 *       page, outside arch/x86/uaccess.c's helpers: SMAP
 *   meta_smap.jump_to_a_user_page        a call into a present, executable
 *       user page holding a `ret`: SMEP
 *   meta_smap.copy_helpers_still_work    after both oopses the helpers
 *       still reach user memory; the address spaces the dead tests left
 *       behind are freed here, so the suite's leak check holds
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "mm/vm.h"
#include "arch/x86/mmu.h"

#define USER_PAGE 0x40000000UL

/* The address spaces of the tests that died in an oops (freed by the last test). */
static struct mm_struct *left_behind[2];

/* A one-page user mapping holding `ret`, made current; NULL on failure. */
static struct mm_struct *enter_user_page(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	u8 ret_insn = 0xc3;

	if (!KT_EXPECT(t, mm != NULL))
		return NULL;
	if (!KT_EXPECT_EQ(t, do_mmap(mm, USER_PAGE, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0),
			  (long)USER_PAGE)) {
		mmput(mm);
		return NULL;
	}
	current->mm = mm;
	activate_mm(mm);
	/* Through the helper: faults the page in, present and user. */
	KT_EXPECT_EQ(t, copy_to_user((void __user *)USER_PAGE, &ret_insn, 1), 0);
	return mm;
}

static void leave_user_page(struct mm_struct *mm)
{
	current->mm = NULL;
	activate_mm(NULL);
	mmput(mm);
}

static bool cpu_protects_user_pages(struct ktest *t)
{
	unsigned long need = X86_CR4_SMEP | X86_CR4_SMAP;

	if ((read_cr4() & need) != need) {
		ktest_fail(t, __FILE__, __LINE__, "needs SMEP and SMAP (QEMU -cpu max)");
		return false;
	}
	return true;
}

KTEST(meta_smap, stray_read_of_a_user_page)
{
	struct mm_struct *mm;

	if (!cpu_protects_user_pages(t) || !(mm = enter_user_page(t)))
		return;
	left_behind[0] = mm;
	(void)*(volatile u8 *)USER_PAGE; /* oopses here */
	left_behind[0] = NULL;
	leave_user_page(mm);
	KT_EXPECT(t, false); /* not reached */
}

KTEST(meta_smap, jump_to_a_user_page)
{
	struct mm_struct *mm;

	if (!cpu_protects_user_pages(t) || !(mm = enter_user_page(t)))
		return;
	left_behind[1] = mm;
	((void (*)(void))USER_PAGE)(); /* oopses here */
	left_behind[1] = NULL;
	leave_user_page(mm);
	KT_EXPECT(t, false); /* not reached */
}

KTEST(meta_smap, copy_helpers_still_work)
{
	struct mm_struct *mm;
	u8 c = 0;

	for (unsigned int i = 0; i < 2; i++) {
		if (left_behind[i])
			mmput(left_behind[i]);
		left_behind[i] = NULL;
	}
	if (!(mm = enter_user_page(t)))
		return;
	KT_EXPECT_EQ(t, copy_from_user(&c, (const void __user *)USER_PAGE, 1), 0);
	KT_EXPECT_EQ(t, c, 0xc3);
	leave_user_page(mm);
}

/*
 * meta_kstack: a test thread recurses until it runs off its stack. The
 * guard page below the stack (mm/kstack.c) turns that into a double
 * fault, which arch/x86/doublefault.c reports as `kernel stack overflow in
 * task ...` and turns into a panic of that thread: the test fails, the
 * run goes on, its stack is freed.
 */
static volatile unsigned int depth_limit = ~0u;

static unsigned int __attribute__((noinline)) recurse(unsigned int n)
{
	volatile u8 frame[200];

	frame[0] = (u8)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + frame[0];
}

KTEST(meta_kstack, deliberate_stack_overflow)
{
	recurse(0); /* never returns: 8 KiB hold about 35 of these frames */
	KT_EXPECT(t, false);
}

KTEST(meta_kstack, runs_after_the_overflow)
{
	depth_limit = 8; /* the same function, within bounds */
	KT_EXPECT(t, recurse(0) > 0);
}

/* The double-fault task is ready again: a second overflow in the same boot. */
KTEST(meta_kstack, a_second_overflow_is_caught_too)
{
	depth_limit = ~0u;
	recurse(0);
	KT_EXPECT(t, false);
}

KTEST(meta_kstack, runs_after_the_second_overflow)
{
	depth_limit = 8;
	KT_EXPECT(t, recurse(0) > 0);
}

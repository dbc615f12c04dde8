/*
 * Exceptions are caught and survived: a kernel read or write of an unmapped
 * address faults and resumes at its exception-table fixup with -EFAULT; a
 * breakpoint returns; IRQs arrive.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "arch/x86/arch.h"
#include "arch/x86/mmu.h"

extern unsigned long fixup_count;
extern unsigned long irq_counts[];

/* Page 0 is never mapped once the boot identity mapping is gone. */
#define UNMAPPED_ADDR ((void *)0x00000010)

KTEST(traps, page_fault_is_fixed_up)
{
	unsigned long before = fixup_count;
	u32 v = 0x12345678;

	KT_EXPECT_EQ(t, probe_read_u32(UNMAPPED_ADDR, &v), -EFAULT);
	KT_EXPECT_EQ(t, v, 0);
	KT_EXPECT_EQ(t, probe_write_u32(UNMAPPED_ADDR, 1), -EFAULT);
	KT_EXPECT_EQ(t, fixup_count, before + 2);
}

KTEST(traps, mapped_probe_reads_the_value)
{
	u32 word = 0xfeedf00d, v = 0;

	KT_EXPECT_EQ(t, probe_read_u32(&word, &v), 0);
	KT_EXPECT_EQ(t, v, 0xfeedf00d);
	KT_EXPECT_EQ(t, probe_write_u32(&word, 7), 0);
	KT_EXPECT_EQ(t, word, 7);
}

KTEST(traps, breakpoint_returns)
{
	volatile int after = 0;

	__asm__ __volatile__("int3");
	after = 1;
	KT_EXPECT_EQ(t, after, 1);
}

extern unsigned long breakpoint_frame_eflags, breakpoint_live_eflags;

/*
 * Under SMAP, an exception taken with EFLAGS.AC set (user pages open, as
 * inside a copy helper, or as ring 3 may enter) runs its handler with AC
 * clear, and iret gives the interrupted code its AC back. Without SMAP
 * (stac would be #UD) there is nothing to check.
 */
KTEST(traps, entry_clears_eflags_ac)
{
	unsigned long after;

	if (!smap_enabled) {
		ktest_log("# SMAP off: AC is not used\n");
		return;
	}
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xcb\n\t" /* stac */
			     "int3\n\t"
			     "pushfl; popl %0\n\t"
			     ".byte 0x0f, 0x01, 0xca" /* clac */
			     : "=r"(after) : : "memory");
	KT_EXPECT(t, breakpoint_frame_eflags & EFLAGS_AC);
	KT_EXPECT_EQ(t, breakpoint_live_eflags & EFLAGS_AC, 0);
	KT_EXPECT(t, after & EFLAGS_AC);
}

KTEST(traps, timer_interrupts_arrive)
{
	unsigned long before = irq_counts[0];
	unsigned long j = jiffies;

	msleep(50);
	KT_EXPECT(t, irq_counts[0] > before);
	KT_EXPECT(t, jiffies >= j + msecs_to_jiffies(50));
}

/*
 * Thread-local storage descriptors (set_thread_area / get_thread_area,
 * Linux i386 semantics) and the per-task user CPU state the scheduler
 * switches: the three TLS descriptors of GDT slots 6..8 and the FPU.
 *
 * A task's descriptors live in task->tls[0..2] as raw GDT words (lo, hi);
 * slot i is GDT entry 6 + i, selector ((6 + i) << 3) | 3. They are written
 * into the GDT by arch_switch_user_state on every switch to a user task
 * and at once when the current task changes its own. The segment registers
 * reload their descriptors from the GDT when the return path pops them, so
 * a freshly written slot takes effect on the next return to user mode.
 *
 * Context: process context (the system calls may fault on user memory);
 * the GDT write runs with interrupts disabled.
 */
#include "arch/x86/arch.h"
#include "arch/x86/segment.h"
#include "arch/x86/traps.h"
#include "kernel/sched.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/string.h"

/* Linux's struct user_desc: 16 bytes. */
struct user_desc {
	u32 entry_number;
	u32 base_addr;
	u32 limit;
	u32 seg_32bit : 1;
	u32 contents : 2;
	u32 read_exec_only : 1;
	u32 limit_in_pages : 1;
	u32 seg_not_present : 1;
	u32 useable : 1;
	u32 lm : 1;
	u32 : 24;
};
_Static_assert(sizeof(struct user_desc) == 16, "struct user_desc is 16 bytes on i386");

static bool desc_is_empty(const struct user_desc *u)
{
	/* "empty" as Linux's set_thread_area takes it: all zero, or the canonical empty form */
	bool zero = !u->base_addr && !u->limit && !u->contents && !u->read_exec_only &&
		    !u->seg_32bit && !u->limit_in_pages && !u->seg_not_present && !u->useable;
	bool empty = !u->base_addr && !u->limit && !u->contents && u->read_exec_only &&
		     !u->seg_32bit && !u->limit_in_pages && u->seg_not_present && !u->useable;
	return zero || empty;
}

static void encode(const struct user_desc *u, u32 *lo, u32 *hi)
{
	*lo = ((u->base_addr & 0xffff) << 16) | (u->limit & 0xffff);
	*hi = (u->base_addr & 0xff000000) | ((u->base_addr >> 16) & 0xff) |
	      (u->limit & 0xf0000) | ((u32)(!u->read_exec_only) << 9) |
	      ((u32)u->contents << 10) | ((u32)(!u->seg_not_present) << 15) |
	      ((u32)u->useable << 20) | ((u32)u->seg_32bit << 22) |
	      ((u32)u->limit_in_pages << 23) | 0x7000; /* S = 1 (code/data), DPL 3 */
}

static void decode(u32 lo, u32 hi, struct user_desc *u)
{
	u->base_addr = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
	u->limit = (lo & 0xffff) | (hi & 0xf0000);
	u->seg_32bit = (hi >> 22) & 1;
	u->contents = (hi >> 10) & 3;
	u->read_exec_only = !((hi >> 9) & 1);
	u->limit_in_pages = (hi >> 23) & 1;
	u->seg_not_present = !((hi >> 15) & 1);
	u->useable = (hi >> 20) & 1;
	u->lm = 0;
}

static bool sel_is_tls_slot(u32 sel, int slot)
{
	return (sel & 0xffff) >> 3 == (u32)(GDT_TLS_MIN + slot) && !(sel & 4);
}

/*
 * The kernel runs with whatever %fs/%gs the last user code loaded, and
 * every interrupt frame saves and restores them. Null them at each switch,
 * so that no task (kernel thread or process) saves a selector of another
 * task's TLS slots in a frame that it later pops with its own (or no)
 * descriptors in the GDT. A process gets its own values back from its
 * user frame when it returns to user mode.
 */
static inline void null_user_segments(void)
{
	__asm__ __volatile__("movl %0, %%fs\n\tmovl %0, %%gs" : : "r"(0));
}

int tls_set_for(struct task *t, const void __user *u_info)
{
	struct user_desc u;
	int idx;

	if (copy_from_user(&u, u_info, sizeof(u)))
		return -EFAULT;
	idx = (int)u.entry_number;
	if (idx == -1) {
		for (idx = GDT_TLS_MIN; idx < GDT_TLS_MIN + GDT_TLS_ENTRIES; idx++)
			if (!t->tls[idx - GDT_TLS_MIN][0] && !t->tls[idx - GDT_TLS_MIN][1])
				break;
		if (idx == GDT_TLS_MIN + GDT_TLS_ENTRIES)
			return -ESRCH;
		if (put_user_u32(idx, (u32 __user *)u_info))
			return -EFAULT;
	}
	if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
		return -EINVAL;
	if (!desc_is_empty(&u)) {
		/* only present 32-bit data segments (Linux's tls_desc_okay) */
		if (!u.seg_32bit || u.contents > 1 || u.seg_not_present)
			return -EINVAL;
	}

	unsigned long flags = arch_irq_save();
	int slot = idx - GDT_TLS_MIN;

	if (desc_is_empty(&u)) {
		t->tls[slot][0] = t->tls[slot][1] = 0;
		/* a selector still naming the slot would fault when popped on return */
		if (t == current && t->uframe) {
			struct trap_frame *f = t->uframe;

			if (sel_is_tls_slot(f->gs, slot))
				f->gs = 0;
			if (sel_is_tls_slot(f->fs, slot))
				f->fs = 0;
			if (sel_is_tls_slot(f->ds, slot))
				f->ds = USER_DS;
			if (sel_is_tls_slot(f->es, slot))
				f->es = USER_DS;
		}
	} else {
		encode(&u, &t->tls[slot][0], &t->tls[slot][1]);
	}
	if (t == current) {
		null_user_segments(); /* the user frame restores them on the way out */
		arch_load_tls((const u32(*)[2])t->tls);
	}
	arch_irq_restore(flags);
	return 0;
}

long sys_set_thread_area(void __user *u_info)
{
	return tls_set_for(current, u_info);
}

long sys_get_thread_area(void __user *u_info)
{
	struct user_desc u;
	u32 idx;
	int slot;

	if (get_user_u32(&idx, (const u32 __user *)u_info))
		return -EFAULT;
	if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
		return -EINVAL;
	slot = idx - GDT_TLS_MIN;
	memset(&u, 0, sizeof(u));
	u.entry_number = idx;
	decode(current->tls[slot][0], current->tls[slot][1], &u);
	return copy_to_user(u_info, &u, sizeof(u)) ? -EFAULT : 0;
}

void tls_reset(struct task *t)
{
	unsigned long flags = arch_irq_save();

	memset(t->tls, 0, sizeof(t->tls));
	if (t == current) {
		/*
		 * The kernel runs with the user's %fs/%gs still loaded. Null
		 * them before their descriptors go, or the next interrupt's
		 * entry would save a selector its exit can no longer load.
		 */
		null_user_segments();
		arch_load_tls((const u32(*)[2])t->tls);
	}
	arch_irq_restore(flags);
}

bool arch_user_selector_ok(struct task *t, u32 sel)
{
	u32 idx = (sel & 0xffff) >> 3;

	sel &= 0xffff;
	if (sel < 4)
		return true; /* a null selector (any RPL) */
	if ((sel & 7) != 3)
		return false; /* GDT, RPL 3 only */
	if (idx == GDT_USER_DS || idx == GDT_USER_CS)
		return true;
	if (idx >= GDT_TLS_MIN && idx < GDT_TLS_MIN + GDT_TLS_ENTRIES) {
		u32 hi = t->tls[idx - GDT_TLS_MIN][1];

		return hi & (1u << 15); /* present */
	}
	return false;
}

static inline bool has_user_half(const struct task *t)
{
	return t->mm || t->is_user;
}

static inline void *fpu_buf(struct task *t)
{
	return (void *)ALIGN_UP((uintptr_t)t->sig.fpu.buf, 16);
}

void arch_switch_user_state(struct task *prev, struct task *next)
{
	null_user_segments();
	if (has_user_half(prev)) {
		arch_fpu_save(fpu_buf(prev));
		prev->sig.fpu.valid = true;
	}
	if (has_user_half(next)) {
		if (next->sig.fpu.valid)
			arch_fpu_restore(fpu_buf(next));
		else
			arch_fpu_reset();
		arch_load_tls((const u32(*)[2])next->tls);
	}
}

/*
 * The page-fault handler: decodes the x86 error code and CR2 into the
 * generic fault flags and calls handle_mm_fault (mm/memory.c), which
 * decides. What this file adds is only what depends on the trap frame:
 *
 *   - a user-mode fault the VM cannot satisfy becomes SIGSEGV (SEGV_MAPERR
 *     or SEGV_ACCERR) or SIGBUS for the process, with the console line
 *     `pid N (name): segfault at ADDR ip IP error E` unless the process
 *     catches the signal (Linux's rule: a program probing memory on
 *     purpose does not fill the console);
 *   - a kernel-mode fault on a user address that the VM cannot satisfy is
 *     left to the exception table (copy_*_user return -EFAULT) or, failing
 *     that, to the oops;
 *   - a user access to a kernel address is SEGV_MAPERR, as on Linux.
 *
 * Interrupts are turned back on when the faulting code had them on: the
 * fault path sleeps (mmap_lock, page allocation, reading from the disk).
 */
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "arch/x86/mmu.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/vm.h"

#define PF_PROT 0x01
#define PF_WRITE 0x02
#define PF_USER 0x04
#define PF_INSTR 0x10

unsigned long user_fault_signals;

static unsigned int decode_flags(u32 error)
{
	unsigned int flags = 0;

	if (error & PF_WRITE)
		flags |= FAULT_WRITE;
	if (error & PF_USER)
		flags |= FAULT_USER;
	if (error & PF_PROT)
		flags |= FAULT_PROT;
	if (error & PF_INSTR)
		flags |= FAULT_INSN;
	return flags;
}

static void user_fault_signal(struct trap_frame *f, unsigned long addr, enum fault_result r)
{
	int sig = SIGSEGV, code = r == FAULT_SEGV_ACCERR ? SEGV_ACCERR : SEGV_MAPERR;

	if (r == FAULT_SIGBUS) {
		sig = SIGBUS;
		code = BUS_ADRERR;
	}
	if (r == FAULT_OOM) {
		printk(KERN_ERR "Out of memory: killed process %d (%s) faulting at %08lx\n",
		       current->pid, current->name, addr);
		send_signal(current, SIGKILL, NULL);
		return;
	}
	user_fault_signals++;
	/* Like Linux, a line only for a fault the process does not handle itself. */
	if (!signal_caught(current, sig))
		printk(KERN_INFO "pid %d (%s): %s at %08lx ip %08x error %x\n", current->pid,
		       current->name, sig == SIGBUS ? "bus error" : "segfault", addr, f->eip,
		       f->error);
	force_sig_fault(sig, code, addr);
}

/*
 * A kernel-mode fault on a user address that no VM work can cure: an
 * instruction fetch (SMEP: the kernel jumped into a user page) or, under
 * SMAP, a present page touched with EFLAGS.AC clear (kernel code outside
 * the copy helpers of uaccess.c). Named on the console, then an oops.
 */
static bool stray_user_access(struct trap_frame *f, unsigned long addr)
{
	if (f->error & PF_USER)
		return false;
	if (f->error & PF_INSTR) {
		printk(KERN_EMERG "kernel instruction fetch from user address %08lx (SMEP)\n", addr);
		return true;
	}
	if (smap_enabled && (f->error & PF_PROT) && !(f->eflags & EFLAGS_AC)) {
		printk(KERN_EMERG "kernel access to user address %08lx outside the copy helpers "
		       "(SMAP)\n", addr);
		return true;
	}
	return false;
}

static int do_page_fault(struct trap_frame *f, unsigned long addr)
{
	unsigned int flags = decode_flags(f->error);
	bool user = flags & FAULT_USER;
	struct mm_struct *mm = current ? current->mm : NULL;
	enum fault_result r;

	if (addr >= USER_TOP) {
		if (!user)
			return -1; /* a kernel bug or a probe: the exception table or an oops */
		r = FAULT_SEGV_MAPERR;
	} else if (!mm || stray_user_access(f, addr)) {
		return -1;
	} else {
		if (f->eflags & EFLAGS_IF)
			arch_irq_enable();
		r = handle_mm_fault(mm, addr, flags, user ? f->user_esp : 0);
		if (r == FAULT_OK)
			return 0;
		if (!user)
			return -1; /* copy_*_user: the fixup returns -EFAULT */
	}
	user_fault_signal(f, addr, r);
	return 0;
}

/* The signal each exception raised in user mode becomes (Linux's choices). */
static const struct {
	u8 sig, code;
} exception_signals[32] = {
	[0] = { SIGFPE, 1 },  [1] = { SIGTRAP, 1 }, [3] = { SIGTRAP, 1 },  [4] = { SIGSEGV, 0 },
	[5] = { SIGSEGV, 0 }, [6] = { SIGILL, 2 },  [7] = { SIGSEGV, 0 },  [9] = { SIGFPE, 0 },
	[10] = { SIGSEGV, 0 }, [11] = { SIGBUS, 0 }, [12] = { SIGBUS, 0 }, [13] = { SIGSEGV, 0 },
	[16] = { SIGFPE, 0 }, [17] = { SIGBUS, 1 }, [19] = { SIGFPE, 0 },
};

static void user_exception(struct trap_frame *f)
{
	int sig = f->vector < 32 ? exception_signals[f->vector].sig : 0;

	if (!sig)
		sig = SIGSEGV;
	if (sig != SIGTRAP)
		printk(KERN_INFO "pid %d (%s): trap %u ip %08x sp %08x error %x\n", current->pid,
		       current->name, f->vector, f->eip, f->user_esp, f->error);
	if (sig == SIGSEGV && f->vector >= 10 && f->vector <= 13)
		force_sig_fault(sig, SI_KERNEL, 0); /* #TS/#NP/#SS/#GP: Linux reports no address */
	else
		force_sig_fault(sig, f->vector < 32 ? exception_signals[f->vector].code : 0,
				sig == SIGILL || sig == SIGFPE ? f->eip : 0);
}

static int fault_init(void)
{
	page_fault_hook = do_page_fault;
	user_exception_hook = user_exception;
	return 0;
}
core_initcall(fault_init);

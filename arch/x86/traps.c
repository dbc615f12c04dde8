/*
 * trap_dispatch: the one C entry for every vector. IRQs go to the handler a
 * driver registered; int $0x80 to the system call layer; exceptions to
 * handle_exception, which gives the page fault to mm first (page_fault_hook),
 * then tries the exception table (a fixup for code that probes memory on
 * purpose), and otherwise reports an oops: vector, decoded error code, CR2,
 * registers, backtrace, then panic. A fault inside a self-test is charged to
 * that test and the run goes on (kernel/ktest.c).
 *
 * On the way out of an interrupt that arrived while interrupts were enabled,
 * this is where a task whose time slice ran out is preempted.
 */
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "arch/x86/segment.h"
#include "mm/kstack.h"

int (*page_fault_hook)(struct trap_frame *f, unsigned long addr);
void (*syscall_hook)(struct trap_frame *f);
void (*user_return_hook)(struct trap_frame *f);
void (*user_exception_hook)(struct trap_frame *f);
void (*kernel_fault_hook)(const char *reason);
unsigned long irq_counts[NR_IRQS];
unsigned long fixup_count;
unsigned long breakpoint_count;
/* The interrupted and the handler's own EFLAGS at the last kernel int3 (traps self-test). */
unsigned long breakpoint_frame_eflags, breakpoint_live_eflags;

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception", "control protection",
	"reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
	"hypervisor injection", "VMM communication", "security exception", "reserved",
};

static struct {
	irq_handler_t fn;
	void *data;
} irq_table[NR_IRQS];

int request_irq(unsigned int irq, irq_handler_t fn, void *data)
{
	if (irq >= NR_IRQS || irq_table[irq].fn)
		return -1;
	irq_table[irq].fn = fn;
	irq_table[irq].data = data;
	pic_unmask(irq);
	return 0;
}

static void handle_irq(struct trap_frame *f)
{
	unsigned int irq = f->vector - IRQ_BASE;

	if (pic_is_spurious(irq))
		return;
	irq_counts[irq]++;
	/* EOI first: a handler may switch tasks (the timer) and the PIC must not wait. */
	pic_eoi(irq);
	if (irq_table[irq].fn)
		irq_table[irq].fn(irq, irq_table[irq].data);
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* The exception table: pairs of (faulting instruction, where to resume). */
struct ex_entry {
	unsigned long insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static unsigned long search_exception_table(unsigned long eip)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == eip)
			return e->fixup;
	return 0;
}

static void decode_error(const struct trap_frame *f, char *buf, size_t size)
{
	u32 e = f->error;

	if (f->vector == 14) {
		snprintf(buf, size, "%s %s from %s mode%s%s",
			 e & 1 ? "protection violation" : "page not present",
			 e & 16 ? "on instruction fetch" : e & 2 ? "on write" : "on read",
			 e & 4 ? "user" : "kernel", e & 8 ? ", reserved bit set" : "",
			 e & 32 ? ", protection key" : "");
	} else if (f->vector == 8 || (f->vector >= 10 && f->vector <= 13) || f->vector == 17) {
		if (!e)
			snprintf(buf, size, "no selector");
		else
			snprintf(buf, size, "selector index %u in %s%s", e >> 3,
				 e & 2 ? "IDT" : e & 4 ? "LDT" : "GDT", e & 1 ? ", external" : "");
	} else {
		snprintf(buf, size, "none");
	}
}

void dump_frame(const struct trap_frame *f)
{
	u32 esp = frame_from_user(f) ? f->user_esp : (u32)&f->user_esp;

	printk(KERN_EMERG "EIP: %04x:%08x %pS EFLAGS: %08x\n", f->cs, f->eip, (void *)f->eip,
	       f->eflags);
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", f->eax, f->ebx, f->ecx,
	       f->edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", f->esi, f->edi, f->ebp,
	       esp);
	printk(KERN_EMERG "DS: %04x ES: %04x FS: %04x GS: %04x CR2: %08lx CR3: %08lx\n",
	       f->ds & 0xffff, f->es & 0xffff, f->fs & 0xffff, f->gs & 0xffff, read_cr2(),
	       read_cr3());
}

static void oops(struct trap_frame *f, unsigned long cr2)
{
	char why[96];

	arch_irq_disable();
	decode_error(f, why, sizeof(why));
	/* A touch of the guard page with the stack pointer still above it. */
	if (f->vector == 14 && current && kstack_guard_hit(current->stack, cr2))
		printk(KERN_EMERG "kernel stack overflow in task %s (pid %d): fault at %08lx in "
		       "the guard page below its stack\n", current->name, current->pid, cr2);
	printk(KERN_EMERG "Oops: %s (vector %u), error code 0x%x: %s\n",
	       f->vector < 32 ? exception_names[f->vector] : "unknown", f->vector, f->error,
	       why);
	if (f->vector == 14)
		printk(KERN_EMERG "faulting address: %08lx\n", cr2);
	dump_frame(f);
	if (!frame_from_user(f))
		print_backtrace(f->ebp);
	if (kernel_fault_hook)
		kernel_fault_hook(f->vector < 32 ? exception_names[f->vector] : "fault");
	panic("fatal exception in %s", current ? current->name : "boot");
}

static void handle_exception(struct trap_frame *f)
{
	unsigned long cr2 = f->vector == 14 ? read_cr2() : 0;
	unsigned long fixup;

	if (f->vector == 14 && page_fault_hook && page_fault_hook(f, cr2) == 0)
		return;
	if (f->vector == 3 && !frame_from_user(f)) {
		/* int3 left in kernel code: note it and go on, as a debugger would. */
		breakpoint_count++;
		breakpoint_frame_eflags = f->eflags;
		__asm__ __volatile__("pushfl; popl %0" : "=r"(breakpoint_live_eflags));
		printk(KERN_DEBUG "breakpoint at %pS\n", (void *)(f->eip - 1));
		return;
	}
	if (frame_from_user(f) && user_exception_hook) {
		user_exception_hook(f); /* a signal for the process, never an oops */
		return;
	}
	if (!frame_from_user(f) && (fixup = search_exception_table(f->eip))) {
		fixup_count++;
		f->eip = fixup;
		return;
	}
	oops(f, cr2);
}

void trap_dispatch(struct trap_frame *f)
{
	if (f->vector >= IRQ_BASE && f->vector < IRQ_BASE + NR_IRQS)
		handle_irq(f);
	else if (f->vector == SYSCALL_VECTOR && syscall_hook)
		syscall_hook(f);
	else
		handle_exception(f);

	if (need_resched && (f->eflags & EFLAGS_IF))
		preempt_schedule();
	if (frame_from_user(f) && user_return_hook)
		user_return_hook(f);
}

/* Walk the frame-pointer chain while it stays inside the kernel. */
void arch_walk_stack(unsigned long bp, void (*fn)(unsigned long pc, void *data), void *data)
{
	for (int depth = 0; depth < 32 && bp >= PAGE_OFFSET && IS_ALIGNED(bp, 4); depth++) {
		u32 next, ret;

		if (probe_read_u32((void *)bp, &next) || probe_read_u32((void *)(bp + 4), &ret))
			break;
		if (!ret)
			break;
		fn(ret, data);
		if (next <= bp)
			break; /* stacks grow down: a caller's frame is always higher */
		bp = next;
	}
}

/* The probes are the exception table's first users: a fault resumes at label 3. */
int probe_read_u32(const void *addr, u32 *val)
{
	int err = 0;
	u32 v;

	__asm__ __volatile__("1: movl (%2), %0\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3: movl $-14, %1\n"
			     "   xorl %0, %0\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section __ex_table, \"a\"\n"
			     "   .long 1b, 3b\n"
			     ".previous"
			     : "=&r"(v), "+r"(err)
			     : "r"(addr));
	*val = v;
	return err;
}

int probe_write_u32(void *addr, u32 val)
{
	int err = 0;

	__asm__ __volatile__("1: movl %2, (%1)\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3: movl $-14, %0\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section __ex_table, \"a\"\n"
			     "   .long 1b, 3b\n"
			     ".previous"
			     : "+r"(err)
			     : "r"(addr), "r"(val)
			     : "memory");
	return err;
}

extern void thread_entry(void);

unsigned long arch_thread_init_stack(void *stack_top, void (*fn)(void *), void *arg)
{
	u32 *sp = stack_top;

	*--sp = 0;              /* fake return address: ends backtraces */
	*--sp = (u32)thread_entry;
	*--sp = 0;              /* ebp */
	*--sp = (u32)fn;        /* ebx */
	*--sp = (u32)arg;       /* esi */
	*--sp = 0;              /* edi */
	return (unsigned long)sp;
}

extern void ret_from_fork(void);

unsigned long arch_fork_init_stack(void *stack_top, const struct trap_frame *parent)
{
	struct trap_frame *f = (struct trap_frame *)stack_top - 1;
	u32 *sp = (u32 *)f;

	*f = *parent;
	f->eax = 0;             /* the child's return value from fork */
	*--sp = (u32)ret_from_fork;
	*--sp = 0;              /* ebp */
	*--sp = 0;              /* ebx */
	*--sp = 0;              /* esi */
	*--sp = 0;              /* edi */
	return (unsigned long)sp;
}

void arch_init_user_frame(struct trap_frame *f, unsigned long eip, unsigned long esp)
{
	memset(f, 0, sizeof(*f));
	f->cs = USER_CS;
	f->ds = f->es = f->user_ss = USER_DS;
	f->fs = f->gs = 0;     /* glibc loads %gs with its TLS selector itself */
	f->eflags = EFLAGS_IF | 0x2;
	f->eip = eip;
	f->user_esp = esp;
}

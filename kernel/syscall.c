/*
 * System call dispatch: int $0x80 arrives here (syscall_hook) with the
 * number in eax and up to six arguments in ebx, ecx, edx, esi, edi, ebp.
 * The table is built from kernel/syscall_table.h; a number outside it
 * returns -ENOSYS. The handler's return value goes back in eax. On the way
 * out, pending signals are delivered (kernel/signal.c), which may rewrite
 * the frame to enter a handler or restart the call.
 */
#include "kernel/syscall.h"
#include "kernel/init.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"

typedef long (*syscall_fn_t)(long, long, long, long, long, long);

long sys_ni_syscall(long a, long b, long c, long d, long e, long f);
long sys_ni_syscall(long a, long b, long c, long d, long e, long f)
{
	return -ENOSYS;
}

/* Every listed name links: to its real handler, or weakly to sys_ni_syscall. */
#define SYSCALL(nr, name) \
	long sys_##name(long, long, long, long, long, long) __attribute__((weak, alias("sys_ni_syscall")));
#include "kernel/syscall_table.h"
#undef SYSCALL

#define SYSCALL(nr, name) [nr] = sys_##name,
static const syscall_fn_t syscall_table[] = {
#include "kernel/syscall_table.h"
};
#undef SYSCALL

#define SYSCALL(nr, name) [nr] = #name,
static const char *const syscall_names[] = {
#include "kernel/syscall_table.h"
};
#undef SYSCALL

unsigned long syscall_count;

const char *syscall_name(unsigned int nr)
{
	return nr < ARRAY_SIZE(syscall_names) ? syscall_names[nr] : NULL;
}

bool syscall_implemented(unsigned int nr)
{
	return nr < ARRAY_SIZE(syscall_table) && syscall_table[nr] &&
	       syscall_table[nr] != (syscall_fn_t)sys_ni_syscall;
}

static void do_syscall(struct trap_frame *f)
{
	unsigned int nr = f->eax;
	syscall_fn_t fn = nr < ARRAY_SIZE(syscall_table) ? syscall_table[nr] : NULL;
	long ret;

	syscall_count++;
	arch_irq_enable(); /* the gate turned them off; system calls sleep and may be preempted */
	current->uframe = f;
	current->in_syscall_nr = nr;
	current->sig.orig_eax = nr; /* kernel/signal.c: restart after a handler */
	if (!fn)
		fn = sys_ni_syscall;
	ret = fn(f->ebx, f->ecx, f->edx, f->esi, f->edi, f->ebp);
	f->eax = ret;
	current->in_syscall_nr = -1;
}

static int syscall_init(void)
{
	syscall_hook = do_syscall;
	return 0;
}
core_initcall(syscall_init);

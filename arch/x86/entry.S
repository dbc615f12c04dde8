/*
 * Interrupt, exception and system call entry. Every vector gets a stub that
 * makes the stack look the same (an error code, real or 0, then the vector
 * number) and jumps to trap_common, which saves the rest of struct
 * trap_frame (arch/x86/traps.h), loads kernel data segments and calls
 * trap_dispatch(frame). The return path restores the frame and irets, which
 * is also how a new user process first enters ring 3.
 */
#define KERNEL_DS 0x10

.macro TRAP_NOERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushl $0
	pushl $\vec
	jmp trap_common
.endm

.macro TRAP_ERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushl $\vec
	jmp trap_common
.endm

	.text
	/* Exceptions with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
	TRAP_NOERR 0
	TRAP_NOERR 1
	TRAP_NOERR 2
	TRAP_NOERR 3
	TRAP_NOERR 4
	TRAP_NOERR 5
	TRAP_NOERR 6
	TRAP_NOERR 7
	TRAP_ERR 8
	TRAP_NOERR 9
	TRAP_ERR 10
	TRAP_ERR 11
	TRAP_ERR 12
	TRAP_ERR 13
	TRAP_ERR 14
	TRAP_NOERR 15
	TRAP_NOERR 16
	TRAP_ERR 17
	TRAP_NOERR 18
	TRAP_NOERR 19
	TRAP_NOERR 20
	TRAP_ERR 21
	TRAP_NOERR 22
	TRAP_NOERR 23
	TRAP_NOERR 24
	TRAP_NOERR 25
	TRAP_NOERR 26
	TRAP_NOERR 27
	TRAP_NOERR 28
	TRAP_ERR 29
	TRAP_ERR 30
	TRAP_NOERR 31
	/* The sixteen PIC lines, remapped to 32..47. */
	TRAP_NOERR 32
	TRAP_NOERR 33
	TRAP_NOERR 34
	TRAP_NOERR 35
	TRAP_NOERR 36
	TRAP_NOERR 37
	TRAP_NOERR 38
	TRAP_NOERR 39
	TRAP_NOERR 40
	TRAP_NOERR 41
	TRAP_NOERR 42
	TRAP_NOERR 43
	TRAP_NOERR 44
	TRAP_NOERR 45
	TRAP_NOERR 46
	TRAP_NOERR 47
	/* int $0x80: Linux i386 system calls. */
	TRAP_NOERR 128

trap_common:
	cld
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	/*
	 * EFLAGS.AC off (clac) when SMAP is on: ring 3 may enter with AC set
	 * (popf), and a helper of uaccess.c may be interrupted with its user
	 * window open; neither must leave user pages open to the handler. The
	 * interrupted AC comes back with iret. clac is #UD without SMAP, hence
	 * the test.
	 */
	cmpb $0, smap_enabled
	je 1f
	.byte 0x0f, 0x01, 0xca		/* clac */
1:	pushl %esp
	call trap_dispatch
	addl $4, %esp
	.globl trap_return
trap_return:
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp			/* vector and error code */
	iret

/*
 * void arch_switch_stack(unsigned long *prev_sp, unsigned long next_sp)
 * Saves the callee-saved registers on the current stack, stores the stack
 * pointer in *prev_sp, and resumes the task whose stack is next_sp. A task
 * resumes here, in its own call to arch_switch_stack, or for a new task in
 * thread_entry (see arch_thread_init_stack).
 */
	.globl arch_switch_stack
arch_switch_stack:
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/*
 * void arch_run_on_stack(void *stack_top, void (*fn)(void))
 * Goes on in fn on a new stack, leaving the current one for good (the boot
 * context moving to the idle task's guarded stack). ebp 0 ends backtraces
 * there; fn never returns.
 */
	.globl arch_run_on_stack
arch_run_on_stack:
	movl 4(%esp), %eax
	movl 8(%esp), %ecx
	movl %eax, %esp
	xorl %ebp, %ebp
	call *%ecx
6:	cli
	hlt
	jmp 6b

/*
 * A forked child's first instructions: finish the switch, then return to
 * user mode through the register frame that arch_fork_init_stack placed
 * right above (esp points at it).
 */
	.globl ret_from_fork
ret_from_fork:
	call schedule_tail
	jmp trap_return

/* void arch_enter_user(struct trap_frame *f): leave the kernel through f. */
	.globl arch_enter_user
arch_enter_user:
	movl 4(%esp), %esp
	jmp trap_return

/*
 * The double-fault task (arch/x86/doublefault.c) starts here on its own
 * stack, with the CPU's error code (0) pushed. double_fault reports and
 * points the interrupted task somewhere it can go on; iret (NT set) then
 * switches back to it. The CPU saves this task's state at that iret, so
 * the next double fault resumes right after it: loop.
 */
	.globl double_fault_entry
double_fault_entry:
	call double_fault
	addl $4, %esp			/* the error code */
	iret
	jmp double_fault_entry

/* First code a new kernel thread runs: ebx = fn, esi = arg. */
	.globl thread_entry
thread_entry:
	call schedule_tail		/* finish the switch, enable interrupts */
	pushl %esi
	call *%ebx
	addl $4, %esp
	call thread_exit_current
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits

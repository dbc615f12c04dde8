/*
 * The multiboot2 header and the first instructions. GRUB enters at _start
 * (its physical address) in 32-bit protected mode with paging off, EAX holding the
 * multiboot2 magic and EBX the physical address of the boot information.
 *
 * The kernel is linked at PAGE_OFFSET + 1 MiB but loaded at 1 MiB, so until
 * paging is on every symbol is used as (symbol - PAGE_OFFSET). We map the
 * first BOOT_MAPPED_MB of physical memory twice, at 0 (so the instruction
 * after "enable paging" still runs) and at PAGE_OFFSET, jump high, and call
 * cpu_check() (refuses CPUs older than the i686, see arch/x86/cpucheck.c),
 * then kernel_main(magic, info). mm/ later builds the real kernel page
 * tables and drops the identity half. Only i386 instructions up to there;
 * no PSE or PGE here (pgtable.c turns them on when cpuid reports them).
 */
#define PAGE_OFFSET 0xC0000000
#define BOOT_MAPPED_MB 64
#define BOOT_PT_COUNT (BOOT_MAPPED_MB / 4)

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0

	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* information request (type 1), optional: command line, modules, memory map */
	.align 8
	.short 1, 1
	.long 8 + 4 * 4
	.long 1, 3, 4, 6
	.align 8
	/* end tag */
	.short 0, 0
	.long 8
mb2_header_end:

	.section .text.boot, "ax"
	.globl _start
_start:
	cli
	cld
	movl %eax, %esi			/* keep magic and info out of the way */
	movl %ebx, %edi

	/* Clear .bss: the boot page tables and stack live there. */
	movl $(__bss_start - PAGE_OFFSET), %edx
	movl $(__bss_end - PAGE_OFFSET), %ecx
1:	cmpl %ecx, %edx
	jae 2f
	movl $0, (%edx)
	addl $4, %edx
	jmp 1b
2:
	/* Fill BOOT_PT_COUNT page tables mapping 0 .. BOOT_MAPPED_MB linearly. */
	movl $(boot_page_tables - PAGE_OFFSET), %edx
	movl $0x003, %eax		/* present | writable */
	movl $(BOOT_PT_COUNT * 1024), %ecx
3:	movl %eax, (%edx)
	addl $4096, %eax
	addl $4, %edx
	loop 3b

	/* Point the directory's low and high slots at them. */
	movl $(boot_page_directory - PAGE_OFFSET), %ebx
	movl $(boot_page_tables - PAGE_OFFSET + 0x003), %eax
	xorl %ecx, %ecx
4:	movl %eax, (%ebx, %ecx, 4)
	movl %eax, (768 * 4)(%ebx, %ecx, 4)
	addl $4096, %eax
	incl %ecx
	cmpl $BOOT_PT_COUNT, %ecx
	jb 4b

	movl %ebx, %cr3
	movl %cr0, %eax
	orl $0x80010000, %eax		/* PG | WP: ring 0 honours read-only pages */
	movl %eax, %cr0
	leal higher_half, %eax
	jmp *%eax

	.text
higher_half:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp			/* terminates backtraces */
	/*
	 * Nothing so far needs more than a 486 (CR0.WP); the C code does
	 * (built for i686: cmov). cpu_check (arch/x86/cpucheck.c, built for
	 * the i386) says so and powers off on an older CPU.
	 */
	call cpu_check			/* keeps %esi, %edi: callee-saved */
	pushl %edi
	pushl %esi
	call kernel_main
5:	cli
	hlt
	jmp 5b

	.section .bss
	.align 4096
	.globl boot_page_directory
boot_page_directory:
	.skip 4096
	.globl boot_page_tables
boot_page_tables:
	.skip 4096 * BOOT_PT_COUNT
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip 16384
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits

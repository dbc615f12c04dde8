/*
 * tiny: a static ELF without any library, the base of the malformed
 * executables (tools/mkbadelf.py): it writes "tiny\n" and exits 0. Two
 * PT_LOAD segments (text, and data with a .bss tail) keep it small.
 */
	.text
	.globl _start
_start:
	movl $4, %eax           /* write(1, msg, 5) */
	movl $1, %ebx
	movl $msg, %ecx
	movl $5, %edx
	int $0x80
	movl $1, %eax           /* exit(counter) where counter is 0 in .bss */
	movl counter, %ebx
	int $0x80

	.data
msg:	.ascii "tiny\n"

	.bss
counter: .long 0
	.fill 8192

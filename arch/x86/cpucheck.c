/*
 * The very first C code: is this CPU one the kernel can run on?
 *
 * The kernel is compiled with -march=i686, so GCC may emit cmov (and gas
 * long NOPs) anywhere; on a Pentium or a 486 the first one is an invalid
 * opcode with no IDT to report it, and the machine hangs in silence. So
 * boot/entry.S calls cpu_check() right after paging is on, before
 * kernel_main, and this file is compiled with -march=i386 (Makefile:
 * CPUCHECK_CFLAGS) and calls nothing outside itself: it programs COM1 and
 * the VGA text screen directly, prints one line saying what is missing and
 * what to do, and powers the emulator off (QEMU isa-debug-exit, Bochs
 * "Shutdown"), or halts on real hardware.
 *
 * Required, because the boot path uses them unconditionally: CPUID (EFLAGS
 * bit 21 must be writable; a 486 may lack it), family 6 or later, CMOV
 * (compiler output) and TSC (rdtsc in arch_cycles). Merely useful features
 * (PSE, PGE, ...) are not required: arch/x86/pgtable.c uses them only when
 * cpu_detect() finds them. The first-instruction path in boot/entry.S uses
 * only i386 instructions and CR0.PG|WP (WP exists from the 486 on).
 */
#include "kernel/types.h"
#include "arch/x86/io.h"

void cpu_check(void);

#define EFLAGS_AC (1u << 18)
#define EFLAGS_ID (1u << 21)
#define CPUID1_EDX_TSC (1u << 4)
#define CPUID1_EDX_CMOV (1u << 15)

#define COM1 0x3F8
#define VGA_TEXT ((volatile u16 *)0xC00B8000) /* PAGE_OFFSET + 0xB8000: boot-mapped */
#define QEMU_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900
#define CPU_REFUSED_STATUS 1 /* QEMU exits with (1 << 1) | 1 = 3 */

static char line[200];
static unsigned int len;

static void put_str(const char *s)
{
	while (*s && len < sizeof(line) - 1)
		line[len++] = *s++;
}

static void put_uint(u32 v)
{
	char digits[11];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && len < sizeof(line) - 1)
		line[len++] = digits[--n];
}

/* Can EFLAGS bit `bit` be flipped? (AC: 486 or later; ID: CPUID exists.) */
static int eflags_bit_toggles(u32 bit)
{
	u32 before, after;

	__asm__ __volatile__("pushfl\n\t"
			     "popl %0\n\t"
			     "movl %0, %1\n\t"
			     "xorl %2, %1\n\t"
			     "pushl %1\n\t"
			     "popfl\n\t"
			     "pushfl\n\t"
			     "popl %1\n\t"
			     "pushl %0\n\t"
			     "popfl"
			     : "=&r"(before), "=&r"(after)
			     : "ri"(bit)
			     : "cc");
	return ((before ^ after) & bit) != 0;
}

static void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static void serial_write(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB: divisor 1 = 115200 baud */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xC7);
	outb(COM1 + 4, 0x0B);
	if (inb(COM1 + 5) == 0xFF)
		return; /* no UART */
	for (unsigned int i = 0; i < len; i++) {
		for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
			;
		outb(COM1, (u8)line[i]);
	}
	/* Drain: Bochs drops what is still in the UART when it shuts down. */
	for (int spin = 0; spin < 1000000 && !(inb(COM1 + 5) & 0x40); spin++)
		;
}

static void vga_write(void)
{
	unsigned int i;

	for (i = 0; i < 80 * 25; i++)
		VGA_TEXT[i] = 0x0700 | ' ';
	for (i = 0; i < len && line[i] != '\r'; i++)
		VGA_TEXT[i] = 0x0700 | (u8)line[i]; /* wraps onto the next rows */
}

static void __attribute__((noreturn)) refuse(void)
{
	static const char shutdown[] = "Shutdown";

	put_str("; powering off\r\n");
	line[len] = 0;
	vga_write();
	serial_write();
	outl(QEMU_EXIT_PORT, CPU_REFUSED_STATUS);
	for (const char *p = shutdown; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, (u8)*p);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static const char *family_name(u32 family)
{
	switch (family) {
	case 3:
		return "a 386";
	case 4:
		return "a 486";
	case 5:
		return "a Pentium";
	default:
		return "older than i686";
	}
}

void cpu_check(void)
{
	u32 max_leaf, a, b, c, d, family;

	put_str("cpu: this kernel needs an i686-class CPU with CMOV; ");
	if (!eflags_bit_toggles(EFLAGS_ID)) {
		put_str(eflags_bit_toggles(EFLAGS_AC) ? "this one has no CPUID (a 486)"
						      : "this one has no CPUID (a 386)");
		put_str(" (try -cpu pentium2 or newer)");
		refuse();
	}
	cpuid(0, &max_leaf, &b, &c, &d);
	if (max_leaf < 1) {
		put_str("this one has no CPUID leaf 1 (try -cpu pentium2 or newer)");
		refuse();
	}
	cpuid(1, &a, &b, &c, &d);
	family = (a >> 8) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family < 6) {
		put_str("this one is family ");
		put_uint(family);
		put_str(" (");
		put_str(family_name(family));
		put_str(", try -cpu pentium2 or newer)");
		refuse();
	}
	if (!(d & CPUID1_EDX_CMOV)) {
		put_str("this one is family ");
		put_uint(family);
		put_str(" without CMOV (try -cpu pentium2 or newer, with cmov on)");
		refuse();
	}
	if (!(d & CPUID1_EDX_TSC)) {
		len = 0;
		put_str("cpu: this kernel needs a CPU with the time-stamp counter (rdtsc); this one "
			"is family ");
		put_uint(family);
		put_str(" without TSC (try -cpu pentium2 or newer, with tsc on)");
		refuse();
	}
}

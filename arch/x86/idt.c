/*
 * The IDT: 32 exception gates, the 16 remapped PIC lines, and the int $0x80
 * system call gate, which alone may be invoked from ring 3. Exceptions and
 * IRQs use interrupt gates (IF cleared on entry) so a handler decides itself
 * when to allow nesting; the system call uses a trap gate so it runs with
 * interrupts on, as Linux's did. The double fault is a task gate.
 */
#include "arch/x86/arch.h"
#include "arch/x86/segment.h"
#include "arch/x86/traps.h"

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 zero;
	u8 type_attr; /* P | DPL(2) | 0 | type(4) */
	u16 offset_high;
} __packed;

#define GATE_INTERRUPT 0x8E
#define GATE_TRAP 0x8F
#define GATE_DPL3 0x60
#define GATE_TASK 0x85

static struct idt_gate idt[256] __aligned(8);

/* Stubs from arch/x86/entry.S. */
#define STUB(n) extern void trap_stub_##n(void);
#define STUBS8(a, b, c, d, e, f, g, h) STUB(a) STUB(b) STUB(c) STUB(d) STUB(e) STUB(f) STUB(g) STUB(h)
STUBS8(0, 1, 2, 3, 4, 5, 6, 7)
STUBS8(8, 9, 10, 11, 12, 13, 14, 15)
STUBS8(16, 17, 18, 19, 20, 21, 22, 23)
STUBS8(24, 25, 26, 27, 28, 29, 30, 31)
STUBS8(32, 33, 34, 35, 36, 37, 38, 39)
STUBS8(40, 41, 42, 43, 44, 45, 46, 47)
STUB(128)

static void (*const stubs[48])(void) = {
	trap_stub_0, trap_stub_1, trap_stub_2, trap_stub_3, trap_stub_4, trap_stub_5,
	trap_stub_6, trap_stub_7, trap_stub_8, trap_stub_9, trap_stub_10, trap_stub_11,
	trap_stub_12, trap_stub_13, trap_stub_14, trap_stub_15, trap_stub_16, trap_stub_17,
	trap_stub_18, trap_stub_19, trap_stub_20, trap_stub_21, trap_stub_22, trap_stub_23,
	trap_stub_24, trap_stub_25, trap_stub_26, trap_stub_27, trap_stub_28, trap_stub_29,
	trap_stub_30, trap_stub_31, trap_stub_32, trap_stub_33, trap_stub_34, trap_stub_35,
	trap_stub_36, trap_stub_37, trap_stub_38, trap_stub_39, trap_stub_40, trap_stub_41,
	trap_stub_42, trap_stub_43, trap_stub_44, trap_stub_45, trap_stub_46, trap_stub_47,
};

static void set_gate(int vec, void (*handler)(void), u8 type_attr)
{
	u32 addr = (u32)handler;

	idt[vec].offset_low = addr & 0xffff;
	idt[vec].selector = KERNEL_CS;
	idt[vec].zero = 0;
	idt[vec].type_attr = type_attr;
	idt[vec].offset_high = addr >> 16;
}

void idt_init(void)
{
	struct {
		u16 limit;
		u32 base;
	} __packed idtr = { sizeof(idt) - 1, (u32)idt };

	for (int v = 0; v < 48; v++)
		set_gate(v, stubs[v], GATE_INTERRUPT);
	/* Breakpoint and overflow may be raised deliberately from user space. */
	set_gate(3, trap_stub_3, GATE_INTERRUPT | GATE_DPL3);
	set_gate(4, trap_stub_4, GATE_INTERRUPT | GATE_DPL3);
	set_gate(SYSCALL_VECTOR, trap_stub_128, GATE_TRAP | GATE_DPL3);
	/*
	 * A double fault switches to a task of its own (arch/x86/doublefault.c)
	 * with its own stack: it is what a kernel stack overflow becomes, and
	 * the stack that overflowed cannot take the exception frame.
	 */
	idt[8].offset_low = idt[8].offset_high = 0;
	idt[8].selector = DF_TSS_SEL;
	idt[8].zero = 0;
	idt[8].type_attr = GATE_TASK;

	__asm__ __volatile__("lidt %0" : : "m"(idtr));
}

/*
 * The two cascaded 8259A PICs, remapped so IRQ 0..15 arrive as vectors
 * 32..47 instead of colliding with CPU exceptions. All lines start masked;
 * request_irq() unmasks a line when a driver claims it.
 */
#include "arch/x86/io.h"
#include "arch/x86/traps.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define OCW2_EOI 0x20
#define CASCADE_IRQ 2

static u16 irq_mask = 0xffff;

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC1_DATA, IRQ_BASE);      /* ICW2: vector offset */
	io_delay();
	outb(PIC2_DATA, IRQ_BASE + 8);
	io_delay();
	outb(PIC1_DATA, 1 << CASCADE_IRQ); /* ICW3: slave on line 2 */
	io_delay();
	outb(PIC2_DATA, CASCADE_IRQ);
	io_delay();
	outb(PIC1_DATA, ICW4_8086);
	io_delay();
	outb(PIC2_DATA, ICW4_8086);
	io_delay();
	irq_mask = 0xffff & ~(1 << CASCADE_IRQ);
	pic_write_mask();
}

void pic_unmask(unsigned int irq)
{
	irq_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_mask(unsigned int irq)
{
	irq_mask |= 1u << irq;
	pic_write_mask();
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

/* IRQ 7 and 15 may be spurious: the in-service register then has no bit set. */
bool pic_is_spurious(unsigned int irq)
{
	if (irq != 7 && irq != 15)
		return false;
	u16 cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, 0x0B); /* OCW3: read ISR */
	if (inb(cmd) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, OCW2_EOI); /* the master did see the cascade */
	return true;
}

/* Bringing the CPU to a known state: descriptor tables, the PIC, feature detection. */
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"

void arch_early_init(void)
{
	gdt_init();
	idt_init();
	pic_init();
	cpu_detect();
	arch_fpu_init();
}

void arch_start_interrupts(void)
{
	arch_irq_enable();
}

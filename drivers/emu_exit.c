/*
 * Leaving the emulator. QEMU started with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04` exits when a value v is
 * written to port 0xf4, with process status (v << 1) | 1. Bochs exits when
 * the bytes "Shutdown" are written to port 0x8900. We do both: each
 * emulator ignores the other's port. On real hardware nothing happens and
 * the CPU halts.
 */
#include "kernel/panic.h"
#include "drivers/uart.h"
#include "arch/x86/arch.h"
#include "arch/x86/io.h"

#define QEMU_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

void emulator_exit(int status)
{
	static const char shutdown[] = "Shutdown";

	arch_irq_disable();
	uart_drain(); /* Bochs drops whatever is still in the UART */
	outl(QEMU_EXIT_PORT, (u32)status);
	for (const char *p = shutdown; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, *p);
	for (;;)
		arch_halt();
}

/* Reset through the keyboard controller's reset line (QEMU -no-reboot then exits). */
void machine_restart(void)
{
	arch_irq_disable();
	uart_drain();
	for (int spin = 0; spin < 100000 && (inb(0x64) & 0x02); spin++)
		;
	outb(0x64, 0xFE);
	for (;;)
		arch_halt();
}

/* Stop here with the machine on, as Linux's halt does. */
void machine_halt(void)
{
	arch_irq_disable();
	uart_drain();
	for (;;)
		arch_halt();
}

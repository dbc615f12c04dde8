/* The 8253/8254 PIT, channel 0 in rate-generator mode, driving IRQ 0 at HZ. */
#include "arch/x86/io.h"
#include "arch/x86/traps.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_INPUT_HZ 1193182u
#define PIT_CH0_LOHI_MODE2 0x34

void pit_init(unsigned int hz)
{
	u32 divisor = PIT_INPUT_HZ / hz;

	outb(PIT_CMD, PIT_CH0_LOHI_MODE2);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
}

/*
 * The 16550 UART on COM1 (0x3F8), 115200 8N1: the system console, two ways.
 *
 * The kernel's own messages (printk, KTAP) are polled: wait for the
 * transmit holding register, write a byte; that works in any context,
 * panics included. The tty attached by drivers/console.c is interrupt
 * driven: IRQ 4 hands every received byte to the tty's line discipline,
 * and the "transmitter empty" interrupt refills the 16-byte FIFO from the
 * tty's output ring until it is empty. A kernel message first sends what
 * the tty still holds (polled), so everything appears in the order it was
 * written; uart_drain (before the emulator exits) does the same.
 *
 * Locking: everything runs with interrupts off (one CPU).
 */
#include "drivers/uart.h"
#include "arch/x86/io.h"
#include "arch/x86/traps.h"
#include "kernel/printk.h"
#include "arch/x86/arch.h"
#include "drivers/tty.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER 1
#define REG_DLL 0
#define REG_DLM 1
#define REG_FCR 2
#define REG_IIR 2
#define IIR_NONE 0x01
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LSR_TX_IDLE 0x40
#define MCR_DTR_RTS_OUT2 0x0B
#define FCR_ENABLE_CLEAR_14 0xC7
#define IER_RX 0x01
#define IER_THRI 0x02
#define FIFO_SIZE 16
#define UART_CLOCK 115200

static bool present;
static bool irq_on;         /* IRQ 4 is ours: the tty's output may wait for it */
static bool tx_irq_enabled; /* IER_THRI set: an interrupt comes when the FIFO empties */
static struct tty *tty;

static void uart_putc(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + REG_LSR) & LSR_THR_EMPTY); spin++)
		;
	outb(COM1 + REG_DATA, c);
}

/* Everything the tty still holds, polled (interrupts off). */
static void flush_tty_output(void)
{
	int c;

	while (tty && (c = tty_get_output_forced(tty)) >= 0)
		uart_putc((char)c);
}

static void uart_write(const char *s, size_t n)
{
	unsigned long flags;

	if (!present)
		return;
	flags = arch_irq_save();
	flush_tty_output();
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
	arch_irq_restore(flags);
}

void uart_drain(void)
{
	unsigned long flags = arch_irq_save();

	if (present)
		flush_tty_output();
	arch_irq_restore(flags);
	for (int spin = 0; present && spin < 1000000; spin++)
		if (inb(COM1 + REG_LSR) & LSR_TX_IDLE)
			break;
}

static struct console uart_console = { .name = "ttyS0", .write = uart_write };

void uart_init(void)
{
	u16 divisor = UART_CLOCK / 115200;

	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DLL, divisor & 0xff);
	outb(COM1 + REG_DLM, divisor >> 8);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, FCR_ENABLE_CLEAR_14);
	outb(COM1 + REG_MCR, MCR_DTR_RTS_OUT2);
	/* A floating bus reads 0xFF: no UART there. */
	present = inb(COM1 + REG_LSR) != 0xFF;
	if (present)
		register_console(&uart_console);
}

static void set_ier(void)
{
	outb(COM1 + REG_IER, IER_RX | (tx_irq_enabled ? IER_THRI : 0));
}

/* Fill the transmit FIFO from the tty; when nothing is left, stop asking for interrupts. */
static void tx_refill(void)
{
	int sent = 0, c = -1;

	if (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		return;
	while (sent < FIFO_SIZE && (c = tty_get_output(tty)) >= 0) {
		outb(COM1 + REG_DATA, (char)c);
		sent++;
	}
	if (tx_irq_enabled != (sent > 0)) {
		tx_irq_enabled = sent > 0;
		set_ier();
	}
}

void uart_start_tx(void)
{
	int c;

	if (!present || !tty) {
		while (tty && tty_get_output(tty) >= 0)
			; /* no line: the bytes go nowhere */
		return;
	}
	if (!irq_on) {
		/* no interrupt will come: send it all now */
		while ((c = tty_get_output(tty)) >= 0)
			uart_putc((char)c);
		return;
	}
	tx_refill();
}

/*
 * Until the UART says nothing is pending: with an edge-triggered PIC a
 * cause left standing would keep the line high and no new edge would come.
 */
static void uart_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	for (int round = 0; round < 64 && !(inb(COM1 + REG_IIR) & IIR_NONE); round++) {
		while (inb(COM1 + REG_LSR) & LSR_DATA_READY) {
			u8 c = inb(COM1 + REG_DATA);

			if (tty)
				tty_receive(tty, &c, 1);
		}
		if (tty)
			tx_refill();
	}
}

void uart_attach_tty(struct tty *t)
{
	tty = t;
}

void uart_enable_rx(void)
{
	if (!present || request_irq(4, uart_irq, NULL))
		return;
	irq_on = true;
	set_ier();
}

bool uart_present(void)
{
	return present;
}

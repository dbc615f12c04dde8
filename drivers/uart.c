/*
 * The 16550 UART on COM1 (0x3F8), 115200 8N1: the system console. Output
 * is polled (wait for the transmit holding register, write a byte), which
 * works in any context, panics included. Input arrives by IRQ 4 into a
 * small ring buffer for whoever reads the console later.
 */
#include "drivers/uart.h"
#include "arch/x86/io.h"
#include "arch/x86/traps.h"
#include "kernel/printk.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER 1
#define REG_DLL 0
#define REG_DLM 1
#define REG_FCR 2
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
#define UART_CLOCK 115200

static bool present;
static char rx_buf[256];
static volatile unsigned int rx_head, rx_tail;

static void uart_putc(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + REG_LSR) & LSR_THR_EMPTY); spin++)
		;
	outb(COM1 + REG_DATA, c);
}

static void uart_write(const char *s, size_t n)
{
	if (!present)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

void uart_drain(void)
{
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

static void uart_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	while (inb(COM1 + REG_LSR) & LSR_DATA_READY) {
		char c = inb(COM1 + REG_DATA);
		unsigned int next = (rx_head + 1) % sizeof(rx_buf);

		if (next != rx_tail) {
			rx_buf[rx_head] = c;
			rx_head = next;
		}
	}
}

void uart_enable_rx(void)
{
	if (!present || request_irq(4, uart_irq, NULL))
		return;
	outb(COM1 + REG_IER, IER_RX);
}

bool uart_present(void)
{
	return present;
}

int uart_getc(void)
{
	int c;

	if (rx_tail == rx_head)
		return -1;
	c = (u8)rx_buf[rx_tail];
	rx_tail = (rx_tail + 1) % sizeof(rx_buf);
	return c;
}

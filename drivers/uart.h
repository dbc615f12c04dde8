/* COM1 console (drivers/uart.c). */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include "kernel/types.h"

void uart_init(void);
/* IRQ 4 on: input and output of the attached tty by interrupt. */
void uart_enable_rx(void);
/* Wait until every byte has left the transmitter (before powering off). */
void uart_drain(void);
/* Is there a UART (so input may still come)? */
bool uart_present(void);
struct tty;
/* The tty that receives COM1's input and whose output COM1 sends (drivers/console.c). */
void uart_attach_tty(struct tty *tty);
/* The attached tty has output waiting (interrupts off). */
void uart_start_tx(void);

#endif

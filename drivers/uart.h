/* COM1 console (drivers/uart.c). */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include "kernel/types.h"

void uart_init(void);
void uart_enable_rx(void);
/* Wait until every byte has left the transmitter (before powering off). */
void uart_drain(void);
/* Is there a UART (so input may still come)? */
bool uart_present(void);
/* A received byte, or -1 if none is waiting. */
int uart_getc(void);

#endif

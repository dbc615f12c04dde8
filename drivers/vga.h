/* VGA text-mode mirror of the console (drivers/vga.c). */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include "kernel/types.h"

void vga_init(void);
/* Text on the screen (the console mirror; a no-op before vga_init). */
void vga_write(const char *s, size_t n);

#endif

/* VGA text-mode mirror of the console (drivers/vga.c). */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

void vga_init(void);

#endif

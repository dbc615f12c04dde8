/*
 * A mirror of the console on the VGA text screen (80x25 at physical
 * 0xB8000), for people watching the emulator window. It scrolls; it keeps
 * no history. Reached through the direct map, which always covers it.
 */
#include "drivers/vga.h"
#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define VGA_PHYS 0xB8000
#define COLS 80
#define ROWS 25
#define ATTR 0x0700 /* light grey on black */

static u16 *screen;
static unsigned int col, row;

static void scroll(void)
{
	memmove(screen, screen + COLS, (ROWS - 1) * COLS * 2);
	for (int i = 0; i < COLS; i++)
		screen[(ROWS - 1) * COLS + i] = ATTR | ' ';
	row = ROWS - 1;
}

static void move_cursor(void)
{
	u16 pos = row * COLS + col;

	outb(0x3D4, 0x0F);
	outb(0x3D5, pos & 0xff);
	outb(0x3D4, 0x0E);
	outb(0x3D5, pos >> 8);
}

void vga_write(const char *s, size_t n)
{
	if (!screen)
		return;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			col = 0;
			row++;
		} else if (c == '\r') {
			col = 0;
		} else if (c == '\t') {
			col = (col + 8) & ~7u;
		} else {
			screen[row * COLS + col++] = ATTR | (u8)c;
		}
		if (col >= COLS) {
			col = 0;
			row++;
		}
		if (row >= ROWS)
			scroll();
	}
	move_cursor();
}

static struct console vga_console = { .name = "vga", .write = vga_write };

void vga_init(void)
{
	screen = __va(VGA_PHYS);
	for (int i = 0; i < COLS * ROWS; i++)
		screen[i] = ATTR | ' ';
	col = row = 0;
	register_console(&vga_console);
}

/*
 * /dev/console as user processes see it (drivers/console.c): a file
 * whose writes reach the serial port and the VGA screen and whose reads
 * take serial input, with just enough tty behaviour (termios, window
 * size) that isatty() is true.
 */
#ifndef DRIVERS_CONSOLE_H
#define DRIVERS_CONSOLE_H

#include "fs/vfs.h"

/* A new open file (O_RDWR) on the console, f_count 1, or ERR_PTR(-ENOMEM). */
struct file *console_open(void);
/* init's stdin, stdout, stderr: one console file at fds 0, 1 and 2 of fs. 0 or -errno. */
int console_setup_fds(struct files *fs);
bool file_is_console(struct file *f);

#endif

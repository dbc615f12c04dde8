/*
 * The system console for user processes: the serial tty on COM1 (ttyS0),
 * which /dev/console, /dev/ttyS0 and (for its session) /dev/tty name, and
 * init's fds 0, 1 and 2 (opened as /dev/console is). The tty and its
 * line discipline are drivers/tty.c and drivers/n_tty.c; this file binds
 * that tty to the UART (drivers/uart.c): received bytes come in from the
 * receive interrupt, output leaves through the transmit interrupt, and
 * what a process writes is mirrored on the VGA screen.
 *
 * Locking: as tty.h says; the binding itself is set once at boot.
 */
#include "drivers/console.h"
#include "drivers/tty.h"
#include "drivers/uart.h"
#include "drivers/vga.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/init.h"

static struct tty serial_tty;
static bool serial_ready;

static void serial_start_output(struct tty *tty)
{
	uart_start_tx();
}

static bool serial_connected(struct tty *tty)
{
	return uart_present();
}

static void serial_mirror(struct tty *tty, const u8 *buf, size_t n)
{
	vga_write((const char *)buf, n);
}

static const struct tty_driver_ops serial_ops = {
	.start_output = serial_start_output,
	.connected = serial_connected,
	.mirror = serial_mirror,
};

/* The console tty, set up on first use (the first open, or the UART's first byte). */
static struct tty *console_tty_get(void)
{
	unsigned long flags = arch_irq_save();

	if (!serial_ready) {
		tty_init(&serial_tty, "ttyS0", &serial_ops, NULL);
		tty_set_console(&serial_tty);
		uart_attach_tty(&serial_tty);
		serial_ready = true;
	}
	arch_irq_restore(flags);
	return &serial_tty;
}

struct file *console_open(void)
{
	console_tty_get();
	return tty_open_console_file(O_RDWR);
}

bool file_is_console(struct file *f)
{
	return file_is_tty(f);
}

int console_setup_fds(struct files *fs)
{
	struct file *f = console_open();

	if (IS_ERR(f))
		return PTR_ERR(f);
	for (unsigned int fd = 0; fd < 3; fd++) {
		struct file *ref = fd < 2 ? get_file(f) : f; /* the last slot takes the open's */
		int err = fd_install_at(fs, fd, ref, false);

		if (err < 0) {
			vfs_close(ref);
			if (fd < 2)
				vfs_close(f);
			return err;
		}
	}
	return 0;
}

static int console_tty_initcall(void)
{
	console_tty_get();
	return 0;
}
device_initcall(console_tty_initcall);

/*
 * The console's device nodes: /dev/tty (5:0), /dev/console (5:1) and
 * /dev/ttyS0 (4:64) open the serial tty (drivers/tty.c decides which
 * file operations and whether the opener gets it as controlling tty).
 */
static int tty_node_open(struct inode *inode, struct file *f)
{
	return tty_open_device(inode->i_rdev, f);
}

static const struct file_operations tty_node_fops = {
	.open = tty_node_open,
};

static int console_nodes_init(void)
{
	int err = register_chrdev(5, 0, 2, "console", &tty_node_fops);

	return err ? err : register_chrdev(4, 64, 1, "ttyS", &tty_node_fops);
}
device_initcall(console_nodes_init);

/*
 * /dev/console for user processes: struct files without an inode whose
 * writes go to every kernel console (the UART and the VGA mirror) as
 * they are, without the kernel log, and whose reads take serial input.
 *
 * Input is a minimal line discipline until the tty issue: with ICANON
 * (the default) bytes are collected into a line, echoed if ECHO, with
 * erase (DEL / ^H), kill (^U), ^D for end of file and ICRNL turning CR
 * into NL; a read returns at most one line. Without ICANON a read
 * returns what has arrived (at least one byte). The UART's receive ring
 * is polled once per tick while a reader waits (interruptibly). With no
 * UART no input can come: reads return 0 (end of file).
 *
 * ioctl: TCGETS / TCSETS* keep one struct termios, TIOCGWINSZ answers
 * 80x24. As on Linux, opening the console never makes it a controlling
 * tty: a session leader must ask (TIOCSCTTY); until then the job-control
 * calls (TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCNOTTY) say -ENOTTY. The
 * rest is -ENOTTY too.
 *
 * Locking: con.read_lock serialises readers and the line buffer;
 * con.write_lock keeps each write() whole; the termios words are
 * read without a lock (a torn update only mixes modes for one read).
 * There is one console state; every file opened on it shares it.
 */
#include "drivers/console.h"
#include "drivers/uart.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429

/* c_iflag, c_oflag, c_lflag bits used here, and c_cc slots. */
#define ICRNL 0000400
#define IXON 0002000
#define OPOST 0000001
#define ONLCR 0000004
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
#define B38400 0000017
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4

#define NCCS 19
#define CONSOLE_LINE_MAX 1024
#define TTY_WRITE_CHUNK 2048
#define CONSOLE_PIECE 256
#define CONSOLE_INO 3
#define CONSOLE_RDEV ((5 << 8) | 1) /* /dev/console is c 5,1 */
#define DEVTMPFS_DEV 5

/* The kernel's struct termios on i386 (what TCGETS copies): 36 bytes. */
struct ktermios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};
_Static_assert(sizeof(struct ktermios) == 36, "termios");

struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static struct {
	struct mutex read_lock, write_lock;
	bool ready;
	struct ktermios termios;
	struct winsize ws;
	int session;                 /* the session it is the controlling tty of, 0: none */
	int fg_pgrp;                 /* its foreground process group */
	char line[CONSOLE_LINE_MAX]; /* the line being edited, then handed out */
	unsigned int len;            /* bytes in line */
	unsigned int done;           /* bytes of a finished line (<= len) not yet read */
	bool eof;                    /* ^D ended the finished line */
} con;

static const struct ktermios default_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0 },
};

static void console_setup(void)
{
	unsigned long flags = arch_irq_save();

	if (!con.ready) {
		mutex_init(&con.read_lock);
		mutex_init(&con.write_lock);
		con.termios = default_termios;
		con.ws = (struct winsize){ 24, 80, 0, 0 };
		con.ready = true;
	}
	arch_irq_restore(flags);
}

static void echo(const char *s, size_t n)
{
	if (con.termios.c_lflag & ECHO)
		console_write(s, n);
}

/* One input byte in canonical mode: true when a line is finished. */
static bool canon_input(char c)
{
	const u8 *cc = con.termios.c_cc;

	if ((con.termios.c_lflag & ISIG) && (u8)c == cc[VINTR]) {
		con.len = 0;
		echo("^C\n", 3);
		send_signal(current, SIGINT, NULL);
		return false;
	}
	if ((u8)c == cc[VERASE] || c == '\b') {
		if (con.len) {
			con.len--;
			echo("\b \b", 3);
		}
		return false;
	}
	if ((u8)c == cc[VKILL]) {
		while (con.len) {
			con.len--;
			echo("\b \b", 3);
		}
		return false;
	}
	if ((u8)c == cc[VEOF]) {
		con.eof = con.len == 0;
		return true;
	}
	if (con.len < CONSOLE_LINE_MAX - 1 || c == '\n') {
		con.line[con.len++] = c;
		echo(&c, 1);
	}
	return c == '\n';
}

/* The next input byte, waiting for it unless the caller may not wait: byte or -errno / -1 (none). */
static int console_getc(bool wait)
{
	for (;;) {
		int c = uart_getc();

		if (c >= 0) {
			if (c == '\r' && (con.termios.c_iflag & ICRNL))
				c = '\n';
			return c;
		}
		if (!wait)
			return -1;
		if (signal_pending(current))
			return -ERESTARTSYS;
		current->state = TASK_INTERRUPTIBLE;
		schedule_timeout(1);
		current->state = TASK_RUNNING;
	}
}

/* Hand out up to n bytes of the finished line: bytes or -EFAULT. */
static ssize_t take_line(char __user *buf, size_t n)
{
	size_t chunk = MIN(n, (size_t)con.done);

	if (copy_to_user(buf, con.line, chunk))
		return -EFAULT;
	memmove(con.line, con.line + chunk, con.len - chunk);
	con.len -= chunk;
	con.done -= chunk;
	return (ssize_t)chunk;
}

static ssize_t canon_read(char __user *buf, size_t n, bool nowait)
{
	while (!con.done && !con.eof) {
		int c = console_getc(!nowait);

		if (c < 0)
			return c == -1 ? -EAGAIN : c;
		if (canon_input((char)c))
			con.done = con.len;
	}
	if (con.eof && !con.done) {
		con.eof = false;
		return 0;
	}
	return take_line(buf, n);
}

static ssize_t raw_read(char __user *buf, size_t n, bool nowait)
{
	char tmp[64];
	size_t got = 0;

	while (got < MIN(n, sizeof(tmp))) {
		int c = console_getc(!got && !nowait);

		if (c == -1)
			break;
		if (c < 0)
			return c;
		tmp[got++] = (char)c;
	}
	if (!got)
		return -EAGAIN;
	echo(tmp, got);
	return copy_to_user(buf, tmp, got) ? -EFAULT : (ssize_t)got;
}

static ssize_t console_read(struct file *f, void __user *buf, size_t n, bool more)
{
	bool nowait = more || (f->f_flags & O_NONBLOCK);
	ssize_t r;

	if (!n)
		return 0;
	if (!uart_present())
		return 0; /* no input can ever come */
	mutex_lock(&con.read_lock);
	if (con.termios.c_lflag & ICANON)
		r = canon_read(buf, n, nowait);
	else
		r = raw_read(buf, n, nowait);
	mutex_unlock(&con.read_lock);
	return r == -EAGAIN && more ? 0 : r;
}

/*
 * Output goes in chunks of TTY_WRITE_CHUNK, as Linux's tty_write copies
 * it: a chunk that cannot be copied whole is not written at all.
 */
static ssize_t console_write_user(struct file *f, const void __user *buf, size_t n)
{
	char *tmp = kmalloc(TTY_WRITE_CHUNK, GFP_KERNEL);
	size_t done = 0;

	if (!tmp)
		return -ENOMEM;
	mutex_lock(&con.write_lock);
	while (done < n) {
		size_t chunk = MIN(n - done, (size_t)TTY_WRITE_CHUNK);
		unsigned long flags;

		if (copy_from_user(tmp, (const char __user *)buf + done, chunk))
			break;
		/* Interrupts off per piece, so an interrupt's printk lands between pieces. */
		for (size_t off = 0; off < chunk; off += CONSOLE_PIECE) {
			flags = arch_irq_save();
			console_write(tmp + off, MIN(chunk - off, (size_t)CONSOLE_PIECE));
			arch_irq_restore(flags);
		}
		done += chunk;
	}
	mutex_unlock(&con.write_lock);
	kfree(tmp);
	return done ? (ssize_t)done : -EFAULT;
}

/* Is the console the caller's controlling tty? */
static bool is_ctty(void)
{
	return con.session && con.session == current->sid;
}

/* TIOCSCTTY: a session leader without a tty takes a console no session has. */
static long console_set_ctty(void)
{
	if (is_ctty())
		return 0;
	if (current->sid != current->tgid || con.session)
		return -EPERM;
	con.session = current->sid;
	con.fg_pgrp = current->pgid;
	return 0;
}

static long put_u32(u32 v, unsigned long arg)
{
	return put_user_u32(v, (u32 __user *)arg);
}

static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct ktermios t;
	struct winsize ws;
	u32 v;

	switch (cmd) {
	case TCGETS:
		t = con.termios;
		return copy_struct_to_user((void __user *)arg, &t);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_struct_from_user(&t, (const void __user *)arg))
			return -EFAULT;
		mutex_lock(&con.read_lock);
		con.termios = t;
		if (cmd == TCSETSF)
			con.len = con.done = 0;
		mutex_unlock(&con.read_lock);
		return 0;
	case TIOCGWINSZ:
		ws = con.ws;
		return copy_struct_to_user((void __user *)arg, &ws);
	case TIOCSWINSZ:
		if (copy_struct_from_user(&ws, (const void __user *)arg))
			return -EFAULT;
		con.ws = ws;
		return 0;
	case TIOCSCTTY:
		return console_set_ctty();
	case TIOCGPGRP:
		if (!is_ctty())
			return -ENOTTY;
		return put_u32((u32)con.fg_pgrp, arg);
	case TIOCSPGRP:
		if (!is_ctty())
			return -ENOTTY;
		if (get_user_u32(&v, (const u32 __user *)arg))
			return -EFAULT;
		if ((int)v < 0)
			return -EINVAL;
		con.fg_pgrp = (int)v;
		return 0;
	case TIOCGSID:
		if (!is_ctty())
			return -ENOTTY;
		return put_u32((u32)con.session, arg);
	case TIOCNOTTY:
		if (!is_ctty())
			return -ENOTTY;
		if (current->sid == current->tgid)
			con.session = con.fg_pgrp = 0;
		return 0;
	case FIONREAD:
		return put_u32(con.done, arg);
	case TIOCOUTQ:
		return put_u32(0, arg);
	case TCSBRK:
	case TCSBRKP:
	case TCXONC:
		return 0;
	case TCFLSH:
		if (arg == 0 || arg == 2) {
			mutex_lock(&con.read_lock);
			con.len = con.done = 0;
			mutex_unlock(&con.read_lock);
		}
		return arg <= 2 ? 0 : -EINVAL;
	}
	return -ENOTTY;
}

static void console_getattr(struct file *f, struct kstat *st)
{
	st->dev = DEVTMPFS_DEV;
	st->ino = CONSOLE_INO;
	st->mode = S_IFCHR | 0600;
	st->nlink = 1;
	st->rdev = CONSOLE_RDEV;
	st->blksize = 4096;
}

static const struct file_operations console_fops = {
	.read_user = console_read,
	.write_user = console_write_user,
	.ioctl = console_ioctl,
	.getattr = console_getattr,
};

bool file_is_console(struct file *f)
{
	return f->f_op == &console_fops;
}

struct file *console_open(void)
{
	console_setup();
	return alloc_special_file(&console_fops, O_RDWR, NULL);
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

/*
 * ---- The console's device nodes, until the tty layer has its own ----
 * /dev/tty (5:0), /dev/console (5:1) and /dev/ttyS0 (4:64) all open as
 * this console file. drivers/tty*.c replaces this block and its
 * initcall when it registers those numbers itself.
 */
static int console_node_open(struct inode *inode, struct file *f)
{
	console_setup();
	f->f_op = &console_fops;
	return 0;
}

static const struct file_operations console_node_fops = {
	.open = console_node_open,
};

static int console_nodes_init(void)
{
	int err = register_chrdev(5, 0, 2, "console", &console_node_fops);

	return err ? err : register_chrdev(4, 64, 1, "ttyS", &console_node_fops);
}
device_initcall(console_nodes_init);

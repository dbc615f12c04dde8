/*
 * Terminals (drivers/tty.c, drivers/n_tty.c; docs/tty.md).
 *
 * A struct tty joins three parties: a driver below (the UART, or a test's
 * fake line) that hands in received bytes and takes bytes to send; the
 * line discipline (n_tty) that edits input, echoes, raises signals and
 * processes output; and the files above through which processes read,
 * write and ioctl. Job control state lives here too: the session the tty
 * is the controlling terminal of and its foreground process group.
 *
 * Locking: every field below the driver's is changed with interrupts off
 * (one CPU; the driver's interrupt handler is the other party), so the
 * receive path runs in interrupt context and never sleeps. read_lock
 * serialises readers, write_lock keeps each write() together; both are
 * mutexes taken before interrupts are turned off, never inside.
 */
#ifndef DRIVERS_TTY_H
#define DRIVERS_TTY_H

#include "fs/vfs.h"
#include "kernel/mutex.h"
#include "kernel/types.h"
#include "kernel/wait.h"

/* ioctl numbers (Linux i386). */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCEXCL 0x540C
#define TIOCNXCL 0x540D
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TIOCGPTN 0x80045430
#define TIOCVHANGUP 0x5437

/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IUCLC 0001000
#define IXON 0002000
#define IXANY 0004000
#define IXOFF 0010000
#define IMAXBEL 0020000
#define IUTF8 0040000
/* c_oflag */
#define OPOST 0000001
#define OLCUC 0000002
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
#define TABDLY 0014000
#define XTABS 0014000
/* c_cflag */
#define CBAUD 0010017
#define B38400 0000017
#define CSIZE 0000060
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define CLOCAL 0004000
/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE 0004000
#define IEXTEN 0100000
/* c_cc slots */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16
#define NCCS 19
/* TCFLSH / TCXONC arguments */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3

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

#define N_TTY_BUF 4096  /* input ring (a power of two) */
#define TTY_OUT_BUF 2048 /* output ring (a power of two) */

struct tty;

struct tty_driver_ops {
	/* Bytes wait in the output ring: start sending (interrupts off). */
	void (*start_output)(struct tty *tty);
	/* Can input ever come (a UART is there)? Without it reads see end of file. */
	bool (*connected)(struct tty *tty);
	/* What a process wrote, as it wrote it (the console shows it on VGA too); may be NULL. */
	void (*mirror)(struct tty *tty, const u8 *buf, size_t n);
};

struct tty {
	const char *name;
	const struct tty_driver_ops *ops;
	void *driver_data;
	struct ktermios termios;
	struct winsize ws;
	int session;    /* the session it is the controlling tty of; 0: none */
	int pgrp;       /* its foreground process group (0: none) */
	bool stopped;   /* output held by VSTOP (^S) or TCOOFF */

	/* Input (n_tty): a ring of bytes with a flag per byte. */
	u8 rbuf[N_TTY_BUF];
	u8 rflags[N_TTY_BUF];
	unsigned int read_tail;   /* next byte a reader takes */
	unsigned int canon_head;  /* end of the last finished line (canonical) */
	unsigned int read_head;   /* end of all input (the line being edited ends here) */
	bool lnext;               /* the previous byte was VLNEXT: take this one literally */
	unsigned int canon_column;/* output column where the line being edited began */
	unsigned int column;      /* output column (echo and output processing) */

	/* Output: processed bytes waiting for the driver. */
	u8 obuf[TTY_OUT_BUF];
	unsigned int out_head, out_tail;

	struct wait_queue_head read_wait, write_wait;
	struct mutex read_lock, write_lock;
};

/* ------------------------------------------------------- drivers/tty.c -- */
/* Set up a tty with Linux's default termios (as a serial port gets it) and 80x24. */
void tty_init(struct tty *tty, const char *name, const struct tty_driver_ops *ops, void *data);
/* The file operations of every tty file (private_data is the struct tty). */
extern const struct file_operations tty_fops;
/* A new open file on tty (f_count 1): O_RDWR etc. from flags. ERR_PTR(-ENOMEM). */
struct file *tty_open_file(struct tty *tty, unsigned int flags);
/* A new open file on the console tty as /dev/console is (no job-control checks). */
struct file *tty_open_console_file(unsigned int flags);
/*
 * The open of a tty device node: c 4,64 (/dev/ttyS0), c 5,1 (/dev/console)
 * and c 5,0 (/dev/tty, the caller's controlling tty: -ENXIO without one).
 * Sets f->private_data (and f_op to tty_fops); a session leader without a
 * controlling tty that opens ttyS0 without O_NOCTTY acquires it, as on
 * Linux. 0 or -ENXIO / -ENODEV.
 */
int tty_open_device(u32 rdev, struct file *f);
bool file_is_tty(struct file *f);
/* The system console's tty (drivers/console.c registers it). */
void tty_set_console(struct tty *tty);
struct tty *tty_console(void);
/* exit (kernel/exit.c): a session leader leaving hangs up its terminal. */
void tty_session_leader_exit(int sid);

/* For drivers (interrupts off). */
/* Received bytes: through the line discipline (echo, signals, editing). */
void tty_receive(struct tty *tty, const u8 *buf, size_t n);
/* The next byte to send, or -1 (nothing, or output stopped). Wakes writers. */
int tty_get_output(struct tty *tty);
/* The same ignoring a stop (the kernel console drains before it writes). */
int tty_get_output_forced(struct tty *tty);
/* Bytes waiting to be sent. */
unsigned int tty_output_pending(struct tty *tty);

/* ----------------------------------------------------- drivers/n_tty.c -- */
/* One received byte (interrupts off). */
void n_tty_receive_byte(struct tty *tty, u8 c);
/*
 * A read: bytes copied to buf (kernel memory) or -EAGAIN / -ERESTARTSYS /
 * 0 at end of file. Sleeps (interruptibly) unless nonblock.
 */
ssize_t n_tty_read(struct tty *tty, u8 *buf, size_t n, bool nonblock);
/* A write of kernel bytes: bytes taken or -EAGAIN / -ERESTARTSYS. Sleeps when the ring is full. */
ssize_t n_tty_write(struct tty *tty, const u8 *buf, size_t n, bool nonblock);
/* poll: readable (a line, or any byte without ICANON), writable (room). */
unsigned int n_tty_poll(struct tty *tty, struct poll_table *pt);
/* Bytes a read could take now (FIONREAD). */
unsigned int n_tty_readable(struct tty *tty);
/* Discard input (TCIFLUSH, TCSETSF, a signal character without NOFLSH). */
void n_tty_flush_input(struct tty *tty);
void n_tty_flush_output(struct tty *tty);
/* TCSETS*: the new modes (a change of ICANON keeps what was typed). */
void n_tty_set_termios(struct tty *tty, const struct ktermios *t);
/* Wait until the output ring is empty (TCSETSW, TCSBRK): 0 or -ERESTARTSYS. */
int n_tty_wait_until_sent(struct tty *tty);
/* Restart held output (VSTART, TCOON). */
void n_tty_start(struct tty *tty);

#endif

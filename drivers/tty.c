/*
 * The tty layer: tty files (read, write, ioctl), controlling terminals and
 * the job-control rules between processes and their terminal; the line
 * discipline is drivers/n_tty.c, the hardware drivers/uart.c (through
 * drivers/console.c). docs/tty.md tells the whole story.
 *
 * Controlling terminal: a tty whose `session` is a process's sid is that
 * process's controlling tty (there is no per-process pointer: every member
 * of a session shares it, which is what Linux gives too unless a
 * non-leader calls TIOCNOTTY). A session leader acquires one by TIOCSCTTY,
 * or by opening /dev/ttyS0 without O_NOCTTY when neither it nor the tty
 * has one; opening /dev/console or /dev/tty never acquires, as on Linux.
 * When the leader exits (or gives it up with TIOCNOTTY) the foreground
 * group gets SIGHUP and SIGCONT and the tty belongs to no session.
 *
 * Job control (Linux's __tty_check_change): a process of the tty's
 * session outside its foreground group that reads gets SIGTTIN sent to
 * its group (-EIO instead when it ignores or blocks SIGTTIN or its group
 * is orphaned), one that writes with TOSTOP set or changes the settings
 * (TCSETS*, TCFLSH, TIOCSPGRP, TIOCSWINSZ, TCXONC) gets SIGTTOU (allowed
 * when it ignores or blocks SIGTTOU, -EIO when orphaned). Files opened as
 * /dev/console (init's fds 0-2 too) skip these checks, as Linux's
 * redirected console does: they are tty_console_fops.
 *
 * Locking: the tty's job-control fields change with interrupts off;
 * reads and writes hold the tty's read_lock / write_lock mutexes.
 */
#include "drivers/tty.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define TTY_CHUNK 2048 /* as Linux's tty_write: user data is copied in chunks this big */
#define TTY_MAJOR 4
#define TTYAUX_MAJOR 5
#define DEV_TTY MKDEV(TTYAUX_MAJOR, 0)
#define DEV_CONSOLE MKDEV(TTYAUX_MAJOR, 1)
#define DEV_TTYS0 MKDEV(TTY_MAJOR, 64)
#define CONSOLE_INO 3
#define DEVTMPFS_DEV 5

static struct tty *console_tty;
extern const struct file_operations tty_console_fops;
static struct tty *tty_of_session(int sid);

static const struct ktermios default_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	/* intr quit erase kill eof time min swtc start stop susp eol reprint discard werase lnext eol2 */
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0 },
};

void tty_init(struct tty *tty, const char *name, const struct tty_driver_ops *ops, void *data)
{
	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	tty->ops = ops;
	tty->driver_data = data;
	tty->termios = default_termios;
	tty->ws = (struct winsize){ 24, 80, 0, 0 };
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
	mutex_init(&tty->read_lock);
	mutex_init(&tty->write_lock);
}

void tty_set_console(struct tty *tty)
{
	console_tty = tty;
}

struct tty *tty_console(void)
{
	return console_tty;
}

/* ------------------------------------------------------------ drivers -- */

void tty_receive(struct tty *tty, const u8 *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		n_tty_receive_byte(tty, buf[i]);
}

unsigned int tty_output_pending(struct tty *tty)
{
	return tty->out_head - tty->out_tail;
}

int tty_get_output_forced(struct tty *tty)
{
	int c;

	if (tty->out_head == tty->out_tail)
		return -1;
	c = tty->obuf[tty->out_tail++ & (TTY_OUT_BUF - 1)];
	if (tty->out_head == tty->out_tail)
		tty->out_head = tty->out_tail = 0;
	/* writers wake when half the ring is free, or all of it (TCSETSW) */
	if (tty_output_pending(tty) == TTY_OUT_BUF / 2 || tty->out_head == tty->out_tail)
		wake_up(&tty->write_wait);
	return c;
}

int tty_get_output(struct tty *tty)
{
	return tty->stopped ? -1 : tty_get_output_forced(tty);
}

/* -------------------------------------------------------- job control -- */

static bool is_ctty(struct tty *tty)
{
	return tty->session && tty->session == current->sid;
}

static bool ignores(int sig)
{
	return signal_ignored_or_blocked(current, sig);
}

/*
 * Linux's __tty_check_change: 0 to go on, -EIO, or -ERESTARTSYS after
 * posting sig (SIGTTIN or SIGTTOU) to the caller's process group.
 */
static int tty_check_change(struct tty *tty, int sig)
{
	int pgrp = current->pgid;

	if (!is_ctty(tty) || !tty->pgrp || pgrp == tty->pgrp)
		return 0;
	if (ignores(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_is_orphaned(pgrp))
		return -EIO;
	kill_pgrp_priv(pgrp, sig);
	return -ERESTARTSYS;
}

static bool is_console_file(struct file *f)
{
	return f->f_op == &tty_console_fops;
}

/* ----------------------------------------------------------- file ops -- */

static struct tty *file_tty(struct file *f)
{
	return f->private_data;
}

static ssize_t tty_read(struct file *f, void __user *buf, size_t n, bool more)
{
	struct tty *tty = file_tty(f);
	u8 tmp[256];
	ssize_t r;
	int err;

	if (!n)
		return 0;
	if (!is_console_file(f) && (err = tty_check_change(tty, SIGTTIN)))
		return err;
	mutex_lock(&tty->read_lock);
	r = n_tty_read(tty, tmp, MIN(n, sizeof(tmp)), more || (f->f_flags & O_NONBLOCK));
	mutex_unlock(&tty->read_lock);
	if (r > 0 && copy_to_user(buf, tmp, (size_t)r))
		return -EFAULT; /* the bytes are gone, as on Linux */
	return r == -EAGAIN && more ? 0 : r;
}

/*
 * Output in chunks of TTY_CHUNK, as Linux's tty_write copies it: a chunk
 * that cannot be copied whole is not written at all.
 */
static ssize_t tty_write(struct file *f, const void __user *buf, size_t n)
{
	struct tty *tty = file_tty(f);
	bool nonblock = f->f_flags & O_NONBLOCK;
	size_t done = 0;
	ssize_t r = 0;
	u8 *tmp;

	if (!is_console_file(f) && (tty->termios.c_lflag & TOSTOP)) {
		int err = tty_check_change(tty, SIGTTOU);

		if (err)
			return err;
	}
	tmp = kmalloc(TTY_CHUNK, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	mutex_lock(&tty->write_lock);
	while (done < n) {
		size_t chunk = MIN(n - done, (size_t)TTY_CHUNK);

		if (copy_from_user(tmp, (const u8 __user *)buf + done, chunk)) {
			r = -EFAULT;
			break;
		}
		r = n_tty_write(tty, tmp, chunk, nonblock);
		if (r <= 0)
			break;
		if (tty->ops && tty->ops->mirror)
			tty->ops->mirror(tty, tmp, (size_t)r);
		done += (size_t)r;
		if ((size_t)r < chunk)
			break;
	}
	mutex_unlock(&tty->write_lock);
	kfree(tmp);
	return done ? (ssize_t)done : r;
}

/* ------------------------------------------------------------- ioctls -- */

struct pgrp_query {
	int pgrp, sid;
	bool in_session, exists;
};

static bool pgrp_scan(struct task *t, void *data)
{
	struct pgrp_query *q = data;

	if (!(t->mm || t->is_user) || t->state == TASK_DEAD)
		return false;
	if (t->pgid == q->pgrp || t->tgid == q->pgrp)
		q->exists = true;
	if (t->pgid == q->pgrp && t->sid == q->sid && !t->zombie) {
		q->in_session = true;
		return true;
	}
	return false;
}

static long tiocspgrp(struct tty *tty, unsigned long arg)
{
	struct pgrp_query q;
	int err = tty_check_change(tty, SIGTTOU);
	u32 v;

	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	if (!is_ctty(tty))
		return -ENOTTY;
	if (get_user_u32(&v, (const u32 __user *)arg))
		return -EFAULT;
	if ((int)v < 0)
		return -EINVAL;
	q = (struct pgrp_query){ (int)v, current->sid, false, false };
	task_find(pgrp_scan, &q);
	if (!q.exists)
		return -ESRCH;
	if (!q.in_session)
		return -EPERM;
	tty->pgrp = (int)v;
	return 0;
}

/* Every member of session sid loses its terminal; the foreground group hears of it. */
static void disassociate(struct tty *tty, bool on_exit)
{
	unsigned long flags = arch_irq_save();
	int pgrp = tty->pgrp;

	tty->session = tty->pgrp = 0;
	arch_irq_restore(flags);
	if (pgrp) {
		kill_pgrp_priv(pgrp, SIGHUP);
		if (!on_exit)
			kill_pgrp_priv(pgrp, SIGCONT);
	}
}

void tty_session_leader_exit(int sid)
{
	struct tty *tty = console_tty;

	/* Linux hangs the line up: the foreground group gets SIGHUP */
	if (tty && sid && tty->session == sid)
		disassociate(tty, true);
}

/* TIOCSCTTY: a session leader without a terminal takes one no session has (root may steal). */
static long tiocsctty(struct tty *tty, struct file *f, unsigned long arg)
{
	if (current->sid == current->tgid && is_ctty(tty))
		return 0;
	if (current->sid != current->tgid || tty_of_session(current->sid))
		return -EPERM;
	if (tty->session) {
		if (arg != 1)
			return -EPERM;
		disassociate(tty, false); /* stolen: the old session loses it */
	}
	if ((f->f_flags & O_ACCMODE) == O_WRONLY)
		return -EPERM; /* Linux wants read access (root excepted; we keep the rule) */
	tty->session = current->sid;
	tty->pgrp = current->pgid;
	return 0;
}

static long tiocnotty(struct tty *tty)
{
	if (!is_ctty(tty))
		return -ENOTTY;
	if (current->sid == current->tgid)
		disassociate(tty, false);
	return 0;
}

static long put_u32(u32 v, unsigned long arg)
{
	return put_user_u32(v, (u32 __user *)arg);
}

static long set_termios(struct tty *tty, unsigned int cmd, unsigned long arg)
{
	struct ktermios t;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (copy_struct_from_user(&t, (const void __user *)arg))
		return -EFAULT;
	if (cmd != TCSETS && (err = n_tty_wait_until_sent(tty)))
		return err;
	if (cmd == TCSETSF) {
		unsigned long flags = arch_irq_save();

		n_tty_flush_input(tty);
		arch_irq_restore(flags);
	}
	/* a serial line keeps its own rate and frame: only the modes change */
	t.c_cflag = (t.c_cflag & ~(CBAUD | CSIZE)) | (tty->termios.c_cflag & (CBAUD | CSIZE));
	n_tty_set_termios(tty, &t);
	return 0;
}

static long tty_flush(struct tty *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU);
	unsigned long flags;

	if (err)
		return err;
	if (arg > TCIOFLUSH)
		return -EINVAL;
	flags = arch_irq_save();
	if (arg == TCIFLUSH || arg == TCIOFLUSH)
		n_tty_flush_input(tty);
	if (arg == TCOFLUSH || arg == TCIOFLUSH)
		n_tty_flush_output(tty);
	arch_irq_restore(flags);
	return 0;
}

static long tty_xonc(struct tty *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU);
	unsigned long flags;

	if (err)
		return err;
	flags = arch_irq_save();
	switch (arg) {
	case TCOOFF:
		tty->stopped = true;
		break;
	case TCOON:
		n_tty_start(tty);
		break;
	case TCIOFF:
	case TCION:
		break; /* no flow control towards the other end: nothing to send */
	default:
		err = -EINVAL;
	}
	arch_irq_restore(flags);
	return err;
}

static long set_winsize(struct tty *tty, unsigned long arg)
{
	struct winsize ws;
	bool changed;

	if (copy_struct_from_user(&ws, (const void __user *)arg))
		return -EFAULT;
	changed = memcmp(&ws, &tty->ws, sizeof(ws)) != 0;
	tty->ws = ws;
	if (changed && tty->pgrp)
		kill_pgrp_priv(tty->pgrp, SIGWINCH);
	return 0;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *tty = file_tty(f);
	struct ktermios t;
	struct winsize ws;

	switch (cmd) {
	case TCGETS:
		t = tty->termios;
		return copy_struct_to_user((void __user *)arg, &t);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(tty, cmd, arg);
	case TIOCGWINSZ:
		ws = tty->ws;
		return copy_struct_to_user((void __user *)arg, &ws);
	case TIOCSWINSZ:
		return set_winsize(tty, arg);
	case TIOCSCTTY:
		return tiocsctty(tty, f, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCGPGRP:
		if (!is_ctty(tty))
			return -ENOTTY;
		return put_u32((u32)tty->pgrp, arg);
	case TIOCSPGRP:
		return tiocspgrp(tty, arg);
	case TIOCGSID:
		if (!is_ctty(tty))
			return -ENOTTY;
		return put_u32((u32)tty->session, arg);
	case FIONREAD:
		return put_u32(n_tty_readable(tty), arg);
	case TIOCOUTQ:
		return put_u32(tty_output_pending(tty), arg);
	case TCFLSH:
		return tty_flush(tty, arg);
	case TCXONC:
		return tty_xonc(tty, arg);
	case TCSBRK:
	case TCSBRKP:
		/* a break on the line is not sent; the drain before it is */
		return n_tty_wait_until_sent(tty);
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	}
	return -ENOTTY;
}

static void tty_getattr(struct file *f, struct kstat *st)
{
	st->dev = DEVTMPFS_DEV;
	st->ino = CONSOLE_INO;
	st->mode = S_IFCHR | 0600;
	st->nlink = 1;
	st->rdev = new_encode_dev(DEV_CONSOLE);
	st->blksize = 4096;
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	return n_tty_poll(file_tty(f), pt);
}

const struct file_operations tty_fops = {
	.read_user = tty_read,
	.write_user = tty_write,
	.ioctl = tty_ioctl,
	.getattr = tty_getattr,
	.poll = tty_poll,
};

/* The same operations under another name: a file opened as /dev/console. */
const struct file_operations tty_console_fops = {
	.read_user = tty_read,
	.write_user = tty_write,
	.ioctl = tty_ioctl,
	.getattr = tty_getattr,
	.poll = tty_poll,
};

bool file_is_tty(struct file *f)
{
	return f->f_op == &tty_fops || f->f_op == &tty_console_fops;
}

struct file *tty_open_file(struct tty *tty, unsigned int flags)
{
	return alloc_special_file(&tty_fops, flags, tty);
}

struct file *tty_open_console_file(unsigned int flags)
{
	if (!console_tty)
		return ERR_PTR(-ENODEV);
	return alloc_special_file(&tty_console_fops, flags, console_tty);
}

/* The tty whose session is sid (one serial tty for now). */
static struct tty *tty_of_session(int sid)
{
	return console_tty && sid && console_tty->session == sid ? console_tty : NULL;
}

int tty_open_device(u32 rdev, struct file *f)
{
	struct tty *tty;

	switch (rdev) {
	case DEV_TTY:
		tty = tty_of_session(current->sid);
		if (!tty)
			return -ENXIO;
		f->f_op = &tty_fops;
		break;
	case DEV_CONSOLE:
		if (!console_tty)
			return -ENODEV;
		tty = console_tty;
		f->f_op = &tty_console_fops;
		break;
	case DEV_TTYS0:
		if (!console_tty)
			return -ENODEV;
		tty = console_tty;
		f->f_op = &tty_fops;
		if (!(f->f_flags & O_NOCTTY) && current->sid == current->tgid &&
		    !tty_of_session(current->sid) && !tty->session) {
			tty->session = current->sid;
			tty->pgrp = current->pgid;
		}
		break;
	default:
		return -ENODEV;
	}
	f->private_data = tty;
	return 0;
}

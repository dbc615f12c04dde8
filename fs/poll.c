/*
 * poll, ppoll and select (select, _newselect, pselect6 and their 64-bit
 * time forms): wait until one of a set of files is ready.
 *
 * Each pass asks every file's f_op->poll for its events; on the first pass
 * the file also registers the caller on its wait queues (poll_wait) in a
 * poll table, so whoever makes it ready (the tty's receive interrupt, a
 * pipe's other end) wakes the caller, which then passes again. Files
 * without a poll method (regular files, directories) are always readable
 * and writable, as on Linux. A table that runs out of slots re-checks
 * every tick instead. Timeouts are rounded up to ticks (HZ 100).
 *
 * Errors as Linux 6.1: -EINVAL for nfds above RLIMIT_NOFILE (poll) or a
 * negative n / bad timeout (select), -EBADF for a closed fd in a select
 * set (poll reports POLLNVAL instead), -EFAULT, and -ERESTARTNOHAND on a
 * signal (-EINTR after a handler). ppoll and pselect6 run with the given
 * signal mask, restored on the way out (after the handler, if one runs).
 * Unlike Linux, a call restarted after a stop waits its whole timeout
 * again.
 *
 * Locking: none of its own; each file's poll method takes what it needs.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "arch/x86/arch.h"
#include "mm/mm.h"

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET (POLLPRI)
#define FD_SETSIZE_MAX 1024

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	struct poll_entry *e;

	if (!pt || !pt->registering || !wq)
		return;
	if (pt->used == POLL_TABLE_SLOTS) {
		pt->full = true;
		return;
	}
	e = &pt->entries[pt->used++];
	e->wq = wq;
	e->wait.task = current;
	INIT_LIST_HEAD(&e->wait.link);
	prepare_to_wait(wq, &e->wait, TASK_INTERRUPTIBLE);
}

static void poll_table_free(struct poll_table *pt)
{
	for (unsigned int i = 0; i < pt->used; i++)
		finish_wait(pt->entries[i].wq, &pt->entries[i].wait);
	kfree(pt);
}

static unsigned int file_poll(struct file *f, struct poll_table *pt)
{
	return f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
}

struct kpollfd {
	int fd;
	s16 events, revents;
};

/* One pass over the fds: how many have events now. */
static int poll_pass(struct kpollfd *fds, unsigned int n, struct poll_table *pt)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct file *f;
		unsigned int mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fd_get(current->files, fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		mask = file_poll(f, pt);
		vfs_close(f);
		mask &= (u16)fds[i].events | POLLERR | POLLHUP;
		fds[i].revents = (s16)mask;
		if (mask)
			ready++;
	}
	return ready;
}

/*
 * Wait until a pass finds something, the timeout (ticks; -1: none, 0: do
 * not wait) passes, or a signal comes. Returns the count or -ERESTARTNOHAND.
 */
static int do_poll(struct kpollfd *fds, unsigned int n, long ticks)
{
	struct poll_table *pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	unsigned long deadline = jiffies + (ticks > 0 ? (unsigned long)ticks : 0);
	int ready;

	if (!pt)
		return -ENOMEM;
	pt->registering = ticks != 0;
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		ready = poll_pass(fds, n, pt);
		pt->registering = false; /* once is enough: the entries stay queued */
		if (ready || ticks == 0)
			break;
		if (signal_pending(current)) {
			ready = -ERESTARTNOHAND;
			break;
		}
		if (ticks < 0 && !pt->full) {
			schedule();
		} else {
			long left = ticks < 0 ? 1 : (long)(deadline - jiffies);

			if (left <= 0)
				break;
			schedule_timeout(pt->full ? 1 : (unsigned long)left);
			if (ticks > 0 && (long)(deadline - jiffies) <= 0) {
				current->state = TASK_RUNNING;
				ready = poll_pass(fds, n, NULL);
				break;
			}
		}
	}
	current->state = TASK_RUNNING;
	poll_table_free(pt);
	return ready;
}

static long ms_to_ticks(int ms)
{
	if (ms < 0)
		return -1;
	return (long)msecs_to_jiffies((unsigned int)ms) + (ms ? 1 : 0);
}

/* A timespec (sec, nsec) as ticks, rounded up: -EINVAL for a bad one. */
static long ts_to_ticks(s64 sec, s64 nsec)
{
	u64 ticks;

	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	if (sec > 0x7fffffff / HZ)
		return -1; /* too far to matter: no limit */
	ticks = (u64)sec * HZ + ((u64)nsec + (1000000000 / HZ) - 1) / (1000000000 / HZ);
	return (long)ticks + (ticks ? 1 : 0);
}

static long poll_common(void __user *ufds, unsigned int nfds, long ticks)
{
	struct kpollfd *fds;
	long ret;

	if (nfds > files_limit())
		return -EINVAL;
	fds = kmalloc((nfds ? nfds : 1) * sizeof(*fds), GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	ret = do_poll(fds, nfds, ticks);
	if (ret >= 0 || ret == -ERESTARTNOHAND) {
		/* only revents go back, as Linux writes them */
		for (unsigned int i = 0; i < nfds && ret >= 0; i++)
			if (copy_to_user((u8 __user *)ufds + i * sizeof(*fds) + 6, &fds[i].revents, 2))
				ret = -EFAULT;
	}
	kfree(fds);
	return ret;
}

long sys_poll(void __user *ufds, unsigned int nfds, int timeout_ms)
{
	return poll_common(ufds, nfds, ms_to_ticks(timeout_ms));
}

/* ppoll/pselect6's mask: in force while waiting, put back on the way to user mode. */
static int set_temporary_mask(const void __user *sigmask, size_t setsize)
{
	ksigset_t set;
	unsigned long flags;

	if (!sigmask)
		return 0;
	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&set, sigmask, sizeof(set)))
		return -EFAULT;
	flags = arch_irq_save();
	current->sig.saved_blocked = current->sig.blocked;
	current->sig.restore_blocked = true; /* do_signal restores it (after a handler) */
	current->sig.blocked = set & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	arch_irq_restore(flags);
	return 0;
}

static long ppoll_common(void __user *ufds, unsigned int nfds, long ticks,
			 const void __user *sigmask, size_t setsize)
{
	int err;

	if (ticks == -EINVAL)
		return -EINVAL;
	err = set_temporary_mask(sigmask, setsize);
	if (err)
		return err;
	return poll_common(ufds, nfds, ticks);
}

long sys_ppoll(void __user *ufds, unsigned int nfds, const void __user *tsp,
	       const void __user *sigmask, size_t setsize)
{
	s32 ts[2];
	long ticks = -1;

	if (tsp) {
		if (copy_from_user(ts, tsp, sizeof(ts)))
			return -EFAULT;
		ticks = ts_to_ticks(ts[0], ts[1]);
	}
	return ppoll_common(ufds, nfds, ticks, sigmask, setsize);
}

long sys_ppoll_time64(void __user *ufds, unsigned int nfds, const void __user *tsp,
		      const void __user *sigmask, size_t setsize)
{
	s64 ts[2];
	long ticks = -1;

	if (tsp) {
		if (copy_from_user(ts, tsp, sizeof(ts)))
			return -EFAULT;
		ticks = ts_to_ticks(ts[0], ts[1]);
	}
	return ppoll_common(ufds, nfds, ticks, sigmask, setsize);
}

/* ------------------------------------------------------------- select -- */

/*
 * select through poll: each fd named in a set becomes a kpollfd; a closed
 * one is -EBADF before any wait, as Linux checks.
 */
static long select_common(int n, void __user *inp, void __user *outp, void __user *exp, long ticks)
{
	u32 *sets;
	unsigned int words, count = 0;
	struct kpollfd *fds;
	void __user *user[3] = { inp, outp, exp };
	long ret;

	if (n < 0 || ticks == -EINVAL)
		return -EINVAL;
	if ((unsigned int)n > files_limit())
		n = (int)files_limit();
	words = ((unsigned int)n + 31) / 32;
	sets = kzalloc(3 * words * sizeof(u32) + 4, GFP_KERNEL);
	fds = kmalloc(((unsigned int)n + 1) * sizeof(*fds), GFP_KERNEL);
	if (!sets || !fds) {
		kfree(sets);
		kfree(fds);
		return -ENOMEM;
	}
	for (int k = 0; k < 3; k++)
		if (user[k] && copy_from_user(sets + k * words, user[k], words * 4)) {
			ret = -EFAULT;
			goto out;
		}
	for (int fd = 0; fd < n; fd++) {
		s16 ev = 0;

		if (sets[fd / 32] & (1u << (fd % 32)))
			ev |= POLLIN_SET;
		if (sets[words + fd / 32] & (1u << (fd % 32)))
			ev |= POLLOUT_SET;
		if (sets[2 * words + fd / 32] & (1u << (fd % 32)))
			ev |= POLLEX_SET;
		if (!ev)
			continue;
		{
			struct file *f = fd_get(current->files, fd);

			if (!f) {
				ret = -EBADF;
				goto out;
			}
			vfs_close(f);
		}
		fds[count++] = (struct kpollfd){ fd, ev, 0 };
	}
	ret = do_poll(fds, count, ticks);
	if (ret < 0)
		goto out;
	memset(sets, 0, 3 * words * sizeof(u32));
	ret = 0;
	for (unsigned int i = 0; i < count; i++) {
		int fd = fds[i].fd;
		unsigned int r = (u16)fds[i].revents;
		bool hit = false;

		if ((r & POLLIN_SET) && (fds[i].events & POLLIN)) {
			sets[fd / 32] |= 1u << (fd % 32);
			hit = true, ret++;
		}
		if ((r & POLLOUT_SET) && (fds[i].events & POLLOUT)) {
			sets[words + fd / 32] |= 1u << (fd % 32);
			hit = true, ret++;
		}
		if ((r & POLLEX_SET) && (fds[i].events & POLLPRI)) {
			sets[2 * words + fd / 32] |= 1u << (fd % 32);
			ret++;
		}
		(void)hit;
	}
	for (int k = 0; k < 3; k++)
		if (user[k] && copy_to_user(user[k], sets + k * words, words * 4)) {
			ret = -EFAULT;
			break;
		}
out:
	kfree(sets);
	kfree(fds);
	return ret;
}

long sys__newselect(int n, void __user *inp, void __user *outp, void __user *exp, void __user *tvp)
{
	s32 tv[2];
	long ticks = -1;

	if (tvp) {
		if (copy_from_user(tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0)
			return -EINVAL;
		ticks = ts_to_ticks(tv[0] + tv[1] / 1000000, (s64)(tv[1] % 1000000) * 1000);
	}
	return select_common(n, inp, outp, exp, ticks);
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
static long pselect_common(int n, void __user *inp, void __user *outp, void __user *exp,
			   long ticks, const void __user *sig)
{
	u32 ss[2];
	int err;

	if (sig) {
		if (copy_from_user(ss, sig, sizeof(ss)))
			return -EFAULT;
		err = set_temporary_mask((const void __user *)ss[0], ss[1]);
		if (err)
			return err;
	}
	return select_common(n, inp, outp, exp, ticks);
}

long sys_pselect6(int n, void __user *inp, void __user *outp, void __user *exp,
		  const void __user *tsp, const void __user *sig)
{
	s32 ts[2];
	long ticks = -1;

	if (tsp) {
		if (copy_from_user(ts, tsp, sizeof(ts)))
			return -EFAULT;
		ticks = ts_to_ticks(ts[0], ts[1]);
	}
	return pselect_common(n, inp, outp, exp, ticks, sig);
}

long sys_pselect6_time64(int n, void __user *inp, void __user *outp, void __user *exp,
			 const void __user *tsp, const void __user *sig)
{
	s64 ts[2];
	long ticks = -1;

	if (tsp) {
		if (copy_from_user(ts, tsp, sizeof(ts)))
			return -EFAULT;
		ticks = ts_to_ticks(ts[0], ts[1]);
	}
	return pselect_common(n, inp, outp, exp, ticks, sig);
}

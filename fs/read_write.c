/*
 * Reading and writing through file descriptors: read, write, readv,
 * writev, pread64, pwrite64, preadv, pwritev, lseek, _llseek.
 *
 * Regular files go through the page cache with a kernel bounce page:
 * each step reads (or writes) at most a page into the bounce buffer and
 * copies it to (from) user memory with copy_to_user / copy_from_user, so
 * a bad user address ends the transfer with a short count, or -EFAULT
 * when nothing was moved, as Linux does. Pipes and the console
 * (f_op->read_user / write_user) copy user memory themselves.
 *
 * Locking: f_pos_lock is held across a whole read or write at the file
 * offset (pread/pwrite do not touch f_pos); writes to an inode hold its
 * i_mutex across all segments (taken inside f_pos_lock, as fs/open.c).
 * References: each call holds the struct file from fd_get to vfs_close.
 *
 * RLIMIT_FSIZE (as Linux's generic_write_checks): a write to a regular
 * file that would pass the limit is cut short at it; one that starts at
 * or past it moves nothing, gets -EFBIG and sends the writer SIGXFSZ.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/signal.h"
#include "mm/mm.h"

#define MAX_RW_COUNT 0x7ffff000u
#define IOV_MAX 1024
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* struct iovec as i386 user space lays it out. */
struct user_iovec {
	u32 base;
	u32 len;
};

static bool can_read(struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return acc == O_RDONLY || acc == O_RDWR;
}

static bool can_write(struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return acc == O_WRONLY || acc == O_RDWR;
}

/*
 * A stream has no position: pipes, the console and other devices that
 * copy user memory themselves (read_user / write_user). pread, pwrite and
 * a generic lseek give -ESPIPE on one.
 */
static bool file_is_stream(struct file *f)
{
	return !f->f_inode || f->f_op->read_user || f->f_op->write_user;
}

/* What stops a read of f before any byte moves (after the access-mode check). */
static ssize_t read_refused(struct file *f)
{
	if (f->f_op->read_user || (f->f_inode && f->f_op->read_user_at))
		return 0;
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_inode || !f->f_op->read)
		return -EINVAL;
	return 0;
}

static ssize_t write_refused(struct file *f)
{
	if (f->f_op->write_user || (f->f_inode && f->f_op->write_user_at))
		return 0;
	if (!f->f_inode || !f->f_op->write)
		return -EINVAL;
	return 0;
}

/* One segment of a read at *pos through the bounce page kbuf. */
static ssize_t read_seg(struct file *f, char __user *ubuf, size_t n, loff_t *pos, bool more,
			char *kbuf)
{
	size_t done = 0;
	ssize_t err = 0;

	if (f->f_op->read_user)
		return f->f_op->read_user(f, ubuf, n, more);
	if (f->f_op->read_user_at)
		return f->f_op->read_user_at(f, ubuf, n, pos);
	while (done < n) {
		size_t chunk = MIN((size_t)PAGE_SIZE, n - done);
		ssize_t r = f->f_op->read(f, kbuf, chunk, pos);
		unsigned long left;

		if (r <= 0) {
			err = r;
			break;
		}
		left = copy_to_user(ubuf + done, kbuf, r);
		done += r - left;
		if (left) {
			*pos -= left;
			err = -EFAULT;
			break;
		}
		if ((size_t)r < chunk)
			break;
	}
	return done ? (ssize_t)done : err;
}

/* One segment of a write at *pos (the inode's i_mutex held) through kbuf. */
static ssize_t write_seg(struct file *f, const char __user *ubuf, size_t n, loff_t *pos,
			 char *kbuf)
{
	size_t done = 0;
	ssize_t err = 0;

	if (f->f_op->write_user)
		return f->f_op->write_user(f, ubuf, n);
	if (f->f_op->write_user_at)
		return f->f_op->write_user_at(f, ubuf, n, pos);
	while (done < n) {
		size_t chunk = MIN((size_t)PAGE_SIZE, n - done);
		size_t got = chunk - copy_from_user(kbuf, ubuf + done, chunk);
		ssize_t r;

		if (!got) {
			err = -EFAULT;
			break;
		}
		r = f->f_op->write(f, kbuf, got, pos);
		if (r <= 0) {
			err = r;
			break;
		}
		done += r;
		if ((size_t)r < chunk)
			break;
	}
	return done ? (ssize_t)done : err;
}

int fsize_limit_check(loff_t pos)
{
	u64 lim = current->rlim[RLIMIT_FSIZE].cur;

	if (lim == RLIM_INFINITY || pos < 0 || (u64)pos < lim)
		return 0;
	send_signal(current, SIGXFSZ, NULL);
	return -EFBIG;
}

/* How much of n bytes at pos RLIMIT_FSIZE lets through (pos is below the limit). */
static size_t fsize_room(loff_t pos, size_t n)
{
	u64 lim = current->rlim[RLIMIT_FSIZE].cur;

	if (lim == RLIM_INFINITY || (u64)pos + n <= lim)
		return n;
	return (size_t)(lim - (u64)pos);
}

static bool read_asked(const struct user_iovec *iov, int cnt)
{
	for (int i = 0; i < cnt; i++)
		if (iov[i].len)
			return true;
	return false;
}

/*
 * The common body of every read call: segments in order until one comes
 * up short. ppos NULL means the file offset. Access checks done by the caller.
 */
static ssize_t do_readv(struct file *f, const struct user_iovec *iov, int cnt, loff_t *ppos)
{
	ssize_t total = 0, err = read_refused(f);
	bool at_fpos = !ppos && f->f_inode;
	char *kbuf = NULL;

	if (err)
		return err;
	if (!f->f_op->read_user && !f->f_op->read_user_at) {
		kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!kbuf)
			return -ENOMEM;
	}
	if (at_fpos) {
		mutex_lock(&f->f_pos_lock);
		ppos = &f->f_pos;
	}
	for (int i = 0; i < cnt; i++) {
		ssize_t r;

		if (!iov[i].len)
			continue;
		r = read_seg(f, (char __user *)iov[i].base, iov[i].len, ppos, total > 0, kbuf);
		if (r < 0) {
			if (!total)
				total = r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].len)
			break;
	}
	if (at_fpos)
		mutex_unlock(&f->f_pos_lock);
	kfree(kbuf);
	/* A page-cache read with something asked for, even at end of file, is an access. */
	if (f->f_inode && S_ISREG(f->f_inode->i_mode) && !f->f_op->read_user &&
	    (total != 0 || read_asked(iov, cnt)))
		file_accessed(f);
	return total;
}

static ssize_t do_writev(struct file *f, const struct user_iovec *iov, int cnt, loff_t *ppos)
{
	ssize_t total = 0, refused = 0, err = write_refused(f);
	/* Only a regular file's writes serialise on i_mutex (and append). */
	struct inode *inode = f->f_inode && S_ISREG(f->f_inode->i_mode) ? f->f_inode : NULL;
	bool at_fpos = !ppos && f->f_inode;
	char *kbuf = NULL;

	if (err)
		return err;
	if (!f->f_op->write_user && !f->f_op->write_user_at) {
		kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!kbuf)
			return -ENOMEM;
	}
	if (at_fpos) {
		mutex_lock(&f->f_pos_lock);
		ppos = &f->f_pos;
	}
	if (inode) {
		mutex_lock(&inode->i_mutex);
		if (f->f_flags & O_APPEND)
			*ppos = inode->i_size;
		if (read_asked(iov, cnt))
			refused = fsize_limit_check(*ppos);
	}
	for (int i = 0; i < cnt && !refused; i++) {
		ssize_t r;
		size_t len = inode ? fsize_room(*ppos, iov[i].len) : iov[i].len;

		if (!iov[i].len)
			continue;
		if (!len)
			break; /* at the limit after earlier segments: a short write */
		r = write_seg(f, (const char __user *)iov[i].base, len, ppos, kbuf);
		if (r < 0) {
			if (!total)
				total = r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].len)
			break;
	}
	if (inode)
		mutex_unlock(&inode->i_mutex);
	if (at_fpos)
		mutex_unlock(&f->f_pos_lock);
	kfree(kbuf);
	return refused ? refused : total;
}

/*
 * The checks every transfer makes first, in Linux's order: a negative
 * position, a bad fd, a position on a pipe, a file not open for this
 * direction. The file (referenced) in *fp, or the error.
 */
static long rw_get_file(unsigned int fd, const loff_t *ppos, bool write, struct file **fp)
{
	struct file *f;

	if (ppos && *ppos < 0)
		return -EINVAL;
	f = fd_get(current->files, (int)fd);
	if (!f)
		return -EBADF;
	if ((ppos && file_is_stream(f)) || !(write ? can_write(f) : can_read(f))) {
		long r = ppos && file_is_stream(f) ? -ESPIPE : -EBADF;

		vfs_close(f);
		return r;
	}
	*fp = f;
	return 0;
}

/* read/write/pread/pwrite: one user buffer. */
static long rw_one(unsigned int fd, void __user *buf, size_t n, loff_t *ppos, bool write)
{
	struct user_iovec iov = { (u32)(unsigned long)buf, 0 };
	struct file *f;
	long r = rw_get_file(fd, ppos, write, &f);

	if (r)
		return r;
	if (!access_ok(buf, n))
		r = -EFAULT;
	else if (!n)
		r = write ? write_refused(f) : read_refused(f);
	else {
		iov.len = (u32)MIN(n, (size_t)MAX_RW_COUNT);
		r = write ? do_writev(f, &iov, 1, ppos) : do_readv(f, &iov, 1, ppos);
	}
	vfs_close(f);
	return r;
}

long sys_read(unsigned int fd, void __user *buf, size_t n)
{
	return rw_one(fd, buf, n, NULL, false);
}

long sys_write(unsigned int fd, const void __user *buf, size_t n)
{
	return rw_one(fd, (void __user *)buf, n, NULL, true);
}

static loff_t make_loff(u32 lo, u32 hi)
{
	return (loff_t)(((u64)hi << 32) | lo);
}

long sys_pread64(unsigned int fd, void __user *buf, size_t n, u32 pos_lo, u32 pos_hi)
{
	loff_t pos = make_loff(pos_lo, pos_hi);

	return rw_one(fd, buf, n, &pos, false);
}

long sys_pwrite64(unsigned int fd, const void __user *buf, size_t n, u32 pos_lo, u32 pos_hi)
{
	loff_t pos = make_loff(pos_lo, pos_hi);

	return rw_one(fd, (void __user *)buf, n, &pos, true);
}

/*
 * Copy and check a user iovec array into kiov (cnt entries): 0, -EINVAL
 * (a length over SSIZE_MAX) or -EFAULT. The total is clamped to
 * MAX_RW_COUNT by shortening the segments, as Linux does.
 */
static long import_iovec(const void __user *uiov, int cnt, struct user_iovec *kiov)
{
	u32 total = 0;

	if (copy_from_user(kiov, uiov, cnt * sizeof(*kiov)))
		return -EFAULT;
	for (int i = 0; i < cnt; i++) {
		u32 len = kiov[i].len;

		if ((s32)len < 0)
			return -EINVAL;
		if (!access_ok((void __user *)kiov[i].base, len))
			return -EFAULT;
		if (len > MAX_RW_COUNT - total)
			kiov[i].len = len = MAX_RW_COUNT - total;
		total += len;
	}
	return 0;
}

/* readv/writev (ppos NULL: the file offset) and preadv/pwritev. */
static long rw_vec(unsigned int fd, const void __user *uiov, int cnt, loff_t *ppos, bool write)
{
	struct user_iovec *kiov = NULL;
	struct file *f;
	long r = rw_get_file(fd, ppos, write, &f);

	if (r)
		return r;
	if (cnt < 0 || cnt > IOV_MAX)
		r = -EINVAL;
	else if (!cnt)
		r = 0;
	else if (!(kiov = kmalloc(cnt * sizeof(*kiov), GFP_KERNEL)))
		r = -ENOMEM;
	else if (!(r = import_iovec(uiov, cnt, kiov)))
		r = write ? do_writev(f, kiov, cnt, ppos) : do_readv(f, kiov, cnt, ppos);
	kfree(kiov);
	vfs_close(f);
	return r;
}

long sys_readv(unsigned int fd, const void __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, iovcnt, NULL, false);
}

long sys_writev(unsigned int fd, const void __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, iovcnt, NULL, true);
}

long sys_preadv(unsigned int fd, const void __user *iov, int iovcnt, u32 pos_lo, u32 pos_hi)
{
	loff_t pos = make_loff(pos_lo, pos_hi);

	return rw_vec(fd, iov, iovcnt, &pos, false);
}

long sys_pwritev(unsigned int fd, const void __user *iov, int iovcnt, u32 pos_lo, u32 pos_hi)
{
	loff_t pos = make_loff(pos_lo, pos_hi);

	return rw_vec(fd, iov, iovcnt, &pos, true);
}

/* lseek with Linux's whence values, SEEK_DATA / SEEK_HOLE included (no holes reported). */
static loff_t do_lseek(struct file *f, loff_t off, unsigned int whence)
{
	loff_t size;

	if (f->f_op->llseek)
		return whence > SEEK_END ? -EINVAL : vfs_lseek(f, off, (int)whence);
	if (file_is_stream(f))
		return -ESPIPE;
	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return vfs_lseek(f, off, (int)whence);
	size = f->f_inode->i_size;
	if (off < 0 || off >= size)
		return -ENXIO;
	return vfs_lseek(f, whence == SEEK_DATA ? off : size, SEEK_SET);
}

long sys_lseek(unsigned int fd, long off, unsigned int whence)
{
	struct file *f = fd_get(current->files, (int)fd);
	loff_t r;

	if (!f)
		return -EBADF;
	r = whence > SEEK_HOLE ? -EINVAL : do_lseek(f, off, whence);
	vfs_close(f);
	/* The offset has moved even when it cannot be returned, as on Linux. */
	if (r > 0x7fffffffLL)
		return -EOVERFLOW;
	return (long)r;
}

long sys__llseek(unsigned int fd, u32 off_hi, u32 off_lo, loff_t __user *res, unsigned int whence)
{
	struct file *f = fd_get(current->files, (int)fd);
	loff_t r;

	if (!f)
		return -EBADF;
	r = whence > SEEK_HOLE ? -EINVAL : do_lseek(f, make_loff(off_lo, off_hi), whence);
	vfs_close(f);
	if (r < 0)
		return (long)r;
	return copy_to_user(res, &r, sizeof(r)) ? -EFAULT : 0;
}

/*
 * Descriptor calls: dup, dup2, dup3, fcntl, fcntl64 and ioctl.
 *
 * The fd table (fs/fdtable.c) does the slot work; here are Linux's
 * argument rules and error order. Record locks are accepted and never
 * conflict (there is one user of every file for now): F_GETLK answers
 * F_UNLCK, F_SETLK(W) validate and succeed. ioctl handles the generic
 * FIOCLEX / FIONCLEX / FIONBIO / FIOASYNC / FIONREAD and hands the rest
 * to the file (the console's termios calls); anything else is -ENOTTY.
 *
 * References: each call holds the file from fd_get to vfs_close; dup*
 * give the new slot a reference of its own.
 */
#include "fs/pipe.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_GETLK64 12
#define F_SETLK64 13
#define F_SETLKW64 14
#define F_SETOWN_EX 15
#define F_GETOWN_EX 16
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_SETLEASE 1024
#define F_GETLEASE 1025
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define FD_CLOEXEC 1

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define FASYNC 020000
/* The status flags F_SETFL may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC)

#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIOASYNC 0x5452
#define FIONREAD 0x541B

/* i386 struct flock (32-bit offsets) and struct flock64. */
struct flock32 {
	s16 l_type;
	s16 l_whence;
	s32 l_start;
	s32 l_len;
	s32 l_pid;
};
_Static_assert(sizeof(struct flock32) == 16, "flock");

struct flock64 {
	s16 l_type;
	s16 l_whence;
	s64 l_start;
	s64 l_len;
	s32 l_pid;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct flock64) == 24, "flock64");

long sys_dup(unsigned int oldfd)
{
	struct file *f = fd_get(current->files, (int)oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(current->files, f);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= files_limit())
		return -EBADF;
	f = fd_get(current->files, (int)oldfd);
	if (!f)
		return -EBADF;
	return fd_install_at(current->files, newfd, f, flags & O_CLOEXEC);
}

long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fd_get(current->files, (int)oldfd);

		if (!f)
			return -EBADF;
		vfs_close(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

static long dupfd(struct file *f, unsigned long from, bool cloexec)
{
	long fd;

	if (from >= files_limit())
		return -EINVAL;
	fd = fd_install_from(current->files, get_file(f), (unsigned int)from, cloexec);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

static bool lock_type_ok(struct file *f, int type)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	if (type == F_RDLCK)
		return acc == O_RDONLY || acc == O_RDWR;
	if (type == F_WRLCK)
		return acc == O_WRONLY || acc == O_RDWR;
	return true;
}

/* The record-lock commands: nothing ever conflicts. */
static long do_lock(struct file *f, unsigned int cmd, unsigned long arg, bool is64)
{
	bool get = cmd == F_GETLK || cmd == F_GETLK64 || cmd == F_OFD_GETLK;
	struct flock64 l64;
	struct flock32 l32;
	int type;

	if (is64 ? copy_struct_from_user(&l64, (void __user *)arg) :
		   copy_struct_from_user(&l32, (void __user *)arg))
		return -EFAULT;
	type = is64 ? l64.l_type : l32.l_type;
	if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
		return -EINVAL;
	if ((is64 ? l64.l_whence : l32.l_whence) > SEEK_END)
		return -EINVAL;
	if (!get)
		return lock_type_ok(f, type) ? 0 : -EBADF;
	if (type == F_UNLCK)
		return -EINVAL;
	if (is64) {
		l64.l_type = F_UNLCK;
		return copy_struct_to_user((void __user *)arg, &l64);
	}
	l32.l_type = F_UNLCK;
	return copy_struct_to_user((void __user *)arg, &l32);
}

static long do_fcntl(struct file *f, unsigned int fd, unsigned int cmd, unsigned long arg,
		     bool is64)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dupfd(f, arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_get_cloexec(current->files, (int)fd) > 0 ? FD_CLOEXEC : 0;
	case F_SETFD:
		return fd_set_cloexec(current->files, (int)fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return f->f_flags & O_USER_FLAGS;
	case F_SETFL:
		mutex_lock(&f->f_pos_lock);
		f->f_flags = (f->f_flags & ~SETFL_MASK) | ((unsigned int)arg & SETFL_MASK);
		mutex_unlock(&f->f_pos_lock);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return do_lock(f, cmd, arg, false);
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
		return is64 ? do_lock(f, cmd, arg, true) : -EINVAL;
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return do_lock(f, cmd, arg, is64);
	case F_GETOWN:
	case F_SETOWN:
	case F_GETSIG:
	case F_SETSIG:
		return 0;
	case F_GETLEASE:
		return F_UNLCK;
	case F_GETPIPE_SZ:
		return file_is_pipe(f) ? (long)pipe_get_size(f->private_data) : -EBADF;
	case F_SETPIPE_SZ:
		return file_is_pipe(f) ? pipe_set_size(f->private_data, arg) : -EBADF;
	}
	return -EINVAL;
}

static long fcntl_common(unsigned int fd, unsigned int cmd, unsigned long arg, bool is64)
{
	struct file *f = fd_get(current->files, (int)fd);
	long r;

	if (!f)
		return -EBADF;
	r = do_fcntl(f, fd, cmd, arg, is64);
	vfs_close(f);
	return r;
}

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	return fcntl_common(fd, cmd, arg, false);
}

long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	return fcntl_common(fd, cmd, arg, true);
}

/* FIONREAD for a regular file: the bytes between the offset and the end. */
static long fionread_file(struct file *f, unsigned long arg)
{
	loff_t n;

	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode))
		return -ENOTTY;
	n = f->f_inode->i_size - f->f_pos;
	return put_user_u32(n > 0 ? (u32)MIN(n, (loff_t)0x7fffffff) : 0, (u32 __user *)arg);
}

long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fd_get(current->files, (int)fd);
	long r;
	u32 on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		r = fd_set_cloexec(current->files, (int)fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		r = get_user_u32(&on, (const u32 __user *)arg);
		if (!r) {
			mutex_lock(&f->f_pos_lock);
			f->f_flags = on ? f->f_flags | O_NONBLOCK : f->f_flags & ~O_NONBLOCK;
			mutex_unlock(&f->f_pos_lock);
		}
		break;
	case FIOASYNC:
		r = get_user_u32(&on, (const u32 __user *)arg);
		break;
	case FIONREAD:
		/* devices answer themselves (a tty opened through its node too) */
		if (f->f_op->ioctl && (!f->f_inode || !S_ISREG(f->f_inode->i_mode))) {
			r = f->f_op->ioctl(f, cmd, arg);
			break;
		}
		r = fionread_file(f, arg);
		break;
	default:
		r = f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
	}
	vfs_close(f);
	return r;
}

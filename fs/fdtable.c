/*
 * Per-process file descriptor tables (struct files): the lowest free fd
 * gets the next file, each fd has a close-on-exec bit, fork shares the
 * struct file of each slot (taking a reference), exec closes the fds
 * marked close-on-exec, and the last task to drop a table closes its
 * files. The slots start in the table itself (NR_OPEN_DEFAULT) and grow
 * by doubling, never past files_limit() (RLIMIT_NOFILE).
 *
 * Locking: files->lock (a mutex) guards the slots, the bits and the
 * array pointers. count changes atomically, so /proc can take a use of
 * another task's table from a walk of the tasks with interrupts off
 * (files_get_irqoff), as it takes mm->users. Files are closed (vfs_close) only after the lock is
 * dropped, since a last close may sleep (pipe wake-ups, iput). f_count
 * changes go through get_file / vfs_close.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define BITS_WORDS(n) (((n) + 31) / 32)

static bool test_cloexec(struct files *fs, unsigned int fd)
{
	return fs->close_on_exec[fd / 32] & (1u << (fd % 32));
}

static void set_cloexec(struct files *fs, unsigned int fd, bool on)
{
	if (on)
		fs->close_on_exec[fd / 32] |= 1u << (fd % 32);
	else
		fs->close_on_exec[fd / 32] &= ~(1u << (fd % 32));
}

unsigned int files_limit(void)
{
	struct rlimit64 *r;

	if (!current || !current->is_user)
		return NR_OPEN_LIMIT;
	r = &current->rlim[RLIMIT_NOFILE];
	if (!r->cur && !r->max) /* limits never set up: Linux's default */
		return NR_OPEN_LIMIT;
	return r->cur > NR_OPEN_MAX ? NR_OPEN_MAX : (unsigned int)r->cur;
}

struct files *files_alloc(void)
{
	struct files *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->count = 1;
	fs->max_fds = NR_OPEN_DEFAULT;
	fs->fd = fs->fd_array;
	fs->close_on_exec = fs->cloexec_array;
	mutex_init(&fs->lock);
	return fs;
}

static void free_arrays(struct files *fs)
{
	if (fs->fd != fs->fd_array)
		kfree(fs->fd);
	if (fs->close_on_exec != fs->cloexec_array)
		kfree(fs->close_on_exec);
}

/* Make room for at least nr slots (lock held): 0 or -ENOMEM. */
static int expand_files(struct files *fs, unsigned int nr)
{
	unsigned int n = fs->max_fds;
	struct file **fd;
	u32 *bits;

	if (nr <= n)
		return 0;
	while (n < nr)
		n *= 2;
	fd = kzalloc(n * sizeof(*fd), GFP_KERNEL);
	bits = kzalloc(BITS_WORDS(n) * sizeof(u32), GFP_KERNEL);
	if (!fd || !bits) {
		kfree(fd);
		kfree(bits);
		return -ENOMEM;
	}
	memcpy(fd, fs->fd, fs->max_fds * sizeof(*fd));
	memcpy(bits, fs->close_on_exec, BITS_WORDS(fs->max_fds) * sizeof(u32));
	free_arrays(fs);
	fs->fd = fd;
	fs->close_on_exec = bits;
	fs->max_fds = n;
	return 0;
}

struct files *files_dup(struct files *old)
{
	struct files *fs = files_alloc();

	if (!fs)
		return NULL;
	mutex_lock(&old->lock);
	if (expand_files(fs, old->max_fds)) {
		mutex_unlock(&old->lock);
		files_put(fs);
		return NULL;
	}
	for (unsigned int i = 0; i < old->max_fds; i++)
		if (old->fd[i]) {
			fs->fd[i] = get_file(old->fd[i]);
			set_cloexec(fs, i, test_cloexec(old, i));
		}
	mutex_unlock(&old->lock);
	return fs;
}

struct files *files_get_irqoff(struct files *fs)
{
	if (!fs || fs->count <= 0)
		return NULL;
	__atomic_add_fetch(&fs->count, 1, __ATOMIC_SEQ_CST);
	return fs;
}

void files_put(struct files *fs)
{
	int left;

	mutex_lock(&fs->lock);
	left = __atomic_sub_fetch(&fs->count, 1, __ATOMIC_SEQ_CST); /* files_get_irqoff may race */
	mutex_unlock(&fs->lock);
	if (left)
		return;
	for (unsigned int i = 0; i < fs->max_fds; i++)
		if (fs->fd[i])
			vfs_close(fs->fd[i]);
	free_arrays(fs);
	kfree(fs);
}

void files_close_on_exec(struct files *fs)
{
	for (unsigned int i = 0;; i++) {
		struct file *f = NULL;

		mutex_lock(&fs->lock);
		if (i >= fs->max_fds) {
			mutex_unlock(&fs->lock);
			return;
		}
		if (fs->fd[i] && test_cloexec(fs, i)) {
			f = fs->fd[i];
			fs->fd[i] = NULL;
			set_cloexec(fs, i, false);
		}
		mutex_unlock(&fs->lock);
		if (f)
			vfs_close(f);
	}
}

int fd_install_from(struct files *fs, struct file *f, unsigned int minfd, bool cloexec)
{
	unsigned int limit = files_limit();
	int fd = -EMFILE;

	if (minfd >= limit)
		return -EINVAL;
	mutex_lock(&fs->lock);
	for (unsigned int i = minfd; i < limit; i++) {
		if (i >= fs->max_fds && expand_files(fs, i + 1)) {
			fd = -ENOMEM;
			break;
		}
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			set_cloexec(fs, i, cloexec);
			fd = (int)i;
			break;
		}
	}
	mutex_unlock(&fs->lock);
	return fd;
}

int fd_install(struct files *fs, struct file *f)
{
	return fd_install_from(fs, f, 0, false);
}

int fd_install_at(struct files *fs, unsigned int fd, struct file *f, bool cloexec)
{
	struct file *old = NULL;
	int err = 0;

	if (fd >= files_limit())
		return -EBADF;
	mutex_lock(&fs->lock);
	err = expand_files(fs, fd + 1);
	if (!err) {
		old = fs->fd[fd];
		fs->fd[fd] = f;
		set_cloexec(fs, fd, cloexec);
	}
	mutex_unlock(&fs->lock);
	if (old)
		vfs_close(old);
	return err ? err : (int)fd;
}

struct file *fd_get(struct files *fs, int fd)
{
	struct file *f = NULL;

	if (!fs || fd < 0)
		return NULL;
	mutex_lock(&fs->lock);
	if ((unsigned int)fd < fs->max_fds && fs->fd[fd])
		f = get_file(fs->fd[fd]);
	mutex_unlock(&fs->lock);
	return f;
}

int fd_close(struct files *fs, int fd)
{
	struct file *f = NULL;

	if (fd < 0)
		return -EBADF;
	mutex_lock(&fs->lock);
	if ((unsigned int)fd < fs->max_fds) {
		f = fs->fd[fd];
		fs->fd[fd] = NULL;
		set_cloexec(fs, fd, false);
	}
	mutex_unlock(&fs->lock);
	if (!f)
		return -EBADF;
	return vfs_close(f);
}

int fd_get_cloexec(struct files *fs, int fd)
{
	int r = -EBADF;

	if (fd < 0)
		return -EBADF;
	mutex_lock(&fs->lock);
	if ((unsigned int)fd < fs->max_fds && fs->fd[fd])
		r = test_cloexec(fs, fd);
	mutex_unlock(&fs->lock);
	return r;
}

int fd_set_cloexec(struct files *fs, int fd, bool on)
{
	int r = -EBADF;

	if (fd < 0)
		return -EBADF;
	mutex_lock(&fs->lock);
	if ((unsigned int)fd < fs->max_fds && fs->fd[fd]) {
		set_cloexec(fs, fd, on);
		r = 0;
	}
	mutex_unlock(&fs->lock);
	return r;
}

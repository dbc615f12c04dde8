/*
 * Per-process file descriptor tables (struct files): the lowest free fd
 * gets the next file, fork shares the struct file of each slot (taking a
 * reference), and the last task to drop a table closes its files. Kernel
 * threads use struct file directly; processes will reach files only
 * through these tables.
 *
 * Locking: files->lock (a mutex) guards the slots; f_count changes go
 * through get_file / vfs_close.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/mm.h"

struct files *files_alloc(void)
{
	struct files *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->count = 1;
	fs->max_fds = NR_OPEN_DEFAULT;
	mutex_init(&fs->lock);
	return fs;
}

struct files *files_dup(struct files *old)
{
	struct files *fs = files_alloc();

	if (!fs)
		return NULL;
	mutex_lock(&old->lock);
	for (unsigned int i = 0; i < old->max_fds; i++)
		if (old->fd[i])
			fs->fd[i] = get_file(old->fd[i]);
	mutex_unlock(&old->lock);
	return fs;
}

void files_put(struct files *fs)
{
	int left;

	mutex_lock(&fs->lock);
	left = --fs->count;
	mutex_unlock(&fs->lock);
	if (left)
		return;
	for (unsigned int i = 0; i < fs->max_fds; i++)
		if (fs->fd[i])
			vfs_close(fs->fd[i]);
	kfree(fs);
}

int fd_install(struct files *fs, struct file *f)
{
	int fd = -EMFILE;

	mutex_lock(&fs->lock);
	for (unsigned int i = 0; i < fs->max_fds; i++)
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			fd = (int)i;
			break;
		}
	mutex_unlock(&fs->lock);
	return fd;
}

struct file *fd_get(struct files *fs, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || (unsigned int)fd >= fs->max_fds)
		return NULL;
	mutex_lock(&fs->lock);
	if (fs->fd[fd])
		f = get_file(fs->fd[fd]);
	mutex_unlock(&fs->lock);
	return f;
}

int fd_close(struct files *fs, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || (unsigned int)fd >= fs->max_fds)
		return -EBADF;
	mutex_lock(&fs->lock);
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	mutex_unlock(&fs->lock);
	if (!f)
		return -EBADF;
	return vfs_close(f);
}

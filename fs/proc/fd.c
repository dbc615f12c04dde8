/*
 * /proc/<pid>/fd/: one symlink per open file descriptor of a process,
 * named by its number, as Linux shows them. The link's text is the
 * absolute path the file was opened by (struct file's f_path, set by
 * open/openat) with every symlink on it followed again (resolved_path),
 * "pipe:[ino]" for a pipe end, "/dev/console" for the console init got
 * from the kernel, and "anon_inode:[unknown]" for anything else opened
 * without a name.
 *
 * Inode numbers: PROC_FD_INO_FLAG | pid | the file's access mode | fd
 * (fds below 4096 only; proc_fd_ino). The access mode is in the number
 * because the link's permissions show it (r-x for reading, -wx for
 * writing, as Linux): an fd reopened another way is another inode, so a
 * cached one never shows a stale mode. The descriptor table is reached through a reference on
 * the task's struct files taken with interrupts off inside task_find
 * (files->count, as fs/proc/base.c pins an mm), then read under its
 * mutex; the file itself is pinned with get_file while its name is made.
 */
#include "fs/vfs.h"
#include "fs/pipe.h"
#include "fs/proc/internal.h"
#include "drivers/console.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/printk.h"

struct files_query {
	int pid;
	struct files *files;
};

static bool grab_files(struct task *t, void *data)
{
	struct files_query *q = data;

	if (t->pid != q->pid || !t->is_user || t->tgid != t->pid)
		return false;
	if (t->files && !t->zombie) {
		q->files = t->files;
		t->files->count++;
	}
	return true;
}

/* The files of process pid with a reference (files_put), or NULL. */
static struct files *task_files(int pid)
{
	struct files_query q = { pid, NULL };

	task_find(grab_files, &q);
	return q.files;
}

static unsigned int access_bits(const struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return (acc == O_RDONLY || acc == O_RDWR ? 1 : 0) | (acc == O_WRONLY || acc == O_RDWR ? 2 : 0);
}

/* The first open fd >= from in fs (and its access bits), or -1. */
static int next_fd(struct files *fs, int from, unsigned int *access)
{
	int fd = -1;

	mutex_lock(&fs->lock);
	for (unsigned int i = (unsigned int)from; i < fs->max_fds && i < PROC_FD_MAX; i++) {
		if (fs->fd[i]) {
			fd = (int)i;
			*access = access_bits(fs->fd[i]);
			break;
		}
	}
	mutex_unlock(&fs->lock);
	return fd;
}

/* The name after "fd/": a decimal without leading zeros below PROC_FD_MAX, or -1. */
static int name_to_fd(const char *name, int len)
{
	int fd = 0;

	if (len < 1 || len > 4 || (name[0] == '0' && len > 1))
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		fd = fd * 10 + (name[i] - '0');
	}
	return fd < PROC_FD_MAX ? fd : -1;
}

static long proc_fd_lookup(struct inode *dir, const char *name, int len)
{
	int pid = proc_inode_pid(dir), fd = name_to_fd(name, len);
	struct files *fs;
	long ino = -ENOENT;
	unsigned int access;

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return proc_pid_dir_ino(pid);
	if (fd < 0 || !(fs = task_files(pid)))
		return -ENOENT;
	if (next_fd(fs, fd, &access) == fd)
		ino = proc_fd_ino(pid, (unsigned int)fd, access);
	files_put(fs);
	return ino;
}

/* Positions: 0 ".", 1 "..", then 2 + fd. */
static int proc_fd_readdir(struct file *f, void *ctx, filldir_t fill)
{
	int pid = proc_inode_pid(f->f_inode);
	struct files *fs = task_files(pid);
	char num[8];

	for (;;) {
		loff_t p = f->f_pos;
		int stop, fd;
		unsigned int access;

		if (p < 2) {
			stop = fill(ctx, "..", (int)p + 1,
				    p ? proc_pid_dir_ino(pid) : f->f_inode->i_ino, DT_DIR);
		} else {
			fd = fs ? next_fd(fs, (int)(p - 2), &access) : -1;
			if (fd < 0)
				break;
			f->f_pos = p = 2 + fd;
			stop = fill(ctx, num, snprintf(num, sizeof(num), "%d", fd),
				    proc_fd_ino(pid, (unsigned int)fd, access), DT_LNK);
		}
		if (stop)
			break;
		f->f_pos = p + 1;
	}
	if (fs)
		files_put(fs);
	return 0;
}

/* What the link of open file f says, into buf: its length. */
static int file_link_text(struct file *f, char *buf, int size)
{
	int n;

	if (f->f_path) {
		n = resolved_path(f->f_path, buf, size);
		if (n >= 0)
			return n;
		return snprintf(buf, size, "%s (deleted)", f->f_path);
	}
	if (file_is_pipe(f))
		return snprintf(buf, size, "pipe:[%u]", ((struct pipe *)f->private_data)->ino);
	if (file_is_console(f))
		return snprintf(buf, size, "/dev/console");
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode)) {
		n = inode_path(f->f_inode, buf, size);
		if (n >= 0)
			return n;
	}
	return snprintf(buf, size, "anon_inode:[unknown]");
}

static int proc_fd_readlink(struct inode *inode, char *buf, int size)
{
	int pid = proc_fd_ino_pid(inode->i_ino), fd = proc_fd_ino_fd(inode->i_ino);
	struct files *fs = task_files(pid);
	struct file *f;
	char *text;
	int n;

	if (!fs)
		return -ENOENT;
	f = fd_get(fs, fd);
	files_put(fs);
	if (!f)
		return -ENOENT;
	text = kmalloc(PATH_MAX, GFP_KERNEL);
	n = text ? file_link_text(f, text, PATH_MAX) : -ENOMEM;
	vfs_close(f);
	if (n >= 0) {
		n = MIN(MIN(n, PATH_MAX - 1), size);
		memcpy(buf, text, n);
	}
	kfree(text);
	return n;
}

const struct inode_operations proc_fd_iops = { .lookup = proc_fd_lookup };
const struct file_operations proc_fd_fops = { .readdir = proc_fd_readdir };
const struct inode_operations proc_fd_link_iops = { .readlink = proc_fd_readlink };

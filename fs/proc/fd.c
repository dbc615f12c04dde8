/*
 * /proc/<pid>/fd/ and /proc/<pid>/fdinfo/: a directory entry per open fd
 * of the process, named by its number. fd/N is a symlink whose text is
 * the file's name (fs/file_path.c: the path it was opened by,
 * `pipe:[ino]`, `/dev/console`), with Linux's link modes (r-x, -wx or
 * rwx for the owner, by the access mode); fdinfo/N is a text file with
 * Linux's first lines, `pos:`, `flags:` (octal, O_CLOEXEC included when
 * the fd has it) and `ino:`. (Linux also prints `mnt_id:`; this kernel
 * has no mount ids, so the line is left out.)
 *
 * Everything is looked up afresh per call: the process's fd table is
 * pinned by proc_task_get (files_get_irqoff), read under its mutex, and
 * released before returning; a file found is referenced (get_file) for
 * as long as its text is made.
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "fs/pipe.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct file *proc_fd_file(int pid, int fd)
{
	struct proc_task pt;
	struct file *f;

	if (proc_task_get(pid, &pt))
		return NULL;
	f = pt.files ? fd_get(pt.files, fd) : NULL;
	proc_task_put(&pt);
	return f;
}

int proc_next_fd(int pid, int from)
{
	struct proc_task pt;
	int found = -1;

	if (from < 0 || proc_task_get(pid, &pt))
		return -1;
	if (pt.files) {
		struct files *fs = pt.files;

		mutex_lock(&fs->lock);
		for (unsigned int fd = (unsigned int)from; fd < fs->max_fds; fd++)
			if (fs->fd[fd]) {
				found = (int)fd;
				break;
			}
		mutex_unlock(&fs->lock);
	}
	proc_task_put(&pt);
	return found;
}

/* What fstat says st_ino is: the inode's number, a pipe's own, 0 for the console. */
static unsigned long file_ino(struct file *f)
{
	if (f->f_inode)
		return f->f_inode->i_ino;
	if (file_is_pipe(f))
		return ((struct pipe *)f->private_data)->ino;
	return 0;
}

int proc_fdinfo_show(struct proc_buf *b, int pid, int fd)
{
	struct proc_task pt;
	struct file *f = NULL;
	int cloexec = 0;

	if (proc_task_get(pid, &pt))
		return -ESRCH;
	if (pt.files) {
		f = fd_get(pt.files, fd);
		cloexec = f ? fd_get_cloexec(pt.files, fd) : 0;
	}
	proc_task_put(&pt);
	if (!f)
		return -ENOENT;
	proc_printf(b, "pos:\t%lld\nflags:\t0%o\nino:\t%lu\n", (long long)f->f_pos,
		    f->f_flags | (cloexec > 0 ? O_CLOEXEC : 0), file_ino(f));
	vfs_close(f);
	return 0;
}

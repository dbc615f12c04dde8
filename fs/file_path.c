/*
 * The name an open file shows in /proc/<pid>/fd/ (readlink), as Linux
 * does: the absolute path it was opened by, `pipe:[ino]` for a pipe end,
 * `/dev/console` for the console fds the kernel gives init.
 *
 * open(2) records the path in the struct file (f_path, kmalloc'd, freed
 * by the last vfs_close): the name made absolute against the cwd (or the
 * dirfd's own path) with "." and ".." and repeated slashes folded, the
 * way the name was written. The link text resolves the symlinks and ".."
 * of that name when it is read (Linux's d_path shows the dentry), through
 * the links that still exist for an unlinked file; a later rename is not
 * followed. A file opened by the kernel without a path shows as
 * `anon_inode:[unknown]`.
 *
 * Locking: f_path is written once, before the file is installed in an fd
 * table, and read-only after, so readers need only their reference.
 */
#include "fs/vfs.h"
#include "fs/pipe.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"

/* Append component [s, s+n) to the absolute path in out (len bytes), folding "." and "..". */
static int push_component(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (n == 0 || (n == 1 && s[0] == '.'))
		return 0;
	if (n == 2 && s[0] == '.' && s[1] == '.') {
		while (*len > 1 && out[*len - 1] != '/')
			(*len)--;
		if (*len > 1)
			(*len)--; /* the slash before the dropped component */
		out[*len] = 0;
		return 0;
	}
	if (*len + 1 + n + 1 > size)
		return -ENAMETOOLONG;
	if (*len > 1)
		out[(*len)++] = '/';
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = 0;
	return 0;
}

static int push_path(char *out, size_t size, size_t *len, const char *p)
{
	while (*p) {
		const char *e = p;
		int err;

		while (*e && *e != '/')
			e++;
		err = push_component(out, size, len, p, (size_t)(e - p));
		if (err)
			return err;
		p = *e ? e + 1 : e;
	}
	return 0;
}

int path_make_absolute(char *out, size_t size, const char *base, const char *name)
{
	size_t len = 1;
	int err = 0;

	if (size < 2)
		return -ENAMETOOLONG;
	out[0] = '/';
	out[1] = 0;
	if (name[0] != '/')
		err = push_path(out, size, &len, base ? base : "/");
	if (!err)
		err = push_path(out, size, &len, name);
	return err;
}

/* The directory a relative name of openat(dfd, ...) starts from: a path, or NULL if unknown. */
static const char *dirfd_path(int dfd, struct file **held)
{
	struct file *f;

	*held = NULL;
	if (dfd == AT_FDCWD)
		return current->cwd_path ? current->cwd_path : "/";
	f = fd_get(current->files, dfd);
	if (!f)
		return NULL;
	*held = f;
	return f->f_path;
}

void file_set_path(struct file *f, int dfd, const char *name)
{
	struct file *dir = NULL;
	const char *base = name[0] == '/' ? "/" : dirfd_path(dfd, &dir);
	char *buf;

	if (base && (buf = kmalloc(PATH_MAX, GFP_KERNEL))) {
		if (!path_make_absolute(buf, PATH_MAX, base, name)) {
			size_t n = strlen(buf) + 1;

			f->f_path = kmalloc(n, GFP_KERNEL);
			if (f->f_path)
				memcpy(f->f_path, buf, n);
		}
		kfree(buf);
	}
	if (dir)
		vfs_close(dir);
}

int file_link_text(struct file *f, char *buf, int size)
{
	/* Made whole first, then cut to size: readlink's bytes, no NUL, as Linux. */
	char *tmp = kmalloc(PATH_MAX + 16, GFP_KERNEL);
	int n;

	if (!tmp)
		return -ENOMEM;
	if (f->f_path && f->f_inode && f->f_inode->i_nlink == 0) {
		n = resolved_path_of_unlinked(f->f_path, tmp, PATH_MAX);
		if (n < 0)
			n = MIN((int)strlcpy(tmp, f->f_path, PATH_MAX), PATH_MAX - 1);
		n += snprintf(tmp + n, PATH_MAX + 16 - n, " (deleted)");
	}
	else if (f->f_path && (n = resolved_path(f->f_path, tmp, PATH_MAX)) >= 0)
		; /* symlinks and ".." in the name open used resolved, as Linux shows the dentry */
	else if (f->f_path)
		n = snprintf(tmp, PATH_MAX + 16, "%s", f->f_path);
	else if (file_is_pipe(f))
		n = snprintf(tmp, PATH_MAX + 16, "pipe:[%u]", ((struct pipe *)f->private_data)->ino);
	else if (file_is_tty(f))
		n = snprintf(tmp, PATH_MAX + 16, "/dev/console");
	else
		n = snprintf(tmp, PATH_MAX + 16, "anon_inode:[unknown]");
	n = MIN(n, MIN(size, PATH_MAX + 15));
	memcpy(buf, tmp, n);
	kfree(tmp);
	return n;
}

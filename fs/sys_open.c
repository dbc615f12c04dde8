/*
 * The name-based file system calls: open, openat, creat, close, unlink,
 * unlinkat, rmdir (the removal itself: fs/namei_ops.c), access, faccessat(2), readlink(at), chdir, fchdir, getcwd,
 * umask, truncate(64), ftruncate(64), fsync, fdatasync, sync.
 *
 * Every user string comes in through getname (one PATH_MAX buffer, freed
 * with putname before returning); names resolve relative to the task's
 * cwd or a dirfd through lookup_at / lookup_parent_at (fs/namei.c).
 *
 * References: an inode from a lookup is the caller's to iput; a struct
 * file goes into the fd table with its creation reference (fd_install*),
 * or is closed on failure. current->cwd holds one inode reference and
 * current->cwd_path a kmalloc'd string, both replaced together by chdir.
 * Every process runs as root: permission bits never refuse, a read-only
 * filesystem does (-EROFS).
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"

#define S_IALLUGO 07777
#define R_OK 4
#define W_OK 2
#define X_OK 1

static bool is_dot_or_dotdot(const char *name, int len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

static bool ends_with_slash(const char *name)
{
	size_t n = strlen(name);

	return n && name[n - 1] == '/';
}

/* O_CREAT: the named inode, created (regular file) if absent; ERR_PTR. */
static struct inode *open_create(int dfd, const char *name, unsigned int flags, u16 mode)
{
	unsigned int lf = (flags & O_NOFOLLOW) || (flags & O_EXCL) ? 0 : LOOKUP_FOLLOW;
	struct inode *inode, *dir;
	const char *last;
	char *text;
	int len, err;

	if (ends_with_slash(name))
		return ERR_PTR(-EISDIR);
	inode = lookup_at(dfd, name, lf);
	if (!IS_ERR(inode)) {
		if (flags & O_EXCL) {
			iput(inode);
			return ERR_PTR(-EEXIST);
		}
		return inode;
	}
	if (PTR_ERR(inode) != -ENOENT)
		return inode;
	dir = lookup_create_parent(dfd, name, lf & LOOKUP_FOLLOW, &text, &last, &len);
	if (IS_ERR(dir))
		return dir;
	if (!len || is_dot_or_dotdot(last, len)) {
		iput(dir);
		kfree(text);
		return ERR_PTR(-EISDIR);
	}
	err = vfs_create_in(dir, last, len, mode, &inode);
	iput(dir);
	kfree(text);
	if (err == -EEXIST && !(flags & O_EXCL)) /* created by someone else meanwhile */
		return lookup_at(dfd, name, lf);
	return err ? ERR_PTR(err) : inode;
}

/* The open() path for a kernel copy of the name: a struct file or ERR_PTR. */
static struct file *do_filp_open(int dfd, const char *name, unsigned int flags, u16 mode)
{
	struct inode *inode;
	struct file *f;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return ERR_PTR(-EOPNOTSUPP);
	if (flags & O_CREAT) {
		inode = open_create(dfd, name, flags, mode);
	} else {
		unsigned int lf = flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW;

		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		inode = lookup_at(dfd, name, lf);
	}
	if (IS_ERR(inode))
		return (struct file *)inode;
	if (S_ISLNK(inode->i_mode) || ((flags & O_CREAT) && S_ISDIR(inode->i_mode))) {
		int err = S_ISLNK(inode->i_mode) ? -ELOOP : -EISDIR;

		iput(inode);
		return ERR_PTR(err);
	}
	f = vfs_open_inode(inode, flags & ~O_CLOEXEC);
	if (!IS_ERR(f))
		f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	return f;
}

/* A fresh copy of directory file d's absolute path, or NULL. */
static char *dir_file_path(struct file *d)
{
	char *buf;

	if (d->f_path) {
		size_t n = strlen(d->f_path) + 1;

		buf = kmalloc(n, GFP_KERNEL);
		if (buf)
			memcpy(buf, d->f_path, n);
		return buf;
	}
	if (!d->f_inode || !S_ISDIR(d->f_inode->i_mode))
		return NULL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (buf && inode_path(d->f_inode, buf, PATH_MAX) < 0) {
		kfree(buf);
		buf = NULL;
	}
	return buf;
}

/*
 * The absolute name an open used, as written (symlinks and ".." are
 * resolved when /proc/<pid>/fd reads it): name itself, or name after the
 * cwd's or dfd's path. NULL when that is unknown or memory is short.
 */
static char *open_name(int dfd, const char *name)
{
	char *dirbuf = NULL, *res;
	const char *base = "";
	size_t b, n = strlen(name);

	if (name[0] != '/' && dfd == AT_FDCWD) {
		base = current->cwd_path ? current->cwd_path : "/";
	} else if (name[0] != '/') {
		struct file *d = fd_get(current->files, dfd);

		if (!d)
			return NULL;
		dirbuf = dir_file_path(d);
		vfs_close(d);
		if (!dirbuf)
			return NULL;
		base = dirbuf;
	}
	b = strlen(base);
	res = kmalloc(b + 1 + n + 1, GFP_KERNEL);
	if (res) {
		memcpy(res, base, b);
		if (b && base[b - 1] != '/')
			res[b++] = '/';
		memcpy(res + b, name, n + 1);
	}
	kfree(dirbuf);
	return res;
}

static long do_sys_openat(int dfd, const char __user *path, int flags, int mode)
{
	unsigned int fl = (unsigned int)flags & O_USER_FLAGS;
	char *name = getname(path);
	struct file *f;
	long fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	f = do_filp_open(dfd, name, fl, (u16)(mode & S_IALLUGO & ~current->umask));
	if (!IS_ERR(f))
		f->f_path = open_name(dfd, name);
	putname(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_from(current->files, f, 0, fl & O_CLOEXEC);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

long sys_open(const char __user *path, int flags, int mode)
{
	return do_sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_openat(int dfd, const char __user *path, int flags, int mode)
{
	return do_sys_openat(dfd, path, flags, mode);
}

long sys_creat(const char __user *path, int mode)
{
	return do_sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(unsigned int fd)
{
	return fd_close(current->files, (int)fd);
}

static long do_unlinkat(int dfd, const char *name)
{
	const char *last;
	int len;
	struct inode *dir = lookup_parent_at(dfd, name, &last, &len);
	long err;

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (!len || is_dot_or_dotdot(last, len)) {
		err = -EISDIR;
	} else if (last[len]) {
		/* "name/": whatever is there, it cannot be unlinked that way. */
		struct inode *inode = lookup_at(dfd, name, 0);

		err = IS_ERR(inode) ? PTR_ERR(inode) : S_ISDIR(inode->i_mode) ? -EISDIR : -ENOTDIR;
		if (!IS_ERR(inode))
			iput(inode);
	} else {
		err = vfs_unlink_in(dir, last, len);
	}
	iput(dir);
	return err;
}

long sys_unlinkat(int dfd, const char __user *path, int flags)
{
	char *name;
	long err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = flags & AT_REMOVEDIR ? vfs_rmdir_at(dfd, name) : do_unlinkat(dfd, name);
	putname(name);
	return err;
}

long sys_rmdir(const char __user *path)
{
	return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

long sys_unlink(const char __user *path)
{
	return sys_unlinkat(AT_FDCWD, path, 0);
}

/* access() as root on inode (consumed): only a read-only fs (W_OK) or no x bit (X_OK) refuse. */
static long access_check(struct inode *inode, int mode)
{
	long err = 0;

	if ((mode & W_OK) && inode->i_sb->s_rdonly &&
	    (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) || S_ISLNK(inode->i_mode)))
		err = -EROFS;
	else if ((mode & X_OK) && !S_ISDIR(inode->i_mode) && !(inode->i_mode & 0111))
		err = -EACCES;
	iput(inode);
	return err;
}

/*
 * AT_EMPTY_PATH: the inode dfd names (or the cwd), referenced, into
 * *inode; NULL for a file without one (pipe, console). 0 or -EBADF.
 */
static long fd_inode_or_cwd(int dfd, struct inode **inode)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*inode = current->cwd ? igrab(current->cwd) : vfs_root();
		return *inode ? 0 : -ENOENT;
	}
	f = fd_get(current->files, dfd);
	if (!f)
		return -EBADF;
	*inode = f->f_inode ? igrab(f->f_inode) : NULL;
	vfs_close(f);
	return 0;
}

static long do_faccessat(int dfd, const char __user *path, int mode, int flags)
{
	struct inode *inode;
	char *name;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	name = getname_flags(path, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!name[0]) {
		long err;

		putname(name);
		err = fd_inode_or_cwd(dfd, &inode);
		if (err || !inode)
			return err; /* a pipe or the console: root may do anything */
		return access_check(inode, mode);
	}
	inode = lookup_at(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	putname(name);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	return access_check(inode, mode);
}

long sys_access(const char __user *path, int mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

long sys_faccessat(int dfd, const char __user *path, int mode)
{
	return do_faccessat(dfd, path, mode, 0);
}

long sys_faccessat2(int dfd, const char __user *path, int mode, int flags)
{
	return do_faccessat(dfd, path, mode, flags);
}

/* Copy n bytes of text to the user buffer: n or -EFAULT. */
static long put_link_text(char __user *buf, const char *text, int n)
{
	return copy_to_user(buf, text, n) ? -EFAULT : n;
}

long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int size)
{
	struct inode *inode;
	char *name, *text;
	long r;

	if (size <= 0)
		return -EINVAL;
	name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	/* Until /proc exists: the running program's path. */
	if (!strcmp(name, "/proc/self/exe") && current->exe_path) {
		putname(name);
		return put_link_text(buf, current->exe_path,
				     (int)MIN(strlen(current->exe_path), (size_t)size));
	}
	inode = lookup_at(dfd, name, 0);
	putname(name);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	text = kmalloc(PATH_MAX, GFP_KERNEL);
	r = text ? vfs_readlink_inode(inode, text, (int)MIN(size, PATH_MAX)) : -ENOMEM;
	iput(inode);
	if (r > 0)
		r = put_link_text(buf, text, (int)r);
	kfree(text);
	return r;
}

long sys_readlink(const char __user *path, char __user *buf, int size)
{
	return sys_readlinkat(AT_FDCWD, path, buf, size);
}

/* Make dir (referenced, consumed) the current directory, with its path. */
static long set_cwd(struct inode *dir)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL), *copy;
	int len;

	if (!path) {
		iput(dir);
		return -ENOMEM;
	}
	len = inode_path(dir, path, PATH_MAX);
	if (len < 0) {
		kfree(path);
		iput(dir);
		return len;
	}
	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy) {
		kfree(path);
		iput(dir);
		return -ENOMEM;
	}
	memcpy(copy, path, len + 1);
	kfree(path);
	iput(current->cwd);
	kfree(current->cwd_path);
	current->cwd = dir;
	current->cwd_path = copy;
	return 0;
}

long sys_chdir(const char __user *path)
{
	char *name = getname(path);
	struct inode *dir;

	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = lookup_at(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	putname(name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	return set_cwd(dir);
}

long sys_fchdir(unsigned int fd)
{
	struct file *f = fd_get(current->files, (int)fd);
	struct inode *dir;

	if (!f)
		return -EBADF;
	dir = f->f_inode && S_ISDIR(f->f_inode->i_mode) ? igrab(f->f_inode) : NULL;
	vfs_close(f);
	if (!dir)
		return -ENOTDIR;
	return set_cwd(dir);
}

long sys_getcwd(char __user *buf, unsigned long size)
{
	const char *cwd = current->cwd_path ? current->cwd_path : "/";
	unsigned long len = strlen(cwd) + 1;

	if (size < len)
		return -ERANGE;
	if (copy_to_user(buf, cwd, len))
		return -EFAULT;
	return (long)len;
}

long sys_umask(int mask)
{
	long old = current->umask;

	current->umask = (u32)mask & 0777;
	return old;
}

static loff_t make_loff(u32 lo, u32 hi)
{
	return (loff_t)(((u64)hi << 32) | lo);
}

long sys_truncate64(const char __user *path, u32 len_lo, u32 len_hi)
{
	loff_t len = make_loff(len_lo, len_hi);
	struct inode *inode;
	struct file *f;
	char *name;
	long err;

	if (len < 0)
		return -EINVAL;
	name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	inode = lookup_at(AT_FDCWD, name, LOOKUP_FOLLOW);
	putname(name);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (S_ISDIR(inode->i_mode) || !S_ISREG(inode->i_mode)) {
		err = S_ISDIR(inode->i_mode) ? -EISDIR : -EINVAL;
		iput(inode);
		return err;
	}
	if (len > 0x7fffffffLL) {
		iput(inode);
		return -EFBIG;
	}
	f = vfs_open_inode(inode, O_WRONLY);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_truncate(f, len);
	vfs_close(f);
	return err;
}

long sys_ftruncate64(unsigned int fd, u32 len_lo, u32 len_hi)
{
	loff_t len = make_loff(len_lo, len_hi);
	struct file *f;
	long err;

	if (len < 0)
		return -EINVAL;
	f = fd_get(current->files, (int)fd);
	if (!f)
		return -EBADF;
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode) ||
	    (f->f_flags & O_ACCMODE) == O_RDONLY || (f->f_flags & O_ACCMODE) == O_ACCMODE)
		err = -EINVAL;
	else if (len > 0x7fffffffLL)
		err = -EFBIG;
	else
		err = vfs_truncate(f, len);
	vfs_close(f);
	return err;
}

/* The 32-bit forms: a negative length is -EINVAL like any other. */
long sys_truncate(const char __user *path, long len)
{
	return sys_truncate64(path, (u32)len, len < 0 ? ~0u : 0);
}

long sys_ftruncate(unsigned int fd, long len)
{
	return sys_ftruncate64(fd, (u32)len, len < 0 ? ~0u : 0);
}

long sys_fsync(unsigned int fd)
{
	struct file *f = fd_get(current->files, (int)fd);
	long err;

	if (!f)
		return -EBADF;
	err = vfs_fsync(f);
	vfs_close(f);
	return err;
}

long sys_fdatasync(unsigned int fd)
{
	return sys_fsync(fd);
}

long sys_sync(void)
{
	vfs_sync();
	return 0;
}

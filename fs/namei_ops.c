/*
 * The namespace-changing system calls: mkdir(at), mknod(at), rmdir (for
 * unlinkat's AT_REMOVEDIR), symlink(at), link(at), rename, renameat,
 * renameat2. This file makes the checks Linux's fs/namei.c makes, in its
 * order, so a bad request gets Linux's errno; the filesystem's inode
 * operations then do the change.
 *
 * Creation checks (create_parent, Linux's filename_create): the parent
 * is looked up; "/", "." and ".." as the last component give -EEXIST, as
 * does an existing entry (even on a read-only filesystem); a trailing
 * slash on a new non-directory gives -ENOENT; then -EROFS.
 *
 * Locking: a change holds the parent directory's i_mutex; rename holds
 * the filesystem's s_rename_lock (one rename at a time, so the ancestor
 * check stays true) and then both directories' i_mutex (odir first;
 * single-directory operations never hold two, so there is no cycle).
 * References: every inode looked up here is put before returning.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

static bool dot_or_dotdot(const char *name, int len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The inode entry name of dir leads to (referenced), without crossing mounts; ERR_PTR. */
static struct inode *entry_of(struct inode *dir, const char *name, int len)
{
	long ino = dir->i_op->lookup(dir, name, len);

	if (ino < 0)
		return ERR_PTR(ino);
	return (u32)ino == dir->i_ino ? igrab(dir) : iget(dir->i_sb, (u32)ino);
}

/* The parent (referenced) of a name about to be created; the last component in *last, *len. */
static struct inode *create_parent(int dfd, const char *name, const char **last, int *len,
				   bool want_dir)
{
	struct inode *dir = lookup_parent_at(dfd, name, last, len);
	long ino;
	int err = 0;

	if (IS_ERR(dir))
		return dir;
	if (!*len || dot_or_dotdot(*last, *len))
		err = -EEXIST;
	else if ((ino = dir->i_op->lookup(dir, *last, *len)) >= 0)
		err = -EEXIST;
	else if (ino != -ENOENT)
		err = (int)ino;
	else if (!want_dir && (*last)[*len])
		err = -ENOENT; /* "newname/" for something that is no directory */
	else if (dir->i_sb->s_rdonly)
		err = -EROFS;
	else if (!dir->i_nlink)
		err = -ENOENT; /* a removed directory takes no new entries */
	if (err) {
		iput(dir);
		return ERR_PTR(err);
	}
	return dir;
}

static long do_mkdirat(int dfd, const char __user *path, int mode)
{
	char *name = getname(path);
	const char *last;
	struct inode *dir;
	int len;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = create_parent(dfd, name, &last, &len, true);
	if (IS_ERR(dir)) {
		putname(name);
		return PTR_ERR(dir);
	}
	if (!dir->i_op->mkdir) {
		err = -EPERM;
	} else {
		mutex_lock(&dir->i_mutex);
		err = dir->i_op->mkdir(dir, last, len, (u16)(mode & 01777 & ~current->umask));
		mutex_unlock(&dir->i_mutex);
	}
	iput(dir);
	putname(name);
	return err;
}

long sys_mkdirat(int dfd, const char __user *path, int mode)
{
	return do_mkdirat(dfd, path, mode);
}

long sys_mkdir(const char __user *path, int mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

static long do_mknodat(int dfd, const char __user *path, unsigned int mode, unsigned int dev)
{
	const char *last;
	struct inode *dir, *created = NULL;
	char *name;
	int len;
	long err;

	switch (mode & S_IFMT) {
	case 0: case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = create_parent(dfd, name, &last, &len, false);
	if (IS_ERR(dir)) {
		putname(name);
		return PTR_ERR(dir);
	}
	mode = (mode & S_IFMT ? mode & S_IFMT : S_IFREG) | (mode & 07777 & ~current->umask);
	if (S_ISREG(mode)) {
		err = vfs_create_in(dir, last, len, (u16)mode, &created);
		iput(created);
	} else if (!dir->i_op->mknod) {
		err = -EPERM;
	} else {
		mutex_lock(&dir->i_mutex);
		err = dir->i_op->mknod(dir, last, len, (u16)mode,
				       S_ISCHR(mode) || S_ISBLK(mode) ? new_decode_dev(dev) : 0);
		mutex_unlock(&dir->i_mutex);
	}
	iput(dir);
	putname(name);
	return err;
}

long sys_mknodat(int dfd, const char __user *path, unsigned int mode, unsigned int dev)
{
	return do_mknodat(dfd, path, mode, dev);
}

long sys_mknod(const char __user *path, unsigned int mode, unsigned int dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

int vfs_rmdir_at(int dfd, const char *name)
{
	const char *last;
	int len, err;
	struct inode *dir = lookup_parent_at(dfd, name, &last, &len), *victim;

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (!len)
		err = -EBUSY;
	else if (len == 1 && last[0] == '.')
		err = -EINVAL;
	else if (len == 2 && last[0] == '.' && last[1] == '.')
		err = -ENOTEMPTY;
	else if (dir->i_sb->s_rdonly)
		err = -EROFS;
	else
		err = 0;
	if (err)
		goto out;
	victim = entry_of(dir, last, len);
	if (IS_ERR(victim)) {
		err = PTR_ERR(victim);
		goto out;
	}
	if (!S_ISDIR(victim->i_mode))
		err = -ENOTDIR;
	else if (victim->i_mounted)
		err = -EBUSY;
	else if (!dir->i_op->rmdir)
		err = -EPERM;
	iput(victim);
	if (!err) {
		mutex_lock(&dir->i_mutex);
		err = dir->i_op->rmdir(dir, last, len);
		mutex_unlock(&dir->i_mutex);
	}
out:
	iput(dir);
	return err;
}

static long do_symlinkat(const char __user *utarget, int dfd, const char __user *path)
{
	char *target = getname(utarget), *name;
	const char *last;
	struct inode *dir;
	int len;
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	name = getname(path);
	if (IS_ERR(name)) {
		putname(target);
		return PTR_ERR(name);
	}
	dir = create_parent(dfd, name, &last, &len, false);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
	} else {
		if (!dir->i_op->symlink) {
			err = -EPERM;
		} else {
			mutex_lock(&dir->i_mutex);
			err = dir->i_op->symlink(dir, last, len, target);
			mutex_unlock(&dir->i_mutex);
		}
		iput(dir);
	}
	putname(name);
	putname(target);
	return err;
}

long sys_symlinkat(const char __user *target, int dfd, const char __user *path)
{
	return do_symlinkat(target, dfd, path);
}

long sys_symlink(const char __user *target, const char __user *path)
{
	return do_symlinkat(target, AT_FDCWD, path);
}

/* link's source: the inode oldname names (AT_EMPTY_PATH: the fd's own), referenced. */
static struct inode *link_source(int odfd, const char *oldname, int flags)
{
	struct file *f;
	struct inode *inode;

	if (oldname[0])
		return lookup_at(odfd, oldname, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0);
	if (odfd == AT_FDCWD)
		return current->cwd ? igrab(current->cwd) : ERR_PTR(-ENOENT);
	f = fd_get(current->files, odfd);
	if (!f)
		return ERR_PTR(-EBADF);
	inode = f->f_inode ? igrab(f->f_inode) : ERR_PTR(-ENOENT);
	vfs_close(f);
	return inode;
}

static long do_linkat(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath,
		      int flags)
{
	struct inode *old, *dir;
	char *oldname, *newname;
	const char *last;
	int len;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	oldname = getname_flags(oldpath, flags & AT_EMPTY_PATH);
	if (IS_ERR(oldname))
		return PTR_ERR(oldname);
	old = link_source(odfd, oldname, flags);
	putname(oldname);
	if (IS_ERR(old))
		return PTR_ERR(old);
	newname = getname(newpath);
	if (IS_ERR(newname)) {
		iput(old);
		return PTR_ERR(newname);
	}
	dir = create_parent(ndfd, newname, &last, &len, false);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
		goto out;
	}
	if (dir->i_sb != old->i_sb)
		err = -EXDEV;
	else if (S_ISDIR(old->i_mode))
		err = -EPERM;
	else if (!old->i_nlink)
		err = -ENOENT;
	else if (!dir->i_op->link)
		err = -EPERM;
	else {
		mutex_lock(&dir->i_mutex);
		err = dir->i_op->link(old, dir, last, len);
		mutex_unlock(&dir->i_mutex);
	}
	iput(dir);
out:
	putname(newname);
	iput(old);
	return err;
}

long sys_linkat(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath,
		int flags)
{
	return do_linkat(odfd, oldpath, ndfd, newpath, flags);
}

long sys_link(const char __user *oldpath, const char __user *newpath)
{
	return do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* Is directory a (referenced) dir itself or one of dir's ancestors in its filesystem? */
static bool is_ancestor(struct inode *a, struct inode *dir)
{
	struct inode *cur = igrab(dir);
	bool found = false;

	for (;;) {
		struct inode *up;

		if (cur == a) {
			found = true;
			break;
		}
		if (cur == cur->i_sb->s_root)
			break;
		up = entry_of(cur, "..", 2);
		if (IS_ERR(up) || up == cur) {
			if (!IS_ERR(up))
				iput(up);
			break;
		}
		iput(cur);
		cur = up;
	}
	iput(cur);
	return found;
}

/* The checks vfs_rename makes on the two entries (both dirs locked). */
static int rename_entries(struct inode *odir, const char *olast, int olen, struct inode *ndir,
			  const char *nlast, int nlen, unsigned int flags)
{
	struct inode *old = entry_of(odir, olast, olen), *new;
	int err = 0;

	if (IS_ERR(old))
		return PTR_ERR(old);
	new = entry_of(ndir, nlast, nlen);
	if (IS_ERR(new)) {
		if (PTR_ERR(new) != -ENOENT) {
			iput(old);
			return PTR_ERR(new);
		}
		new = NULL;
	}
	if ((flags & RENAME_NOREPLACE) && new)
		err = -EEXIST;
	else if (!S_ISDIR(old->i_mode) && (olast[olen] || nlast[nlen]))
		err = -ENOTDIR; /* a trailing slash names a directory */
	else if (S_ISDIR(old->i_mode) && is_ancestor(old, ndir))
		err = -EINVAL; /* a directory into itself */
	else if (new && is_ancestor(new, odir))
		err = -ENOTEMPTY; /* over one of its own ancestors */
	else if (old == new)
		err = 1; /* the same file: nothing happens */
	else if (new && S_ISDIR(old->i_mode) && !S_ISDIR(new->i_mode))
		err = -ENOTDIR;
	else if (new && !S_ISDIR(old->i_mode) && S_ISDIR(new->i_mode))
		err = -EISDIR;
	else if (old->i_mounted || (new && new->i_mounted))
		err = -EBUSY;
	else if (!odir->i_op->rename)
		err = -EPERM;
	iput(new);
	iput(old);
	if (err)
		return err > 0 ? 0 : err;
	return odir->i_op->rename(odir, olast, olen, ndir, nlast, nlen);
}

static long do_renameat2(int odfd, const char __user *oldpath, int ndfd,
			 const char __user *newpath, unsigned int flags)
{
	char *oldname = NULL, *newname = NULL;
	struct inode *odir = NULL, *ndir = NULL;
	const char *olast, *nlast;
	int olen, nlen;
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	oldname = getname(oldpath);
	if (IS_ERR(oldname))
		return PTR_ERR(oldname);
	newname = getname(newpath);
	if (IS_ERR(newname)) {
		err = PTR_ERR(newname);
		newname = NULL;
		goto out;
	}
	odir = lookup_parent_at(odfd, oldname, &olast, &olen);
	if (IS_ERR(odir)) {
		err = PTR_ERR(odir);
		odir = NULL;
		goto out;
	}
	ndir = lookup_parent_at(ndfd, newname, &nlast, &nlen);
	if (IS_ERR(ndir)) {
		err = PTR_ERR(ndir);
		ndir = NULL;
		goto out;
	}
	if (odir->i_sb != ndir->i_sb)
		err = -EXDEV;
	else if (!olen || dot_or_dotdot(olast, olen))
		err = -EBUSY;
	else if (!nlen || dot_or_dotdot(nlast, nlen))
		err = flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	else if (odir->i_sb->s_rdonly)
		err = -EROFS;
	else if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
		err = -EINVAL; /* ext2 knows only RENAME_NOREPLACE, as in Linux */
	else
		err = 0;
	if (err)
		goto out;
	mutex_lock(&odir->i_sb->s_rename_lock);
	mutex_lock(&odir->i_mutex);
	if (ndir != odir)
		mutex_lock(&ndir->i_mutex);
	err = rename_entries(odir, olast, olen, ndir, nlast, nlen, flags);
	if (ndir != odir)
		mutex_unlock(&ndir->i_mutex);
	mutex_unlock(&odir->i_mutex);
	mutex_unlock(&odir->i_sb->s_rename_lock);
out:
	iput(ndir);
	iput(odir);
	putname(newname);
	putname(oldname);
	return err;
}

long sys_renameat2(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath,
		   unsigned int flags)
{
	return do_renameat2(odfd, oldpath, ndfd, newpath, flags);
}

long sys_renameat(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath)
{
	return do_renameat2(odfd, oldpath, ndfd, newpath, 0);
}

long sys_rename(const char __user *oldpath, const char __user *newpath)
{
	return do_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

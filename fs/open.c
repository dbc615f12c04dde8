/*
 * Open files and the kernel file API: vfs_open / vfs_close, reading and
 * writing at the file offset or at a given position, lseek, stat, create,
 * unlink, truncate, readdir, fsync. System calls (later) translate fds to
 * struct file through fs/fdtable.c and call these.
 *
 * References and locks: a struct file holds one inode reference for its
 * whole life and is freed when its last user (f_count) closes it.
 * f_pos_lock serialises users of the offset; writes, truncation and
 * directory changes take the inode's i_mutex (outermost of the fs locks,
 * see fs/vfs.h).
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "drivers/block.h"
#include "fs/pipe.h"

#define LLONG_MAX_OFF 0x7fffffffffffffffLL

static DEFINE_SPINLOCK(file_lock);

int vfs_create_in(struct inode *dir, const char *name, int len, u16 mode,
		  struct inode **res)
{
	int err;

	if (!dir->i_op->create)
		return -EPERM;
	if (!dir->i_nlink)
		return -ENOENT; /* a removed directory takes no new entries */
	mutex_lock(&dir->i_mutex);
	err = dir->i_op->create(dir, name, len, mode, res);
	mutex_unlock(&dir->i_mutex);
	return err;
}

static int do_truncate(struct inode *inode, loff_t size)
{
	int err;

	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (size < 0 || size > 0x7fffffffLL)
		return -EINVAL;
	if (inode->i_sb->s_rdonly)
		return -EROFS;
	mutex_lock(&inode->i_mutex);
	inode->i_size = size;
	mark_inode_dirty(inode);
	err = inode->i_op->truncate ? inode->i_op->truncate(inode) : -EPERM;
	mutex_unlock(&inode->i_mutex);
	return err;
}

struct file *vfs_open(const char *path, unsigned int flags, u16 mode)
{
	return vfs_open_at(NULL, path, flags, mode);
}

struct file *vfs_open_at(struct inode *start, const char *path, unsigned int flags, u16 mode)
{
	struct inode *inode = path_lookup_at(start, path);
	int err;

	if (IS_ERR(inode) && PTR_ERR(inode) == -ENOENT && (flags & O_CREAT)) {
		const char *name;
		int len;
		struct inode *dir = path_parent_at(start, path, &name, &len);

		if (IS_ERR(dir))
			return (struct file *)dir;
		err = vfs_create_in(dir, name, len, mode, &inode);
		iput(dir);
		if (err == -EEXIST && !(flags & O_EXCL))
			inode = path_lookup_at(start, path); /* created by someone else meanwhile */
		else if (err)
			return ERR_PTR(err);
	} else if (!IS_ERR(inode) && (flags & O_CREAT) && (flags & O_EXCL)) {
		iput(inode);
		return ERR_PTR(-EEXIST);
	}
	if (IS_ERR(inode))
		return (struct file *)inode;
	return vfs_open_inode(inode, flags);
}

struct file *vfs_open_inode(struct inode *inode, unsigned int flags)
{
	struct file *f;
	int err = 0;

	if (S_ISDIR(inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY)
		err = -EISDIR;
	else if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		err = -ENOTDIR;
	else if (S_ISFIFO(inode->i_mode))
		return fifo_open(inode, flags);
	else if (!inode->i_fop)
		err = -ENXIO;
	else if ((flags & O_ACCMODE) != O_RDONLY && inode->i_sb->s_rdonly &&
		 (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)))
		err = -EROFS; /* a device node on a read-only fs still opens for writing */
	if (!err && (flags & O_TRUNC) && S_ISREG(inode->i_mode) && inode->i_size) /* even O_RDONLY, as Linux */
		err = do_truncate(inode, 0);
	f = err ? NULL : kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f) {
		iput(inode);
		return ERR_PTR(err ? err : -ENOMEM);
	}
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_count = 1;
	f->f_op = inode->i_fop;
	mutex_init(&f->f_pos_lock);
	file_ra_state_init(&f->f_ra);
	f->f_ra.disabled = (flags & O_NOREADAHEAD) != 0;
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			iput(inode);
			kfree(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

struct file *alloc_special_file(const struct file_operations *fop, unsigned int flags,
				void *private_data)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_flags = flags;
	f->f_count = 1;
	f->f_op = fop;
	f->private_data = private_data;
	mutex_init(&f->f_pos_lock);
	file_ra_state_init(&f->f_ra);
	return f;
}

struct file *get_file(struct file *f)
{
	spin_lock(&file_lock);
	f->f_count++;
	spin_unlock(&file_lock);
	return f;
}

int vfs_close(struct file *f)
{
	int left;

	spin_lock(&file_lock);
	left = --f->f_count;
	spin_unlock(&file_lock);
	if (left)
		return 0;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	iput(f->f_inode);
	kfree(f->f_path);
	kfree(f);
	return 0;
}

static ssize_t do_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	if ((f->f_flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!f->f_inode)
		return -EINVAL;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, n, pos);
}

static ssize_t do_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	ssize_t r;

	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->f_op->write || !inode)
		return -EINVAL;
	mutex_lock(&inode->i_mutex);
	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	r = f->f_op->write(f, buf, n, pos);
	mutex_unlock(&inode->i_mutex);
	return r;
}

ssize_t vfs_read(struct file *f, void *buf, size_t n)
{
	ssize_t r;

	mutex_lock(&f->f_pos_lock);
	r = do_read(f, buf, n, &f->f_pos);
	mutex_unlock(&f->f_pos_lock);
	return r;
}

ssize_t vfs_write(struct file *f, const void *buf, size_t n)
{
	ssize_t r;

	mutex_lock(&f->f_pos_lock);
	r = do_write(f, buf, n, &f->f_pos);
	mutex_unlock(&f->f_pos_lock);
	return r;
}

ssize_t vfs_pread(struct file *f, void *buf, size_t n, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_read(f, buf, n, &pos);
}

ssize_t vfs_pwrite(struct file *f, const void *buf, size_t n, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_write(f, buf, n, &pos);
}

loff_t vfs_lseek(struct file *f, loff_t off, int whence)
{
	loff_t base, r;

	if (f->f_op->llseek)
		return f->f_op->llseek(f, off, whence);
	if (!f->f_inode)
		return -ESPIPE;
	mutex_lock(&f->f_pos_lock);
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->f_pos; break;
	case SEEK_END: base = f->f_inode->i_size; break;
	default: base = -1; break;
	}
	/* base is never negative, so only a huge positive off can overflow */
	if (base < 0 || (off > 0 && base > LLONG_MAX_OFF - off))
		r = -EINVAL;
	else
		r = base + off < 0 ? -EINVAL : base + off;
	if (r >= 0)
		f->f_pos = r;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

int vfs_fsync(struct file *f)
{
	if (!f->f_inode)
		return -EINVAL;
	return f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL; /* devices without one, as Linux */
}

int vfs_truncate(struct file *f, loff_t size)
{
	if (!f->f_inode)
		return -EINVAL;
	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	/* Growing past RLIMIT_FSIZE is refused as a write there would be. */
	if (size > f->f_inode->i_size && size > 0 && fsize_limit_check(size - 1))
		return -EFBIG;
	return do_truncate(f->f_inode, size);
}

int vfs_create(const char *path, u16 mode)
{
	struct file *f = vfs_open(path, O_CREAT | O_EXCL | O_WRONLY, mode);

	if (IS_ERR(f))
		return PTR_ERR(f);
	return vfs_close(f);
}

int vfs_unlink(const char *path)
{
	return vfs_unlink_at(NULL, path);
}

int vfs_unlink_at(struct inode *start, const char *path)
{
	const char *name;
	int len, err;
	struct inode *dir = path_parent_at(start, path, &name, &len);

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = vfs_unlink_in(dir, name, len);
	iput(dir);
	return err;
}

int vfs_unlink_in(struct inode *dir, const char *name, int len)
{
	int err;

	if (!dir->i_op->unlink)
		return -EPERM;
	mutex_lock(&dir->i_mutex);
	err = dir->i_op->unlink(dir, name, len);
	mutex_unlock(&dir->i_mutex);
	return err;
}

/* The device number stat reports for a filesystem: its block device's, or s_dev. */
static u32 sb_dev(struct super_block *sb)
{
	return new_encode_dev(sb->s_bdev ? bdev_devt(sb->s_bdev) : sb->s_dev);
}

void generic_fillattr(struct inode *i, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = sb_dev(i->i_sb);
	if (S_ISCHR(i->i_mode) || S_ISBLK(i->i_mode))
		st->rdev = new_encode_dev(i->i_rdev);
	st->ino = i->i_ino;
	st->mode = i->i_mode;
	st->nlink = i->i_nlink;
	st->uid = i->i_uid;
	st->gid = i->i_gid;
	st->size = i->i_size;
	st->blocks = i->i_blocks;
	st->blksize = i->i_sb->s_blocksize;
	st->atime = i->i_atime;
	st->mtime = i->i_mtime;
	st->ctime = i->i_ctime;
}

int vfs_stat(const char *path, struct kstat *st)
{
	struct inode *i = path_lookup(path);

	if (IS_ERR(i))
		return PTR_ERR(i);
	generic_fillattr(i, st);
	iput(i);
	return 0;
}

int vfs_fstat(struct file *f, struct kstat *st)
{
	if (!f->f_inode) {
		memset(st, 0, sizeof(*st));
		if (f->f_op->getattr)
			f->f_op->getattr(f, st);
		return 0;
	}
	generic_fillattr(f->f_inode, st);
	return 0;
}

int vfs_readdir(struct file *f, void *ctx, filldir_t fill)
{
	int err;

	if (!f->f_inode || !S_ISDIR(f->f_inode->i_mode) || !f->f_op->readdir)
		return -ENOTDIR;
	mutex_lock(&f->f_pos_lock);
	err = f->f_op->readdir(f, ctx, fill);
	mutex_unlock(&f->f_pos_lock);
	return err;
}

/*
 * ext2's inode and file operation tables and the namespace changes built
 * from dir.c and ialloc.c: create a regular file, mkdir, mknod, symlink
 * (fast: the text in i_block; slow: in one data block), link, unlink,
 * rmdir, rename (with the moved directory's ".." and the link counts),
 * truncate a file. The VFS (fs/namei_ops.c) has checked names and types
 * and holds the directories' (or file's) i_mutex around each of these;
 * they take sb->s_lock for the metadata and drop it before any iget/iput,
 * which may need it themselves.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/string.h"

/* A new inode that was never linked goes back: blocks, number. s_lock held; iput after. */
static void undo_new_inode(struct inode *inode)
{
	inode->i_nlink = 0;
	inode->i_size = 0;
	__ext2_truncate_blocks(inode);
	EXT2_I(inode)->i_dtime = ext2_now(inode->i_sb);
	__ext2_write_inode(inode);
	__ext2_free_inode(inode);
	inode->i_bad = true; /* freed on disk: iput only forgets it */
}

/* Directory contents changed: its times move (the caller writes it). */
static void dir_touched(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = ext2_now(dir->i_sb);
}

/*
 * The common body of create, mkdir, mknod and symlink: a new inode of
 * mode, filled by setup (may be NULL) and linked as name in dir. The new
 * inode (referenced) in *res, or NULL to drop it.
 */
static int new_entry(struct inode *dir, const char *name, int len, u16 mode,
		     int (*setup)(struct inode *inode, struct inode *dir, const void *arg),
		     const void *arg, struct inode **res)
{
	struct super_block *sb = dir->i_sb;
	struct inode *inode;
	int err;

	if (sb->s_rdonly)
		return -EROFS;
	if (S_ISDIR(mode) && dir->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	mutex_lock(&sb->s_lock);
	err = (int)__ext2_find_entry(dir, name, len);
	if (err >= 0 || err != -ENOENT) {
		mutex_unlock(&sb->s_lock);
		return err >= 0 ? -EEXIST : err;
	}
	inode = __ext2_new_inode(dir, mode);
	if (IS_ERR(inode)) {
		mutex_unlock(&sb->s_lock);
		return PTR_ERR(inode);
	}
	err = setup ? setup(inode, dir, arg) : 0;
	if (!err)
		err = __ext2_write_inode(inode);
	if (!err)
		err = __ext2_add_link(dir, name, len, inode->i_ino, inode->i_mode);
	if (err) {
		undo_new_inode(inode);
		mutex_unlock(&sb->s_lock);
		iput(inode);
		return err;
	}
	if (S_ISDIR(mode))
		dir->i_nlink++; /* the new directory's ".." */
	dir_touched(dir);
	err = __ext2_write_inode(dir);
	mutex_unlock(&sb->s_lock);
	if (res)
		*res = inode;
	else
		iput(inode);
	return err;
}

static int ext2_create(struct inode *dir, const char *name, int len, u16 mode,
		       struct inode **res)
{
	return new_entry(dir, name, len, (u16)((mode & ~S_IFMT) | S_IFREG), NULL, NULL, res);
}

static int setup_dir(struct inode *inode, struct inode *dir, const void *arg)
{
	inode->i_nlink = 2;
	return __ext2_make_empty(inode, dir->i_ino);
}

static int ext2_mkdir(struct inode *dir, const char *name, int len, u16 mode)
{
	return new_entry(dir, name, len, (u16)((mode & 07777) | S_IFDIR), setup_dir, NULL, NULL);
}

/* A device node keeps its number in i_block: old 16-bit form in [0] if it fits, else [1]. */
static int setup_node(struct inode *inode, struct inode *dir, const void *arg)
{
	dev_t rdev = *(const dev_t *)arg;
	u32 *d = EXT2_I(inode)->i_data;

	inode->i_rdev = rdev;
	if (MAJOR(rdev) < 256 && MINOR(rdev) < 256)
		d[0] = MAJOR(rdev) << 8 | MINOR(rdev);
	else
		d[1] = new_encode_dev(rdev);
	ext2_set_inode_ops(inode);
	return 0;
}

static int ext2_mknod(struct inode *dir, const char *name, int len, u16 mode, dev_t rdev)
{
	return new_entry(dir, name, len, mode, setup_node, &rdev, NULL);
}

/* A fast symlink keeps up to 59 bytes in i_block; a longer text takes a block. */
static int setup_symlink(struct inode *inode, struct inode *dir, const void *arg)
{
	struct super_block *sb = inode->i_sb;
	const char *target = arg;
	size_t n = strlen(target);
	struct buffer_head *bh;
	u32 phys;
	int err;

	inode->i_size = n;
	if (n < sizeof(EXT2_I(inode)->i_data)) {
		memcpy(EXT2_I(inode)->i_data, target, n);
		return 0;
	}
	err = __ext2_get_block(inode, 0, &phys, true);
	if (err)
		return err;
	bh = getblk(sb->s_bdev, phys, sb->s_blocksize);
	if (!bh)
		return -ENOMEM;
	memset(bh->b_data, 0, sb->s_blocksize);
	memcpy(bh->b_data, target, n);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

static int ext2_symlink(struct inode *dir, const char *name, int len, const char *target)
{
	if (strlen(target) + 1 > dir->i_sb->s_blocksize)
		return -ENAMETOOLONG;
	return new_entry(dir, name, len, S_IFLNK | 0777, setup_symlink, target, NULL);
}

static int ext2_link(struct inode *old, struct inode *dir, const char *name, int len)
{
	struct super_block *sb = dir->i_sb;
	int err;

	if (sb->s_rdonly)
		return -EROFS;
	if (old->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	mutex_lock(&sb->s_lock);
	err = __ext2_add_link(dir, name, len, old->i_ino, old->i_mode);
	if (!err) {
		old->i_nlink++;
		old->i_ctime = ext2_now(sb);
		err = __ext2_write_inode(old);
		dir_touched(dir);
		if (!err)
			err = __ext2_write_inode(dir);
	}
	mutex_unlock(&sb->s_lock);
	return err;
}

static int ext2_rmdir(struct inode *dir, const char *name, int len)
{
	struct super_block *sb = dir->i_sb;
	struct inode *inode;
	long ino;
	int err;

	if (sb->s_rdonly)
		return -EROFS;
	ino = ext2_lookup(dir, name, len);
	if (ino < 0)
		return (int)ino;
	inode = iget(sb, (u32)ino);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!S_ISDIR(inode->i_mode)) {
		iput(inode);
		return -ENOTDIR;
	}
	mutex_lock(&sb->s_lock);
	err = __ext2_empty_dir(inode);
	if (err == 1) {
		ino = __ext2_delete_entry(dir, name, len);
		err = ino < 0 ? (int)ino : 0;
	} else if (!err) {
		err = -ENOTEMPTY;
	}
	if (!err) {
		/* No entry left in it: lookups find nothing, the last iput frees it. */
		inode->i_nlink = 0;
		inode->i_size = 0;
		inode->i_ctime = ext2_now(sb);
		__ext2_write_inode(inode);
		dir->i_nlink--;
		dir_touched(dir);
		err = __ext2_write_inode(dir);
	}
	mutex_unlock(&sb->s_lock);
	iput(inode);
	return err;
}

/* The inode (referenced) name leads to in dir, NULL if none, or ERR_PTR. */
static struct inode *entry_inode(struct inode *dir, const char *name, int len)
{
	long ino = ext2_lookup(dir, name, len);

	if (ino == -ENOENT)
		return NULL;
	if (ino < 0)
		return ERR_PTR(ino);
	return iget(dir->i_sb, (u32)ino);
}

/*
 * Move entry oname of odir to nname of ndir, replacing what is there (the
 * VFS checked the types agree and that a directory does not move under
 * itself). Order: the new name points at the inode first, then the old
 * name goes, so no moment loses the file.
 */
static int ext2_rename(struct inode *odir, const char *oname, int olen,
		       struct inode *ndir, const char *nname, int nlen)
{
	struct super_block *sb = odir->i_sb;
	struct inode *old, *new;
	bool is_dir;
	long r;
	int err = 0;

	if (sb->s_rdonly)
		return -EROFS;
	old = entry_inode(odir, oname, olen);
	if (IS_ERR_OR_NULL(old))
		return old ? PTR_ERR(old) : -ENOENT;
	new = entry_inode(ndir, nname, nlen);
	if (IS_ERR(new)) {
		iput(old);
		return PTR_ERR(new);
	}
	is_dir = S_ISDIR(old->i_mode);
	mutex_lock(&sb->s_lock);
	if (new == old)
		goto out; /* two links to one inode: nothing to do */
	if (new) {
		if (is_dir) {
			err = __ext2_empty_dir(new);
			err = err == 1 ? 0 : err ? err : -ENOTEMPTY;
			if (err)
				goto out;
		}
		err = __ext2_set_entry(ndir, nname, nlen, old->i_ino, old->i_mode);
		if (err)
			goto out;
		new->i_ctime = ext2_now(sb);
		if (S_ISDIR(new->i_mode)) {
			new->i_nlink = 0;
			new->i_size = 0;
			ndir->i_nlink--; /* its ".." */
		} else {
			new->i_nlink--;
		}
		__ext2_write_inode(new);
	} else {
		if (is_dir && odir != ndir && ndir->i_nlink >= EXT2_LINK_MAX) {
			err = -EMLINK;
			goto out;
		}
		err = __ext2_add_link(ndir, nname, nlen, old->i_ino, old->i_mode);
		if (err)
			goto out;
	}
	r = __ext2_delete_entry(odir, oname, olen);
	if (r < 0) {
		err = (int)r;
		goto out;
	}
	if (is_dir) {
		if (odir != ndir)
			__ext2_set_entry(old, "..", 2, ndir->i_ino, S_IFDIR);
		odir->i_nlink--;
		ndir->i_nlink++;
	}
	old->i_ctime = ext2_now(sb);
	__ext2_write_inode(old);
	dir_touched(odir);
	__ext2_write_inode(odir);
	if (ndir != odir) {
		dir_touched(ndir);
		__ext2_write_inode(ndir);
	}
out:
	mutex_unlock(&sb->s_lock);
	iput(new);
	iput(old);
	return err;
}

static int ext2_unlink(struct inode *dir, const char *name, int len)
{
	struct super_block *sb = dir->i_sb;
	struct inode *inode;
	long ino;

	if (sb->s_rdonly)
		return -EROFS;
	ino = ext2_lookup(dir, name, len);
	if (ino < 0)
		return (int)ino;
	inode = iget(sb, (u32)ino);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (S_ISDIR(inode->i_mode)) {
		iput(inode);
		return -EISDIR;
	}
	mutex_lock(&sb->s_lock);
	ino = __ext2_delete_entry(dir, name, len);
	if (ino == (long)inode->i_ino) {
		inode->i_nlink--;
		inode->i_ctime = ext2_now(sb);
		__ext2_write_inode(inode);
		dir_touched(dir);
		__ext2_write_inode(dir);
	}
	mutex_unlock(&sb->s_lock);
	iput(inode); /* the last reference of an unlinked file deletes it */
	return ino < 0 ? (int)ino : 0;
}

static int ext2_truncate(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	int err;

	truncate_inode_pages(inode->i_mapping, inode->i_size);
	mutex_lock(&sb->s_lock);
	__ext2_truncate_blocks(inode);
	err = __ext2_write_inode(inode);
	mutex_unlock(&sb->s_lock);
	return err;
}

static int ext2_fsync(struct file *f)
{
	struct inode *inode = f->f_inode;
	int err = filemap_write_and_wait(inode->i_mapping);
	int err2 = write_inode_now(inode);

	if (!err)
		err = err2;
	err2 = sync_buffers(inode->i_sb->s_bdev);
	return err ? err : err2;
}

const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.unlink = ext2_unlink,
	.mkdir = ext2_mkdir,
	.rmdir = ext2_rmdir,
	.symlink = ext2_symlink,
	.link = ext2_link,
	.mknod = ext2_mknod,
	.rename = ext2_rename,
};

const struct inode_operations ext2_file_iops = {
	.truncate = ext2_truncate,
};

/*
 * A symlink's text: a fast one keeps it in i_block (no data blocks), a
 * slow one in its first data block. Copies at most size bytes (no NUL);
 * returns the length copied, -EINVAL for a non-symlink, -EIO.
 */
static int ext2_readlink(struct inode *inode, char *buf, int size)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_inode_info *ei = EXT2_I(inode);
	int len = (int)MIN(inode->i_size, (loff_t)sb->s_blocksize);
	struct buffer_head *bh;

	if (!S_ISLNK(inode->i_mode))
		return -EINVAL;
	len = MIN(len, size);
	if (!inode->i_blocks) {
		len = MIN(len, (int)sizeof(ei->i_data));
		memcpy(buf, ei->i_data, len);
		return len;
	}
	if (!ext2_block_ok(EXT2_SB(sb), ei->i_data[0]))
		return -EIO;
	bh = bread(sb->s_bdev, ei->i_data[0], sb->s_blocksize);
	if (!bh)
		return -EIO;
	memcpy(buf, bh->b_data, len);
	brelse(bh);
	return len;
}

/* Symlinks, devices, fifos, sockets: only a symlink's text can be read. */
const struct inode_operations ext2_special_iops = {
	.readlink = ext2_readlink,
};

const struct file_operations ext2_file_fops = {
	.read = generic_file_read,
	.write = generic_file_write,
	.fsync = ext2_fsync,
};

const struct file_operations ext2_dir_fops = {
	.readdir = ext2_readdir,
	.fsync = ext2_fsync,
};

/*
 * ext2's inode and file operation tables and the namespace changes built
 * from dir.c and ialloc.c: create a regular file, unlink a name, truncate
 * a file. The VFS holds the directory's (or file's) i_mutex around each of
 * these; they take sb->s_lock for the metadata and drop it before any
 * iget/iput, which may need it themselves.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/string.h"

static int ext2_create(struct inode *dir, const char *name, int len, u16 mode,
		       struct inode **res)
{
	struct super_block *sb = dir->i_sb;
	struct inode *inode;
	int err;

	if (sb->s_rdonly)
		return -EROFS;
	mutex_lock(&sb->s_lock);
	err = (int)__ext2_find_entry(dir, name, len);
	if (err >= 0 || err != -ENOENT) {
		mutex_unlock(&sb->s_lock);
		return err >= 0 ? -EEXIST : err;
	}
	inode = __ext2_new_inode(dir, (u16)((mode & ~S_IFMT) | S_IFREG));
	if (IS_ERR(inode)) {
		mutex_unlock(&sb->s_lock);
		return PTR_ERR(inode);
	}
	err = __ext2_add_link(dir, name, len, inode->i_ino, inode->i_mode);
	if (err) {
		/* Undo: the inode was never linked. */
		inode->i_nlink = 0;
		EXT2_I(inode)->i_dtime = ext2_now(sb);
		__ext2_write_inode(inode);
		__ext2_free_inode(inode);
		mutex_unlock(&sb->s_lock);
		inode->i_bad = true; /* freed on disk: iput only forgets it */
		iput(inode);
		return err;
	}
	mutex_unlock(&sb->s_lock);
	*res = inode;
	return 0;
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
		__ext2_write_inode(inode);
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

/*
 * ext2 directories: a directory's data blocks (read through the buffer
 * cache, since they are metadata) hold chains of variable-length entries.
 * This file looks names up, lists entries, inserts an entry (reusing a
 * free slot or splitting an entry's slack, or appending a block) and
 * removes one (merging it into the previous entry, or clearing the inode
 * of the first entry of a block).
 *
 * Every block is checked before it is used (check_dir_block): each
 * rec_len a multiple of 4, at least 8 + name_len, not crossing the block;
 * name_len nonzero for a used entry; inode numbers in range. A bad block
 * is reported with its position and refused with -EUCLEAN.
 *
 * Locking: sb->s_lock held by the __ functions; ext2_lookup and
 * ext2_readdir take it, and readdir drops it before calling the VFS's
 * filldir callback (which may itself look things up).
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/mm.h"

static int check_dir_block(struct inode *dir, u32 lblock, const char *data)
{
	struct super_block *sb = dir->i_sb;
	u32 bs = sb->s_blocksize, off = 0;

	while (off < bs) {
		const struct ext2_dir_entry *de = (const void *)(data + off);
		const char *why = NULL;

		if (bs - off < EXT2_DIR_ENTRY_HEADER)
			why = "entry header crosses the block end";
		else if (de->rec_len < EXT2_DIR_ENTRY_HEADER || de->rec_len & 3)
			why = "rec_len too small or not a multiple of 4";
		else if (de->rec_len > bs - off)
			why = "rec_len crosses the block end";
		else if (de->inode && de->rec_len < EXT2_DIR_REC_LEN(de->name_len))
			why = "rec_len too small for name_len";
		else if (de->inode && !de->name_len)
			why = "empty name";
		else if (de->inode > EXT2_SB(sb)->s_inodes_count)
			why = "inode number out of range";
		if (why)
			return ext2_error(sb, "directory", "inode %u block %u offset %u: %s "
					  "(rec_len %u, name_len %u, inode %u)", dir->i_ino, lblock,
					  off, why, bs - off >= 8 ? de->rec_len : 0,
					  bs - off >= 8 ? de->name_len : 0, bs - off >= 8 ? de->inode : 0);
		off += de->rec_len;
	}
	return 0;
}

/* Read and check logical block lb of dir; the buffer or ERR_PTR. s_lock held. */
static struct buffer_head *dir_block(struct inode *dir, u32 lb)
{
	struct super_block *sb = dir->i_sb;
	struct buffer_head *bh;
	u32 phys;
	int err = __ext2_get_block(dir, lb, &phys, false);

	if (err)
		return ERR_PTR(err);
	if (!phys)
		return ERR_PTR(ext2_error(sb, "directory", "inode %u: hole at block %u",
					  dir->i_ino, lb));
	bh = bread(sb->s_bdev, phys, sb->s_blocksize);
	if (!bh)
		return ERR_PTR(-EIO);
	err = check_dir_block(dir, lb, bh->b_data);
	if (err) {
		brelse(bh);
		return ERR_PTR(err);
	}
	return bh;
}

static u32 dir_blocks(struct inode *dir)
{
	return (u32)(dir->i_size >> dir->i_sb->s_blocksize_bits);
}

static bool name_match(const struct ext2_dir_entry *de, const char *name, int len)
{
	return de->inode && de->name_len == len && !memcmp(de->name, name, len);
}

/*
 * Find name in dir: returns the buffer (referenced) with *dep at the entry
 * and *prevp at the entry before it in the block (NULL if first), or
 * ERR_PTR(-ENOENT / -EUCLEAN / -EIO).
 */
static struct buffer_head *find_entry(struct inode *dir, const char *name, int len,
				      struct ext2_dir_entry **dep, struct ext2_dir_entry **prevp)
{
	u32 bs = dir->i_sb->s_blocksize;

	for (u32 lb = 0; lb < dir_blocks(dir); lb++) {
		struct buffer_head *bh = dir_block(dir, lb);
		struct ext2_dir_entry *prev = NULL;

		if (IS_ERR(bh))
			return bh;
		for (u32 off = 0; off < bs;) {
			struct ext2_dir_entry *de = (void *)((char *)bh->b_data + off);

			if (name_match(de, name, len)) {
				*dep = de;
				if (prevp)
					*prevp = prev;
				return bh;
			}
			prev = de;
			off += de->rec_len;
		}
		brelse(bh);
	}
	return ERR_PTR(-ENOENT);
}

long __ext2_find_entry(struct inode *dir, const char *name, int len)
{
	struct ext2_dir_entry *de;
	struct buffer_head *bh = find_entry(dir, name, len, &de, NULL);
	long ino;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	ino = de->inode;
	brelse(bh);
	return ino;
}

long ext2_lookup(struct inode *dir, const char *name, int len)
{
	long ino;

	mutex_lock(&dir->i_sb->s_lock);
	ino = __ext2_find_entry(dir, name, len);
	mutex_unlock(&dir->i_sb->s_lock);
	return ino;
}

static u8 file_type_of(u16 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	}
	return EXT2_FT_UNKNOWN;
}

static void fill_entry(struct inode *dir, struct ext2_dir_entry *de, const char *name, int len,
		       u32 ino, u16 mode)
{
	de->inode = ino;
	de->name_len = (u8)len;
	de->file_type = EXT2_SB(dir->i_sb)->s_filetype ? file_type_of(mode) : 0;
	memcpy(de->name, name, len);
}

int __ext2_add_link(struct inode *dir, const char *name, int len, u32 ino, u16 mode)
{
	struct super_block *sb = dir->i_sb;
	u32 bs = sb->s_blocksize, need = EXT2_DIR_REC_LEN(len), lb, phys;
	struct buffer_head *bh;
	struct ext2_dir_entry *de;
	int err;

	if (len <= 0 || len > NAME_MAX)
		return -ENAMETOOLONG;
	bh = find_entry(dir, name, len, &de, NULL);
	if (!IS_ERR(bh)) {
		brelse(bh);
		return -EEXIST;
	}
	if (PTR_ERR(bh) != -ENOENT)
		return PTR_ERR(bh);
	for (lb = 0; lb < dir_blocks(dir); lb++) {
		bh = dir_block(dir, lb);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		for (u32 off = 0; off < bs; off += de->rec_len) {
			u32 used;

			de = (void *)((char *)bh->b_data + off);
			used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;
			if (de->rec_len < used + need)
				continue;
			if (used) { /* split: the new entry takes the slack */
				struct ext2_dir_entry *nde = (void *)((char *)de + used);

				nde->rec_len = de->rec_len - used;
				de->rec_len = used;
				de = nde;
			}
			fill_entry(dir, de, name, len, ino, mode);
			mark_buffer_dirty(bh);
			brelse(bh);
			return 0;
		}
		brelse(bh);
	}
	/* No room: a new block at the end of the directory. */
	err = __ext2_get_block(dir, lb, &phys, true);
	if (err)
		return err;
	bh = getblk(sb->s_bdev, phys, bs);
	if (!bh)
		return -ENOMEM;
	memset(bh->b_data, 0, bs);
	de = bh->b_data;
	de->rec_len = bs;
	fill_entry(dir, de, name, len, ino, mode);
	mark_buffer_dirty(bh);
	brelse(bh);
	dir->i_size += bs;
	return __ext2_write_inode(dir);
}

long __ext2_delete_entry(struct inode *dir, const char *name, int len)
{
	struct ext2_dir_entry *de, *prev;
	struct buffer_head *bh = find_entry(dir, name, len, &de, &prev);
	long ino;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	ino = de->inode;
	if (prev)
		prev->rec_len += de->rec_len;
	else
		de->inode = 0;
	mark_buffer_dirty(bh);
	brelse(bh);
	return ino;
}

int ext2_readdir(struct file *f, void *ctx, filldir_t fill)
{
	struct inode *dir = f->f_inode;
	struct super_block *sb = dir->i_sb;
	u32 bs = sb->s_blocksize;
	char *copy = kmalloc(bs, GFP_KERNEL);
	int err = 0;

	if (!copy)
		return -ENOMEM;
	while (f->f_pos < dir->i_size) {
		u32 lb = (u32)(f->f_pos >> sb->s_blocksize_bits), off = (u32)(f->f_pos & (bs - 1));
		struct buffer_head *bh;

		mutex_lock(&sb->s_lock);
		bh = dir_block(dir, lb);
		if (!IS_ERR(bh)) {
			memcpy(copy, bh->b_data, bs);
			brelse(bh);
		}
		mutex_unlock(&sb->s_lock);
		if (IS_ERR(bh)) {
			err = PTR_ERR(bh);
			break;
		}
		/* Resume at the first entry starting at or after off. */
		u32 pos = 0;

		while (pos < off)
			pos += ((struct ext2_dir_entry *)(copy + pos))->rec_len;
		for (; pos < bs; pos += ((struct ext2_dir_entry *)(copy + pos))->rec_len) {
			struct ext2_dir_entry *de = (void *)(copy + pos);
			unsigned int type = DT_UNKNOWN;

			f->f_pos = ((loff_t)lb << sb->s_blocksize_bits) + pos;
			if (!de->inode)
				continue;
			if (EXT2_SB(sb)->s_filetype)
				type = de->file_type == EXT2_FT_DIR ? DT_DIR :
				       de->file_type == EXT2_FT_REG_FILE ? DT_REG :
				       de->file_type == EXT2_FT_SYMLINK ? DT_LNK : DT_UNKNOWN;
			if (fill(ctx, de->name, de->name_len, de->inode, type))
				goto out;
		}
		f->f_pos = (loff_t)(lb + 1) << sb->s_blocksize_bits;
	}
out:
	kfree(copy);
	return err;
}

int __ext2_set_entry(struct inode *dir, const char *name, int len, u32 ino, u16 mode)
{
	struct ext2_dir_entry *de;
	struct buffer_head *bh = find_entry(dir, name, len, &de, NULL);

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	de->inode = ino;
	de->file_type = EXT2_SB(dir->i_sb)->s_filetype ? file_type_of(mode) : 0;
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

int __ext2_make_empty(struct inode *dir, u32 parent_ino)
{
	struct super_block *sb = dir->i_sb;
	u32 bs = sb->s_blocksize, phys;
	struct ext2_dir_entry *de;
	struct buffer_head *bh;
	int err = __ext2_get_block(dir, 0, &phys, true);

	if (err)
		return err;
	bh = getblk(sb->s_bdev, phys, bs);
	if (!bh)
		return -ENOMEM;
	memset(bh->b_data, 0, bs);
	de = bh->b_data;
	fill_entry(dir, de, ".", 1, dir->i_ino, S_IFDIR);
	de->rec_len = EXT2_DIR_REC_LEN(1);
	de = (void *)((char *)bh->b_data + EXT2_DIR_REC_LEN(1));
	fill_entry(dir, de, "..", 2, parent_ino, S_IFDIR);
	de->rec_len = bs - EXT2_DIR_REC_LEN(1);
	mark_buffer_dirty(bh);
	brelse(bh);
	dir->i_size = bs;
	return 0;
}

int __ext2_empty_dir(struct inode *dir)
{
	u32 bs = dir->i_sb->s_blocksize;

	for (u32 lb = 0; lb < dir_blocks(dir); lb++) {
		struct buffer_head *bh = dir_block(dir, lb);

		if (IS_ERR(bh))
			return PTR_ERR(bh);
		for (u32 off = 0; off < bs;) {
			struct ext2_dir_entry *de = (void *)((char *)bh->b_data + off);

			if (de->inode && !(de->name_len == 1 && de->name[0] == '.') &&
			    !(de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.')) {
				brelse(bh);
				return 0;
			}
			off += de->rec_len;
		}
		brelse(bh);
	}
	return 1;
}

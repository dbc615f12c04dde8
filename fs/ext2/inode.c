/*
 * ext2 inodes: reading and writing the on-disk inode, the block map
 * (12 direct blocks, then single, double and triple indirect blocks),
 * allocation of blocks on write, freeing them on truncate and delete, and
 * the address_space operations that connect the page cache to the block
 * map (through fs/mpage.c).
 *
 * Locking: the block map (i_data and the indirect blocks) changes only
 * under sb->s_lock; __ext2_get_block expects it held, ext2_get_block takes
 * it. Everything read from disk is checked: an inode number outside the
 * filesystem, or a block number in a map outside it, is reported and
 * refused with -EUCLEAN rather than followed.
 */
#include "fs/ext2/ext2.h"
#include "fs/mpage.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/mm.h"

static struct kmem_cache *ext2_inode_cache;
static DEFINE_SPINLOCK(ext2_inode_cache_lock);

/*
 * The cache is made on first use. Creating it may sleep, so two first
 * callers can both create one: the loser destroys its own.
 */
static struct kmem_cache *inode_cache(void)
{
	struct kmem_cache *c = READ_ONCE(ext2_inode_cache);

	if (c)
		return c;
	c = kmem_cache_create("ext2_inode", sizeof(struct ext2_inode_info), 0);
	if (!c)
		return NULL;
	spin_lock(&ext2_inode_cache_lock);
	if (!ext2_inode_cache) {
		ext2_inode_cache = c;
		c = NULL;
	}
	spin_unlock(&ext2_inode_cache_lock);
	if (c)
		kmem_cache_destroy(c);
	return ext2_inode_cache;
}

static struct inode *ext2_alloc_inode(struct super_block *sb)
{
	struct kmem_cache *cache = inode_cache();
	struct ext2_inode_info *ei;

	if (!cache)
		return NULL;
	ei = kmem_cache_alloc(cache, GFP_KERNEL);
	if (!ei)
		return NULL;
	memset(ei, 0, sizeof(*ei));
	return &ei->vfs_inode;
}

static void ext2_destroy_inode(struct inode *inode)
{
	kmem_cache_free(ext2_inode_cache, EXT2_I(inode));
}

/* Find the on-disk inode: its buffer (referenced) and the structure in it. */
static struct ext2_inode *locate_inode(struct super_block *sb, u32 ino, struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *gd;
	u32 g, idx, block, off;

	if (ino < 1 || ino > sbi->s_inodes_count) {
		ext2_error(sb, "iget", "inode number %u out of range (1..%u)", ino,
			   sbi->s_inodes_count);
		return NULL;
	}
	g = (ino - 1) / sbi->s_inodes_per_group;
	idx = (ino - 1) % sbi->s_inodes_per_group;
	gd = ext2_get_group_desc(sb, g, NULL);
	if (!gd)
		return NULL;
	block = gd->bg_inode_table + idx * sbi->s_inode_size / sb->s_blocksize;
	off = idx * sbi->s_inode_size % sb->s_blocksize;
	*bhp = bread(sb->s_bdev, block, sb->s_blocksize);
	if (!*bhp)
		return NULL;
	return (struct ext2_inode *)((char *)(*bhp)->b_data + off);
}

/*
 * Only directories and regular files have their data in blocks read through
 * the page cache. Symlinks (a fast one keeps its text in i_block), device
 * nodes (the device number), fifos and sockets get no a_ops, so no block
 * map is ever built from their i_block words; device nodes open through
 * def_chr_fops / def_blk_fops, fifos and sockets do not (-ENXIO).
 */
void ext2_set_inode_ops(struct inode *inode)
{
	if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &ext2_dir_iops;
		inode->i_fop = &ext2_dir_fops;
		inode->i_data.a_ops = &ext2_aops;
	} else if (S_ISREG(inode->i_mode)) {
		inode->i_op = &ext2_file_iops;
		inode->i_fop = &ext2_file_fops;
		inode->i_data.a_ops = &ext2_aops;
	} else {
		inode->i_op = &ext2_special_iops;
		inode->i_fop = S_ISCHR(inode->i_mode) ? &def_chr_fops :
			       S_ISBLK(inode->i_mode) ? &def_blk_fops : NULL;
	}
}

/* A device node's number from i_block: the old 16-bit form in [0], else the new one in [1]. */
static dev_t node_rdev(const u32 *d)
{
	if (d[0])
		return MKDEV((d[0] >> 8) & 0xff, d[0] & 0xff);
	return new_decode_dev(d[1]);
}

static bool valid_file_type(u16 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return true;
	}
	return false;
}

static int ext2_read_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	struct ext2_inode *raw;
	int err = 0;

	mutex_lock(&sb->s_lock);
	raw = locate_inode(sb, inode->i_ino, &bh);
	if (!raw) {
		mutex_unlock(&sb->s_lock);
		return inode->i_ino > EXT2_SB(sb)->s_inodes_count || !inode->i_ino ? -EUCLEAN : -EIO;
	}
	inode->i_mode = raw->i_mode;
	inode->i_uid = raw->i_uid;
	inode->i_gid = raw->i_gid;
	inode->i_nlink = raw->i_links_count;
	inode->i_size = raw->i_size;
	if (S_ISREG(raw->i_mode))
		inode->i_size |= (loff_t)raw->i_size_high << 32;
	inode->i_blocks = raw->i_blocks;
	inode->i_atime = raw->i_atime;
	inode->i_mtime = raw->i_mtime;
	inode->i_ctime = raw->i_ctime;
	ei->i_flags = raw->i_flags;
	ei->i_dtime = raw->i_dtime;
	memcpy(ei->i_data, raw->i_block, sizeof(ei->i_data));
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		inode->i_rdev = node_rdev(ei->i_data);
	brelse(bh);
	if (!inode->i_nlink || !(inode->i_mode & S_IFMT)) {
		err = ext2_error(sb, "iget", "inode %u is not in use (links %u, mode %#o)",
				 inode->i_ino, inode->i_nlink, inode->i_mode);
	} else if (!valid_file_type(inode->i_mode)) {
		err = ext2_error(sb, "iget", "inode %u: unknown file type in mode %#o",
				 inode->i_ino, inode->i_mode);
	} else if (inode->i_size > 0x7fffffffLL) {
		err = ext2_error(sb, "iget", "inode %u: size %lld too large", inode->i_ino,
				 inode->i_size);
	}
	mutex_unlock(&sb->s_lock);
	if (!err)
		ext2_set_inode_ops(inode);
	return err;
}

int __ext2_write_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	struct ext2_inode *raw = locate_inode(sb, inode->i_ino, &bh);

	if (!raw)
		return -EIO;
	raw->i_mode = inode->i_mode;
	raw->i_uid = (u16)inode->i_uid;
	raw->i_gid = (u16)inode->i_gid;
	raw->i_links_count = inode->i_nlink;
	raw->i_size = (u32)inode->i_size;
	if (S_ISREG(inode->i_mode))
		raw->i_size_high = (u32)(inode->i_size >> 32);
	raw->i_blocks = inode->i_blocks;
	raw->i_atime = inode->i_atime;
	raw->i_mtime = inode->i_mtime;
	raw->i_ctime = inode->i_ctime;
	raw->i_dtime = ei->i_dtime;
	raw->i_flags = ei->i_flags;
	memcpy(raw->i_block, ei->i_data, sizeof(ei->i_data));
	mark_buffer_dirty(bh);
	brelse(bh);
	inode->i_dirty = false;
	return 0;
}

static int ext2_write_inode(struct inode *inode)
{
	int err;

	mutex_lock(&inode->i_sb->s_lock);
	err = __ext2_write_inode(inode);
	mutex_unlock(&inode->i_sb->s_lock);
	return err;
}

/* ---------------------------------------------------------- block map -- */

/* Split a logical block into the path of offsets through the map; depth or -EFBIG. */
static int block_path(struct ext2_sb_info *sbi, u32 iblock, u32 offsets[4])
{
	u32 apb = sbi->s_addr_per_block;
	u64 b = iblock;

	if (b < EXT2_NDIR_BLOCKS) {
		offsets[0] = (u32)b;
		return 1;
	}
	b -= EXT2_NDIR_BLOCKS;
	if (b < apb) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = (u32)b;
		return 2;
	}
	b -= apb;
	if (b < (u64)apb * apb) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = (u32)(b / apb);
		offsets[2] = (u32)(b % apb);
		return 3;
	}
	b -= (u64)apb * apb;
	if (b < (u64)apb * apb * apb) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = (u32)(b / ((u64)apb * apb));
		offsets[2] = (u32)(b / apb % apb);
		offsets[3] = (u32)(b % apb);
		return 4;
	}
	return -EFBIG;
}

/* Allocate a block near goal for inode; zeroed through the buffer cache if metadata. */
static u32 alloc_block(struct inode *inode, u32 goal, bool zero, int *err)
{
	struct super_block *sb = inode->i_sb;
	u32 b = __ext2_new_block(sb, goal, err);

	if (!b)
		return 0;
	inode->i_blocks += sb->s_blocksize >> SECTOR_SHIFT;
	inode->i_dirty = true;
	if (zero) {
		struct buffer_head *bh = getblk(sb->s_bdev, b, sb->s_blocksize);

		if (!bh) {
			__ext2_free_blocks(sb, b, 1);
			inode->i_blocks -= sb->s_blocksize >> SECTOR_SHIFT;
			*err = -ENOMEM;
			return 0;
		}
		memset(bh->b_data, 0, sb->s_blocksize);
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	return b;
}

int __ext2_get_block(struct inode *inode, u32 iblock, u32 *phys, bool create)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 offsets[4], *p, goal;
	struct buffer_head *bh = NULL;
	int depth = block_path(sbi, iblock, offsets), err = 0;

	*phys = 0;
	if (depth < 0)
		return depth;
	p = &EXT2_I(inode)->i_data[offsets[0]];
	goal = EXT2_I(inode)->i_data[0];
	if (!goal) {
		u32 g = (inode->i_ino - 1) / sbi->s_inodes_per_group;

		goal = sbi->s_first_data_block + g * sbi->s_blocks_per_group;
	}
	for (int level = 0;; level++) {
		bool leaf = level == depth - 1;

		if (!*p) {
			if (!create)
				goto out;
			*p = alloc_block(inode, goal, !leaf, &err);
			if (!*p)
				goto out;
			if (bh)
				mark_buffer_dirty(bh);
			else
				inode->i_dirty = true;
		} else if (!ext2_block_ok(sbi, *p)) {
			err = ext2_error(sb, "get_block", "inode %u: block %u (logical %u, level %d) "
					 "outside the filesystem", inode->i_ino, *p, iblock, level);
			goto out;
		}
		if (leaf) {
			*phys = *p;
			goto out;
		}
		goal = *p + 1;
		{
			struct buffer_head *next = bread(sb->s_bdev, *p, sb->s_blocksize);

			brelse(bh);
			bh = next;
		}
		if (!bh) {
			err = -EIO;
			goto out;
		}
		p = (u32 *)bh->b_data + offsets[level + 1];
	}
out:
	brelse(bh);
	return err;
}

int ext2_get_block(struct inode *inode, u32 iblock, u32 *phys, bool create)
{
	int err;

	mutex_lock(&inode->i_sb->s_lock);
	err = __ext2_get_block(inode, iblock, phys, create);
	if (create && inode->i_dirty)
		__ext2_write_inode(inode);
	mutex_unlock(&inode->i_sb->s_lock);
	return err;
}

/*
 * Free the blocks of the subtree at *p (depth 0: a data block) covering
 * logical blocks [base, base + span) that lie at or past `from`. Clears
 * *p when the whole subtree went. Returns true if *p changed.
 */
static bool trunc_tree(struct inode *inode, u32 *p, int depth, u64 base, u64 from)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 span = 1, child;
	struct buffer_head *bh;
	bool changed = false;

	for (int i = 0; i < depth; i++)
		span *= sbi->s_addr_per_block;
	if (!*p || from >= base + span)
		return false;
	if (!ext2_block_ok(sbi, *p)) {
		ext2_error(sb, "truncate", "inode %u: block %u outside the filesystem; dropped",
			   inode->i_ino, *p);
		*p = 0;
		return true;
	}
	if (depth > 0) {
		bh = bread(sb->s_bdev, *p, sb->s_blocksize);
		if (!bh)
			return false;
		child = span / sbi->s_addr_per_block;
		for (u32 i = 0; i < sbi->s_addr_per_block; i++)
			changed |= trunc_tree(inode, (u32 *)bh->b_data + i, depth - 1,
					      base + i * child, from);
		if (changed)
			mark_buffer_dirty(bh);
		brelse(bh);
		if (from > base)
			return false; /* part of the subtree stays */
	}
	__ext2_free_blocks(sb, *p, 1);
	inode->i_blocks -= sb->s_blocksize >> SECTOR_SHIFT;
	*p = 0;
	inode->i_dirty = true;
	return true;
}

void __ext2_truncate_blocks(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u32 *d = EXT2_I(inode)->i_data;
	u64 bs = inode->i_sb->s_blocksize, apb = sbi->s_addr_per_block;
	u64 from = ((u64)inode->i_size + bs - 1) / bs;

	/* Only these keep block numbers in i_data: a fast symlink keeps its
	 * text there, a device node its device number. */
	if (!(S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ||
	      (S_ISLNK(inode->i_mode) && inode->i_blocks)))
		return;
	for (u32 i = 0; i < EXT2_NDIR_BLOCKS; i++)
		trunc_tree(inode, &d[i], 0, i, from);
	trunc_tree(inode, &d[EXT2_IND_BLOCK], 1, EXT2_NDIR_BLOCKS, from);
	trunc_tree(inode, &d[EXT2_DIND_BLOCK], 2, EXT2_NDIR_BLOCKS + apb, from);
	trunc_tree(inode, &d[EXT2_TIND_BLOCK], 3, EXT2_NDIR_BLOCKS + apb + apb * apb, from);
}

static void ext2_delete_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	truncate_inode_pages(inode->i_mapping, 0);
	mutex_lock(&sb->s_lock);
	inode->i_size = 0;
	__ext2_truncate_blocks(inode);
	EXT2_I(inode)->i_dtime = ext2_now(sb);
	__ext2_write_inode(inode);
	__ext2_free_inode(inode);
	mutex_unlock(&sb->s_lock);
}

/* ------------------------------------------------ address_space ops -- */

static int ext2_readpage(struct address_space *mapping, struct page *page)
{
	return block_read_full_page(mapping, page, ext2_get_block);
}

static int ext2_writepage(struct address_space *mapping, struct page *page)
{
	return block_write_full_page(mapping, page, ext2_get_block);
}

static int ext2_prepare_write(struct address_space *mapping, struct page *page,
			      unsigned int from, unsigned int to)
{
	return block_prepare_write(mapping, page, from, to, ext2_get_block);
}

const struct address_space_operations ext2_aops = {
	.readpage = ext2_readpage,
	.writepage = ext2_writepage,
	.prepare_write = ext2_prepare_write,
};

const struct super_operations ext2_sops = {
	.alloc_inode = ext2_alloc_inode,
	.destroy_inode = ext2_destroy_inode,
	.read_inode = ext2_read_inode,
	.write_inode = ext2_write_inode,
	.delete_inode = ext2_delete_inode,
	.sync_fs = ext2_sync_fs,
	.statfs = ext2_statfs,
	.put_super = ext2_put_super,
};

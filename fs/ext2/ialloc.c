/*
 * ext2 inode allocation through the per-group inode bitmaps: claim a free
 * inode number (in the parent directory's group when it has room), set up
 * the new in-memory inode, and free an inode number when a file is
 * deleted. The bitmap, the group's free-inode and used-directory counts
 * and the superblock's free-inode count change together.
 *
 * Locking: sb->s_lock is held by every caller. Reserved inode numbers
 * (below s_first_ino) are never handed out; a bitmap that says one is free
 * is reported as corruption.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/string.h"

struct inode *__ext2_new_inode(struct inode *dir, u16 mode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g0 = (dir->i_ino - 1) / sbi->s_inodes_per_group;

	if (!sbi->s_es->s_free_inodes_count)
		return ERR_PTR(-ENOSPC);
	for (u32 i = 0; i < sbi->s_groups_count; i++) {
		u32 g = (g0 + i) % sbi->s_groups_count, bit, ino;
		struct buffer_head *gdbh, *bh;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);
		struct ext2_inode_info *ei;
		struct inode *inode;

		if (!gd->bg_free_inodes_count)
			continue;
		bh = bread(sb->s_bdev, gd->bg_inode_bitmap, sb->s_blocksize);
		if (!bh)
			return ERR_PTR(-EIO);
		bit = ext2_find_zero_bit(bh->b_data, 0, sbi->s_inodes_per_group);
		ino = g * sbi->s_inodes_per_group + bit + 1;
		if (bit >= sbi->s_inodes_per_group || ino < sbi->s_first_ino) {
			brelse(bh);
			return ERR_PTR(ext2_error(sb, __func__, "group %u: inode bitmap and free count "
						  "(%u) disagree (bit %u)", g,
						  gd->bg_free_inodes_count, bit));
		}
		inode = new_inode(sb, ino);
		if (IS_ERR(inode)) {
			brelse(bh);
			return inode;
		}
		set_bit_le(bh->b_data, bit);
		mark_buffer_dirty(bh);
		brelse(bh);
		gd->bg_free_inodes_count--;
		if (S_ISDIR(mode))
			gd->bg_used_dirs_count++;
		mark_buffer_dirty(gdbh);
		sbi->s_es->s_free_inodes_count--;
		ext2_super_dirty(sb);

		ei = EXT2_I(inode);
		memset(ei->i_data, 0, sizeof(ei->i_data));
		ei->i_flags = 0;
		ei->i_dtime = 0;
		inode->i_mode = mode;
		inode->i_nlink = 1;
		inode->i_uid = inode->i_gid = 0;
		inode->i_size = 0;
		inode->i_blocks = 0;
		inode->i_atime = inode->i_mtime = inode->i_ctime = ext2_now(sb);
		ext2_set_inode_ops(inode);
		__ext2_write_inode(inode);
		return inode;
	}
	return ERR_PTR(-ENOSPC);
}

void __ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g = (inode->i_ino - 1) / sbi->s_inodes_per_group;
	u32 bit = (inode->i_ino - 1) % sbi->s_inodes_per_group;
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd;

	if (inode->i_ino < sbi->s_first_ino || inode->i_ino > sbi->s_inodes_count) {
		ext2_error(sb, __func__, "freeing reserved or nonexistent inode %u", inode->i_ino);
		return;
	}
	gd = ext2_get_group_desc(sb, g, &gdbh);
	bh = bread(sb->s_bdev, gd->bg_inode_bitmap, sb->s_blocksize);
	if (!bh)
		return;
	if (!test_bit_le(bh->b_data, bit)) {
		ext2_error(sb, __func__, "inode %u is already free", inode->i_ino);
		brelse(bh);
		return;
	}
	clear_bit_le(bh->b_data, bit);
	mark_buffer_dirty(bh);
	brelse(bh);
	gd->bg_free_inodes_count++;
	if (S_ISDIR(inode->i_mode))
		gd->bg_used_dirs_count--;
	mark_buffer_dirty(gdbh);
	sbi->s_es->s_free_inodes_count++;
	ext2_super_dirty(sb);
}

u32 ext2_count_free_inodes(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 n = 0;

	mutex_lock(&sb->s_lock);
	for (u32 g = 0; g < sbi->s_groups_count; g++)
		n += ext2_get_group_desc(sb, g, NULL)->bg_free_inodes_count;
	mutex_unlock(&sb->s_lock);
	return n;
}

/*
 * ext2 block allocation through the per-group block bitmaps: find and
 * claim a free block near a goal, free runs of blocks, count free blocks.
 * Every change updates the bitmap, the group descriptor's and the
 * superblock's free counts together, so e2fsck finds them consistent.
 *
 * Locking: sb->s_lock is held by every caller (the __ prefix). Freed
 * blocks are also dropped from the buffer cache (bforget_block) so that a
 * stale metadata buffer is never written over the block's next owner.
 * Bits for blocks past s_blocks_count in the last group are never handed
 * out. A bitmap that claims a group's own metadata is free, or a free of a
 * block that is already free, is reported as corruption.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"

/* First zero bit in [start, end) of map, or end. */
u32 ext2_find_zero_bit(const u8 *map, u32 start, u32 end)
{
	u32 b = start;

	while (b < end) {
		if (!(b & 7) && b + 8 <= end && map[b >> 3] == 0xff) {
			b += 8;
			continue;
		}
		if (!test_bit_le(map, b))
			return b;
		b++;
	}
	return end;
}

/* Blocks in group g (the last group may be short). */
static u32 group_blocks(struct ext2_sb_info *sbi, u32 g)
{
	u32 first = sbi->s_first_data_block + g * sbi->s_blocks_per_group;

	return MIN(sbi->s_blocks_per_group, sbi->s_blocks_count - first);
}

/* Is block one of group metadata (bitmaps, inode table) of its group? */
static bool is_group_metadata(struct ext2_sb_info *sbi, struct ext2_group_desc *gd, u32 block)
{
	return block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap ||
	       (block >= gd->bg_inode_table && block < gd->bg_inode_table + sbi->s_itb_per_group);
}

u32 __ext2_new_block(struct super_block *sb, u32 goal, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g0, i;

	if (!sbi->s_es->s_free_blocks_count) {
		*err = -ENOSPC;
		return 0;
	}
	if (!ext2_block_ok(sbi, goal))
		goal = sbi->s_first_data_block;
	g0 = (goal - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	for (i = 0; i < sbi->s_groups_count; i++) {
		u32 g = (g0 + i) % sbi->s_groups_count;
		struct buffer_head *gdbh, *bh;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);
		u32 n = group_blocks(sbi, g), bit, start = 0, block;

		if (!gd->bg_free_blocks_count)
			continue;
		bh = bread(sb->s_bdev, gd->bg_block_bitmap, sb->s_blocksize);
		if (!bh) {
			*err = -EIO;
			return 0;
		}
		if (g == g0)
			start = (goal - sbi->s_first_data_block) % sbi->s_blocks_per_group;
		bit = ext2_find_zero_bit(bh->b_data, start, n);
		if (bit == n && start)
			bit = ext2_find_zero_bit(bh->b_data, 0, start);
		if (bit >= n) {
			brelse(bh);
			*err = ext2_error(sb, __func__, "group %u: free count %u but no free bit", g,
					  gd->bg_free_blocks_count);
			return 0;
		}
		block = sbi->s_first_data_block + g * sbi->s_blocks_per_group + bit;
		if (is_group_metadata(sbi, gd, block) || block < sbi->s_first_data_block + 1 +
		    sbi->s_gdb_count) {
			brelse(bh);
			*err = ext2_error(sb, __func__, "bitmap of group %u says metadata block %u is "
					  "free", g, block);
			return 0;
		}
		set_bit_le(bh->b_data, bit);
		mark_buffer_dirty(bh);
		brelse(bh);
		gd->bg_free_blocks_count--;
		mark_buffer_dirty(gdbh);
		sbi->s_es->s_free_blocks_count--;
		ext2_super_dirty(sb);
		return block;
	}
	*err = -ENOSPC;
	return 0;
}

void __ext2_free_blocks(struct super_block *sb, u32 block, u32 count)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	for (u32 b = block; b < block + count; b++) {
		u32 g, bit;
		struct buffer_head *gdbh, *bh;
		struct ext2_group_desc *gd;

		if (!ext2_block_ok(sbi, b)) {
			ext2_error(sb, __func__, "freeing block %u outside the filesystem", b);
			continue;
		}
		g = (b - sbi->s_first_data_block) / sbi->s_blocks_per_group;
		bit = (b - sbi->s_first_data_block) % sbi->s_blocks_per_group;
		gd = ext2_get_group_desc(sb, g, &gdbh);
		if (is_group_metadata(sbi, gd, b)) {
			ext2_error(sb, __func__, "freeing metadata block %u of group %u", b, g);
			continue;
		}
		bh = bread(sb->s_bdev, gd->bg_block_bitmap, sb->s_blocksize);
		if (!bh)
			continue;
		if (!test_bit_le(bh->b_data, bit)) {
			ext2_error(sb, __func__, "block %u is already free", b);
			brelse(bh);
			continue;
		}
		clear_bit_le(bh->b_data, bit);
		mark_buffer_dirty(bh);
		brelse(bh);
		gd->bg_free_blocks_count++;
		mark_buffer_dirty(gdbh);
		sbi->s_es->s_free_blocks_count++;
		ext2_super_dirty(sb);
		bforget_block(sb->s_bdev, b, sb->s_blocksize);
	}
}

u32 ext2_count_free_blocks(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 n = 0;

	mutex_lock(&sb->s_lock);
	for (u32 g = 0; g < sbi->s_groups_count; g++)
		n += ext2_get_group_desc(sb, g, NULL)->bg_free_blocks_count;
	mutex_unlock(&sb->s_lock);
	return n;
}

/*
 * ext2 mounting: read and validate the superblock and the group
 * descriptor table, refuse anything we cannot handle safely, and keep the
 * superblock and descriptors in the buffer cache (referenced) while
 * mounted. Also statfs, sync and unmount of an ext2 superblock.
 *
 * Validation happens before anything is attached: a bad magic, a block
 * size outside 1-4 KiB, inconsistent group geometry, unknown incompatible
 * features, or group metadata pointing outside the filesystem make
 * ext2_mount() print what is wrong and return ERR_PTR(-EUCLEAN) (-EIO when
 * the device cannot be read), leaving nothing allocated.
 *
 * Locking: the counts in the superblock and the descriptors change under
 * sb->s_lock (see fs/ext2/ext2.h); ext2_mount runs before the superblock
 * is visible to anyone.
 */
#include "fs/ext2/ext2.h"
#include "fs/internal.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

int ext2_error(struct super_block *sb, const char *fn, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("ext2 (%s): %s: %s\n", sb && sb->s_bdev ? sb->s_bdev->name : "?", fn, msg);
	return -EUCLEAN;
}

void ext2_super_dirty(struct super_block *sb)
{
	mark_buffer_dirty(EXT2_SB(sb)->s_sbh);
}

struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, u32 group,
					    struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;

	if (group >= sbi->s_groups_count) {
		ext2_error(sb, __func__, "group %u >= groups count %u", group, sbi->s_groups_count);
		return NULL;
	}
	bh = sbi->s_group_desc[group / sbi->s_desc_per_block];
	if (bhp)
		*bhp = bh;
	return (struct ext2_group_desc *)bh->b_data + group % sbi->s_desc_per_block;
}

/* Check the superblock fields that everything else relies on. */
static int check_super(struct super_block *sb, struct ext2_super_block *es, u64 dev_bytes)
{
	u32 bs, groups;

	if (es->s_magic != EXT2_SUPER_MAGIC)
		return ext2_error(sb, "mount", "bad magic %#x (not ext2)", es->s_magic);
	if (es->s_log_block_size > 2)
		return ext2_error(sb, "mount", "block size 1024 << %u not supported",
				  es->s_log_block_size);
	bs = EXT2_MIN_BLOCK_SIZE << es->s_log_block_size;
	if (es->s_rev_level > EXT2_DYNAMIC_REV)
		return ext2_error(sb, "mount", "revision %u not supported", es->s_rev_level);
	if (es->s_rev_level == EXT2_DYNAMIC_REV) {
		if (es->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT)
			return ext2_error(sb, "mount", "unsupported incompatible features %#x",
					  es->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT);
		if (es->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || es->s_inode_size > bs ||
		    (es->s_inode_size & (es->s_inode_size - 1)))
			return ext2_error(sb, "mount", "bad inode size %u", es->s_inode_size);
		if (es->s_first_ino < EXT2_GOOD_OLD_FIRST_INO || es->s_first_ino > es->s_inodes_count)
			return ext2_error(sb, "mount", "bad first inode %u", es->s_first_ino);
	}
	if (es->s_first_data_block != (bs == 1024 ? 1u : 0u))
		return ext2_error(sb, "mount", "first data block %u for %u-byte blocks",
				  es->s_first_data_block, bs);
	if (!es->s_blocks_count || (u64)es->s_blocks_count * bs > dev_bytes)
		return ext2_error(sb, "mount", "%u blocks of %u bytes do not fit the %llu-byte device",
				  es->s_blocks_count, bs, dev_bytes);
	if (!es->s_blocks_per_group || es->s_blocks_per_group > bs * 8 ||
	    !es->s_inodes_per_group || es->s_inodes_per_group > bs * 8)
		return ext2_error(sb, "mount", "bad group geometry (%u blocks, %u inodes per group)",
				  es->s_blocks_per_group, es->s_inodes_per_group);
	groups = (es->s_blocks_count - es->s_first_data_block + es->s_blocks_per_group - 1) /
		 es->s_blocks_per_group;
	if ((u64)groups * es->s_inodes_per_group != es->s_inodes_count)
		return ext2_error(sb, "mount", "inode count %u != %u groups x %u", es->s_inodes_count,
				  groups, es->s_inodes_per_group);
	if (es->s_free_blocks_count > es->s_blocks_count ||
	    es->s_free_inodes_count > es->s_inodes_count)
		return ext2_error(sb, "mount", "free counts larger than totals");
	return 0;
}

/* Every group's bitmaps and inode table must lie inside the filesystem. */
static int check_groups(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	for (u32 g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);

		if (!ext2_block_ok(sbi, gd->bg_block_bitmap) ||
		    !ext2_block_ok(sbi, gd->bg_inode_bitmap) ||
		    !ext2_block_ok(sbi, gd->bg_inode_table) ||
		    gd->bg_inode_table + sbi->s_itb_per_group > sbi->s_blocks_count)
			return ext2_error(sb, "mount",
					  "group %u: bitmap or inode table block outside the filesystem "
					  "(%u, %u, %u of %u blocks)", g, gd->bg_block_bitmap,
					  gd->bg_inode_bitmap, gd->bg_inode_table, sbi->s_blocks_count);
		if (gd->bg_free_inodes_count > sbi->s_inodes_per_group ||
		    gd->bg_free_blocks_count > sbi->s_blocks_per_group)
			return ext2_error(sb, "mount", "group %u: free counts larger than the group", g);
	}
	return 0;
}

static void release_sbi(struct ext2_sb_info *sbi)
{
	if (sbi->s_group_desc) {
		for (u32 i = 0; i < sbi->s_gdb_count; i++)
			brelse(sbi->s_group_desc[i]);
		kfree(sbi->s_group_desc);
	}
	brelse(sbi->s_sbh);
	kfree(sbi);
}

struct super_block *ext2_mount(struct block_device *bdev)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct ext2_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	struct ext2_super_block *es;
	struct buffer_head *bh;
	u64 dev_bytes = bdev->nr_sectors << SECTOR_SHIFT;
	u32 bs, sb_block;
	int err;

	if (!sb || !sbi) {
		kfree(sb);
		kfree(sbi);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_bdev = bdev;
	sb->s_fs_info = sbi;
	sb->s_type = "ext2";
	mutex_init(&sb->s_lock);
	INIT_LIST_HEAD(&sb->s_list);
	err = -EUCLEAN;
	if (dev_bytes < 2048) {
		ext2_error(sb, "mount", "device of %llu bytes is too small", dev_bytes);
		goto fail;
	}
	/* The superblock is 1 KiB at byte 1024 whatever the block size. */
	bh = bread(bdev, 1, 1024);
	if (!bh) {
		err = -EIO;
		goto fail;
	}
	err = check_super(sb, (struct ext2_super_block *)bh->b_data, dev_bytes);
	es = (struct ext2_super_block *)bh->b_data;
	bs = EXT2_MIN_BLOCK_SIZE << (err ? 0 : es->s_log_block_size);
	brelse(bh);
	if (err)
		goto fail;
	if (bs != 1024)
		bforget_block(bdev, 1, 1024); /* it aliases block 0 of the real size */
	sb_block = bs == 1024 ? 1 : 0;
	sbi->s_sbh = bread(bdev, sb_block, bs);
	if (!sbi->s_sbh) {
		err = -EIO;
		goto fail;
	}
	es = (struct ext2_super_block *)((char *)sbi->s_sbh->b_data + (bs == 1024 ? 0 : 1024));
	sbi->s_es = es;
	sb->s_blocksize = bs;
	sb->s_blocksize_bits = 10 + es->s_log_block_size;
	sbi->s_blocks_count = es->s_blocks_count;
	sbi->s_inodes_count = es->s_inodes_count;
	sbi->s_first_data_block = es->s_first_data_block;
	sbi->s_blocks_per_group = es->s_blocks_per_group;
	sbi->s_inodes_per_group = es->s_inodes_per_group;
	sbi->s_inode_size = es->s_rev_level ? es->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
	sbi->s_first_ino = es->s_rev_level ? es->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
	sbi->s_filetype = es->s_rev_level &&
			  (es->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
	sbi->s_addr_per_block = bs / 4;
	sbi->s_desc_per_block = bs / sizeof(struct ext2_group_desc);
	sbi->s_groups_count = (es->s_blocks_count - es->s_first_data_block +
			       es->s_blocks_per_group - 1) / es->s_blocks_per_group;
	sbi->s_gdb_count = (sbi->s_groups_count + sbi->s_desc_per_block - 1) /
			   sbi->s_desc_per_block;
	sbi->s_itb_per_group = (sbi->s_inodes_per_group * sbi->s_inode_size + bs - 1) / bs;
	if (sbi->s_first_data_block + 1 + sbi->s_gdb_count > sbi->s_blocks_count) {
		err = ext2_error(sb, "mount", "group descriptors past the end");
		goto fail;
	}
	sbi->s_group_desc = kzalloc(sbi->s_gdb_count * sizeof(*sbi->s_group_desc), GFP_KERNEL);
	err = -ENOMEM;
	if (!sbi->s_group_desc)
		goto fail;
	for (u32 i = 0; i < sbi->s_gdb_count; i++) {
		sbi->s_group_desc[i] = bread(bdev, sbi->s_first_data_block + 1 + i, bs);
		if (!sbi->s_group_desc[i]) {
			err = -EIO;
			goto fail;
		}
	}
	err = check_groups(sb);
	if (err)
		goto fail;
	if (es->s_state & EXT2_ERROR_FS)
		pr_warn("ext2 (%s): the filesystem has errors recorded; run e2fsck\n", bdev->name);
	sb->s_op = &ext2_sops;
	sb->s_rdonly = bdev->read_only;
	pr_info("ext2 (%s): revision %u, %u-byte blocks, %u blocks (%u free), %u inodes "
		"(%u free), %u groups\n", bdev->name, es->s_rev_level, bs, es->s_blocks_count,
		es->s_free_blocks_count, es->s_inodes_count, es->s_free_inodes_count,
		sbi->s_groups_count);
	return sb;
fail:
	release_sbi(sbi);
	kfree(sb);
	return ERR_PTR(err);
}

/* Does group g hold a superblock backup (every group without sparse_super)? */
static bool group_has_super(struct ext2_super_block *es, u32 g)
{
	if (!(es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) || g <= 1)
		return true;
	for (u32 base = 3; base <= 7; base += 2) {
		u32 p = base;

		while (p < g)
			p *= base;
		if (p == g)
			return true;
	}
	return false;
}

/*
 * statfs's figures as Linux's ext2 gives them (the default "bsddf"
 * accounting): the total leaves out the metadata every group carries
 * (superblock and descriptor copies, two bitmaps, the inode table),
 * available is free minus the blocks reserved for root, the fsid is the
 * two halves of the UUID xor'ed together.
 */
int ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;
	u32 overhead = es->s_first_data_block;
	u64 uuid[2];

	mutex_lock(&sb->s_lock);
	for (u32 g = 0; g < sbi->s_groups_count; g++)
		if (group_has_super(es, g))
			overhead += 1 + sbi->s_gdb_count;
	overhead += sbi->s_groups_count * (2 + sbi->s_itb_per_group);
	memset(st, 0, sizeof(*st));
	st->type = EXT2_SUPER_MAGIC;
	st->block_size = sb->s_blocksize;
	st->blocks = es->s_blocks_count - overhead;
	st->free_blocks = es->s_free_blocks_count;
	st->avail_blocks = st->free_blocks > es->s_r_blocks_count ?
			   st->free_blocks - es->s_r_blocks_count : 0;
	st->inodes = es->s_inodes_count;
	st->free_inodes = es->s_free_inodes_count;
	st->name_max = NAME_MAX;
	memcpy(uuid, es->s_uuid, sizeof(uuid));
	uuid[0] ^= uuid[1];
	st->fsid[0] = (u32)uuid[0];
	st->fsid[1] = (u32)(uuid[0] >> 32);
	mutex_unlock(&sb->s_lock);
	return 0;
}

int ext2_sync_fs(struct super_block *sb)
{
	return sync_buffers(sb->s_bdev);
}

void ext2_put_super(struct super_block *sb)
{
	release_sbi(EXT2_SB(sb));
	sb->s_fs_info = NULL;
	invalidate_buffers(sb->s_bdev);
}

bool ext2_probe(struct block_device *bdev)
{
	struct buffer_head *bh;
	bool ok;

	if ((bdev->nr_sectors << SECTOR_SHIFT) < 2048)
		return false;
	bh = bread(bdev, 1, 1024);
	if (!bh)
		return false;
	ok = ((struct ext2_super_block *)bh->b_data)->s_magic == EXT2_SUPER_MAGIC;
	brelse(bh);
	bforget_block(bdev, 1, 1024); /* a mount reads it again at its real block size */
	return ok;
}

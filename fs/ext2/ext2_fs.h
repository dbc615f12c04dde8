/*
 * The ext2 on-disk format, defined once: superblock, group descriptor,
 * inode and directory entry, all little-endian (as the CPU is). Only
 * fs/ext2/ includes this header; the in-memory structures are in
 * fs/ext2/ext2.h.
 *
 * Layout: block 0 (1 KiB blocks) or the first 1 KiB of block 0 holds the
 * boot area; the superblock sits at byte 1024 whatever the block size. The
 * group descriptor table starts in the block after the superblock's
 * (s_first_data_block + 1). Each group has a block bitmap, an inode bitmap
 * and an inode table, at the blocks its descriptor names. Inode numbers
 * start at 1; block numbers count from 0.
 */
#ifndef FS_EXT2_EXT2_FS_H
#define FS_EXT2_EXT2_FS_H

#include "kernel/types.h"

#define EXT2_SUPER_MAGIC 0xEF53
#define EXT2_SUPERBLOCK_OFFSET 1024
#define EXT2_MIN_BLOCK_SIZE 1024
#define EXT2_MAX_BLOCK_SIZE 4096
#define EXT2_ROOT_INO 2
#define EXT2_GOOD_OLD_REV 0
#define EXT2_DYNAMIC_REV 1
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_FIRST_INO 11

/* i_block[]: 12 direct, then single, double and triple indirect. */
#define EXT2_NDIR_BLOCKS 12
#define EXT2_IND_BLOCK 12
#define EXT2_DIND_BLOCK 13
#define EXT2_TIND_BLOCK 14
#define EXT2_N_BLOCKS 15

/* s_state */
#define EXT2_VALID_FS 1
#define EXT2_ERROR_FS 2

/* Feature bits we understand; any other incompat bit refuses the mount. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_SUPPORTED_INCOMPAT EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_SUPPORTED_RO_COMPAT \
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/*
 * The superblock, 1024 bytes at byte offset 1024.
 *
 *  off size field                 meaning
 *    0  4  s_inodes_count         inodes in the filesystem
 *    4  4  s_blocks_count         blocks in the filesystem
 *    8  4  s_r_blocks_count       blocks reserved for root
 *   12  4  s_free_blocks_count
 *   16  4  s_free_inodes_count
 *   20  4  s_first_data_block     block of the superblock: 1 for 1 KiB blocks, else 0
 *   24  4  s_log_block_size       block size = 1024 << this
 *   28  4  s_log_frag_size
 *   32  4  s_blocks_per_group
 *   36  4  s_frags_per_group
 *   40  4  s_inodes_per_group
 *   44  4  s_mtime, 48 4 s_wtime  mount / write time
 *   52  2  s_mnt_count, 54 2 s_max_mnt_count
 *   56  2  s_magic                0xEF53
 *   58  2  s_state                EXT2_VALID_FS / EXT2_ERROR_FS
 *   60  2  s_errors, 62 2 s_minor_rev_level
 *   64  4  s_lastcheck, 68 4 s_checkinterval, 72 4 s_creator_os
 *   76  4  s_rev_level            0 (good old) or 1 (dynamic)
 *   80  2  s_def_resuid, 82 2 s_def_resgid
 *  -- revision 1 only --
 *   84  4  s_first_ino            first non-reserved inode
 *   88  2  s_inode_size
 *   90  2  s_block_group_nr       group holding this copy
 *   92  4  s_feature_compat, 96 4 s_feature_incompat, 100 4 s_feature_ro_compat
 *  104 16  s_uuid, 120 16 s_volume_name, 136 64 s_last_mounted
 *  200  4  s_algorithm_usage_bitmap
 *  204 ... (prealloc, journal fields, padding to 1024)
 */
struct ext2_super_block {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	u16 s_max_mnt_count;
	u16 s_magic;
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	u32 s_algorithm_usage_bitmap;
	u8 s_reserved[820];
} __packed;

/*
 * A block group descriptor, 32 bytes; the table is an array of them.
 *
 *  off size field
 *    0  4  bg_block_bitmap        block of the group's block bitmap
 *    4  4  bg_inode_bitmap        block of the group's inode bitmap
 *    8  4  bg_inode_table         first block of the group's inode table
 *   12  2  bg_free_blocks_count
 *   14  2  bg_free_inodes_count
 *   16  2  bg_used_dirs_count
 *   18  2  bg_pad, 20 12 bg_reserved
 */
struct ext2_group_desc {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
} __packed;

/*
 * An inode, 128 bytes in revision 0, s_inode_size (>= 128) in revision 1
 * (only the first 128 bytes are read and written here).
 *
 *  off size field
 *    0  2  i_mode                 type (S_IF*) and permissions
 *    2  2  i_uid
 *    4  4  i_size                 size in bytes (low 32 bits)
 *    8  4  i_atime, 12 4 i_ctime, 16 4 i_mtime, 20 4 i_dtime (deletion time)
 *   24  2  i_gid
 *   26  2  i_links_count
 *   28  4  i_blocks               512-byte units, indirect blocks included
 *   32  4  i_flags
 *   36  4  i_osd1
 *   40 60  i_block[15]            12 direct, single, double, triple indirect
 *  100  4  i_generation
 *  104  4  i_file_acl
 *  108  4  i_dir_acl / i_size_high (regular files with LARGE_FILE)
 *  112  4  i_faddr
 *  116 12  i_osd2
 */
struct ext2_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation;
	u32 i_file_acl;
	u32 i_size_high;
	u32 i_faddr;
	u8 i_osd2[12];
} __packed;

/*
 * A directory entry; a directory block is a chain of them whose rec_len
 * values add up to exactly the block size. A free slot has inode 0.
 *
 *  off size field
 *    0  4  inode                  0: unused entry
 *    4  2  rec_len                bytes to the next entry: a multiple of 4,
 *                                 >= 8 + name_len, not crossing the block
 *    6  1  name_len
 *    7  1  file_type              EXT2_FT_* when INCOMPAT_FILETYPE, else 0
 *                                 (revision 0: high byte of a 16-bit name_len)
 *    8  n  name                   not NUL-terminated
 */
struct ext2_dir_entry {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
	char name[];
} __packed;

#define EXT2_DIR_ENTRY_HEADER 8
/* The smallest rec_len that holds a name of n bytes. */
#define EXT2_DIR_REC_LEN(n) (((n) + EXT2_DIR_ENTRY_HEADER + 3) & ~3u)

#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR 2
#define EXT2_FT_CHRDEV 3
#define EXT2_FT_BLKDEV 4
#define EXT2_FT_FIFO 5
#define EXT2_FT_SOCK 6
#define EXT2_FT_SYMLINK 7

_Static_assert(sizeof(struct ext2_super_block) == 1024, "ext2 superblock is 1024 bytes");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "ext2 group descriptor is 32 bytes");
_Static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode is 128 bytes");

#endif

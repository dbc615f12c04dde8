/*
 * Helpers shared by the fs_* and filemap_* self-tests: whole-file CRCs
 * through the VFS, the /etc/manifest walker, and an overlay block device
 * (a copy-on-read clone of another device, e.g. ram0, kept in memory) on
 * which tests corrupt on-disk structures or inject read errors without
 * touching the real device. tests/self/fs_testdev.c implements them.
 */
#ifndef TESTS_SELF_FS_TEST_H
#define TESTS_SELF_FS_TEST_H

#include "fs/vfs.h"
#include "drivers/block.h"

/* Read the whole open file in chunks of `chunk` bytes from offset 0: CRC-32 and size. */
int fs_test_file_crc(struct file *f, size_t chunk, u32 *crc, loff_t *size);
/* Open path under start (NULL: root) with flags and compute the above. */
int fs_test_path_crc(struct inode *start, const char *path, unsigned int flags, size_t chunk,
		     u32 *crc, loff_t *size);

/*
 * One line of /etc/manifest (tools/mkmanifest.py writes it). error is NULL
 * for a line that parsed, else the reason it did not (crc, size and path
 * then mean nothing). path is unescaped; PATH_MAX bytes, so kmalloc'd.
 */
struct manifest_entry {
	int line;                 /* 1-based */
	const char *error;
	u32 crc;
	u32 size;
	size_t path_len;
	char path[PATH_MAX];
};
/*
 * Call fn for every line of /etc/manifest (read through the VFS), those
 * that do not parse included, so the caller fails that one file and goes
 * on. Returns the number of lines, a negative errno when the manifest
 * cannot be read, or fn's first non-zero return (which stops the walk).
 */
/* Deterministic test pattern: the byte at file offset off for seed s (tests/ext2_disk_check.py has the same). */
static inline u8 fs_pattern(u32 seed, u64 off)
{
	return (u8)(off * 131 + seed * 7 + (off >> 9));
}
/* CRC-32 of n pattern bytes starting at offset off. */
u32 fs_pattern_crc(u32 crc, u32 seed, u64 off, u64 n);
void fs_pattern_fill(void *buf, u32 seed, u64 off, size_t n);
/* Write n pattern bytes of seed at off through f, `piece` bytes per write; 0 or -errno. */
int fs_test_write_pattern(struct file *f, u32 seed, loff_t off, size_t n, size_t piece);

int manifest_for_each(int (*fn)(const struct manifest_entry *e, void *arg), void *arg);
/* The same for another file in the manifest's format. */
int manifest_for_each_in(const char *manifest, int (*fn)(const struct manifest_entry *e, void *arg),
			 void *arg);
/*
 * A path fit for a one-line diagnostic in buf: control bytes as '?', a
 * path over 64 bytes as its first and last 28 with its length between.
 */
const char *manifest_short_path(const char *path, char *buf, size_t size);

/*
 * Overlay device: a block device with base's size whose sectors read as
 * base's until written; written or corrupted chunks live in memory. Reads
 * of sectors in [fail_start, fail_end) fail with -EIO.
 */
struct block_device *overlay_create(struct block_device *base);
void overlay_destroy(struct block_device *ov);
void overlay_set_fail(struct block_device *ov, u64 fail_start, u64 fail_end);
/* Complete every request `ticks` timer ticks after submission (from the timer interrupt). */
void overlay_set_delay(struct block_device *ov, unsigned long ticks);
/* Read/write bytes of the overlay at a byte offset (synchronously). */
int overlay_read(struct block_device *ov, u64 off, void *buf, size_t n);
int overlay_write(struct block_device *ov, u64 off, const void *buf, size_t n);

/* ext2 facts the corruption tests need, read from the raw image through the overlay. */
struct ext2_raw_info {
	u32 block_size;
	u32 blocks_count;
	u32 inodes_count;
	u32 inode_size;
	u32 inodes_per_group;
	u32 inode_table0;   /* group 0's inode table block */
};
int ext2_raw_info(struct block_device *ov, struct ext2_raw_info *ri);
/* The byte offset of inode ino's on-disk structure (group 0 only). */
u64 ext2_raw_inode_offset(const struct ext2_raw_info *ri, u32 ino);

#endif

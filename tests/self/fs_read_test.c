/*
 * fs_read: every file listed in the ramdisk's /etc/manifest reads back
 * through the VFS and the page cache with the size and CRC-32 the host
 * computed, with read-ahead and without; path lookup handles ".", "..",
 * missing names and files used as directories; readdir lists a directory's
 * entries exactly.
 */
#include "tests/self/fs_test.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/pagemap.h"

struct crc_run {
	struct ktest *t;
	unsigned int flags;
	size_t chunk;
	int checked, bad;
};

static int check_entry(const struct manifest_entry *e, void *arg)
{
	struct crc_run *r = arg;
	u32 crc = 0;
	loff_t size = 0;
	int err = fs_test_path_crc(NULL, e->path, r->flags, r->chunk, &crc, &size);

	r->checked++;
	if (err || crc != e->crc || size != e->size) {
		r->bad++;
		ktest_fail(r->t, __FILE__, __LINE__, "%s: err %d, size %lld (want %u), crc %08x "
			   "(want %08x)", e->path, err, size, e->size, crc, e->crc);
	}
	return 0;
}

static void check_manifest(struct ktest *t, unsigned int flags, size_t chunk)
{
	struct crc_run r = { t, flags, chunk, 0, 0 };
	int n;

	page_cache_drop_clean(NULL);
	n = manifest_for_each(check_entry, &r);
	KT_ASSERT(t, n > 0);
	KT_EXPECT_EQ(t, r.checked, n);
	KT_EXPECT_EQ(t, r.bad, 0);
	ktest_log("%d files checked (chunk %u)", r.checked, (unsigned int)chunk);
	page_cache_drop_clean(NULL);
}

/* Every test reads the root filesystem on ram0. */
KTEST_SUITE_NEEDS(fs_read, "ram0");

KTEST_TIMEOUT(fs_read, manifest_crcs_with_readahead, 200)
{
	struct pagecache_stats a, b;

	struct inode *root = vfs_root();

	KT_ASSERT(t, root != NULL);
	iput(root);
	readahead_enabled = true;
	pagecache_stats(&a);
	check_manifest(t, O_RDONLY, 3000);
	pagecache_stats(&b);
	KT_EXPECT(t, b.readahead > a.readahead);
}

KTEST_TIMEOUT(fs_read, manifest_crcs_without_readahead, 200)
{
	struct pagecache_stats a, b;

	pagecache_stats(&a);
	check_manifest(t, O_RDONLY | O_NOREADAHEAD, 4096);
	pagecache_stats(&b);
	KT_EXPECT_EQ(t, b.readahead, a.readahead);
	/* Global switch off too, odd chunk size. */
	readahead_enabled = false;
	check_manifest(t, O_RDONLY, 1000);
	readahead_enabled = true;
	pagecache_stats(&a);
	KT_EXPECT_EQ(t, a.readahead, b.readahead);
}

KTEST(fs_read, path_lookup_dots_and_errors)
{
	struct kstat a, b;
	struct inode *i;

	KT_ASSERT_EQ(t, vfs_stat("/etc/motd", &a), 0);
	KT_ASSERT_EQ(t, vfs_stat("/./etc/../etc//motd/", &b), 0);
	KT_EXPECT_EQ(t, a.ino, b.ino);
	KT_EXPECT(t, S_ISREG(a.mode));
	KT_ASSERT_EQ(t, vfs_stat("/..", &a), 0);
	KT_EXPECT_EQ(t, a.ino, 2);
	KT_EXPECT(t, S_ISDIR(a.mode));
	KT_EXPECT_EQ(t, vfs_stat("/etc/no_such_file", &a), -ENOENT);
	KT_EXPECT_EQ(t, vfs_stat("/etc/motd/x", &a), -ENOTDIR);
	i = path_lookup("/test/deep/d01/d02/d03/d04/d05/d06/d07/d08/d09/d10/d11/d12/d13/d14/"
			"d15/d16/d17/d18/d19/d20/d21/d22/d23/d24/leaf");
	KT_ASSERT(t, !IS_ERR(i));
	KT_EXPECT(t, S_ISREG(i->i_mode));
	iput(i);
	KT_EXPECT_EQ(t, PTR_ERR(vfs_open("/etc", O_WRONLY, 0)), -EISDIR);
}

struct dir_count {
	const char *dir;
	int entries, found_motd, found_dot, found_dotdot, ino_mismatch;
};

static int count_fill(void *ctx, const char *name, int len, u32 ino, unsigned int type)
{
	struct dir_count *c = ctx;
	char path[300];
	struct kstat st;

	c->entries++;
	snprintf(path, sizeof(path), "%s/%.*s", c->dir, len, name);
	if (vfs_stat(path, &st) || (st.ino != ino && !(len == 2 && name[0] == '.')))
		c->ino_mismatch++;
	if (len == 4 && !memcmp(name, "motd", 4) && type == DT_REG)
		c->found_motd++;
	if (len == 1 && name[0] == '.' && type == DT_DIR)
		c->found_dot++;
	if (len == 2 && !memcmp(name, "..", 2))
		c->found_dotdot++;
	return 0;
}

KTEST(fs_read, readdir_lists_entries)
{
	struct dir_count c = { "/etc" };
	struct file *f = vfs_open("/etc", O_RDONLY | O_DIRECTORY, 0);

	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_readdir(f, &c, count_fill), 0);
	vfs_close(f);
	/* at least manifest, motd, hostname, . and ..; each name looks up to its inode */
	KT_EXPECT(t, c.entries >= 5);
	KT_EXPECT_EQ(t, c.ino_mismatch, 0);
	KT_EXPECT_EQ(t, c.found_motd, 1);
	KT_EXPECT_EQ(t, c.found_dot, 1);
	KT_EXPECT_EQ(t, c.found_dotdot, 1);
	/* 400 entries plus . and .. in a multi-block directory. */
	memset(&c, 0, sizeof(c));
	c.dir = "/test/many";
	f = vfs_open("/test/many", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_readdir(f, &c, count_fill), 0);
	vfs_close(f);
	KT_EXPECT_EQ(t, c.entries, 402);
	KT_EXPECT_EQ(t, c.ino_mismatch, 0);
}

/*
 * make test builds its ISOs with ROOTFS_EXTRA=tests/rootfs_extra: its
 * bin/rootfs-extra-check must be /bin/rootfs-extra-check in the image, with
 * the same bytes (and the manifest test above covers its CRC). Skipped on
 * an image made without it; tests/run_all.py fails the run if it skips there.
 */
KTEST(fs_read, rootfs_extra_files_are_in_the_image)
{
	static const char expected[] = "This file reached the ramdisk through ROOTFS_EXTRA.\n";
	u32 crc = 0;
	loff_t size = 0;
	struct kstat st;

	if (vfs_stat("/bin/rootfs-extra-check", &st) == -ENOENT) {
		ktest_skip(t, "image built without ROOTFS_EXTRA=tests/rootfs_extra");
		return;
	}
	KT_ASSERT_EQ(t, fs_test_path_crc(NULL, "/bin/rootfs-extra-check", O_RDONLY, 4096, &crc,
					 &size), 0);
	KT_EXPECT_EQ(t, size, sizeof(expected) - 1);
	KT_EXPECT_EQ(t, crc, crc32(0, expected, sizeof(expected) - 1));
}

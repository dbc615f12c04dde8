/*
 * fs_read: every file listed in the ramdisk's /etc/manifest reads back
 * through the VFS and the page cache with the size and CRC-32 the host
 * computed, with read-ahead and without (a line that does not parse fails
 * that file, with its line number, and the rest are still checked); the
 * image holds names at the limits (NAME_MAX, PATH_MAX - 1, spaces, bytes
 * that are not ASCII) and one byte beyond either gives -ENAMETOOLONG;
 * path lookup handles ".", "..", missing names and files used as
 * directories; readdir lists a directory's entries exactly.
 */
#include "tests/self/fs_test.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
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
	char shown[96];
	int err;

	r->checked++;
	if (e->error) {
		r->bad++;
		ktest_fail(r->t, __FILE__, __LINE__, "/etc/manifest line %d: %s", e->line, e->error);
		return 0;
	}
	err = fs_test_path_crc(NULL, e->path, r->flags, r->chunk, &crc, &size);
	if (err || crc != e->crc || size != e->size) {
		r->bad++;
		ktest_fail(r->t, __FILE__, __LINE__, "/etc/manifest line %d: %s: err %d, size %lld "
			   "(want %u), crc %08x (want %08x)", e->line,
			   manifest_short_path(e->path, shown, sizeof(shown)), err, size, e->size,
			   crc, e->crc);
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

/* What each line of a hand-made manifest gave: its reason, or its check. */
struct bad_lines_run {
	int lines;
	const char *error[12];
	bool crc_ok[12];
};

static int note_line(const struct manifest_entry *e, void *arg)
{
	struct bad_lines_run *r = arg;
	u32 crc = 0;
	loff_t size = 0;

	r->lines++;
	if (e->line < 1 || e->line >= (int)ARRAY_SIZE(r->error))
		return 0;
	r->error[e->line] = e->error;
	r->crc_ok[e->line] = !e->error &&
		!fs_test_path_crc(NULL, e->path, O_RDONLY, 4096, &crc, &size) &&
		crc == e->crc && size == e->size;
	return 0;
}

static bool says(const char *reason, const char *word)
{
	return reason && strstr(reason, word);
}

/*
 * A manifest line that does not parse is reported with its reason, and
 * the lines after it are still parsed and checked: a hand-made manifest
 * mixing good lines (one spelled with a \xHH escape) with bad ones.
 */
KTEST(fs_read, manifest_reader_reports_bad_lines_and_goes_on)
{
	static const char *const path = "/test/bad_manifest";
	struct bad_lines_run r = { 0 };
	size_t cap = PATH_MAX + 1024, len;
	char *text = kmalloc(cap, GFP_KERNEL);
	u32 crc_motd = 0, crc_host = 0;
	loff_t size_motd = 0, size_host = 0;
	struct file *f;

	if (!KT_EXPECT(t, text != NULL))
		return;
	KT_EXPECT_EQ(t, fs_test_path_crc(NULL, "/etc/motd", O_RDONLY, 4096, &crc_motd, &size_motd), 0);
	KT_EXPECT_EQ(t, fs_test_path_crc(NULL, "/etc/hostname", O_RDONLY, 4096, &crc_host,
					 &size_host), 0);
	len = (size_t)snprintf(text, cap,
		"%08x %u /etc/motd\n"                    /* 1 good */
		"zzzzzzzz 1 /x\n"                        /* 2 CRC */
		"00000000 12 relative/path\n"            /* 3 not absolute */
		"00000000 99999999999 /x\n"              /* 4 size overflows */
		"\n"                                     /* 5 empty */
		"00000000 1 /bad\\q\n"                   /* 6 bad escape */
		"%08x %u /etc/host\\x6eame\n"           /* 7 good: \x6e is 'n' */
		"00000000 1 /",                          /* 8 too long, below */
		crc_motd, (unsigned int)size_motd, crc_host, (unsigned int)size_host);
	memset(text + len, 'a', PATH_MAX);
	len += PATH_MAX;
	len += (size_t)snprintf(text + len, cap - len,
		"\n%08x %u /etc/motd", crc_motd, (unsigned int)size_motd); /* 9 no newline */
	f = vfs_open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (KT_EXPECT(t, !IS_ERR(f))) {
		KT_EXPECT_EQ(t, vfs_write(f, text, len), (ssize_t)len);
		vfs_close(f);
		KT_EXPECT_EQ(t, manifest_for_each_in(path, note_line, &r), 9);
		KT_EXPECT_EQ(t, vfs_unlink(path), 0);
	}
	kfree(text);
	KT_EXPECT_EQ(t, r.lines, 9);
	KT_EXPECT(t, r.crc_ok[1]);
	KT_EXPECT(t, says(r.error[2], "CRC"));
	KT_EXPECT(t, says(r.error[3], "absolute"));
	KT_EXPECT(t, says(r.error[4], "32 bits"));
	KT_EXPECT(t, says(r.error[5], "empty"));
	KT_EXPECT(t, says(r.error[6], "backslash"));
	KT_EXPECT(t, r.crc_ok[7]);
	KT_EXPECT(t, says(r.error[8], "PATH_MAX"));
	KT_EXPECT(t, says(r.error[9], "newline"));
}

/* What the manifest's paths reach: the limits the image must exercise. */
struct limits_seen {
	size_t longest_path, longest_name;
	int spaces, non_ascii, newlines, backslashes, bad_lines;
	char *longest;            /* PATH_MAX bytes: the longest path itself */
};

static int note_limits(const struct manifest_entry *e, void *arg)
{
	struct limits_seen *s = arg;
	size_t name = 0;

	if (e->error) {
		s->bad_lines++;
		return 0;
	}
	if (e->path_len > s->longest_path) {
		s->longest_path = e->path_len;
		memcpy(s->longest, e->path, e->path_len + 1);
	}
	for (size_t i = 0; i < e->path_len; i++) {
		unsigned char c = (unsigned char)e->path[i];

		name = c == '/' ? 0 : name + 1;
		s->longest_name = MAX(s->longest_name, name);
	}
	s->spaces += strchr(e->path, ' ') != NULL;
	s->newlines += strchr(e->path, '\n') != NULL;
	s->backslashes += strchr(e->path, '\\') != NULL;
	for (size_t i = 0; i < e->path_len; i++) {
		if ((unsigned char)e->path[i] >= 0x80) {
			s->non_ascii++;
			break;
		}
	}
	return 0;
}

/*
 * tools/mktestdata.py puts names at the limits under /test/limits (the
 * manifest tests above read them back): the manifest must list them, so
 * the CRC check cannot pass by their absence.
 */
KTEST(fs_read, manifest_lists_names_at_the_limits)
{
	struct limits_seen s = { 0 };

	s.longest = kmalloc(PATH_MAX, GFP_KERNEL);
	KT_ASSERT(t, s.longest != NULL);
	KT_EXPECT(t, manifest_for_each(note_limits, &s) > 0);
	KT_EXPECT_EQ(t, s.bad_lines, 0);
	KT_EXPECT_EQ(t, s.longest_path, PATH_MAX - 1);
	KT_EXPECT_EQ(t, s.longest_name, NAME_MAX);
	KT_EXPECT(t, s.spaces >= 3);
	KT_EXPECT(t, s.non_ascii >= 2);
	KT_EXPECT(t, s.newlines >= 1);
	KT_EXPECT(t, s.backslashes >= 1);
	kfree(s.longest);
}

/*
 * One byte past NAME_MAX in a component, or a path of PATH_MAX bytes, is
 * -ENAMETOOLONG for lookup, create and unlink, where the same name one
 * byte shorter works (exists, or is created and removed).
 */
KTEST(fs_read, names_past_the_limits_are_enametoolong)
{
	struct limits_seen s = { 0 };
	char *p = kmalloc(PATH_MAX + 2, GFP_KERNEL);
	struct kstat st;
	size_t n;

	s.longest = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!KT_EXPECT(t, p && s.longest))
		goto out;
	/* A 255-byte name exists; with one byte more it is too long, not missing. */
	strlcpy(p, "/test/limits/n255_", PATH_MAX);
	n = strlen(p);
	memset(p + n, 'n', NAME_MAX - 5);
	p[n + NAME_MAX - 5] = 0;
	KT_EXPECT_EQ(t, vfs_stat(p, &st), 0);
	strlcpy(p + strlen(p), "n", 2);
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, vfs_create(p, 0644), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, vfs_unlink(p), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, PTR_ERR(vfs_open(p, O_RDONLY, 0)), -ENAMETOOLONG);
	/* ... also as a directory in the middle of a path. */
	strlcpy(p + strlen(p), "/x", 3);
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENAMETOOLONG);
	p[n - 6] = 0;                                     /* "/test/limits" */
	KT_EXPECT_EQ(t, vfs_stat(p, &st), 0);
	KT_EXPECT(t, S_ISDIR(st.mode));

	/* The 4,095-byte path reads; 4,096 bytes naming the same file do not. */
	KT_EXPECT(t, manifest_for_each(note_limits, &s) > 0);
	if (!KT_EXPECT_EQ(t, s.longest_path, PATH_MAX - 1))
		goto out;
	KT_EXPECT_EQ(t, vfs_stat(s.longest, &st), 0);
	KT_EXPECT(t, S_ISREG(st.mode));
	p[0] = '/';
	memcpy(p + 1, s.longest, PATH_MAX);               /* "//test/..." */
	KT_EXPECT_EQ(t, strlen(p), PATH_MAX);
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, PTR_ERR(vfs_open(p, O_RDONLY, 0)), -ENAMETOOLONG);
	memcpy(p, s.longest, PATH_MAX);
	strlcpy(p + PATH_MAX - 1, "/", 2);                /* ".../leaf_qqq/" */
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENAMETOOLONG);
	memset(p, '/', PATH_MAX);                         /* 4,096 slashes */
	p[PATH_MAX] = 0;
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENAMETOOLONG);
	p[PATH_MAX - 1] = 0;                              /* 4,095: the root */
	KT_EXPECT_EQ(t, vfs_stat(p, &st), 0);

	/* Create and unlink at 4,095 bytes (a sibling of the leaf); 4,096 fails. */
	memcpy(p, s.longest, PATH_MAX);
	p[PATH_MAX - 2] = 'r';
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENOENT);
	KT_EXPECT_EQ(t, vfs_create(p, 0644), 0);
	KT_EXPECT_EQ(t, vfs_stat(p, &st), 0);
	KT_EXPECT_EQ(t, vfs_unlink(p), 0);
	KT_EXPECT_EQ(t, vfs_stat(p, &st), -ENOENT);
	strlcpy(p + PATH_MAX - 1, "r", 2);
	KT_EXPECT_EQ(t, vfs_create(p, 0644), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, vfs_unlink(p), -ENAMETOOLONG);
out:
	kfree(p);
	kfree(s.longest);
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

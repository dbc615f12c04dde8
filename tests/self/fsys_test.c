/*
 * fsys: the parts of the file-system calls that need no user address
 * space. The pipe ring fills exactly as Linux's does (64 KiB of one-byte
 * writes, 64 writes of 1000 bytes, 16 of 4 KiB), keeps bytes in order
 * through a blocking writer and reader in two threads, gives EOF when
 * the writer goes and -EPIPE when the reader does; fd tables grow to the
 * limit, answer -EMFILE past it, keep close-on-exec bits through dup and
 * fork and drop those fds at exec; relative lookups climb ".." past their
 * start; inode_path names directories; dirent64 packing aligns records
 * to 8 bytes, chains d_off and refuses a buffer too small for one entry.
 */
#include "fs/pipe.h"
#include "fs/readdir.h"
#include "drivers/console.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/mm.h"

static ssize_t kwrite(struct pipe *p, const void *buf, size_t n, unsigned int flags)
{
	return pipe_write(p, (const void __user *)buf, n, flags | PIPE_KBUF);
}

static ssize_t kread(struct pipe *p, void *buf, size_t n, unsigned int flags)
{
	return pipe_read(p, (void __user *)buf, n, flags | PIPE_KBUF);
}

static void pipe_done(struct pipe *p)
{
	pipe_release_end(p, true);
	pipe_release_end(p, false);
}

/* Non-blocking writes of `size` bytes until one is short: how many went in whole. */
static int fill_count(struct ktest *t, size_t size, unsigned int *bytes, ssize_t *last)
{
	struct pipe *p = pipe_alloc();
	static char buf[8192];
	int n = 0;
	ssize_t r;

	KT_ASSERT(t, p != NULL);
	memset(buf, 'x', sizeof(buf));
	while ((r = kwrite(p, buf, size, PIPE_NONBLOCK)) == (ssize_t)size)
		n++;
	*last = r;
	*bytes = pipe_bytes(p);
	pipe_done(p);
	return n;
}

KTEST(fsys, pipe_capacity_matches_linux)
{
	unsigned int bytes;
	ssize_t last;

	KT_EXPECT_EQ(t, fill_count(t, 1, &bytes, &last), 65536);
	KT_EXPECT_EQ(t, bytes, 65536);
	KT_EXPECT_EQ(t, last, -EAGAIN);
	/* Each page holds four 1000-byte writes; the fifth starts a page. */
	KT_EXPECT_EQ(t, fill_count(t, 1000, &bytes, &last), 64);
	KT_EXPECT_EQ(t, bytes, 64000);
	KT_EXPECT_EQ(t, last, -EAGAIN);
	KT_EXPECT_EQ(t, fill_count(t, 4096, &bytes, &last), 16);
	KT_EXPECT_EQ(t, last, -EAGAIN);
	/*
	 * 4097 = a page plus one byte, which the next write tops up: two
	 * writes take three pages, and the eleventh gets in partly.
	 */
	KT_EXPECT_EQ(t, fill_count(t, 4097, &bytes, &last), 10);
	KT_EXPECT_EQ(t, last, 4096);
	KT_EXPECT_EQ(t, bytes, 10 * 4097 + 4096);
}

KTEST(fsys, pipe_partial_nonblocking_write_and_reads)
{
	struct pipe *p = pipe_alloc();
	char *buf = kmalloc(PIPE_SIZE + 100, GFP_KERNEL);
	char small[10];

	KT_ASSERT(t, p && buf);
	for (int i = 0; i < PIPE_SIZE + 100; i++)
		buf[i] = (char)(i * 7);
	/* A large non-blocking write takes what fits and says so. */
	KT_EXPECT_EQ(t, kwrite(p, buf, PIPE_SIZE + 100, PIPE_NONBLOCK), PIPE_SIZE);
	KT_EXPECT_EQ(t, kwrite(p, buf, 1, PIPE_NONBLOCK), -EAGAIN);
	/* Reads return at most what is asked, in order, across buffers. */
	KT_EXPECT_EQ(t, kread(p, small, sizeof(small), 0), sizeof(small));
	KT_EXPECT(t, !memcmp(small, buf, sizeof(small)));
	KT_EXPECT_EQ(t, kread(p, buf + 200, PIPE_SIZE, 0), PIPE_SIZE - 10);
	KT_EXPECT_EQ(t, kread(p, small, 1, PIPE_NONBLOCK), -EAGAIN);
	KT_EXPECT_EQ(t, kread(p, small, 1, PIPE_MORE), 0);
	KT_EXPECT_EQ(t, kread(p, small, 0, 0), 0);
	KT_EXPECT_EQ(t, kwrite(p, small, 0, 0), 0);
	/* The writer leaves: what is left is read, then EOF. */
	KT_EXPECT_EQ(t, kwrite(p, "abc", 3, 0), 3);
	pipe_release_end(p, true);
	KT_EXPECT_EQ(t, kread(p, small, sizeof(small), 0), 3);
	KT_EXPECT_EQ(t, kread(p, small, sizeof(small), 0), 0);
	pipe_release_end(p, false);
	kfree(buf);
}

KTEST(fsys, pipe_write_without_reader_is_epipe)
{
	struct pipe *p = pipe_alloc();

	KT_ASSERT(t, p != NULL);
	pipe_release_end(p, false);
	KT_EXPECT_EQ(t, kwrite(p, "x", 1, 0), -EPIPE);
	KT_EXPECT_EQ(t, kwrite(p, "x", 1, PIPE_NONBLOCK), -EPIPE);
	pipe_release_end(p, true);
}

#define STREAM_BYTES (300 * 1024 + 123)

struct stream {
	struct pipe *p;
	u32 crc;
};

static void stream_writer(void *arg)
{
	struct stream *s = arg;
	static char chunk[5000];
	size_t sent = 0, piece = 1;

	while (sent < STREAM_BYTES) {
		size_t n = MIN(piece, (size_t)STREAM_BYTES - sent);

		for (size_t i = 0; i < n; i++)
			chunk[i] = (char)((sent + i) * 31 + 7);
		if (kwrite(s->p, chunk, n, 0) != (ssize_t)n)
			thread_exit(1);
		sent += n;
		piece = piece * 3 % 4999 + 1; /* 1 .. 4999 bytes, all sizes mixed */
	}
	pipe_release_end(s->p, true);
}

KTEST_TIMEOUT(fsys, pipe_blocking_stream_keeps_order, 60)
{
	static struct stream s;
	static char buf[3000];
	struct task *w;
	size_t got = 0;
	bool ok = true;
	ssize_t r;

	s.p = pipe_alloc();
	KT_ASSERT(t, s.p != NULL);
	w = kthread_create(stream_writer, &s, "pipe-writer");
	KT_ASSERT(t, w != NULL);
	while ((r = kread(s.p, buf, sizeof(buf), 0)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != (char)((got + i) * 31 + 7))
				ok = false;
		got += r;
		if (got % 7 == 0)
			yield();
	}
	KT_EXPECT_EQ(t, r, 0);
	KT_EXPECT_EQ(t, got, STREAM_BYTES);
	KT_EXPECT(t, ok);
	KT_EXPECT_EQ(t, kthread_join(w), 0);
	pipe_release_end(s.p, false);
}

/* Small writes from two threads never interleave inside one write. */
struct atomic_writer {
	struct pipe *p;
	char c;
};

static void atomic_writer(void *arg)
{
	struct atomic_writer *aw = arg;
	struct pipe *p = aw->p;
	char rec[PIPE_BUF];

	memset(rec, aw->c, sizeof(rec));
	for (int i = 0; i < 40; i++)
		if (kwrite(p, rec, 1000 + i * 50, 0) != 1000 + i * 50)
			thread_exit(1);
}

KTEST_TIMEOUT(fsys, pipe_writes_up_to_pipe_buf_are_atomic, 60)
{
	struct pipe *p = pipe_alloc();
	struct task *a, *b;
	static char buf[PIPE_SIZE];
	size_t total = 0, want = 0;
	char last = 0;
	unsigned int runs = 0;
	ssize_t r;

	KT_ASSERT(t, p != NULL);
	p->writers = 2; /* two writer ends */
	for (int i = 0; i < 40; i++)
		want += 2 * (1000 + i * 50);
	static struct atomic_writer wa, wb;

	wa = (struct atomic_writer){ p, 'A' };
	wb = (struct atomic_writer){ p, 'B' };
	a = kthread_create(atomic_writer, &wa, "pipe-wa");
	b = kthread_create(atomic_writer, &wb, "pipe-wb");
	KT_ASSERT(t, a && b);
	while (total < want && (r = kread(p, buf, sizeof(buf), 0)) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] != last)
				runs++;
			last = buf[i];
		}
		total += r;
	}
	KT_EXPECT_EQ(t, total, want);
	KT_EXPECT(t, runs <= 80); /* at most one run per write */
	KT_EXPECT_EQ(t, kthread_join(a), 0);
	KT_EXPECT_EQ(t, kthread_join(b), 0);
	p->writers = 1;
	pipe_done(p);
}

KTEST(fsys, pipe_files_close_and_stat)
{
	struct file *ends[2];
	struct kstat st;

	KT_ASSERT_EQ(t, create_pipe_files(ends, O_NONBLOCK), 0);
	KT_EXPECT(t, file_is_pipe(ends[0]) && file_is_pipe(ends[1]));
	KT_EXPECT_EQ(t, ends[0]->f_flags, O_RDONLY | O_NONBLOCK);
	KT_EXPECT_EQ(t, ends[1]->f_flags, O_WRONLY | O_NONBLOCK);
	KT_EXPECT_EQ(t, vfs_fstat(ends[0], &st), 0);
	KT_EXPECT(t, S_ISFIFO(st.mode));
	KT_EXPECT_EQ(t, st.mode & 0777, 0600);
	KT_EXPECT_EQ(t, vfs_lseek(ends[0], 0, SEEK_SET), -ESPIPE);
	KT_EXPECT_EQ(t, vfs_fsync(ends[1]), -EINVAL);
	vfs_close(ends[0]);
	vfs_close(ends[1]);
}

KTEST_NEEDS(fsys, fd_table_limit_cloexec_dup_fork_exec, "ram0")
{
	struct files *fs = files_alloc(), *copy;
	struct file *f = vfs_open("/etc/hostname", O_RDONLY, 0);
	int fd, n = 0;

	KT_ASSERT(t, fs && !IS_ERR(f));
	while ((fd = fd_install_from(fs, get_file(f), 0, n % 3 == 0)) >= 0) {
		KT_EXPECT_EQ(t, fd, n);
		n++;
	}
	vfs_close(f); /* the reference the failed install did not take */
	KT_EXPECT_EQ(t, fd, -EMFILE);
	KT_EXPECT_EQ(t, n, NR_OPEN_LIMIT);
	KT_EXPECT_EQ(t, fd_install_at(fs, NR_OPEN_LIMIT, get_file(f), false), -EBADF);
	vfs_close(f);
	KT_EXPECT_EQ(t, fd_install_from(fs, f, NR_OPEN_LIMIT, false), -EINVAL);
	vfs_close(f); /* the open's own reference: the table holds the rest */
	KT_EXPECT_EQ(t, fd_get_cloexec(fs, 3), 1);
	KT_EXPECT_EQ(t, fd_get_cloexec(fs, 4), 0);
	/* Close a hole, refill it at the lowest fd. */
	KT_EXPECT_EQ(t, fd_close(fs, 500), 0);
	KT_EXPECT_EQ(t, fd_close(fs, 500), -EBADF);
	KT_EXPECT_EQ(t, fd_close(fs, 100), 0);
	KT_EXPECT_EQ(t, fd_install(fs, fd_get(fs, 0)), 100);
	KT_EXPECT_EQ(t, fd_install_from(fs, fd_get(fs, 0), 200, true), 500);
	/* dup2 onto an open fd replaces it. */
	KT_EXPECT_EQ(t, fd_install_at(fs, 7, fd_get(fs, 1), true), 7);
	KT_EXPECT_EQ(t, fd_get_cloexec(fs, 7), 1);
	KT_EXPECT_EQ(t, fd_set_cloexec(fs, 7, false), 0);
	KT_EXPECT_EQ(t, fd_get_cloexec(fs, 7), 0);
	KT_EXPECT_EQ(t, fd_get_cloexec(fs, NR_OPEN_LIMIT + 5), -EBADF);
	/* fork keeps the bits; exec drops the marked fds. */
	copy = files_dup(fs);
	KT_ASSERT(t, copy != NULL);
	KT_EXPECT_EQ(t, fd_get_cloexec(copy, 3), 1);
	files_close_on_exec(copy);
	KT_EXPECT(t, fd_get(copy, 3) == NULL);
	KT_EXPECT_EQ(t, fd_get_cloexec(copy, 3), -EBADF);
	f = fd_get(copy, 4);
	KT_EXPECT(t, f != NULL);
	if (f)
		vfs_close(f);
	KT_EXPECT(t, fd_get(copy, 500) == NULL);
	files_put(copy);
	files_put(fs);
}

/* Run fn with current->cwd set to dir (a kernel thread has none). */
static void set_test_cwd(struct inode *dir)
{
	iput(current->cwd);
	current->cwd = dir;
}

KTEST_NEEDS(fsys, relative_lookup_climbs_past_its_start, "ram0")
{
	struct inode *etc = path_lookup("/etc"), *root = vfs_root(), *i;
	const char *last;
	int len;

	KT_ASSERT(t, !IS_ERR(etc) && root);
	set_test_cwd(igrab(etc));
	i = lookup_at(AT_FDCWD, "hostname", LOOKUP_FOLLOW);
	KT_EXPECT(t, !IS_ERR(i) && S_ISREG(i->i_mode));
	if (!IS_ERR(i))
		iput(i);
	i = lookup_at(AT_FDCWD, "..", 0);
	KT_EXPECT(t, i == root);
	if (!IS_ERR(i))
		iput(i);
	i = lookup_at(AT_FDCWD, "../../../etc/./hostname", 0);
	KT_EXPECT(t, !IS_ERR(i) && S_ISREG(i->i_mode));
	if (!IS_ERR(i))
		iput(i);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "hostname/", 0)), -ENOTDIR);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "hostname/x", 0)), -ENOTDIR);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "nonexistent", 0)), -ENOENT);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "", 0)), -ENOENT);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "hostname", LOOKUP_DIRECTORY)), -ENOTDIR);
	i = lookup_at(AT_FDCWD, "/", 0);
	KT_EXPECT(t, i == root);
	if (!IS_ERR(i))
		iput(i);
	i = lookup_parent_at(AT_FDCWD, "../test/newname", &last, &len);
	KT_EXPECT(t, !IS_ERR(i) && S_ISDIR(i->i_mode));
	KT_EXPECT_EQ(t, len, 7);
	KT_EXPECT(t, !strncmp(last, "newname", 7));
	if (!IS_ERR(i))
		iput(i);
	i = lookup_parent_at(AT_FDCWD, "/", &last, &len);
	KT_EXPECT(t, i == root);
	KT_EXPECT_EQ(t, len, 0);
	if (!IS_ERR(i))
		iput(i);
	set_test_cwd(NULL);
	iput(etc);
	iput(root);
}

KTEST_NEEDS(fsys, inode_path_names_directories, "ram0")
{
	struct inode *etc = path_lookup("/etc/"), *root = vfs_root();
	char buf[64];

	KT_ASSERT(t, !IS_ERR(etc) && root);
	KT_EXPECT_EQ(t, inode_path(root, buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(t, buf, "/");
	KT_EXPECT_EQ(t, inode_path(etc, buf, sizeof(buf)), 4);
	KT_EXPECT_STREQ(t, buf, "/etc");
	KT_EXPECT_EQ(t, inode_path(etc, buf, 4), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, inode_path(etc, buf, 5), 4);
	iput(etc);
	iput(root);
}

KTEST_NEEDS(fsys, dirent64_packing, "ram0")
{
	struct dirent64_buf db = { 0 };
	struct linux_dirent64 *d;
	static char buf[256];
	struct file *dir;
	unsigned int off, names = 0;
	bool saw_dot = false, saw_hostname = false;

	db.buf = buf;
	db.size = 24;
	KT_EXPECT_EQ(t, dirent64_fill(&db, "abcd", 4, 5, DT_REG), 0); /* 19 + 5 -> 24 */
	KT_EXPECT_EQ(t, db.used, 24);
	KT_EXPECT_EQ(t, dirent64_fill(&db, "a", 1, 6, DT_REG), 1);
	KT_EXPECT_EQ(t, db.error, -EINVAL);
	d = (struct linux_dirent64 *)buf;
	KT_EXPECT_EQ(t, d->d_reclen, 24);
	KT_EXPECT_EQ(t, d->d_ino, 5);
	KT_EXPECT_EQ(t, d->d_type, DT_REG);
	KT_EXPECT_STREQ(t, d->d_name, "abcd");

	/* A real directory: records aligned, d_off increasing, names NUL-ended. */
	memset(&db, 0, sizeof(db));
	db.buf = buf;
	db.size = sizeof(buf);
	dir = vfs_open("/etc", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(t, !IS_ERR(dir));
	db.file = dir;
	KT_EXPECT_EQ(t, vfs_readdir(dir, &db, dirent64_fill), 0);
	KT_ASSERT(t, db.prev != NULL);
	db.prev->d_off = dir->f_pos;
	for (off = 0; off < db.used; off += d->d_reclen) {
		d = (struct linux_dirent64 *)(buf + off);
		KT_EXPECT_EQ(t, d->d_reclen % 8, 0);
		KT_EXPECT(t, d->d_off > 0);
		KT_EXPECT(t, d->d_reclen >= 19 + strlen(d->d_name) + 1);
		if (!strcmp(d->d_name, "."))
			saw_dot = d->d_type == DT_DIR;
		if (!strcmp(d->d_name, "hostname"))
			saw_hostname = d->d_type == DT_REG;
		names++;
	}
	KT_EXPECT_EQ(t, off, db.used);
	KT_EXPECT(t, names >= 3);
	KT_EXPECT(t, saw_dot);
	KT_EXPECT(t, saw_hostname);
	vfs_close(dir);
}

KTEST(fsys, console_file_is_a_tty_shaped_char_device)
{
	struct files *fs = files_alloc();
	struct kstat st;
	struct file *f;

	KT_ASSERT(t, fs != NULL);
	KT_ASSERT_EQ(t, console_setup_fds(fs), 0);
	f = fd_get(fs, 2);
	KT_ASSERT(t, f != NULL);
	KT_EXPECT(t, file_is_console(f));
	KT_EXPECT_EQ(t, f->f_count, 4); /* fds 0, 1, 2 and ours */
	KT_EXPECT_EQ(t, f->f_flags & O_ACCMODE, O_RDWR);
	KT_EXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KT_EXPECT(t, S_ISCHR(st.mode));
	KT_EXPECT_EQ(t, st.rdev, 0x501);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_CUR), -ESPIPE);
	vfs_close(f);
	files_put(fs);
}

/*
 * Symlinks: only when the image carries the /lnk fixtures (ROOTFS_EXTRA
 * made by tests/self's callers: abs -> /etc/hostname, rel ->
 * ../etc/hostname, dir -> /etc, loop -> loop, dangling -> /nonexistent,
 * slow -> a target of more than 60 bytes ending in /etc/hostname).
 */
KTEST(fsys, symlinks_followed_where_linux_follows_them)
{
	struct inode *host = path_lookup("/etc/hostname"), *lnk = path_lookup("/lnk"), *i;
	char buf[128];
	int n;

	if (IS_ERR(lnk)) {
		ktest_skip(t, "no /lnk fixtures in this image");
		if (!IS_ERR(host))
			iput(host);
		return;
	}
	KT_ASSERT(t, !IS_ERR(host));
	static const char *const to_host[] = { "/lnk/abs", "/lnk/rel", "/lnk/dir/hostname",
					       "/lnk/slow", "/lnk/dir/../lnk/abs" };
	for (unsigned int k = 0; k < ARRAY_SIZE(to_host); k++) {
		i = lookup_at(AT_FDCWD, to_host[k], LOOKUP_FOLLOW);
		if (!KT_EXPECT(t, i == host))
			ktest_log("%s: %ld", to_host[k], IS_ERR(i) ? PTR_ERR(i) : 0L);
		if (!IS_ERR(i))
			iput(i);
	}
	i = lookup_at(AT_FDCWD, "/lnk/abs", 0);
	KT_EXPECT(t, !IS_ERR(i) && S_ISLNK(i->i_mode));
	if (!IS_ERR(i)) {
		n = vfs_readlink_inode(i, buf, sizeof(buf));
		KT_EXPECT_EQ(t, n, 13);
		buf[n > 0 ? n : 0] = 0;
		KT_EXPECT_STREQ(t, buf, "/etc/hostname");
		KT_EXPECT_EQ(t, vfs_readlink_inode(i, buf, 4), 4);
		iput(i);
	}
	KT_EXPECT_EQ(t, vfs_readlink_inode(host, buf, sizeof(buf)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "/lnk/loop", LOOKUP_FOLLOW)), -ELOOP);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "/lnk/loop/x", 0)), -ELOOP);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "/lnk/dangling", LOOKUP_FOLLOW)), -ENOENT);
	KT_EXPECT_EQ(t, PTR_ERR(lookup_at(AT_FDCWD, "/lnk/abs/", 0)), -ENOTDIR);
	i = lookup_at(AT_FDCWD, "/lnk/dir/", 0);
	KT_EXPECT(t, !IS_ERR(i) && S_ISDIR(i->i_mode));
	if (!IS_ERR(i))
		iput(i);
	iput(lnk);
	iput(host);
}

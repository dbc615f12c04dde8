/*
 * The namespace calls a shell needs, each with its success and error
 * cases, printed as result and errno name so Linux 6.1 and rmapos can be
 * compared line by line: mkdir(at), rmdir, unlinkat(AT_REMOVEDIR),
 * rename(at, at2) over files and directories (ENOTEMPTY, EISDIR, ENOTDIR,
 * EINVAL into itself, '..' of a moved directory), link(at), symlink(at),
 * readlink(at), symlinks followed in the middle and at the end of paths
 * (a chain of 40 resolves, 41 is ELOOP), O_NOFOLLOW, lstat vs stat,
 * AT_SYMLINK_NOFOLLOW, chmod/fchmod(at), chown/lchown/fchown(at) (and the
 * 16-bit forms), utimensat with UTIME_NOW/UTIME_OMIT, utime(s),
 * truncate/ftruncate(64) growing and shrinking, fsync, fdatasync, sync,
 * mknod of a device node in a directory, statfs of /dev. Works in /tmp
 * and removes everything it made.
 */
#include "ut.h"
#include <utime.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#define D "/tmp/fsns"

static void res(const char *what, long r)
{
	if (r < 0)
		say("%s: -1 %s", what, strerrorname_np(errno));
	else
		say("%s: %ld", what, r);
}

#define T(what, expr) do { errno = 0; res(what, (long)(expr)); } while (0)

static void show_stat(const char *what, const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);

	if (r < 0) {
		say("%s: -1 %s", what, strerrorname_np(errno));
		return;
	}
	say("%s: mode %o nlink %u uid %u gid %u size %lld", what, st.st_mode, (unsigned)st.st_nlink,
	    st.st_uid, st.st_gid, S_ISDIR(st.st_mode) ? -1LL : (long long)st.st_size);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0) {
		(void)!write(fd, text, strlen(text));
		close(fd);
	}
}

static void show_file(const char *what, const char *path)
{
	char buf[128];
	int fd = open(path, O_RDONLY), n;

	if (fd < 0) {
		say("%s: -1 %s", what, strerrorname_np(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	say("%s: \"%s\"", what, buf);
}

static void show_link(const char *what, const char *path)
{
	char buf[1100];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0) {
		say("%s: -1 %s", what, strerrorname_np(errno));
		return;
	}
	buf[n] = 0;
	say("%s: %zd \"%.60s\"", what, n, buf);
}

static void dirs(void)
{
	struct stat st;

	T("mkdir " D, mkdir(D, 0755));
	T("mkdir again", mkdir(D, 0755));
	T("mkdir with trailing slash", mkdir(D "/a/", 0700));
	T("mkdir in missing dir", mkdir(D "/nope/x", 0755));
	T("mkdir of .", mkdir(D "/.", 0755));
	T("mkdir of ..", mkdir(D "/a/..", 0755));
	T("mkdir under a file", (write_file(D "/f", "data"), mkdir(D "/f/x", 0755)));
	T("mkdir empty name", mkdir("", 0755));
	T("mkdir NULL", syscall(SYS_mkdir, NULL, 0755));
	umask(022);
	T("mkdir mode 0777 with umask 022", mkdir(D "/m", 0777));
	show_stat("stat m", D "/m", 1);
	show_stat("stat a (nlink 2)", D "/a", 1);
	T("mkdir a/b", mkdir(D "/a/b", 0755));
	show_stat("stat a after a/b (nlink 3)", D "/a", 1);
	T("mkdirat relative to a", ({ int dfd = open(D "/a", O_RDONLY | O_DIRECTORY);
		int r = mkdirat(dfd, "c", 0755); close(dfd); r; }));
	T("mkdirat bad fd", mkdirat(99, "c", 0755));
	T("mkdirat fd not a dir", ({ int fd = open(D "/f", O_RDONLY);
		int r = mkdirat(fd, "c", 0755); close(fd); r; }));
	T("rmdir non-empty a", rmdir(D "/a"));
	T("rmdir a file", rmdir(D "/f"));
	T("rmdir missing", rmdir(D "/zz"));
	T("rmdir .", rmdir(D "/a/."));
	T("rmdir ..", rmdir(D "/a/b/.."));
	T("rmdir /", rmdir("/"));
	T("rmdir a/c", rmdir(D "/a/c"));
	T("unlinkat AT_REMOVEDIR a/b", unlinkat(AT_FDCWD, D "/a/b", AT_REMOVEDIR));
	T("unlinkat bad flag", unlinkat(AT_FDCWD, D "/a", 0x1));
	T("unlink a directory", unlink(D "/a"));
	show_stat("stat a after removals (nlink 2)", D "/a", 1);
	T("rmdir with trailing slash", rmdir(D "/m/"));
	T("stat removed m", stat(D "/m", &st));
	/* A removed directory that is still the cwd takes no new entries. */
	T("mkdir gone", mkdir(D "/gone", 0755));
	T("chdir gone", chdir(D "/gone"));
	T("rmdir the cwd", rmdir(D "/gone"));
	T("create in a removed cwd", open("x", O_CREAT | O_WRONLY, 0644));
	T("mkdir in a removed cwd", mkdir("y", 0755));
	T("chdir /", chdir("/"));
}

static void renames(void)
{
	write_file(D "/r1", "one");
	write_file(D "/r2", "two");
	T("rename file over file", rename(D "/r1", D "/r2"));
	show_file("r2 holds r1's data", D "/r2");
	T("r1 is gone", access(D "/r1", F_OK));
	T("rename missing", rename(D "/r1", D "/r3"));
	T("rename to itself", rename(D "/r2", D "/r2"));
	T("link r2 r2b", link(D "/r2", D "/r2b"));
	T("rename between hard links", rename(D "/r2", D "/r2b"));
	show_stat("both links stay", D "/r2", 1);
	T("unlink r2b", unlink(D "/r2b"));
	T("mkdir d1", mkdir(D "/d1", 0755));
	T("mkdir d1/sub", mkdir(D "/d1/sub", 0755));
	T("mkdir d2", mkdir(D "/d2", 0755));
	T("rename file over dir", rename(D "/r2", D "/d2"));
	T("rename dir over file", rename(D "/d2", D "/r2"));
	T("rename dir into itself", rename(D "/d1", D "/d1/sub/x"));
	T("rename dir onto its child", rename(D "/d1", D "/d1/sub"));
	T("rename child over its parent", rename(D "/d1/sub", D "/d1"));
	T("rename dir over non-empty dir", (write_file(D "/d2/in", "x"), rename(D "/d1", D "/d2")));
	T("unlink d2/in", unlink(D "/d2/in"));
	T("rename dir over empty dir", rename(D "/d1", D "/d2"));
	show_stat("d2 is the old d1 (nlink 3)", D "/d2", 1);
	T("d1 is gone", access(D "/d1", F_OK));
	show_stat("parent nlink after replacing a dir", D, 1);
	T("mkdir other", mkdir(D "/other", 0755));
	T("move d2/sub into other", rename(D "/d2/sub", D "/other/sub"));
	show_stat("d2 lost a subdir (nlink 2)", D "/d2", 1);
	show_stat("other gained one (nlink 3)", D "/other", 1);
	T("'..' of the moved dir is other", ({ struct stat a, b; stat(D "/other/sub/..", &a);
		stat(D "/other", &b); a.st_ino == b.st_ino; }));
	T("rename with trailing slash on a file", rename(D "/r2/", D "/r4"));
	T("rename file to name/", rename(D "/r2", D "/r4/"));
	T("rename dir to name/", rename(D "/other/sub", D "/sub2/"));
	T("rename .", rename(D "/.", D "/x"));
	T("rename onto ..", rename(D "/sub2", D "/d2/.."));
	T("renameat relative", ({ int dfd = open(D, O_RDONLY | O_DIRECTORY);
		int r = renameat(dfd, "sub2", dfd, "sub3"); close(dfd); r; }));
	T("renameat2 flags 0", syscall(SYS_renameat2, AT_FDCWD, D "/sub3", AT_FDCWD, D "/sub4", 0));
	T("renameat2 NOREPLACE over existing", syscall(SYS_renameat2, AT_FDCWD, D "/sub4",
						       AT_FDCWD, D "/d2", 1));
	T("renameat2 NOREPLACE to new name", syscall(SYS_renameat2, AT_FDCWD, D "/sub4",
						     AT_FDCWD, D "/sub5", 1));
	T("renameat2 bad flags", syscall(SYS_renameat2, AT_FDCWD, D "/sub5", AT_FDCWD, D "/x", 8));
	T("renameat2 NOREPLACE|EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, D "/sub5", AT_FDCWD,
						  D "/x", 3));
	T("rmdir sub5", rmdir(D "/sub5"));
	T("rmdir d2", rmdir(D "/d2"));
	T("rmdir other", rmdir(D "/other"));
}

static void links(void)
{
	char big[1001];
	char chain[64], next[64];
	int fd;

	T("link r2 l", link(D "/r2", D "/l"));
	show_stat("r2 has two links", D "/r2", 1);
	T("link to existing name", link(D "/r2", D "/l"));
	T("link a directory", link(D "/a", D "/adir"));
	T("link missing", link(D "/nope", D "/l2"));
	T("link to name/", link(D "/r2", D "/l2/"));
	T("linkat bad flags", linkat(AT_FDCWD, D "/r2", AT_FDCWD, D "/l2", 0x1));
	T("symlink s -> r2", symlink("r2", D "/s"));
	T("symlink existing", symlink("r2", D "/s"));
	T("symlink empty target", symlink("", D "/s2"));
	T("symlink name/", symlink("r2", D "/s2/"));
	T("linkat of a symlink (not followed)", linkat(AT_FDCWD, D "/s", AT_FDCWD, D "/hs", 0));
	show_stat("lstat hs is a link", D "/hs", 0);
	T("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, D "/s", AT_FDCWD, D "/hf", AT_SYMLINK_FOLLOW));
	show_stat("hf is r2 (three links)", D "/hf", 0);
	show_link("readlink s", D "/s");
	show_link("readlink a file", D "/r2");
	show_link("readlink missing", D "/nope");
	T("readlink size 0", readlink(D "/s", big, 0));
	T("readlink size 1", readlink(D "/s", big, 1));
	T("readlinkat relative", ({ int dfd = open(D, O_RDONLY | O_DIRECTORY);
		int r = readlinkat(dfd, "s", big, sizeof(big)); close(dfd); r; }));
	memset(big, 'x', 1000);
	big[1000] = 0;
	T("slow symlink of 1000 bytes", symlink(big, D "/slow"));
	show_link("readlink slow", D "/slow");
	show_stat("lstat slow", D "/slow", 0);
	T("symlinkat relative", ({ int dfd = open(D, O_RDONLY | O_DIRECTORY);
		int r = symlinkat("a", dfd, "sa"); close(dfd); r; }));
	show_stat("stat follows s", D "/s", 1);
	show_stat("lstat does not", D "/s", 0);
	show_file("open follows s", D "/s");
	T("O_NOFOLLOW on a link", open(D "/s", O_RDONLY | O_NOFOLLOW));
	T("O_NOFOLLOW on a link in the middle", ({ int f = open(D "/sa/../r2", O_RDONLY | O_NOFOLLOW);
		if (f >= 0) close(f); f >= 0 ? 0 : -1; }));
	T("fstatat AT_SYMLINK_NOFOLLOW", ({ struct stat st; fstatat(AT_FDCWD, D "/s", &st,
		AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode); }));
	T("intermediate link sa/.. is D", ({ struct stat a, b; stat(D "/sa/..", &a); stat(D, &b);
		a.st_ino == b.st_ino; }));
	T("dangling link", (symlink("nowhere", D "/dang"), open(D "/dang", O_RDONLY)));
	T("create through a dangling link", ({ int f = open(D "/dang", O_CREAT | O_WRONLY, 0644);
		if (f >= 0) close(f); f >= 0 ? 0 : -1; }));
	T("... made its target", access(D "/nowhere", F_OK));
	T("O_CREAT|O_EXCL on a link", open(D "/s", O_CREAT | O_EXCL | O_WRONLY, 0644));
	T("self loop", (symlink("loop", D "/loop"), open(D "/loop", O_RDONLY)));
	T("loop in the middle", stat(D "/loop/x", &(struct stat){0}));
	T("link to a file through a trailing slash", stat(D "/s/", &(struct stat){0}));
	T("link to a dir with trailing slash", stat(D "/sa/", &(struct stat){0}));
	/* c0 -> c1 -> ... -> c40 -> r2: 41 links; c1 starts a chain of 40. */
	for (int i = 40; i >= 0; i--) {
		snprintf(chain, sizeof(chain), D "/c%d", i);
		snprintf(next, sizeof(next), i == 40 ? "r2" : "c%d", i + 1);
		symlink(next, chain);
	}
	T("a chain of 40 links resolves", stat(D "/c1", &(struct stat){0}));
	T("a chain of 41 is ELOOP", stat(D "/c0", &(struct stat){0}));
	T("lstat of the chain's head", lstat(D "/c0", &(struct stat){0}));
	for (int i = 0; i <= 40; i++) {
		snprintf(chain, sizeof(chain), D "/c%d", i);
		unlink(chain);
	}
	T("unlink a link removes the link", unlink(D "/s"));
	T("target stays", access(D "/r2", F_OK));
	fd = open(D "/hf", O_RDONLY);
	T("unlink hf while open", unlink(D "/hf"));
	T("linkat AT_EMPTY_PATH of the open file", linkat(fd, "", AT_FDCWD, D "/again", AT_EMPTY_PATH));
	close(fd);
	show_stat("again", D "/again", 1);
	const char *junk[] = { "l", "hs", "slow", "sa", "dang", "nowhere", "loop", "again", NULL };
	for (int i = 0; junk[i]; i++) {
		snprintf(chain, sizeof(chain), D "/%s", junk[i]);
		if (unlink(chain))
			say("cleanup %s: %s", junk[i], strerrorname_np(errno));
	}
}

static void attrs(void)
{
	struct timespec ts[2];
	struct stat st;
	int fd;

	T("chmod 4755", chmod(D "/r2", 04755));
	show_stat("after chmod", D "/r2", 1);
	T("chown 1000:1000 drops setuid", chown(D "/r2", 1000, 1000));
	show_stat("after chown", D "/r2", 1);
	T("chown -1:-1 keeps ids", chown(D "/r2", -1, -1));
	show_stat("after chown -1", D "/r2", 1);
	T("chmod 2775 then chown drops setgid", (chmod(D "/r2", 02775), chown(D "/r2", 7, -1)));
	show_stat("after", D "/r2", 1);
	T("chmod 2765: no group x, chown keeps setgid", (chmod(D "/r2", 02765), chown(D "/r2", 8, -1)));
	show_stat("after", D "/r2", 1);
	T("chmod missing", chmod(D "/nope", 0644));
	fd = open(D "/r2", O_RDONLY);
	T("fchmod", fchmod(fd, 0600));
	T("fchown", fchown(fd, 0, 0));
	close(fd);
	show_stat("after fchmod/fchown", D "/r2", 1);
	T("fchmod bad fd", fchmod(99, 0600));
	T("fchmodat", fchmodat(AT_FDCWD, D "/r2", 0640, 0));
	symlink("r2", D "/ls");
	T("lchown changes the link", lchown(D "/ls", 5, 6));
	show_stat("lstat ls", D "/ls", 0);
	show_stat("stat r2 unchanged by lchown", D "/r2", 1);
	T("fchownat NOFOLLOW", fchownat(AT_FDCWD, D "/ls", 9, 9, AT_SYMLINK_NOFOLLOW));
	T("fchownat bad flags", fchownat(AT_FDCWD, D "/ls", 9, 9, 0x4));
	T("fchownat AT_EMPTY_PATH", ({ int f = open(D "/r2", O_RDONLY);
		int r = fchownat(f, "", 3, 4, AT_EMPTY_PATH); close(f); r; }));
	show_stat("r2 after fchownat", D "/r2", 1);
	T("chown32 syscall", syscall(SYS_chown32, D "/r2", 11, 12));
	T("16-bit chown, 0xffff keeps", syscall(SYS_chown, D "/r2", 13, 0xffff));
	show_stat("after 16-bit chown", D "/r2", 1);
	T("16-bit lchown", syscall(SYS_lchown, D "/ls", 14, 15));
	show_stat("ls after 16-bit lchown", D "/ls", 0);
	unlink(D "/ls");

	ts[0].tv_sec = 1000000000; ts[0].tv_nsec = 0;
	ts[1].tv_sec = 1200000000; ts[1].tv_nsec = 0;
	T("utimensat", utimensat(AT_FDCWD, D "/r2", ts, 0));
	stat(D "/r2", &st);
	say("times: atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 1300000000;
	T("utimensat UTIME_OMIT atime", utimensat(AT_FDCWD, D "/r2", ts, 0));
	stat(D "/r2", &st);
	say("times: atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	ts[1].tv_nsec = UTIME_NOW;
	T("utimensat UTIME_NOW mtime", utimensat(AT_FDCWD, D "/r2", ts, 0));
	stat(D "/r2", &st);
	say("mtime is now-ish: %d, atime kept %ld", st.st_mtime > 1600000000, (long)st.st_atime);
	ts[0].tv_nsec = 1000000000;
	T("utimensat bad nsec", utimensat(AT_FDCWD, D "/r2", ts, 0));
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_OMIT;
	T("utimensat both OMIT skips the path", utimensat(AT_FDCWD, D "/nope", ts, 0));
	T("utimensat bad flags", utimensat(AT_FDCWD, D "/r2", NULL, 0x4));
	T("utimensat missing", utimensat(AT_FDCWD, D "/nope", NULL, 0));
	T("utimensat NULL times = now", utimensat(AT_FDCWD, D "/r2", NULL, 0));
	stat(D "/r2", &st);
	say("both now: %d", st.st_atime > 1600000000 && st.st_mtime > 1600000000);
	T("futimens", ({ int f = open(D "/r2", O_RDONLY); struct timespec t2[2] =
		{ { 5, 0 }, { 6, 0 } }; int r = futimens(f, t2); close(f); r; }));
	stat(D "/r2", &st);
	say("times: atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	T("utime", utime(D "/r2", &(struct utimbuf){ 77, 88 }));
	stat(D "/r2", &st);
	say("times: atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	T("utimes", utimes(D "/r2", (struct timeval[2]){ { 99, 0 }, { 111, 0 } }));
	stat(D "/r2", &st);
	say("times: atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	T("utimes bad usec", utimes(D "/r2", (struct timeval[2]){ { 1, 1000000 }, { 1, 0 } }));
}

static void sizes(void)
{
	struct stat st;
	char buf[16];
	int fd;

	write_file(D "/t", "0123456789");
	T("truncate to 4", truncate(D "/t", 4));
	show_file("after truncate 4", D "/t");
	T("truncate to 100000 (grow)", truncate(D "/t", 100000));
	stat(D "/t", &st);
	say("size %lld", (long long)st.st_size);
	fd = open(D "/t", O_RDONLY);
	pread(fd, buf, 4, 99990);
	close(fd);
	say("grown part reads zeros: %d", !buf[0] && !buf[3]);
	T("truncate negative", truncate(D "/t", -1));
	T("truncate a dir", truncate(D, 0));
	T("truncate missing", truncate(D "/nope", 0));
	fd = open(D "/t", O_RDWR);
	T("ftruncate to 2", ftruncate(fd, 2));
	T("ftruncate64 to 5000", ftruncate64(fd, 5000));
	fstat(fd, &st);
	say("size %lld", (long long)st.st_size);
	pread(fd, buf, 4, 0);
	say("head %.2s then zeros: %d", buf, !buf[2] && !buf[3]);
	T("fsync", fsync(fd));
	T("fdatasync", fdatasync(fd));
	close(fd);
	fd = open(D "/t", O_RDONLY);
	T("ftruncate read-only fd", ftruncate(fd, 0));
	close(fd);
	T("ftruncate bad fd", ftruncate(99, 0));
	T("fsync bad fd", fsync(99));
	T("fsync /dev/null", ({ int f = open("/dev/null", O_WRONLY); int r = fsync(f); close(f); r; }));
	T("truncate64 syscall", syscall(SYS_truncate64, D "/t", 10, 0));
	stat(D "/t", &st);
	say("size %lld", (long long)st.st_size);
	sync();
	say("sync returned");
	T("unlink t", unlink(D "/t"));
}

static void nodes(void)
{
	struct stat st;
	char buf[4];
	int fd;

	T("mknod a null node", mknod(D "/mynull", S_IFCHR | 0644, makedev(1, 3)));
	stat(D "/mynull", &st);
	say("mynull: chr %d rdev %u:%u mode %o", S_ISCHR(st.st_mode), major(st.st_rdev),
	    minor(st.st_rdev), st.st_mode & 07777);
	fd = open(D "/mynull", O_RDWR);
	T("write to it", write(fd, "abc", 3));
	T("read from it", read(fd, buf, sizeof(buf)));
	close(fd);
	T("mknod a fifo", mknod(D "/fifo", S_IFIFO | 0644, 0));
	show_stat("fifo", D "/fifo", 0);
	T("mknod a directory", mknod(D "/dir", S_IFDIR | 0755, 0));
	T("mknod a bad type", mknod(D "/bad", 0170000 | 0644, 0));
	T("mknod a regular file", mknod(D "/reg", S_IFREG | 0600, 0));
	show_stat("reg", D "/reg", 0);
	T("mknod existing", mknod(D "/reg", S_IFREG | 0600, 0));
	unlink(D "/mynull");
	unlink(D "/fifo");
	unlink(D "/reg");
}

static void fs_stats(void)
{
	struct statfs sf;

	T("statfs /dev", statfs("/dev", &sf));
	say("/dev f_type %#lx namelen %ld", (long)sf.f_type, (long)sf.f_namelen);
	T("statfs missing", statfs("/nope/x", &sf));
	T("fstatfs bad fd", fstatfs(99, &sf));
	T("statfs64 wrong size", syscall(SYS_statfs64, "/", 80, &sf));
	T("statfs NULL buffer", syscall(SYS_statfs, "/", NULL));
	T("statfs on a file works", statfs(D "/r2", &sf));
}

int main(void)
{
	dirs();
	renames();
	links();
	attrs();
	sizes();
	nodes();
	fs_stats();
	T("unlink r2", unlink(D "/r2"));
	T("unlink f", unlink(D "/f"));
	T("rmdir a", rmdir(D "/a"));
	T("rmdir " D, rmdir(D));
	return ut_done();
}

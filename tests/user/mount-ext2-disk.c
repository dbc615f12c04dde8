/*
 * rmapos only (tests/mount_disk_check.py boots it as init with an ext2
 * disk as hdb and a blank one as hdc; not in suite.list, since the Linux
 * oracle has no disk): first runs the two file-system programs of the
 * suite so the root image is written to, then mount(2)/umount2(2) of an
 * ext2 ATA disk at /mnt with Linux's errnos (EBUSY, ENOTBLK, EINVAL for no
 * ext2, ENODEV, ENOENT, ENOTDIR), lookups crossing the mount both ways,
 * MS_RDONLY and MS_REMOUNT honoured, files written there for the host to
 * check with debugfs, raw reads of the block node, and finally a raw copy
 * of /dev/ram0 onto /dev/hdc so the host can e2fsck the root image too.
 */
#include "ut.h"
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

static int run(const char *path)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0) {
		(void)!write(fd, text, strlen(text));
		close(fd);
	}
}

static int mnt(const char *src, const char *dst, const char *type, unsigned long fl)
{
	return mount(src, dst, type, fl, NULL) == 0 ? 0 : -errno;
}

static int umnt(const char *dst, int fl)
{
	return umount2(dst, fl) == 0 ? 0 : -errno;
}

int main(void)
{
	struct stat st, root;
	struct statfs sf;
	char buf[64];
	int fd;

	CHECK_EQ(run("/bin/fs-namespace-links-rename"), 0, "fs-namespace-links-rename on ram0");
	CHECK_EQ(run("/bin/dev-null-zero-full-random"), 0, "dev-null-zero-full-random");

	CHECK(stat("/dev/hdb", &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == 3 &&
	      minor(st.st_rdev) == 64, "/dev/hdb is block 3:64");
	fd = open("/dev/hdb", O_RDONLY);
	CHECK(pread(fd, buf, 2, 1024 + 56) == 2 && buf[0] == 0x53 && (unsigned char)buf[1] == 0xef,
	      "raw read of /dev/hdb shows the ext2 magic");
	CHECK_EQ(lseek(fd, 0, SEEK_END), 16 * 1024 * 1024, "lseek SEEK_END of /dev/hdb is its size");
	CHECK_EQ(lseek(fd, 1, SEEK_END), -1, "lseek past the end of a block device");
	close(fd);

	CHECK_EQ(mnt("/dev/hdb", "/nope", "ext2", 0), -ENOENT, "mount on a missing directory");
	CHECK_EQ(mnt("/dev/nope", "/mnt", "ext2", 0), -ENOENT, "mount of a missing device");
	CHECK_EQ(mnt("/dev/null", "/mnt", "ext2", 0), -ENOTBLK, "mount of a character device");
	CHECK_EQ(mnt("/dev/hdc", "/mnt", "ext2", 0), -EINVAL, "mount of a disk without ext2");
	CHECK_EQ(mnt("/dev/hdb", "/mnt", "nosuchfs", 0), -ENODEV, "mount of an unknown type");
	CHECK_EQ(mnt("/dev/hdb", "/etc/hostname", "ext2", 0), -ENOTDIR, "mount on a file");
	CHECK_EQ(mnt("/dev/hdb", "/mnt", "ext2", 0), 0, "mount /dev/hdb on /mnt");
	CHECK_EQ(mnt("/dev/hdb", "/mnt", "ext2", 0), -EBUSY, "mount it again");
	CHECK(stat("/mnt", &st) == 0 && st.st_ino == 2 && st.st_dev == makedev(3, 64),
	      "/mnt is the disk's root (inode 2, st_dev 3:64)");
	CHECK(stat("/mnt/..", &st) == 0 && stat("/", &root) == 0 && st.st_ino == root.st_ino &&
	      st.st_dev == root.st_dev, "/mnt/.. is / again");
	fd = open("/mnt/hello", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 20 && !strcmp(buf, "hello from the host\n"),
	      "the host's file reads back");
	close(fd);
	CHECK(statfs("/mnt", &sf) == 0 && sf.f_type == 0xEF53 && sf.f_bsize == 1024 &&
	      sf.f_namelen == 255 && !(sf.f_flags & ST_RDONLY), "statfs /mnt: ext2, 1 KiB blocks");

	CHECK_EQ(mkdir("/mnt/dir", 0755), 0, "mkdir on the disk");
	CHECK_EQ(mkdir("/mnt/dir/sub", 0700), 0, "mkdir dir/sub");
	put("/mnt/dir/file", "written by rmapos\n");
	CHECK_EQ(symlink("dir/file", "/mnt/link"), 0, "symlink on the disk");
	CHECK_EQ(link("/mnt/dir/file", "/mnt/hard"), 0, "link on the disk");
	CHECK_EQ(rename("/mnt/dir/sub", "/mnt/moved"), 0, "rename a directory on the disk");
	CHECK_EQ(unlink("/mnt/gone"), 0, "unlink the host's /gone");
	CHECK_EQ(rename("/mnt/hello", "/tmp/hello"), -1, "rename across filesystems fails");
	CHECK_EQ(errno, EXDEV, "... with EXDEV");
	CHECK_EQ(link("/mnt/hard", "/tmp/hard"), -1, "link across filesystems fails");
	CHECK_EQ(errno, EXDEV, "... with EXDEV");
	CHECK_EQ(rmdir("/mnt"), -1, "rmdir of the mount point fails");
	CHECK_EQ(errno, EBUSY, "... with EBUSY");

	CHECK_EQ(chdir("/mnt/dir"), 0, "chdir into the mount");
	CHECK_EQ(umnt("/mnt", 0), -EBUSY, "umount while it is the cwd");
	CHECK(stat("../..", &st) == 0 && st.st_ino == root.st_ino, "../.. from /mnt/dir is /");
	CHECK_EQ(chdir("/"), 0, "chdir /");
	fd = open("/mnt/hard", O_RDONLY);
	CHECK_EQ(umnt("/mnt", 0), -EBUSY, "umount with a file open");
	close(fd);
	CHECK_EQ(umnt("/mnt", 0x10), -EINVAL, "umount2 with a bad flag");
	CHECK_EQ(umnt("/", 0), -EBUSY, "umount of /");
	CHECK_EQ(umnt("/etc", 0), -EINVAL, "umount of a plain directory");
	CHECK_EQ(umnt("/nope", 0), -ENOENT, "umount of a missing path");
	CHECK_EQ(umnt("/mnt", 0), 0, "umount /mnt");
	CHECK(stat("/mnt/hard", &st) == -1 && errno == ENOENT, "its files are gone from /mnt");
	CHECK_EQ(umnt("/mnt", 0), -EINVAL, "umount again");

	CHECK_EQ(mnt("/dev/hdb", "/mnt", "ext2", MS_RDONLY), 0, "mount read-only");
	CHECK(open("/mnt/new", O_CREAT | O_WRONLY, 0644) == -1 && errno == EROFS,
	      "create on a read-only mount: EROFS");
	CHECK(mkdir("/mnt/new", 0755) == -1 && errno == EROFS, "mkdir: EROFS");
	CHECK(unlink("/mnt/hard") == -1 && errno == EROFS, "unlink: EROFS");
	CHECK(chmod("/mnt/hard", 0600) == -1 && errno == EROFS, "chmod: EROFS");
	CHECK(open("/mnt/hard", O_RDWR) == -1 && errno == EROFS, "open for writing: EROFS");
	CHECK(statfs("/mnt", &sf) == 0 && (sf.f_flags & ST_RDONLY), "statfs says ST_RDONLY");
	CHECK_EQ(mnt(NULL, "/mnt", NULL, MS_REMOUNT), 0, "remount read-write");
	put("/mnt/after_remount", "rw again\n");
	CHECK(access("/mnt/after_remount", F_OK) == 0, "writes work after the remount");
	CHECK_EQ(mnt(NULL, "/mnt", NULL, MS_REMOUNT | MS_RDONLY), 0, "remount read-only");
	CHECK(open("/mnt/x", O_CREAT | O_WRONLY, 0644) == -1 && errno == EROFS,
	      "read-only again: EROFS");
	CHECK_EQ(mnt(NULL, "/mnt", NULL, MS_REMOUNT), 0, "remount read-write");
	sync();
	CHECK(statfs("/mnt", &sf) == 0, "statfs after sync");
	say("statfs: bsize %ld blocks %ld bfree %ld bavail %ld files %ld ffree %ld",
	    (long)sf.f_bsize, (long)sf.f_blocks, (long)sf.f_bfree, (long)sf.f_bavail,
	    (long)sf.f_files, (long)sf.f_ffree);
	CHECK_EQ(umnt("/mnt", 0), 0, "umount /mnt");

	/* The root image after the suite's file-system tests: copy it raw to hdc. */
	sync();
	{
		static char blk[65536];
		int in = open("/dev/ram0", O_RDONLY), out = open("/dev/hdc", O_WRONLY);
		long long total = 0;
		ssize_t n;

		while (in >= 0 && out >= 0 && (n = read(in, blk, sizeof(blk))) > 0) {
			if (write(out, blk, n) != n)
				break;
			total += n;
		}
		CHECK(in >= 0 && out >= 0 && total == lseek(in, 0, SEEK_END),
		      "ram0 copied to hdc");
		say("ram0 bytes %lld", total);
		CHECK_EQ(fsync(out), 0, "fsync of /dev/hdc");
		close(in);
		close(out);
	}
	say("mount-ext2-disk: %d failures", ut_failures);
	return ut_done();
}

/*
 * The virtual file system's public interface: inodes, superblocks, open
 * files, path lookup, mounting, the per-process fd table and the kernel
 * file API that kernel threads (and the system calls, later) use.
 * docs/vfs-ext2.md explains the design.
 *
 * Owners:
 *   struct inode, the inode cache (iget/iput)        fs/inode.c
 *   struct super_block, mounting                     fs/super.c
 *   path lookup                                       fs/namei.c
 *   struct file and the vfs_* file API                fs/open.c
 *   struct files (fd tables)                          fs/fdtable.c
 *
 * Lock order (outermost first):
 *   inode->i_mutex  ->  page lock  ->  sb->s_lock (the filesystem's
 *   metadata lock)  ->  buffer cache lock  ->  spinlocks (inode hash,
 *   page cache hash)
 * Every vfs_* call may sleep. Errors are negative Linux errno values.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include "kernel/types.h"
#include "kernel/list.h"
#include "kernel/mutex.h"
#include "mm/pagemap.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

struct block_device;
struct super_block;
struct inode;
struct file;
struct vm_area_struct;

/*
 * Device numbers. Inside the kernel a dev_t is major << 20 | minor (12 and
 * 20 bits, as Linux's kdev_t); user space sees Linux's "new" encoding
 * (stat's st_rdev, mknod's argument): minor's low byte, then major, then
 * minor's upper bits, so small numbers read major << 8 | minor.
 */
typedef u32 dev_t;
#define MINORBITS 20
#define MINORMASK ((1u << MINORBITS) - 1)
#define MKDEV(ma, mi) (((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(d) ((unsigned int)((d) >> MINORBITS))
#define MINOR(d) ((unsigned int)((d) & MINORMASK))
static inline u32 new_encode_dev(dev_t d)
{
	return (MINOR(d) & 0xff) | (MAJOR(d) << 8) | ((MINOR(d) & ~0xffu) << 12);
}
static inline dev_t new_decode_dev(u32 v)
{
	return MKDEV((v & 0xfff00) >> 8, (v & 0xff) | ((v >> 12) & 0xfff00));
}
struct poll_table;

/* File types and permission bits (the st_mode / i_mode encoding). */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

/* open() flags (Linux i386 values). */
#define O_ACCMODE 3
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000
#define O_NOCTTY 0400
#define O_NONBLOCK 04000
#define O_NDELAY O_NONBLOCK
#define O_DSYNC 010000
#define O_DIRECT 040000
#define O_LARGEFILE 0100000
#define O_NOFOLLOW 0400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define O_PATH 010000000
#define O_TMPFILE 020200000
/* Every open() flag a user may pass (others are ignored, as Linux does). */
#define O_USER_FLAGS 037777777
/* Kernel-only: this open file never reads ahead (tests, benchmarks). */
#define O_NOREADAHEAD 010000000000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/*
 * Linux's limits: a path component has at most NAME_MAX bytes, a whole
 * path (with its NUL) fits in PATH_MAX, so the longest has 4,095 bytes.
 * Beyond either, lookup gives -ENAMETOOLONG. Kernel stacks are small
 * (KSTACK_SIZE): a PATH_MAX buffer is kmalloc'd, never a local.
 */
#define NAME_MAX 255
#define PATH_MAX 4096

/* Directory entry types handed to readdir callbacks (DT_* values). */
#define DT_UNKNOWN 0
#define DT_REG 8
#define DT_DIR 4
#define DT_LNK 10
#define DT_FIFO 1
#define DT_CHR 2
#define DT_BLK 6
#define DT_SOCK 12

struct kstat {
	u32 dev, rdev;   /* Linux's user encoding (new_encode_dev) */
	u32 ino;
	u16 mode;
	u16 nlink;
	u32 uid, gid;
	loff_t size;
	u32 blocks;      /* 512-byte units */
	u32 blksize;
	u32 atime, mtime, ctime;
};

struct kstatfs {
	u32 type;        /* f_type: EXT2_SUPER_MAGIC, TMPFS_MAGIC ... */
	u32 block_size;
	u32 blocks, free_blocks, avail_blocks;  /* avail: what a non-root user may take */
	u32 inodes, free_inodes;
	u32 name_max;
	u32 flags;       /* ST_* (ST_RDONLY 1 ...) */
	u32 fsid[2];
};
#define ST_RDONLY 1

/* readdir callback: return non-zero to stop (the entry is then re-read next time). */
typedef int (*filldir_t)(void *ctx, const char *name, int namelen, u32 ino, unsigned int type);

struct super_operations {
	/* Allocate and free the filesystem's inode (which embeds struct inode). */
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	/* Fill a new inode (i_ino set) from disk: 0, -EIO, -EUCLEAN. */
	int (*read_inode)(struct inode *inode);
	/* Write the inode's fields back to the filesystem's metadata. */
	int (*write_inode)(struct inode *inode);
	/* Last reference to an inode with no links: free its blocks and itself. */
	void (*delete_inode)(struct inode *inode);
	/* Write the superblock's own metadata (counts) and everything dirty. */
	int (*sync_fs)(struct super_block *sb);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	void (*put_super)(struct super_block *sb);
};

struct inode_operations {
	/* The inode number of `name` in directory dir, or -ENOENT / -EUCLEAN. */
	long (*lookup)(struct inode *dir, const char *name, int len);
	/* Create a regular file; *res gets the new inode (referenced). */
	int (*create)(struct inode *dir, const char *name, int len, u16 mode, struct inode **res);
	/* Remove a directory entry of a non-directory and drop its link. */
	int (*unlink)(struct inode *dir, const char *name, int len);
	/* Truncate to i_size (already set by the caller, which holds i_mutex). */
	int (*truncate)(struct inode *inode);
	/* A symlink's text into buf (at most size bytes, no NUL): its length, or -errno. */
	int (*readlink)(struct inode *inode, char *buf, int size);
	/*
	 * Namespace changes (fs/namei_ops.c has checked names, types, the
	 * filesystem being writable and holds the directories' i_mutex):
	 * mkdir a directory, rmdir an empty one, symlink with text target,
	 * link old (not a directory) under name, mknod a device/fifo/socket
	 * node, rename an entry (the target, if any, of a compatible type).
	 */
	int (*mkdir)(struct inode *dir, const char *name, int len, u16 mode);
	int (*rmdir)(struct inode *dir, const char *name, int len);
	int (*symlink)(struct inode *dir, const char *name, int len, const char *target);
	int (*link)(struct inode *old, struct inode *dir, const char *name, int len);
	int (*mknod)(struct inode *dir, const char *name, int len, u16 mode, dev_t rdev);
	int (*rename)(struct inode *odir, const char *oname, int olen,
		      struct inode *ndir, const char *nname, int nlen);
};

struct file_operations {
	ssize_t (*read)(struct file *f, void *buf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const void *buf, size_t n, loff_t *pos);
	/* Emit entries from f->f_pos on; f_pos then names the next entry. */
	int (*readdir)(struct file *f, void *ctx, filldir_t fill);
	int (*fsync)(struct file *f);
	/*
	 * Files without an inode (pipes, the console: f_inode NULL) implement
	 * these; they copy to/from user memory themselves (-EFAULT when nothing
	 * could be copied). read_user with `more` set is a later segment of a
	 * readv that already got data: it must not wait. release runs at the
	 * last close; getattr fills fstat's answer.
	 */
	ssize_t (*read_user)(struct file *f, void __user *buf, size_t n, bool more);
	ssize_t (*write_user)(struct file *f, const void __user *buf, size_t n);
	/*
	 * A file with an inode may copy user memory itself at a position
	 * (pread and pwrite work): read_user_at / write_user_at, used before
	 * read / write and without their bounce page (/proc/<pid>/fail-nth,
	 * whose reads and writes must not allocate).
	 */
	ssize_t (*read_user_at)(struct file *f, void __user *buf, size_t n, loff_t *pos);
	ssize_t (*write_user_at)(struct file *f, const void __user *buf, size_t n, loff_t *pos);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	void (*release)(struct file *f);
	void (*getattr)(struct file *f, struct kstat *st);
	/*
	 * open: called by vfs_open_inode once f is set up (f_inode, f_flags,
	 * f_op); it may replace f->f_op (char_dev.c dispatches on i_rdev) and
	 * set private_data. A non-zero return fails the open (the file is
	 * freed without release). llseek, when set, replaces the generic
	 * lseek (devices: /dev/null answers 0). mmap_anonymous: a mapping of
	 * this file is an anonymous one (/dev/zero).
	 */
	int (*open)(struct inode *inode, struct file *f);
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	bool mmap_anonymous;
	/*
	 * poll/select (fs/poll.c): register on the file's wait queues with
	 * poll_wait, then say which POLL* events hold now. NULL: always
	 * readable and writable (regular files, directories).
	 */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
};

/* ---------------------------------------------------------- fs/poll.c -- */
#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLL_TABLE_SLOTS 64

struct wait_queue_head;
/* The wait queues one poll call sleeps on (one entry per queue a file named). */
struct poll_table {
	unsigned int used;
	bool full;                    /* more queues than slots: poll re-checks every tick */
	bool registering;             /* false on re-checks after the first pass */
	struct poll_entry {
		struct wait_queue_head *wq;
		struct wait_queue_entry wait;
	} entries[POLL_TABLE_SLOTS];
};
/* A file's poll method: sleep on wq too (no-op when pt is NULL). */
void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt);

struct super_block {
	struct block_device *s_bdev;
	dev_t s_dev;                    /* st_dev of a filesystem without a block device */
	unsigned long s_blocksize;
	unsigned int s_blocksize_bits;
	const struct super_operations *s_op;
	const char *s_type;             /* "ext2", "devtmpfs" */
	char s_devname[32];             /* mount's source: "/dev/hdb", "ram0", "devtmpfs" */
	unsigned long s_flags;          /* MS_* flags it was mounted with (MS_RDONLY ...) */
	struct mutex s_rename_lock;     /* one rename at a time (the ancestor check needs it) */
	struct inode *s_root;           /* referenced while mounted */
	struct inode *s_covered;        /* the directory it is mounted on (NULL for /) */
	void *s_fs_info;                /* the filesystem's private superblock */
	struct mutex s_lock;            /* the filesystem's metadata (bitmaps, dirs, maps) */
	bool s_rdonly;
	struct list_head s_list;        /* all mounted superblocks */
};

struct inode {
	u32 i_ino;
	u16 i_mode;
	u16 i_nlink;
	u32 i_uid, i_gid;
	loff_t i_size;
	u32 i_blocks;                   /* 512-byte units */
	u32 i_atime, i_mtime, i_ctime;
	dev_t i_rdev;                   /* a device node's device */
	struct pipe *i_pipe;            /* a fifo's pipe while it is open (fs/pipe.c, under i_mutex) */
	struct super_block *i_sb;
	int i_count;                    /* references (inode_lock) */
	bool i_dirty;                   /* fields changed since write_inode */
	bool i_bad;                     /* read_inode failed: unusable */
	bool i_new;                     /* read_inode still running: wait for it (inode_wait) */
	struct super_block *i_mounted;  /* a filesystem mounted on this directory */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct address_space i_data;    /* the page cache of this file */
	struct address_space *i_mapping;/* = &i_data */
	struct mutex i_mutex;           /* serialises writes, truncation, dir changes */
	struct list_head i_hash;        /* inode cache hash chain */
};

struct file {
	struct inode *f_inode;          /* referenced; NULL for pipes and the console */
	loff_t f_pos;
	unsigned int f_flags;           /* O_* */
	int f_count;                    /* fd table slots that share it */
	const struct file_operations *f_op;
	struct file_ra_state f_ra;
	struct mutex f_pos_lock;        /* serialises users of f_pos */
	void *private_data;             /* the pipe or device behind an inode-less file */
	char *f_path;                   /* the absolute name open(2) used (fs/file_path.c), or NULL */
};
/* A file without an inode and its own f_op (pipe, console); f_count 1. ERR_PTR(-ENOMEM). */
struct file *alloc_special_file(const struct file_operations *fop, unsigned int flags,
				void *private_data);

/* ------------------------------------------------------ fs/file_path.c -- */
/* base + name as an absolute path with ".", ".." and "//" folded: 0 or -ENAMETOOLONG. */
int path_make_absolute(char *out, size_t size, const char *base, const char *name);
/* Remember the name openat(dfd, name) opened f by (nothing when out of memory). */
void file_set_path(struct file *f, int dfd, const char *name);
/* /proc/<pid>/fd/N's link text for f (not NUL-terminated): its length, at most size; -ENOMEM. */
int file_link_text(struct file *f, char *buf, int size);

/* ---------------------------------------------------------- fs/inode.c -- */
void inode_cache_init(void);
/*
 * iget: the inode `ino` of sb with a new reference, read from disk on first
 * use. ERR_PTR(-ENOMEM/-EIO/-EUCLEAN) on failure. Sleeps.
 */
struct inode *iget(struct super_block *sb, u32 ino);
/* Another reference to an inode the caller already holds. */
struct inode *igrab(struct inode *inode);
/*
 * prune_icache: forget every cached inode that nobody holds and that has
 * nothing unwritten (no dirty fields, no dirty pages), with its clean
 * pages. Returns how many. Sleeps.
 */
unsigned long prune_icache(void);
/*
 * drop_caches (fs/drop_caches.c): write everything back, then release
 * what the caches hold and nobody uses: clean page-cache pages, unused
 * metadata buffers, unused inodes, empty slabs. What stays allocated
 * afterwards is memory somebody really holds. Sleeps.
 */
void drop_caches(void);
/*
 * iput: drop a reference. At the last one, an unlinked inode is deleted
 * (pages dropped, blocks and inode freed); a linked one stays cached.
 */
void iput(struct inode *inode);
/* A fresh in-memory inode for a filesystem's create path (count 1, hashed). */
struct inode *new_inode(struct super_block *sb, u32 ino);
/* The wall clock in seconds since the epoch, for inode times. */
u32 vfs_now(void);
/* Record that the inode's fields changed (written by sync / write_inode_now). */
void mark_inode_dirty(struct inode *inode);
/* RLIMIT_FSIZE at a write or truncate reaching pos: 0, or SIGXFSZ sent and -EFBIG (fs/read_write.c). */
int fsize_limit_check(loff_t pos);
/* A read of f happened: move its access time as relatime does (fs/attr.c). */
struct file;
void file_accessed(struct file *f);
int write_inode_now(struct inode *inode);
/* Write every dirty page and inode of sb, then its metadata. 0 or -EIO. */
int sync_inodes_sb(struct super_block *sb);
/* Inodes currently in the cache (for tests). */
unsigned long inode_cache_count(void);

/* ---------------------------------------------------------- fs/super.c -- */
/*
 * vfs_mount_root: mount ram0 as ext2 at /. Called once by kernel_main
 * after the block drivers registered (their initcalls); prints why and returns the error when it fails (the
 * kernel keeps running without a root). Initialises the VFS caches.
 */
int vfs_mount_root(void);
/*
 * vfs_mount_bdev: read an ext2 filesystem from bdev and return its
 * superblock (not attached anywhere). ERR_PTR(-EUCLEAN) for a corrupt
 * image, with a message saying what is wrong.
 */
struct super_block *vfs_mount_bdev(struct block_device *bdev, const char *fstype);
/* Mount the filesystem on bdev at directory `path`. */
int vfs_mount(const char *devname, const char *path, const char *fstype);
/* Sync and detach; -EBUSY if any inode of it is still referenced. */
int vfs_umount(const char *path);
/* Unmount a superblock that vfs_mount_bdev returned and nothing holds. */
int vfs_put_super(struct super_block *sb);
/* Write back everything dirty in every mounted filesystem. */
int vfs_sync(void);
int vfs_statfs(const char *path, struct kstatfs *st);
/* The root directory (referenced) or NULL before mount. */
struct inode *vfs_root(void);
void vfs_init(void);

/* mount(2) flags (Linux values) that the VFS knows. */
#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_SYNCHRONOUS 16
#define MS_REMOUNT 32
#define MS_MANDLOCK 64
#define MS_DIRSYNC 128
#define MS_NOATIME 1024
#define MS_NODIRATIME 2048
#define MS_BIND 4096
#define MS_MOVE 8192
#define MS_REC 16384
#define MS_SILENT 32768
#define MS_RELATIME (1 << 21)
#define MS_STRICTATIME (1 << 24)
#define MS_LAZYTIME (1 << 25)
#define MS_MGC_VAL 0xC0ED0000u
#define MS_MGC_MSK 0xffff0000u

/*
 * A filesystem type mount(2) can name. mount reads one: from bdev when
 * requires_dev (ERR_PTR(-EINVAL) when the device holds no such
 * filesystem), else from nothing (bdev NULL). The superblock comes back
 * with s_root referenced, not attached anywhere. Types register once at
 * boot (register_filesystem) and are never removed.
 */
struct file_system_type {
	const char *name;
	bool requires_dev;
	struct super_block *(*mount)(struct block_device *bdev, unsigned long flags,
				     const char *devname);
	struct list_head list;
};
int register_filesystem(struct file_system_type *type);
struct file_system_type *get_fs_type(const char *name);
/* For /proc/filesystems: fn for each registered type, in registration order, until non-zero. */
int vfs_for_each_fs_type(int (*fn)(void *ctx, const struct file_system_type *t), void *ctx);
/*
 * Attach sb (from a type's mount, nobody else holds it) on directory dir
 * (referenced; the mount keeps the reference on success): 0, -EBUSY (dir
 * already has a mount) or -ENOTDIR. Takes mount_lock.
 */
int vfs_attach(struct super_block *sb, struct inode *dir);
/*
 * The mount(2) body for kernel strings: source (a block device path for
 * requires_dev types), on directory dir (referenced by the caller), type,
 * MS_* flags. MS_REMOUNT changes MS_RDONLY of the filesystem whose root
 * dir is. 0 or Linux's errno.
 */
int do_mount(const char *source, struct inode *dir, const char *type, unsigned long flags);
/* Detach the filesystem whose root is root (referenced by the caller): 0, -EINVAL, -EBUSY. */
int do_umount(struct inode *root);
/*
 * For /proc/mounts: fn(ctx, sb, mountpoint) for each mounted filesystem
 * in mount order (the root first); mountpoint is the absolute path of the
 * directory it covers ("/" for the root). sb->s_devname, s_type and
 * s_rdonly / s_flags give the other columns. fn returns non-zero to stop.
 * Holds mount_lock throughout (fn must not mount or unmount). Sleeps.
 */
int vfs_for_each_mount(int (*fn)(void *ctx, struct super_block *sb, const char *mountpoint),
		       void *ctx);

/* ------------------------------------------------------- fs/char_dev.c -- */
/*
 * register_chrdev: opening a character node whose i_rdev has this major
 * and a minor in [minor_base, minor_base + count) uses fops (its open
 * hook, if any, runs then). 0, -EINVAL (count 0, range overflow), -EBUSY
 * (overlaps a registered range), -ENOMEM. Boot or task context.
 */
int register_chrdev(unsigned int major, unsigned int minor_base, unsigned int count,
		    const char *name, const struct file_operations *fops);
/* The file operations of every S_IFCHR inode: an open hook that dispatches (-ENXIO). */
extern const struct file_operations def_chr_fops;

/* ------------------------------------------------------ fs/block_dev.c -- */
/* A registered block device's Linux number: ram0 1:0, hda 3:0, hdb 3:64, hdc 22:0, hdd 22:64. */
dev_t bdev_devt(struct block_device *bdev);
/* The block device with that number, or NULL. */
struct block_device *bdev_by_devt(dev_t devt);
/*
 * The block device a kernel path names (symlinks followed, relative to the
 * caller's cwd): ERR_PTR(-ENOENT ...) from the lookup, -ENOTBLK when it is
 * not a block node, -ENXIO when no such device is present.
 */
struct block_device *lookup_bdev(const char *kpath);
/* Tells mm/swapfile.c that the real lookup_bdev exists (it drops its stand-in). */
#define HAVE_LOOKUP_BDEV 1
/* The file operations of every S_IFBLK inode: raw reads/writes of the device. */
extern const struct file_operations def_blk_fops;

/* --------------------------------------------------------- fs/devfs.c -- */
/* Mount the kernel's /dev (devtmpfs) on /dev at boot: 0 or -errno (printed). */
int devfs_mount_boot(void);

/* ------------------------------------------------------ fs/proc/root.c -- */
/* Mount the kernel's /proc (procfs) on /proc at boot: 0 or -errno (printed). */
int procfs_mount_boot(void);

/* ---------------------------------------------------------- fs/namei.c -- */
/*
 * path_lookup: the inode (referenced) that an absolute path names, walking
 * from / through ., .. and mount points. ERR_PTR(-ENOENT/-ENOTDIR/
 * -ENAMETOOLONG/-EIO/-EUCLEAN).
 */
struct inode *path_lookup(const char *path);
/*
 * path_parent: the directory (referenced) holding the last component of
 * path, and that component in *name / *len (pointing into path).
 */
struct inode *path_parent(const char *path, const char **name, int *len);
/*
 * The same, walking from directory `start` (referenced by the caller) as
 * if it were the root: for filesystems not attached to the tree (tests,
 * later openat). start NULL means the root.
 */
struct inode *path_lookup_at(struct inode *start, const char *path);
struct inode *path_parent_at(struct inode *start, const char *path, const char **name, int *len);

/* The *at system calls' dfd and flags (Linux values). */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000
#define AT_STATX_SYNC_TYPE 0x6000

/* lookup_at flags. */
#define LOOKUP_FOLLOW 1      /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 2   /* the result must be a directory */

/* getname (kernel/uaccess.h) that accepts "" when empty_ok (AT_EMPTY_PATH). */
char *getname_flags(const char __user *path, bool empty_ok);
/*
 * Where the current task's lookup of name starts: NULL for an absolute
 * name (the root), else its cwd (dfd AT_FDCWD) or the directory dfd names,
 * referenced. ERR_PTR(-EBADF / -ENOTDIR).
 */
struct inode *lookup_start(int dfd, const char *name);
/*
 * The inode (referenced) a name from a system call leads to, for the
 * current task: relative to dfd, symlinks followed (the last one with
 * LOOKUP_FOLLOW), trailing slash = directory. "" gives -ENOENT.
 */
struct inode *lookup_at(int dfd, const char *name, unsigned int flags);
/* The directory (referenced) holding name's last component, as *last / *len (len 0 for "/"). */
struct inode *lookup_parent_at(int dfd, const char *name, const char **last, int *len);
/*
 * lookup_parent_at for open(O_CREAT): with follow, a last component that
 * is a symlink is replaced by what its text names (a dangling link is
 * created through), up to MAXSYMLINKS. *textp gets a buffer holding
 * *last (kfree it; NULL when no link was followed).
 */
struct inode *lookup_create_parent(int dfd, const char *name, bool follow, char **textp,
				   const char **last, int *len);
/* rmdir of a kernel name relative to dfd (fs/namei_ops.c): 0 or Linux's errno. */
int vfs_rmdir_at(int dfd, const char *name);
/* readlink on an inode: bytes copied (no NUL) or -EINVAL for a non-symlink. */
int vfs_readlink_inode(struct inode *inode, char *buf, int size);
/*
 * The absolute path of directory dir, found by climbing ".." and looking
 * each directory up by inode number in its parent (so symlinks on the
 * way there do not matter), into buf: its length, or -ENAMETOOLONG /
 * -ERANGE (size < 2) / -ENOENT (unreachable) / -EIO.
 */
int inode_path(struct inode *dir, char *buf, int size);
/*
 * The absolute path of the file path names (relative to the cwd), every
 * symlink followed, "." and ".." gone: its directory's inode_path and its
 * last name once no link is left (/proc/<pid>/exe). The length or -errno.
 */
int resolved_path(const char *path, char *buf, int size);
/*
 * The same for a name whose file was unlinked: the links on the way are
 * followed while they exist, and a last name that no longer does is
 * taken as the file's (so a file opened through a symlink shows its own
 * name). A link that was removed too cannot be followed: its own name.
 */
int resolved_path_of_unlinked(const char *path, char *buf, int size);

/* ----------------------------------------------------------- fs/open.c -- */
/*
 * The kernel file API. vfs_open returns a struct file (referenced once) or
 * ERR_PTR; O_CREAT creates a regular file, O_TRUNC truncates, O_APPEND
 * writes at the end. vfs_read/vfs_write return bytes or -errno and move
 * f_pos. All may sleep.
 */
struct file *vfs_open(const char *path, unsigned int flags, u16 mode);
/* vfs_open walking from directory `start` (NULL: the root); see path_lookup_at. */
struct file *vfs_open_at(struct inode *start, const char *path, unsigned int flags, u16 mode);
int vfs_unlink_at(struct inode *start, const char *path);
/* Open an inode the caller looked up (its reference is consumed): checks as vfs_open. */
struct file *vfs_open_inode(struct inode *inode, unsigned int flags);
/* Create / unlink name in directory dir (referenced by the caller). 0 or -errno. */
int vfs_create_in(struct inode *dir, const char *name, int len, u16 mode, struct inode **res);
int vfs_unlink_in(struct inode *dir, const char *name, int len);
int vfs_close(struct file *f);
ssize_t vfs_read(struct file *f, void *buf, size_t n);
ssize_t vfs_write(struct file *f, const void *buf, size_t n);
ssize_t vfs_pread(struct file *f, void *buf, size_t n, loff_t pos);
ssize_t vfs_pwrite(struct file *f, const void *buf, size_t n, loff_t pos);
loff_t vfs_lseek(struct file *f, loff_t off, int whence);
int vfs_fsync(struct file *f);
int vfs_create(const char *path, u16 mode);
int vfs_unlink(const char *path);
int vfs_stat(const char *path, struct kstat *st);
int vfs_fstat(struct file *f, struct kstat *st);
/* stat's answer for an inode (st_dev from its filesystem's device). */
void generic_fillattr(struct inode *inode, struct kstat *st);
int vfs_truncate(struct file *f, loff_t size);
/* Calls fill for directory entries from f_pos on; 0 at the end or when fill stops. */
int vfs_readdir(struct file *f, void *ctx, filldir_t fill);
struct file *get_file(struct file *f);

/* -------------------------------------------------------- fs/fdtable.c -- */
/* Slots held in struct files itself; the table grows (doubling) up to the limit. */
#define NR_OPEN_DEFAULT 32
/* The fd limit when the task has none (RLIMIT_NOFILE's soft default on Linux) and its cap. */
#define NR_OPEN_LIMIT 1024
#define NR_OPEN_MAX 32768

/*
 * A process's open files: fd -> struct file, plus the close-on-exec bit
 * of each fd. Shared by threads (count), copied by fork.
 */
struct files {
	int count;                       /* tasks sharing the table */
	struct mutex lock;
	unsigned int max_fds;            /* slots in fd[] */
	struct file **fd;                /* fd_array, or a kmalloc'd larger array */
	u32 *close_on_exec;              /* max_fds bits */
	struct file *fd_array[NR_OPEN_DEFAULT];
	u32 cloexec_array[NR_OPEN_DEFAULT / 32];
};

struct files *files_alloc(void);
/* fork: a new table whose slots reference the same struct files (close-on-exec bits kept). */
struct files *files_dup(struct files *old);
/* Interrupts off (a walk of the tasks): another use of fs, or NULL if its last one is gone. */
struct files *files_get_irqoff(struct files *fs);
/* Drop a task's use of the table; the last one closes every file. */
void files_put(struct files *fs);
/* exec: close every fd marked close-on-exec. */
void files_close_on_exec(struct files *fs);
/* The number of fds the current task may use (RLIMIT_NOFILE). */
unsigned int files_limit(void);
/* Install f at the lowest free fd (takes over the caller's reference): fd or -EMFILE. */
int fd_install(struct files *fs, struct file *f);
/* The same with the close-on-exec bit and a lowest fd (F_DUPFD): fd, -EMFILE or -EINVAL. */
int fd_install_from(struct files *fs, struct file *f, unsigned int minfd, bool cloexec);
/*
 * dup2/dup3: put f (the caller's reference is taken over) at fd, closing
 * what was there. fd or -EBADF (fd over the limit) / -ENOMEM.
 */
int fd_install_at(struct files *fs, unsigned int fd, struct file *f, bool cloexec);
/* The file at fd with a new reference, or NULL. */
struct file *fd_get(struct files *fs, int fd);
/* Close fd: 0 or -EBADF. */
int fd_close(struct files *fs, int fd);
/* The close-on-exec bit of fd: 0/1, or -EBADF; set it: 0 or -EBADF. */
int fd_get_cloexec(struct files *fs, int fd);
int fd_set_cloexec(struct files *fs, int fd, bool on);

#endif

/*
 * procfs: the kernel's /proc, an in-memory filesystem whose files are
 * text made by the kernel when they are opened, in Linux's formats. The
 * root lists the system-wide files (meminfo, vmstat ...: proc_root_files
 * below), the "self" symlink and a directory per thread group (the
 * per-process files of fs/proc/base.c). Mounted on /proc at boot
 * (procfs_mount_boot); mount(2) of type "proc" makes another instance.
 *
 * Each open file owns a struct proc_buf (private_data): the whole text,
 * generated once at open, read and lseek'd like a regular file's data
 * and freed at the last close. So a read never sees half an update, and
 * a reader that wants fresh figures opens again (as on Linux, where most
 * of these files are generated per read, the figures move between
 * opens). Nothing can be created, removed or written (-EACCES/-EPERM).
 *
 * Inode numbers: 1 the root, 2 + i root file i, PROC_SELF_INO the self
 * link, (pid + 1) << 8 | f for file f (enum proc_pid_file, 0 = the
 * directory) of process pid, and for fd/N and fdinfo/N the numbers of
 * fs/proc/internal.h (proc_fd_ino). Inodes carry no state beyond their number,
 * so a cached inode of a process that has gone just fails at open
 * (-ESRCH) and lookups of its name give -ENOENT.
 */
#include "fs/vfs.h"
#include "fs/internal.h"
#include "fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define PROC_ROOT_INO 1
#define PROC_SELF_INO 100
#define PROC_PID_SHIFT 8
#define PROC_PID_POS 1000 /* root readdir positions from here are pids (+ tgid) */

/* Text files made at open (show), or files with reads of their own (fops, root only). */
static const struct {
	const char *name;
	proc_show_t show;
	const struct file_operations *fops;
} proc_root_files[] = {
	{ "meminfo", proc_meminfo_show },     { "vmstat", proc_vmstat_show },
	{ "buddyinfo", proc_buddyinfo_show }, { "swaps", proc_swaps_show },
	{ "uptime", proc_uptime_show },       { "loadavg", proc_loadavg_show },
	{ "stat", proc_stat_show },           { "version", proc_version_show },
	{ "cmdline", proc_cmdline_show },     { "mounts", proc_mounts_show },
	{ "filesystems", proc_filesystems_show }, { "cpuinfo", proc_cpuinfo_show },
	{ "kpagecount", NULL, &proc_kpagecount_fops },
	{ "kmsg", NULL, &proc_kmsg_fops }, /* reads consume the kernel log (kernel/syslog.c) */
};
#define NR_ROOT_FILES ((unsigned int)ARRAY_SIZE(proc_root_files))

const char *const proc_pid_names[PID_NR_FILES] = {
	[PID_DIR] = ".", [PID_STAT] = "stat", [PID_STATM] = "statm", [PID_STATUS] = "status",
	[PID_CMDLINE] = "cmdline", [PID_MAPS] = "maps", [PID_EXE] = "exe", [PID_CWD] = "cwd",
	[PID_COMM] = "comm", [PID_ENVIRON] = "environ", [PID_PAGEMAP] = "pagemap",
	[PID_FAIL_NTH] = "fail-nth",
	[PID_FD] = "fd", [PID_FDINFO] = "fdinfo", [PID_SMAPS] = "smaps",
};

static u32 pid_ino(int pid, unsigned int which)
{
	return ((u32)(pid + 1) << PROC_PID_SHIFT) | which;
}
static int ino_pid(u32 ino)
{
	return (int)(ino >> PROC_PID_SHIFT) - 1;
}
static unsigned int ino_which(u32 ino)
{
	return ino & ((1u << PROC_PID_SHIFT) - 1);
}
static bool ino_is_pid(u32 ino)
{
	return ino >= (1u << PROC_PID_SHIFT) && !proc_ino_is_fd(ino);
}
int proc_inode_pid(const struct inode *inode)
{
	return ino_pid(inode->i_ino);
}

/* ------------------------------------------------------------ proc_buf -- */

static bool proc_buf_grow(struct proc_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : PAGE_SIZE;
	char *n;

	while (cap < need)
		cap *= 2;
	if (cap == b->cap)
		return true;
	n = kmalloc(cap, GFP_KERNEL);
	if (!n) {
		b->overflow = true;
		return false;
	}
	if (b->len)
		memcpy(n, b->buf, b->len);
	kfree(b->buf);
	b->buf = n;
	b->cap = cap;
	return true;
}

void proc_write(struct proc_buf *b, const void *data, size_t n)
{
	if (b->overflow || !proc_buf_grow(b, b->len + n + 1))
		return;
	memcpy(b->buf + b->len, data, n);
	b->len += n;
}

void proc_printf(struct proc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->overflow || !proc_buf_grow(b, b->len + 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if ((size_t)n >= b->cap - b->len) {
		if (!proc_buf_grow(b, b->len + n + 1))
			return;
		va_start(ap, fmt);
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

/* --------------------------------------------------------- open files -- */

static int proc_file_open(struct inode *inode, struct file *f)
{
	struct proc_buf *b = kzalloc(sizeof(*b), GFP_KERNEL);
	u32 ino = inode->i_ino;
	int err;

	if (!b)
		return -ENOMEM;
	if ((f->f_flags & O_ACCMODE) != O_RDONLY)
		err = -EACCES;
	else if (proc_ino_is_fd(ino) && proc_fd_ino_info(ino))
		err = proc_fdinfo_show(b, proc_fd_ino_pid(ino), proc_fd_ino_fd(ino));
	else if (ino_is_pid(ino))
		err = proc_pid_show(b, ino_pid(ino), ino_which(ino));
	else if (ino >= 2 && ino - 2 < NR_ROOT_FILES)
		err = proc_root_files[ino - 2].show(b);
	else
		err = -ENOENT;
	if (!err && b->overflow)
		err = -ENOMEM;
	if (err) {
		kfree(b->buf);
		kfree(b);
		return err;
	}
	f->private_data = b;
	return 0;
}

static ssize_t proc_file_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct proc_buf *b = f->private_data;

	if (*pos < 0 || (u64)*pos >= b->len)
		return 0;
	n = MIN(n, b->len - (size_t)*pos);
	memcpy(buf, b->buf + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static loff_t proc_file_llseek(struct file *f, loff_t off, int whence)
{
	struct proc_buf *b = f->private_data;
	loff_t base, r;

	mutex_lock(&f->f_pos_lock);
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->f_pos; break;
	case SEEK_END: base = (loff_t)b->len; break;
	default: base = -1; break;
	}
	r = base < 0 || base + off < 0 ? -EINVAL : base + off;
	if (r >= 0)
		f->f_pos = r;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

static void proc_file_release(struct file *f)
{
	struct proc_buf *b = f->private_data;

	if (b) {
		kfree(b->buf);
		kfree(b);
	}
}

static const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.read = proc_file_read,
	.llseek = proc_file_llseek,
	.release = proc_file_release,
};

/* ------------------------------------------------------------ symlinks -- */

static int proc_readlink(struct inode *inode, char *buf, int size)
{
	char tmp[16];
	int n;

	if (proc_ino_is_fd(inode->i_ino)) {
		struct file *f = proc_fd_file(proc_fd_ino_pid(inode->i_ino),
					      proc_fd_ino_fd(inode->i_ino));

		if (!f)
			return -ENOENT;
		n = file_link_text(f, buf, size);
		vfs_close(f);
		return n;
	}
	if (inode->i_ino != PROC_SELF_INO)
		return proc_pid_link(ino_pid(inode->i_ino), ino_which(inode->i_ino), buf, size);
	if (!current->is_user)
		return -ENOENT; /* a kernel thread has no process: Linux's self is dangling then */
	n = snprintf(tmp, sizeof(tmp), "%d", current->tgid);
	n = MIN(n, size);
	memcpy(buf, tmp, n);
	return n;
}

static const struct inode_operations proc_link_iops = {
	.readlink = proc_readlink,
};

/* --------------------------------------------------------- directories -- */

static bool name_is(const char *name, int len, const char *s)
{
	return strlen(s) == (size_t)len && !memcmp(name, s, len);
}

/* A decimal pid without leading zeros, or -1. */
static int name_to_pid(const char *name, int len)
{
	int pid = 0;

	if (len < 1 || len > 6 || name[0] == '0')
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid < PID_MAX ? pid : -1;
}

static long proc_root_lookup(struct inode *dir, const char *name, int len)
{
	int pid;

	if (name_is(name, len, ".") || name_is(name, len, ".."))
		return PROC_ROOT_INO;
	for (unsigned int i = 0; i < NR_ROOT_FILES; i++)
		if (name_is(name, len, proc_root_files[i].name))
			return 2 + i;
	if (name_is(name, len, "self"))
		return PROC_SELF_INO;
	pid = name_to_pid(name, len);
	if (pid > 0 && proc_next_tgid(pid) == pid)
		return pid_ino(pid, PID_DIR);
	return -ENOENT;
}

static long proc_pid_lookup(struct inode *dir, const char *name, int len)
{
	int pid = ino_pid(dir->i_ino);

	if (name_is(name, len, ".."))
		return PROC_ROOT_INO;
	if (proc_next_tgid(pid) != pid)
		return -ENOENT;
	for (unsigned int i = 0; i < PID_NR_FILES; i++)
		if (name_is(name, len, proc_pid_names[i]))
			return pid_ino(pid, i);
	return -ENOENT;
}

/* fd/ or fdinfo/ of a process: the names are the open fds. */
static long proc_fd_lookup(struct inode *dir, const char *name, int len)
{
	int pid = ino_pid(dir->i_ino), fd = 0;
	bool info = ino_which(dir->i_ino) == PID_FDINFO;
	struct file *f;

	if (name_is(name, len, ".."))
		return pid_ino(pid, PID_DIR);
	if (len < 1 || len > 5 || (name[0] == '0' && len > 1))
		return -ENOENT;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -ENOENT;
		fd = fd * 10 + (name[i] - '0');
	}
	if (fd >= PROC_FD_LIMIT)
		return -ENOENT;
	f = proc_fd_file(pid, fd);
	if (!f)
		return -ENOENT;
	vfs_close(f);
	return proc_fd_ino(pid, fd, info);
}

static int proc_fd_readdir(struct file *f, void *ctx, filldir_t fill)
{
	u32 dino = f->f_inode->i_ino;
	int pid = ino_pid(dino);
	bool info = ino_which(dino) == PID_FDINFO;
	char num[12];

	for (;;) {
		loff_t p = f->f_pos;
		int stop, fd;

		if (p < 2) {
			stop = fill(ctx, "..", (int)p + 1, p ? pid_ino(pid, PID_DIR) : dino, DT_DIR);
		} else {
			fd = proc_next_fd(pid, (int)(p - 2));
			if (fd < 0 || fd >= PROC_FD_LIMIT)
				return 0;
			f->f_pos = p = 2 + fd;
			stop = fill(ctx, num, snprintf(num, sizeof(num), "%d", fd),
				    proc_fd_ino(pid, fd, info), info ? DT_REG : DT_LNK);
		}
		if (stop)
			return 0;
		f->f_pos = p + 1;
	}
}

static int proc_root_readdir(struct file *f, void *ctx, filldir_t fill)
{
	char num[12];

	for (;;) {
		loff_t p = f->f_pos;
		int stop, pid;

		if (p < 2) {
			stop = fill(ctx, "..", (int)p + 1, PROC_ROOT_INO, DT_DIR);
		} else if (p < 2 + NR_ROOT_FILES) {
			const char *n = proc_root_files[p - 2].name;

			stop = fill(ctx, n, (int)strlen(n), 2 + (u32)(p - 2), DT_REG);
		} else if (p == 2 + NR_ROOT_FILES) {
			stop = fill(ctx, "self", 4, PROC_SELF_INO, DT_LNK);
		} else {
			if (p < PROC_PID_POS)
				p = f->f_pos = PROC_PID_POS;
			pid = proc_next_tgid((int)(p - PROC_PID_POS));
			if (pid < 0)
				return 0;
			f->f_pos = p = PROC_PID_POS + pid;
			stop = fill(ctx, num, snprintf(num, sizeof(num), "%d", pid),
				    pid_ino(pid, PID_DIR), DT_DIR);
		}
		if (stop)
			return 0;
		f->f_pos = p + 1;
	}
}

static int proc_pid_readdir(struct file *f, void *ctx, filldir_t fill)
{
	int pid = ino_pid(f->f_inode->i_ino);

	for (; f->f_pos < PID_NR_FILES + 1; f->f_pos++) {
		loff_t p = f->f_pos;
		int stop;

		if (p < 2)
			stop = fill(ctx, "..", (int)p + 1, p ? PROC_ROOT_INO : pid_ino(pid, PID_DIR),
				    DT_DIR);
		else {
			const char *n = proc_pid_names[p - 1];

			stop = fill(ctx, n, (int)strlen(n), pid_ino(pid, (unsigned int)(p - 1)),
				    p - 1 == PID_EXE || p - 1 == PID_CWD ? DT_LNK :
				    p - 1 == PID_FD || p - 1 == PID_FDINFO ? DT_DIR : DT_REG);
		}
		if (stop)
			return 0;
	}
	return 0;
}

static const struct inode_operations proc_root_iops = { .lookup = proc_root_lookup };
static const struct file_operations proc_root_fops = { .readdir = proc_root_readdir };
static const struct inode_operations proc_pid_iops = { .lookup = proc_pid_lookup };
static const struct file_operations proc_pid_fops = { .readdir = proc_pid_readdir };
static const struct inode_operations proc_file_iops = { .lookup = NULL };
static const struct inode_operations proc_fd_iops = { .lookup = proc_fd_lookup };
static const struct file_operations proc_fd_fops = { .readdir = proc_fd_readdir };

/* ------------------------------------------------------------- inodes -- */

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	return kzalloc(sizeof(struct inode), GFP_KERNEL);
}

static void proc_destroy_inode(struct inode *inode)
{
	kfree(inode);
}

static void set_dir(struct inode *inode, const struct inode_operations *iop,
		    const struct file_operations *fop)
{
	inode->i_mode = S_IFDIR | 0555;
	inode->i_nlink = 2;
	inode->i_op = iop;
	inode->i_fop = fop;
}

static int proc_read_inode(struct inode *inode)
{
	u32 ino = inode->i_ino;

	inode->i_atime = inode->i_mtime = inode->i_ctime = vfs_now();
	inode->i_nlink = 1;
	if (ino == PROC_ROOT_INO) {
		set_dir(inode, &proc_root_iops, &proc_root_fops);
	} else if (ino == PROC_SELF_INO) {
		inode->i_mode = S_IFLNK | 0777;
		inode->i_op = &proc_link_iops;
	} else if (proc_ino_is_fd(ino)) {
		struct file *f = proc_fd_file(proc_fd_ino_pid(ino), proc_fd_ino_fd(ino));
		unsigned int acc;

		if (!f)
			return -ENOENT;
		acc = f->f_flags & O_ACCMODE;
		vfs_close(f);
		if (proc_fd_ino_info(ino)) {
			inode->i_mode = S_IFREG | 0444;
			inode->i_op = &proc_file_iops;
			inode->i_fop = &proc_file_fops;
		} else {
			/* Linux's modes: r-x for reading, -wx for writing, rwx for both */
			inode->i_mode = S_IFLNK | (acc != O_WRONLY ? 0500 : 0) | (acc != O_RDONLY ? 0300 : 0);
			inode->i_op = &proc_link_iops;
		}
	} else if (ino_is_pid(ino)) {
		unsigned int which = ino_which(ino);

		if (which >= PID_NR_FILES)
			return -ENOENT;
		if (which == PID_DIR) {
			set_dir(inode, &proc_pid_iops, &proc_pid_fops);
		} else if (which == PID_FD || which == PID_FDINFO) {
			set_dir(inode, &proc_fd_iops, &proc_fd_fops);
			inode->i_mode = S_IFDIR | 0500; /* dr-x------, as Linux */
		} else if (which == PID_EXE || which == PID_CWD) {
			inode->i_mode = S_IFLNK | 0777;
			inode->i_op = &proc_link_iops;
		} else if (which == PID_PAGEMAP) {
			inode->i_mode = S_IFREG | 0400;
			inode->i_op = &proc_file_iops;
			inode->i_fop = &proc_pagemap_fops;
		} else if (which == PID_FAIL_NTH) {
			inode->i_mode = S_IFREG | 0644;
			inode->i_op = &proc_file_iops;
			inode->i_fop = &proc_fail_nth_fops;
		} else {
			inode->i_mode = S_IFREG | (which == PID_ENVIRON ? 0400 : 0444);
			inode->i_op = &proc_file_iops;
			inode->i_fop = &proc_file_fops;
		}
	} else if (ino >= 2 && ino - 2 < NR_ROOT_FILES) {
		const struct file_operations *fops = proc_root_files[ino - 2].fops;

		inode->i_mode = S_IFREG | (fops ? 0400 : 0444);
		inode->i_op = &proc_file_iops;
		inode->i_fop = fops ? fops : &proc_file_fops;
	} else {
		return -ENOENT;
	}
	return 0;
}

static int proc_write_inode(struct inode *inode)
{
	inode->i_dirty = false; /* attributes are made afresh: nothing to keep */
	return 0;
}

static void proc_delete_inode(struct inode *inode)
{
}

static int proc_statfs(struct super_block *sb, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->type = PROC_SUPER_MAGIC;
	st->block_size = PAGE_SIZE;
	st->name_max = NAME_MAX;
	return 0;
}

static void proc_put_super(struct super_block *sb)
{
}

static const struct super_operations proc_sops = {
	.alloc_inode = proc_alloc_inode,
	.destroy_inode = proc_destroy_inode,
	.read_inode = proc_read_inode,
	.write_inode = proc_write_inode,
	.delete_inode = proc_delete_inode,
	.statfs = proc_statfs,
	.put_super = proc_put_super,
};

static struct super_block *proc_mount(struct block_device *unused, unsigned long flags,
				      const char *devname)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_dev = MKDEV(0, 4);
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_op = &proc_sops;
	sb->s_type = "proc";
	mutex_init(&sb->s_lock);
	mutex_init(&sb->s_rename_lock);
	INIT_LIST_HEAD(&sb->s_list);
	strlcpy(sb->s_devname, "proc", sizeof(sb->s_devname));
	root = iget(sb, PROC_ROOT_INO);
	if (IS_ERR(root)) {
		sb_evict_inodes(sb);
		kfree(sb);
		return (struct super_block *)root;
	}
	sb->s_root = root;
	return sb;
}

struct file_system_type proc_fs_type = {
	.name = "proc",
	.requires_dev = false,
	.mount = proc_mount,
};

int procfs_mount_boot(void)
{
	struct inode *dir = path_lookup("/proc");
	int err;

	if (IS_ERR(dir)) {
		pr_err("proc: no /proc directory in the root filesystem (%ld)\n", PTR_ERR(dir));
		return PTR_ERR(dir);
	}
	err = do_mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
	iput(dir);
	if (err)
		pr_err("proc: cannot mount on /proc (%d)\n", err);
	else
		pr_info("proc: mounted on /proc\n");
	return err;
}

/*
 * The pieces of the kernel's /proc (procfs) shared between its files:
 * the text buffer every file is generated into (struct proc_buf, a
 * one-shot seq_file: filled once at open, then read and lseek'd), the
 * table of generators, and the process snapshot the per-process files
 * work from.
 *
 * A proc_buf belongs to one open file (private_data); it grows by
 * doubling (kmalloc) while a generator prints and is freed at the last
 * close. Generators run in process context and may sleep.
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include "kernel/types.h"
#include "kernel/sched.h"

struct proc_buf {
	char *buf;
	size_t len, cap;
	bool overflow;          /* an allocation failed: the open gives -ENOMEM */
};

void proc_printf(struct proc_buf *b, const char *fmt, ...) __printf(2, 3);
void proc_write(struct proc_buf *b, const void *data, size_t n);

/* A top-level file's generator (fs/proc/meminfo.c, fs/proc/misc.c). */
typedef int (*proc_show_t)(struct proc_buf *b);
int proc_meminfo_show(struct proc_buf *b);
int proc_vmstat_show(struct proc_buf *b);
int proc_buddyinfo_show(struct proc_buf *b);
int proc_swaps_show(struct proc_buf *b);
int proc_uptime_show(struct proc_buf *b);
int proc_cpuinfo_show(struct proc_buf *b);
int proc_loadavg_show(struct proc_buf *b);
int proc_stat_show(struct proc_buf *b);
int proc_version_show(struct proc_buf *b);
int proc_cmdline_show(struct proc_buf *b);
int proc_mounts_show(struct proc_buf *b);
int proc_filesystems_show(struct proc_buf *b);

/*
 * What the per-process files (fs/proc/base.c) know of a task: copied
 * with interrupts off by proc_task_get, so nothing here goes away; mm
 * carries a user reference (mm->users) that proc_task_put drops.
 */
struct proc_task {
	int pid, tgid, ppid, pgid, sid;
	int state;
	bool zombie, is_user;
	char name[TASK_NAME_LEN];
	unsigned long utime, stime, cutime, cstime, min_flt, maj_flt, cmin_flt, cmaj_flt;
	unsigned long start_jiffies;
	unsigned int fd_slots;
	int threads;
	int nice;
	struct mm_struct *mm;
	struct files *files;    /* a use of the fd table (files_get_irqoff), dropped by proc_task_put */
	char exe[128], cwd[128];
};
/* Snapshot the thread group leader pid: 0 or -ESRCH. */
int proc_task_get(int pid, struct proc_task *pt);
void proc_task_put(struct proc_task *pt);
/* The smallest thread-group id >= from among live tasks, or -1. */
int proc_next_tgid(int from);

enum proc_pid_file {
	PID_DIR, PID_STAT, PID_STATM, PID_STATUS, PID_CMDLINE, PID_MAPS, PID_EXE, PID_CWD,
	PID_COMM, PID_ENVIRON, PID_PAGEMAP, PID_FAIL_NTH, PID_FD, PID_FDINFO, PID_SMAPS,
	PID_NR_FILES
};
extern const char *const proc_pid_names[PID_NR_FILES];
/* Generate a per-process file's text (not PID_DIR / EXE / CWD). */
int proc_pid_show(struct proc_buf *b, int pid, enum proc_pid_file which);
/*
 * maps' text for every vma of mm, under its mmap_lock (fs/proc/base.c);
 * extra, when given, adds its own lines after each vma's (smaps).
 */
struct mm_struct;
struct vm_area_struct;
void proc_show_vmas(struct proc_buf *b, struct mm_struct *mm, const char *exe,
		    void (*extra)(struct proc_buf *b, struct vm_area_struct *vma));
/* smaps' figures of one vma (fs/proc/smaps.c), the mmap_lock held. */
void proc_smaps_vma(struct proc_buf *b, struct vm_area_struct *vma);
/* The process a per-process inode belongs to (fs/proc/root.c). */
struct inode;
int proc_inode_pid(const struct inode *inode);
/* /proc/<pid>/pagemap (fs/proc/pagemap.c): read per call, not at open. */
struct file_operations;
extern const struct file_operations proc_pagemap_fops;
/*
 * lseek of the binary files read per call (pagemap, kpagecount): SEEK_SET
 * and SEEK_CUR, SEEK_END from size when size >= 0; -EINVAL otherwise or
 * for a negative position.
 */
struct file;
loff_t proc_binary_llseek(struct file *f, loff_t off, int whence, loff_t size);
/* /proc/kpagecount (fs/proc/page.c): the reverse map's count of every frame. */
extern const struct file_operations proc_kpagecount_fops;
/* /proc/<pid>/fail-nth (fs/proc/fail_nth.c): read and written per call. */
extern const struct file_operations proc_fail_nth_fops;
/* /proc/kmsg (kernel/syslog.c): each read consumes the kernel log as syslog's READ. */
extern const struct file_operations proc_kmsg_fops;
/*
 * /proc/<pid>/fd/N (a link) and fdinfo/N (a file), fs/proc/fd.c. Their
 * inode numbers (a lookup returns them as a positive long, so below
 * 2^31): bit 30 set, bit 29 for fdinfo, the pid in bits 14-28, the fd in
 * bits 0-13 (fds from PROC_FD_LIMIT up do not show).
 */
#define PROC_FD_INO_BIT (1u << 30)
#define PROC_FDINFO_INO_BIT (1u << 29)
#define PROC_FD_LIMIT (1 << 14)
static inline u32 proc_fd_ino(int pid, int fd, bool info)
{
	return PROC_FD_INO_BIT | (info ? PROC_FDINFO_INO_BIT : 0) | ((u32)pid << 14) | (u32)fd;
}
static inline bool proc_ino_is_fd(u32 ino) { return ino & PROC_FD_INO_BIT; }
static inline bool proc_fd_ino_info(u32 ino) { return ino & PROC_FDINFO_INO_BIT; }
static inline int proc_fd_ino_pid(u32 ino) { return (int)((ino >> 14) & 0x7fff); }
static inline int proc_fd_ino_fd(u32 ino) { return (int)(ino & (PROC_FD_LIMIT - 1)); }
/* The open file behind fd of process pid, referenced (vfs_close it), or NULL. */
struct file *proc_fd_file(int pid, int fd);
/* The next open fd >= from of process pid, or -1. */
int proc_next_fd(int pid, int from);
/* fdinfo/N's text: pos, flags, ino. */
int proc_fdinfo_show(struct proc_buf *b, int pid, int fd);
/* exe / cwd link text for pid: length or -errno. */
int proc_pid_link(int pid, enum proc_pid_file which, char *buf, int size);

#endif

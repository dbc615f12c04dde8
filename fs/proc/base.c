/*
 * /proc/<pid>/: the per-process files, in Linux 6.1's formats: stat,
 * statm, status, cmdline, environ, comm, maps (and the lines smaps shares
 * with it, fs/proc/smaps.c), and the exe and cwd links.
 *
 * A file is made at open from a snapshot of the task (proc_task_get:
 * copied with interrupts off inside task_find, so the task may exit
 * right after without harm) and, for the address-space figures, from
 * its mm, pinned by a user reference (mm->users) until proc_task_put.
 * maps walks the vmas under the mm's mmap_lock; cmdline reads the
 * argument area through access_remote_read. A kernel thread (no mm)
 * shows empty memory figures and an empty cmdline, as on Linux.
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/vm.h"

struct pid_query {
	int pid;
	struct proc_task *pt;
	int best;
};

static bool is_group_leader(const struct task *t)
{
	return !t->is_user || t->tgid == t->pid;
}

static bool snapshot_task(struct task *t, void *data)
{
	struct pid_query *q = data;
	struct proc_task *pt = q->pt;

	if (t->is_user && t->tgid == q->pid && t->pid != q->pid)
		pt->threads++;
	if (t->pid != q->pid || !is_group_leader(t))
		return false;
	pt->pid = t->pid;
	pt->tgid = t->is_user ? t->tgid : t->pid;
	pt->ppid = t->parent ? (t->parent->is_user ? t->parent->tgid : t->parent->pid) : 0;
	pt->pgid = t->pgid;
	pt->sid = t->sid;
	pt->state = t->state;
	pt->zombie = t->zombie;
	pt->is_user = t->is_user;
	memcpy(pt->name, t->name, TASK_NAME_LEN);
	pt->name[TASK_NAME_LEN - 1] = 0;
	pt->utime = t->utime;
	pt->stime = t->stime;
	pt->cutime = t->cutime;
	pt->cstime = t->cstime;
	pt->min_flt = t->min_flt;
	pt->maj_flt = t->maj_flt;
	pt->cmin_flt = t->cmin_flt;
	pt->cmaj_flt = t->cmaj_flt;
	pt->start_jiffies = t->start_jiffies;
	pt->nice = t->nice;
	pt->fd_slots = t->files ? t->files->max_fds : 0;
	strlcpy(pt->exe, t->exe_path ? t->exe_path : "", sizeof(pt->exe));
	strlcpy(pt->cwd, t->cwd_path ? t->cwd_path : "/", sizeof(pt->cwd));
	/* Interrupts are off: no exit runs between. 0 users: its last mmput is tearing it down. */
	if (t->mm && !t->zombie && t->mm->users > 0) {
		pt->mm = t->mm;
		t->mm->users++;
	}
	if (!t->zombie)
		pt->files = files_get_irqoff(t->files);
	q->best = 1;
	return false; /* go on counting the group's threads */
}

int proc_task_get(int pid, struct proc_task *pt)
{
	struct pid_query q = { .pid = pid, .pt = pt };

	memset(pt, 0, sizeof(*pt));
	pt->threads = 1;
	task_find(snapshot_task, &q);
	return q.best ? 0 : -ESRCH;
}

void proc_task_put(struct proc_task *pt)
{
	if (pt->mm)
		mmput(pt->mm);
	pt->mm = NULL;
	if (pt->files)
		files_put(pt->files);
	pt->files = NULL;
}

static bool next_tgid(struct task *t, void *data)
{
	struct pid_query *q = data;

	if (is_group_leader(t) && t->pid >= q->pid && (q->best < 0 || t->pid < q->best))
		q->best = t->pid;
	return false;
}

int proc_next_tgid(int from)
{
	struct pid_query q = { .pid = from, .best = -1 };

	task_find(next_tgid, &q);
	return q.best;
}

static char state_char(const struct proc_task *pt)
{
	if (pt->zombie || pt->state == TASK_DEAD)
		return 'Z';
	if (pt->state == TASK_RUNNING)
		return 'R';
	return pt->state == TASK_UNINTERRUPTIBLE ? 'D' : 'S';
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'D': return "D (disk sleep)";
	case 'Z': return "Z (zombie)";
	default: return "S (sleeping)";
	}
}

/* Address-space figures in pages, read under mmap_lock. */
struct mm_figures {
	unsigned long total, rss, rss_anon, rss_file, swap, ptes;
	unsigned long data, stack, exec, lib;
	unsigned long start_code, end_code, start_stack, start_data, end_data, start_brk;
	unsigned long arg_start, arg_end, env_start, env_end;
};

static void mm_figures(struct mm_struct *mm, struct mm_figures *m)
{
	struct vm_area_struct *vma;

	memset(m, 0, sizeof(*m));
	if (!mm)
		return;
	mutex_lock(&mm->mmap_lock);
	m->total = mm->total_vm;
	m->rss_anon = mm->rss_anon;
	m->rss_file = mm->rss_file;
	m->rss = mm->rss_anon + mm->rss_file;
	m->swap = mm->nr_swap_ptes;
	m->ptes = mm->nr_ptes;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

		if (vma->vm_flags & VM_GROWSDOWN)
			m->stack += pages;
		else if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			m->data += pages;
		else if (vma->vm_flags & VM_EXEC)
			m->lib += pages;
	}
	m->start_code = mm->start_code;
	m->end_code = mm->end_code;
	m->exec = (((mm->end_code + PAGE_SIZE - 1) & PAGE_MASK) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	m->lib = m->lib > m->exec ? m->lib - m->exec : 0;
	m->start_stack = mm->start_stack;
	m->start_data = mm->start_data;
	m->end_data = mm->end_data;
	m->start_brk = mm->start_brk;
	m->arg_start = mm->arg_start;
	m->arg_end = mm->arg_end;
	m->env_start = mm->env_start;
	m->env_end = mm->env_end;
	mutex_unlock(&mm->mmap_lock);
}

static void show_stat(struct proc_buf *b, const struct proc_task *pt, const struct mm_figures *m)
{
	/* priority is 20 + nice, as Linux shows a SCHED_OTHER task's */
	proc_printf(b, "%d (%s) %c %d %d %d 0 -1 %u %lu %lu %lu %lu %lu %lu %lu %lu %d %d %d 0 %lu ",
		    pt->pid, pt->name, state_char(pt), pt->ppid, pt->pgid, pt->sid,
		    pt->is_user ? 0x400000u : 0x200040u, pt->min_flt, pt->cmin_flt, pt->maj_flt,
		    pt->cmaj_flt, pt->utime, pt->stime, pt->cutime, pt->cstime, 20 + pt->nice,
		    pt->nice, pt->threads, pt->start_jiffies);
	proc_printf(b, "%lu %lu 4294967295 %lu %lu %lu 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 ",
		    m->total << PAGE_SHIFT, m->rss, m->start_code, m->end_code, m->start_stack);
	proc_printf(b, "%lu %lu %lu %lu %lu %lu %lu 0\n", m->start_data, m->end_data, m->start_brk,
		    m->arg_start, m->arg_end, m->env_start, m->env_end);
}

static void show_kb_line(struct proc_buf *b, const char *name, unsigned long pages)
{
	proc_printf(b, "%s:\t%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

static void show_status(struct proc_buf *b, const struct proc_task *pt,
			const struct mm_figures *m)
{
	proc_printf(b, "Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		    "PPid:\t%d\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
		    "FDSize:\t%u\nGroups:\t\n",
		    pt->name, state_name(state_char(pt)), pt->tgid, pt->pid, pt->ppid, pt->fd_slots);
	if (pt->mm) {
		show_kb_line(b, "VmSize", m->total);
		show_kb_line(b, "VmRSS", m->rss);
		show_kb_line(b, "RssAnon", m->rss_anon);
		show_kb_line(b, "RssFile", m->rss_file);
		show_kb_line(b, "VmData", m->data);
		show_kb_line(b, "VmStk", m->stack);
		show_kb_line(b, "VmExe", m->exec);
		show_kb_line(b, "VmLib", m->lib);
		show_kb_line(b, "VmPTE", m->ptes);
		show_kb_line(b, "VmSwap", m->swap);
	}
	proc_printf(b, "Threads:\t%d\n", pt->threads);
}

/*
 * The name column, as Linux shows it: the program's path for its own
 * mappings, the path a mapped file was opened by (symlinks resolved,
 * " (deleted)" once unlinked: file_link_text, as /proc/<pid>/fd shows it),
 * "/dev/zero (deleted)" for shared anonymous memory (Linux backs it with
 * an unlinked shmem file of that name), [heap] and [stack].
 *
 * A file's name is resolved only after the mmap_lock is dropped: that
 * walks directories and may wait for the disk, and the process's faults
 * (and reclaim's unmapping of its pages) would wait behind it. Under the
 * lock the walk notes where each such name goes and takes a reference on
 * the file; fill_file_names then builds the final text.
 */
struct pending_name {
	size_t at;          /* where the name goes: the end of the line's columns */
	size_t line_start;
	struct file *file;  /* referenced until the name is in */
};

#define NAME_COLUMN 48

/* The names that need no file lookup; NULL when there is none (or it is a file's). */
static const char *vma_plain_name(struct mm_struct *mm, struct vm_area_struct *vma,
				  const char *exe, struct inode *exe_inode)
{
	struct inode *ino = vma->vm_file ? vma->vm_file->f_inode : NULL;

	if (ino)
		return ino == exe_inode ? exe : NULL;
	if (vma->vm_private && (vma->vm_flags & VM_MAYSHARE))
		return "/dev/zero (deleted)";
	if (vma->vm_start <= mm->start_brk && vma->vm_end >= mm->brk && mm->brk > mm->start_brk)
		return "[heap]";
	if ((vma->vm_flags & VM_GROWSDOWN) ||
	    (vma->vm_start <= mm->start_stack && vma->vm_end > mm->start_stack))
		return "[stack]";
	return NULL;
}

static void pad_to_name_column(struct proc_buf *b, size_t line_start)
{
	while (b->len - line_start < NAME_COLUMN && !b->overflow)
		proc_write(b, " ", 1);
}

static void show_vma_columns(struct proc_buf *b, struct vm_area_struct *vma)
{
	struct inode *ino = vma->vm_file ? vma->vm_file->f_inode : NULL;
	unsigned long fl = vma->vm_flags;
	dev_t dev = 0;

	if (ino)
		dev = ino->i_sb->s_bdev ? bdev_devt(ino->i_sb->s_bdev) : ino->i_sb->s_dev;
	proc_printf(b, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", vma->vm_start, vma->vm_end,
		    fl & VM_READ ? 'r' : '-', fl & VM_WRITE ? 'w' : '-', fl & VM_EXEC ? 'x' : '-',
		    fl & VM_MAYSHARE ? 's' : 'p', ino ? vma->vm_pgoff << PAGE_SHIFT : 0,
		    MAJOR(dev), MINOR(dev), ino ? (unsigned long)ino->i_ino : 0);
}

/* Rebuild b's text with each pending file's name in its place; drops the references. */
static void fill_file_names(struct proc_buf *b, struct pending_name *pn, int n)
{
	struct proc_buf out = { 0 };
	char *name = kmalloc(PATH_MAX + 16, GFP_KERNEL);
	size_t copied = 0;

	for (int i = 0; i < n; i++) {
		size_t shift = out.len - copied;
		int len = name ? file_link_text(pn[i].file, name, PATH_MAX + 15) : -ENOMEM;

		proc_write(&out, b->buf + copied, pn[i].at - copied);
		copied = pn[i].at;
		if (len > 0) {
			pad_to_name_column(&out, pn[i].line_start + shift);
			proc_write(&out, name, len);
		}
		if (len == -ENOMEM)
			out.overflow = true; /* -ENOMEM for the open, not a map without names */
		vfs_close(pn[i].file);
	}
	proc_write(&out, b->buf + copied, b->len - copied);
	out.overflow |= b->overflow;
	kfree(name);
	kfree(b->buf);
	*b = out;
}

void proc_show_vmas(struct proc_buf *b, struct mm_struct *mm, const char *exe,
		    void (*extra)(struct proc_buf *b, struct vm_area_struct *vma))
{
	struct inode *exe_inode = exe[0] ? path_lookup(exe) : NULL;
	struct vm_area_struct *vma;
	struct pending_name *pn;
	int npending = 0;

	if (IS_ERR(exe_inode))
		exe_inode = NULL;
	mutex_lock(&mm->mmap_lock);
	pn = kmalloc(sizeof(*pn) * (mm->map_count + 1), GFP_KERNEL);
	if (!pn)
		b->overflow = true; /* the open fails with -ENOMEM rather than show wrong names */
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		size_t start = b->len;
		const char *name = vma_plain_name(mm, vma, exe, exe_inode);

		if (!pn)
			break;
		show_vma_columns(b, vma);
		if (name) {
			pad_to_name_column(b, start);
			proc_printf(b, "%s", name);
		} else if (vma->vm_file && vma->vm_file->f_path && npending <= mm->map_count) {
			pn[npending++] = (struct pending_name){ b->len, start, get_file(vma->vm_file) };
		}
		proc_printf(b, "\n");
		if (extra)
			extra(b, vma);
	}
	mutex_unlock(&mm->mmap_lock);
	if (pn) {
		fill_file_names(b, pn, npending);
		kfree(pn);
	}
	if (exe_inode)
		iput(exe_inode);
}

#define PROC_ARGS_MAX (4 * PAGE_SIZE)

static int show_remote(struct proc_buf *b, struct mm_struct *mm, unsigned long from,
		       unsigned long to)
{
	size_t len, got;
	char *t;

	if (!mm || to <= from)
		return 0;
	len = MIN((size_t)(to - from), (size_t)PROC_ARGS_MAX);
	t = kmalloc(len, GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	got = access_remote_read(mm, from, t, len);
	proc_write(b, t, got);
	kfree(t);
	return 0;
}

int proc_pid_show(struct proc_buf *b, int pid, enum proc_pid_file which)
{
	struct proc_task pt;
	struct mm_figures m;
	int err = proc_task_get(pid, &pt);

	if (err)
		return err;
	mm_figures(pt.mm, &m);
	switch (which) {
	case PID_STAT:
		show_stat(b, &pt, &m);
		break;
	case PID_STATM:
		proc_printf(b, "%lu %lu %lu %lu 0 %lu 0\n", m.total, m.rss, m.rss_file, m.exec,
			    m.data + m.stack);
		break;
	case PID_STATUS:
		show_status(b, &pt, &m);
		break;
	case PID_COMM:
		proc_printf(b, "%s\n", pt.name);
		break;
	case PID_CMDLINE:
		err = show_remote(b, pt.mm, m.arg_start, m.arg_end);
		break;
	case PID_ENVIRON:
		err = show_remote(b, pt.mm, m.env_start, m.env_end);
		break;
	case PID_MAPS:
		if (pt.mm)
			proc_show_vmas(b, pt.mm, pt.exe, NULL);
		break;
	case PID_SMAPS:
		if (pt.mm)
			proc_show_vmas(b, pt.mm, pt.exe, proc_smaps_vma);
		break;
	default:
		err = -EINVAL;
	}
	proc_task_put(&pt);
	return err;
}

int proc_pid_link(int pid, enum proc_pid_file which, char *buf, int size)
{
	struct proc_task pt;
	const char *s;
	int n, err = proc_task_get(pid, &pt);

	if (err)
		return -ENOENT;
	proc_task_put(&pt);
	s = which == PID_EXE ? pt.exe : pt.cwd;
	if (!s[0])
		return -ENOENT; /* a kernel thread: Linux's exe link is unreadable too */
	n = MIN((int)strlen(s), size);
	memcpy(buf, s, n);
	return n;
}

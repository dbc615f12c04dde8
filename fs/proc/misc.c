/*
 * /proc's system-wide text files other than the memory ones: uptime,
 * loadavg, stat, cpuinfo, version, cmdline, mounts, filesystems and swaps, in
 * Linux 6.1's formats. Task counts come from one walk of the task list
 * with interrupts off (task_find with a callback that never matches), the
 * processor's times and switches from the scheduler's cpu_times (they
 * must not go back when a task is reaped); mounts from
 * vfs_for_each_mount, swaps from swap_areas_snapshot.
 *
 * loadavg shows the averages kernel/loadavg.c keeps, with the running /
 * total / last-pid figures of the same walk.
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/loadavg.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/sys.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "arch/x86/arch.h"

extern const char uts_release[], uts_version[];

struct task_totals {
	unsigned int tasks, running, blocked;
	int last_pid;
};

static bool add_task(struct task *t, void *data)
{
	struct task_totals *tt = data;

	if (t->pid == 0)
		return false; /* the idle task: Linux counts its swapper neither as a thread nor as running */
	tt->tasks++;
	if (t->state == TASK_RUNNING && !t->zombie)
		tt->running++;
	if (t->state == TASK_UNINTERRUPTIBLE && t->is_user) /* as the load average counts */
		tt->blocked++;
	if (t->pid > tt->last_pid)
		tt->last_pid = t->pid;
	return false;
}

static void task_totals(struct task_totals *tt)
{
	memset(tt, 0, sizeof(*tt));
	task_find(add_task, tt);
}

static void cpu_times_snapshot(struct cpu_times *ct)
{
	unsigned long flags = arch_irq_save();

	*ct = cpu_times;
	arch_irq_restore(flags);
}

int proc_uptime_show(struct proc_buf *b)
{
	struct cpu_times ct;
	u64 ns = ktime_get_ns();

	cpu_times_snapshot(&ct);
	proc_printf(b, "%lu.%02lu %lu.%02lu\n", (unsigned long)(ns / 1000000000ULL),
		    (unsigned long)(ns % 1000000000ULL / 10000000ULL), ct.idle / HZ, ct.idle % HZ);
	return 0;
}

int proc_loadavg_show(struct proc_buf *b)
{
	struct task_totals tt;

	task_totals(&tt);
	for (int i = 0; i < 3; i++) {
		/* two decimals, rounded to the nearest hundredth as Linux shows them */
		unsigned long a = avenrun[i] + LOAD_FIXED_1 / 200;

		proc_printf(b, "%lu.%02lu ", a >> LOAD_FSHIFT,
			    ((a & (LOAD_FIXED_1 - 1)) * 100) >> LOAD_FSHIFT);
	}
	proc_printf(b, "%u/%u %d\n", tt.running, tt.tasks, tt.last_pid);
	return 0;
}

int proc_stat_show(struct proc_buf *b)
{
	struct task_totals tt;
	struct cpu_times ct;
	u64 boot_s = (ktime_get_real_ns() - ktime_get_ns()) / 1000000000ULL;

	task_totals(&tt);
	cpu_times_snapshot(&ct);
	for (int i = 0; i < 2; i++)
		proc_printf(b, "cpu%s %lu 0 %lu %lu 0 0 0 0 0 0\n", i ? "0" : " ", ct.user,
			    ct.system, ct.idle);
	proc_printf(b, "intr 0\nctxt %lu\nbtime %lu\nprocesses %lu\n", ct.switches,
		    (unsigned long)boot_s, nr_tasks_started);
	proc_printf(b, "procs_running %u\nprocs_blocked %u\n", tt.running, tt.blocked);
	return 0;
}

/*
 * One processor, in Linux's x86 layout (tabs included): what cpuid says.
 * Linux's "cpu MHz" and "bogomips" lines need a TSC calibration this
 * kernel does not make, and its "bugs" line the CPU-vulnerability
 * checks it does not run; they are left out rather than invented.
 */
int proc_cpuinfo_show(struct proc_buf *b)
{
	char *flags = kmalloc(1024, GFP_KERNEL);

	if (!flags)
		return -ENOMEM;
	cpu_flags_text(flags, 1024);
	proc_printf(b, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		    boot_cpu.vendor, boot_cpu.family, boot_cpu.model);
	if (boot_cpu.model_name[0])
		proc_printf(b, "model name\t: %s\n", boot_cpu.model_name);
	else
		proc_printf(b, "model name\t: %02x/%02x\n", boot_cpu.family, boot_cpu.model);
	proc_printf(b, "stepping\t: %u\n", boot_cpu.stepping);
	proc_printf(b, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n"
		       "apicid\t\t: 0\ninitial apicid\t: 0\n");
	proc_printf(b, "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\nfpu\t\t: yes\n"
		       "fpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
		    boot_cpu.max_leaf);
	proc_printf(b, "flags\t\t: %s\n", flags);
	proc_printf(b, "clflush size\t: %u\ncache_alignment\t: %u\n", boot_cpu.clflush_bytes,
		    boot_cpu.clflush_bytes);
	proc_printf(b, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n",
		    boot_cpu.phys_bits, boot_cpu.virt_bits);
	kfree(flags);
	return 0;
}

int proc_version_show(struct proc_buf *b)
{
	proc_printf(b, "Linux version %s (rmapos@rmapos) (gcc) %s\n", uts_release, uts_version);
	return 0;
}

int proc_cmdline_show(struct proc_buf *b)
{
	const char *c = cmdline_raw();

	proc_printf(b, "%s\n", c ? c : "");
	return 0;
}

static int show_mount(void *ctx, struct super_block *sb, const char *mountpoint)
{
	struct proc_buf *b = ctx;
	unsigned long fl = sb->s_flags;

	proc_printf(b, "%s %s %s %s%s%s%s%s 0 0\n", sb->s_devname, mountpoint, sb->s_type,
		    sb->s_rdonly ? "ro" : "rw", fl & MS_NOSUID ? ",nosuid" : "",
		    fl & MS_NODEV ? ",nodev" : "", fl & MS_NOEXEC ? ",noexec" : "",
		    fl & MS_NOATIME ? ",noatime" : ",relatime");
	return 0;
}

int proc_mounts_show(struct proc_buf *b)
{
	return vfs_for_each_mount(show_mount, b);
}

static int show_fs_type(void *ctx, const struct file_system_type *t)
{
	proc_printf(ctx, "%s\t%s\n", t->requires_dev ? "" : "nodev", t->name);
	return 0;
}

int proc_filesystems_show(struct proc_buf *b)
{
	return vfs_for_each_fs_type(show_fs_type, b);
}

#define MAX_SWAP_SHOWN 8

int proc_swaps_show(struct proc_buf *b)
{
	struct swap_area_info *a = kmalloc(MAX_SWAP_SHOWN * sizeof(*a), GFP_KERNEL);
	int n;

	if (!a)
		return -ENOMEM;
	n = swap_areas_snapshot(a, MAX_SWAP_SHOWN);
	proc_printf(b, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (int i = 0; i < n; i++) {
		int len = (int)strlen(a[i].name);

		proc_printf(b, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", a[i].name, len < 40 ? 40 - len : 1, " ",
			    a[i].type, a[i].size_kib, a[i].size_kib < 10000000 ? "\t" : "",
			    a[i].used_kib, a[i].used_kib < 10000000 ? "\t" : "", a[i].prio);
	}
	kfree(a);
	return 0;
}

/*
 * The VM sampler behind `make plot` (tools/plot/): with the boot key
 * `vmsample` (every 100 ms) or `vmsample=MS`, a kernel thread makes the
 * text of /proc/meminfo and /proc/vmstat with their own generators every
 * MS milliseconds of guest time, picks a few fields by name and writes
 * one compact line to the consoles:
 *
 *     vmsample: fields t_ms MemTotal MemFree ... pswpin pswpout ...
 *     vmsample: 1200 15872 812 ...
 *
 * the first line naming the columns (meminfo figures in kB, vmstat
 * counters as they are), the others one sample each, t_ms being jiffies
 * in milliseconds. The lines bypass the log and the console level (as
 * KTAP's do, console_write): `quiet` does not hide them and they do not
 * push the boot messages out of the log. Each line goes out in one
 * console_write with interrupts off, so no kernel text splits it.
 *
 * The thread is woken first (task->wake_first: to the head of the run
 * queue, preempting), so under load it still samples on time.
 * The thread owns its two proc_bufs (reused, grown only when a text gets
 * longer); it never exits. Samples are taken on a fixed grid (the next
 * deadline is the previous plus the period), so a late wake-up does not
 * shift the later samples.
 */
#include "fs/proc/internal.h"
#include "kernel/cmdline.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "arch/x86/arch.h"
#include "mm/mm.h"

static const char *const meminfo_fields[] = {
	"MemTotal", "MemFree", "Cached", "Active", "InactiveDirty", "InactiveClean",
	"SwapTotal", "SwapFree", "SwapCached", "AnonPages", "Slab", "PageTables",
};
static const char *const vmstat_fields[] = {
	"pswpin", "pswpout", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd",
	"pgsteal_direct", "kswapd_wakeup", "pageoutrun", "allocstall", "pgmajfault",
};

static unsigned long period_ticks;

/* The number after `name` + sep at a line start of the text, or 0. */
static unsigned long field(const struct proc_buf *b, const char *name, char sep)
{
	size_t n = strlen(name);
	const char *p = b->buf, *end = b->buf + b->len;

	while (p + n < end) {
		if (!memcmp(p, name, n) && p[n] == sep) {
			p += n + 1;
			while (p < end && *p == ' ')
				p++;
			return simple_strtoul(p, NULL, 10);
		}
		while (p < end && *p != '\n')
			p++;
		p++;
	}
	return 0;
}

static void put(char *line, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n < cap) {
		memcpy(line + *len, s, n);
		*len += n;
	}
}

static void write_header(void)
{
	char line[512];
	size_t len = 0;

	put(line, sizeof(line), &len, "vmsample: fields t_ms");
	for (unsigned int i = 0; i < ARRAY_SIZE(meminfo_fields); i++) {
		put(line, sizeof(line), &len, " ");
		put(line, sizeof(line), &len, meminfo_fields[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(vmstat_fields); i++) {
		put(line, sizeof(line), &len, " ");
		put(line, sizeof(line), &len, vmstat_fields[i]);
	}
	put(line, sizeof(line), &len, "\n");
	console_write(line, len);
}

static void write_sample(struct proc_buf *mi, struct proc_buf *vs)
{
	char line[512], num[24];
	size_t len = 0;
	unsigned long flags;

	snprintf(num, sizeof(num), "%lu", jiffies * (1000 / HZ));
	put(line, sizeof(line), &len, "vmsample: ");
	put(line, sizeof(line), &len, num);
	mi->len = vs->len = 0;
	mi->overflow = vs->overflow = false;
	if (proc_meminfo_show(mi) || proc_vmstat_show(vs) || mi->overflow || vs->overflow)
		return; /* no memory for the text this time: skip the sample */
	for (unsigned int i = 0; i < ARRAY_SIZE(meminfo_fields); i++) {
		snprintf(num, sizeof(num), " %lu", field(mi, meminfo_fields[i], ':'));
		put(line, sizeof(line), &len, num);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(vmstat_fields); i++) {
		snprintf(num, sizeof(num), " %lu", field(vs, vmstat_fields[i], ' '));
		put(line, sizeof(line), &len, num);
	}
	put(line, sizeof(line), &len, "\n");
	flags = arch_irq_save();
	console_write(line, len);
	arch_irq_restore(flags);
}

static void vmsample_thread(void *arg)
{
	struct proc_buf mi = { 0 }, vs = { 0 };
	unsigned long next = jiffies;

	(void)arg;
	write_header();
	for (;;) {
		write_sample(&mi, &vs);
		next += period_ticks;
		if ((long)(next - jiffies) <= 0)
			next = jiffies; /* fell behind a whole period: start a new grid */
		while ((long)(next - jiffies) > 0) {
			current->state = TASK_UNINTERRUPTIBLE;
			schedule_timeout(next - jiffies);
		}
	}
}

static int vmsample_init(void)
{
	const char *v = cmdline_get("vmsample");
	unsigned long ms = v && *v ? simple_strtoul(v, NULL, 10) : 100;
	struct task *t;

	if (!cmdline_has("vmsample"))
		return 0;
	ms = MAX(ms, 1000UL / HZ);
	ms = MIN(ms, 60000UL);
	period_ticks = ms / (1000 / HZ);
	t = kthread_create(vmsample_thread, NULL, "vmsample");
	if (!t) {
		pr_err("vmsample: cannot start the sampler thread\n");
		return 0;
	}
	t->wake_first = true; /* a sample 50 ms late would smear the picture */
	kthread_detach(t);
	pr_info("vmsample: /proc/meminfo and /proc/vmstat every %lu ms\n", period_ticks * (1000 / HZ));
	return 0;
}
late_initcall(vmsample_init);

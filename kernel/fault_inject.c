/*
 * Allocation failure injection: makes chosen allocations fail, so that
 * the error paths behind them run in tests.
 *
 * Three sites ask should_fail_alloc before they allocate: alloc_pages
 * (FAULT_PAGE_ALLOC), kmem_cache_alloc and so kmalloc (FAULT_SLAB), and
 * pte_chain_alloc (FAULT_CHAIN, asked before its LIFO of free blocks, so a
 * chain block fails even when one is cached; a block that then comes from
 * the slab passes the slab's site too, as in Linux a slab that grows passes
 * the page allocator's).
 *
 * Two ways to choose, as Linux's fault-injection framework:
 *   - per task, /proc/<pid>/fail-nth (fs/proc/base.c): writing N > 0 makes
 *     the Nth next eligible allocation of that task fail (once); 0 turns it
 *     off; reading shows what is left of the count, 0 once it fired.
 *   - at random, boot keys in Linux's syntax
 *     `fail_page_alloc=<interval>,<probability>,<space>,<times>` and
 *     `failslab=...` (the chain site follows failslab: a chain block is a
 *     slab object), with `fault_inject_seed=N` for a reproducible sequence
 *     (a xorshift generator; default seed 1). Init (pid 1) is spared: its
 *     death would be a panic.
 *
 * Eligible: an allocation made by a user process in its own context, with
 * interrupts on (interrupt handlers run with them off, so none of theirs
 * counts, nor any atomic section's), not by reclaim (memalloc,
 * __GFP_MEMALLOC), not by an OOM victim (whose allocations fail anyway),
 * not __GFP_NOFAIL. Kernel threads (kswapd, the self-tests, boot) never
 * count, so nothing boot-critical is ever failed.
 *
 * Locking: a task's fail_nth changes only in its own context (the count)
 * or from /proc with interrupts off (task_find); the random state and the
 * counters change with interrupts off. One CPU.
 */
#include "kernel/fault_inject.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "arch/x86/arch.h"
#include "mm/mm.h"

unsigned long fault_injected[FAULT_NR_SITES];
bool fault_random_armed;

static const char *const site_names[FAULT_NR_SITES] = { "page_alloc", "slab", "pte_chain" };

/* One random-failure rule: Linux's struct fault_attr, the fields its boot syntax sets. */
struct fault_attr {
	bool enabled;
	unsigned long interval;    /* only every interval-th eligible call may fail */
	unsigned long probability; /* percent */
	long space;                /* bytes that pass before the first failure */
	long times;                /* failures left; -1 no limit */
	unsigned long count;       /* eligible calls seen (for interval) */
};

static struct fault_attr attr_page, attr_slab;
static u32 rand_state = 1;

static u32 next_random(void)
{
	u32 x = rand_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rand_state = x;
}

static bool eligible(unsigned int gfp)
{
	struct task *t = current;

	if (!t || !t->is_user || t->memalloc || t->oom_victim)
		return false;
	if (gfp & (__GFP_NOFAIL | __GFP_MEMALLOC))
		return false;
	return arch_irqs_enabled();
}

/* Linux's should_fail for a random rule; interrupts off. */
static bool random_fails(struct fault_attr *a, size_t size)
{
	if (!a->enabled || a->times == 0)
		return false;
	if (a->space > 0) {
		a->space -= (long)size;
		return false;
	}
	if (a->interval > 1 && ++a->count % a->interval)
		return false;
	if (a->probability <= next_random() % 100)
		return false;
	if (a->times > 0)
		a->times--;
	return true;
}

bool __should_fail_alloc(enum fault_site site, unsigned int gfp, size_t size)
{
	struct task *t = current;
	bool fail = false, nth = false;
	unsigned long flags;

	if (!eligible(gfp))
		return false;
	if (t->fail_nth) {
		nth = fail = --t->fail_nth == 0;
		if (!fail)
			return false;
	}
	flags = arch_irq_save();
	/* Random failures spare init (pid 1): its death is a panic, its allocations boot-critical. */
	if (!fail && t->pid != 1)
		fail = random_fails(site == FAULT_PAGE_ALLOC ? &attr_page : &attr_slab, size);
	if (fail)
		fault_injected[site]++;
	arch_irq_restore(flags);
	if (fail)
		printk(KERN_INFO "fault_inject: pid %d (%s): %s allocation of %zu bytes fails (%s)\n",
		       t->pid, t->name, site_names[site], size, nth ? "fail-nth" : "random");
	return fail;
}

unsigned int allocs_allowed(enum fault_site site, unsigned int gfp, size_t size, unsigned int n)
{
	unsigned int i = 0;

	if (likely(!fault_random_armed) && (!current || !current->fail_nth))
		return n;
	while (i < n && !should_fail_alloc(site, gfp, size))
		i++;
	return i;
}

/* ------------------------------------------------------------ fail-nth -- */

struct nth_query {
	int pid;
	bool set, found;
	unsigned int n;
};

static bool nth_match(struct task *t, void *data)
{
	struct nth_query *q = data;

	if (t->pid != q->pid || !t->is_user)
		return false;
	if (q->set)
		t->fail_nth = q->n;
	else
		q->n = t->fail_nth;
	q->found = true;
	return true;
}

int fault_fail_nth_get(int pid, unsigned int *n)
{
	struct nth_query q = { .pid = pid };

	task_find(nth_match, &q);
	*n = q.n;
	return q.found ? 0 : -ESRCH;
}

int fault_fail_nth_set(int pid, unsigned int n)
{
	struct nth_query q = { .pid = pid, .set = true, .n = n };

	task_find(nth_match, &q);
	return q.found ? 0 : -ESRCH;
}

/* ----------------------------------------------------------- boot keys -- */

static bool parse_ulong(const char **s, unsigned long *out, bool allow_neg, bool *neg)
{
	const char *p = *s;
	unsigned long v = 0;

	*neg = false;
	if (allow_neg && *p == '-') {
		*neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (unsigned long)(*p++ - '0');
	*out = v;
	*s = p;
	return true;
}

/* `<interval>,<probability>,<space>,<times>` as Linux's setup_fault_attr reads it. */
static void parse_attr(const char *key, struct fault_attr *a)
{
	const char *s = cmdline_get(key);
	unsigned long v[4];
	bool neg[4];

	if (!s)
		return;
	for (int i = 0; i < 4; i++) {
		if (!parse_ulong(&s, &v[i], i >= 2, &neg[i]) || *s != (i < 3 ? ',' : '\0')) {
			pr_warn("FAULT_INJECTION: failed to parse arguments of %s=\n", key);
			return;
		}
		if (i < 3)
			s++;
	}
	if (v[1] > 100) {
		pr_warn("FAULT_INJECTION: probability of %s= is %lu, using 100\n", key, v[1]);
		v[1] = 100;
	}
	a->interval = v[0] ? v[0] : 1;
	a->probability = v[1];
	a->space = neg[2] ? -(long)v[2] : (long)v[2];
	a->times = neg[3] ? -(long)v[3] : (long)v[3];
	a->enabled = true;
	fault_random_armed = true;
	pr_info("fault_inject: %s interval %lu probability %lu%% space %ld times %ld\n", key,
		a->interval, a->probability, a->space, a->times);
}

static int fault_inject_init(void)
{
	const char *seed = cmdline_get("fault_inject_seed");
	u64 v;

	if (seed && !cmdline_parse_size(seed, &v) && (u32)v)
		rand_state = (u32)v;
	parse_attr("fail_page_alloc", &attr_page);
	parse_attr("failslab", &attr_slab);
	return 0;
}
core_initcall(fault_inject_init);

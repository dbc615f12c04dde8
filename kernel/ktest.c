/*
 * The self-test runner (see kernel/ktest.h for how tests are written).
 *
 * ktest_run() walks the .ktest section, groups the cases by suite in link
 * order, and runs each selected case in a fresh kernel thread so that a
 * fault, a BUG() or a panic inside the test ends only that thread: the trap
 * and panic paths call ktest_failure_in_test() and ktest_abort_current().
 * The runner waits for each test with a timeout, prints KTAP v1 as it goes,
 * then a summary, and exits the emulator with 0 if everything passed.
 *
 * The KTAP text goes straight to the console (console_write), not through
 * printk, so that `quiet` cannot hide it and log levels do not decorate it.
 */
#include "kernel/ktest.h"
#include "kernel/init.h"
#include "arch/x86/traps.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "kernel/panic.h"
#include "mm/mm.h"
#include "mm/vm.h"
#include "fs/vfs.h"
#include "drivers/block.h"
#include "mm/swap.h"

extern const struct ktest_case __ktest_start[], __ktest_end[];
extern const struct ktest_need __ktest_needs_start[], __ktest_needs_end[];

#define MAX_SUITES 64

/*
 * A running test and the completion its thread signals. Allocated per test:
 * a test that times out keeps running with a pointer to it, so it is then
 * deliberately never freed.
 */
struct ktest_slot {
	struct ktest t;
	struct completion done;
};

static bool running;

static void ktap(const char *fmt, ...) __printf(1, 2);
static void ktap(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, MIN((size_t)n, sizeof(line) - 1));
}

/*
 * The leak check: after each suite, every page and slab object its tests
 * took must be back. Caches are dropped first (drop_caches), so what stays
 * allocated is memory somebody really holds. Reported as one more test of
 * the suite, "frees_what_it_allocates".
 */
struct mem_snapshot {
	unsigned long free_pages, slab_objects;
};

static void take_snapshot(struct mem_snapshot *s)
{
	drop_caches();
	s->free_pages = nr_free_pages();
	s->slab_objects = slab_total_objects();
}

static int leak_check(const struct mem_snapshot *before, int index)
{
	struct mem_snapshot after;

	take_snapshot(&after);
	if (after.free_pages == before->free_pages &&
	    after.slab_objects == before->slab_objects) {
		ktap("    ok %d frees_what_it_allocates\n", index);
		return 1;
	}
	ktap("        # free pages %lu before the suite, %lu after; slab objects %lu, %lu\n",
	     before->free_pages, after.free_pages, before->slab_objects, after.slab_objects);
	ktap("    not ok %d frees_what_it_allocates\n", index);
	return 0;
}

/*
 * After each suite (and its leak check), the VM invariant checker
 * (mm/vm_check.c) must find every page table and reverse map consistent.
 * Reported as one more test of the suite, "vm_invariants_hold".
 */
static int vm_invariants_check(int index)
{
	struct vm_check_report r;

	if (!vm_check("after a suite", &r)) {
		ktap("    ok %d vm_invariants_hold\n", index);
		return 1;
	}
	ktap("        # vm_check: %lu violations (%lu mms, %lu PTEs, %lu reverse-map entries)\n",
	     r.violations, r.mms, r.ptes, r.rmap_entries);
	ktap("    not ok %d vm_invariants_hold\n", index);
	return 0;
}

void ktest_log(const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ktap("        # %s\n", line);
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	t->failures++;
	ktap("        # %s:%d: %s\n", file, line, msg);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

struct ktest *ktest_current(void)
{
	return current ? current->ktest : NULL;
}

bool ktest_selected(void)
{
	return running;
}

bool ktest_failure_in_test(const char *reason)
{
	struct ktest *t = ktest_current();

	if (!t)
		return false;
	t->failures++;
	t->abort_reason = reason;
	return true;
}

/* A kernel fault inside a test fails that test only (arch/x86/traps.c calls this). */
static void ktest_kernel_fault(const char *reason)
{
	if (ktest_failure_in_test(reason))
		ktest_abort_current(); /* does not return */
}

static int ktest_init(void)
{
	kernel_fault_hook = ktest_kernel_fault;
	return 0;
}
core_initcall(ktest_init);

/* End the calling test thread; the runner sees the verdict already recorded. */
void ktest_abort_current(void)
{
	struct ktest_slot *slot = container_of(current->ktest, struct ktest_slot, t);

	complete(&slot->done);
	thread_exit(1);
}

void ktest_end_test(void)
{
	ktest_abort_current();
}

static void test_thread(void *arg)
{
	struct ktest_slot *slot = arg;

	slot->t.tc->fn(&slot->t);
	complete(&slot->done);
}

/* Run one case; returns 1 if it passed (or was skipped), 0 otherwise. */
static int report_case(const struct ktest *t, int index)
{
	if (t->abort_reason)
		ktap("        # test aborted: %s\n", t->abort_reason);
	if (t->skipped && !t->failures) {
		ktap("    ok %d %s # SKIP %s\n", index, t->tc->name, t->skip_reason);
		return 1;
	}
	ktap("    %sok %d %s\n", t->failures ? "not " : "", index, t->tc->name);
	return !t->failures;
}

const char *ktest_missing(const char *need)
{
	if (!need)
		return NULL;
	if (!strcmp(need, "ram0"))
		return block_device_find("ram0") ? NULL
			: "no ram0: GRUB could not load the ramdisk (too little RAM)";
	if (!strcmp(need, "swap"))
		return total_swap_pages ? NULL
			: "no swap area enabled (tests/block_disks.py attaches mkswap disks)";
	return "needs an unknown resource";
}

/* Why tc cannot run here (its own need or its suite's), or NULL. */
static const char *case_missing(const struct ktest_case *tc)
{
	const char *why = ktest_missing(tc->needs);

	for (const struct ktest_need *n = __ktest_needs_start; !why && n < __ktest_needs_end; n++)
		if (!strcmp(n->suite, tc->suite))
			why = ktest_missing(n->needs);
	return why;
}

/* Run one case; returns 1 if it passed (or was skipped), 0 otherwise. */
static int run_case(const struct ktest_case *tc, int index)
{
	unsigned int timeout_s = tc->timeout_s ? tc->timeout_s : KTEST_DEFAULT_TIMEOUT_S;
	const char *missing = case_missing(tc);
	struct ktest_slot *slot;
	struct task *th = NULL;
	unsigned long flags;
	int ok;

	if (missing) {
		ktap("    ok %d %s # SKIP %s\n", index, tc->name, missing);
		return 1;
	}
	slot = kzalloc(sizeof(*slot), GFP_KERNEL);
	if (slot) {
		slot->t.tc = tc;
		init_completion(&slot->done);
		flags = arch_irq_save(); /* the thread must not run before it knows its test */
		th = kthread_create(test_thread, slot, "ktest");
		if (th)
			th->ktest = &slot->t;
		arch_irq_restore(flags);
	}
	if (!th) {
		ktap("    not ok %d %s # out of memory starting the test\n", index, tc->name);
		kfree(slot);
		return 0;
	}
	if (!wait_for_completion_timeout(&slot->done, timeout_s * HZ)) {
		ktap("        # timed out after %u s\n", timeout_s);
		ktap("    not ok %d %s # TIMEOUT\n", index, tc->name);
		/* It may hold anything: leave the thread and its slot alone. */
		kthread_detach(th);
		return 0;
	}
	kthread_join(th);
	ok = report_case(&slot->t, index);
	kfree(slot);
	return ok;
}

/*
 * The case of `suite` that follows `prev` in line order, or the first one
 * when prev is NULL. The compiler emits a file's cases in reverse, so the
 * section order alone would run them backwards.
 */
static bool case_before(const struct ktest_case *a, const struct ktest_case *b)
{
	return a->line < b->line || (a->line == b->line && a < b);
}

static const struct ktest_case *next_case(const char *suite, const struct ktest_case *prev)
{
	const struct ktest_case *best = NULL;

	for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++) {
		if (strcmp(tc->suite, suite) || (prev && !case_before(prev, tc)))
			continue;
		if (!best || case_before(tc, best))
			best = tc;
	}
	return best;
}

/* Suites named meta_* test the runner itself and must be named to run. */
static bool suite_in_selection(const char *suite, const char *sel)
{
	if (!sel || !*sel || !strcmp(sel, "all"))
		return strncmp(suite, "meta_", 5) != 0;
	return cmdline_list_contains(sel, suite, strlen(suite));
}

static int collect_suites(const char *sel, const char **suites)
{
	int n = 0;

	for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++) {
		bool seen = false;

		if (!suite_in_selection(tc->suite, sel))
			continue;
		for (int i = 0; i < n; i++)
			seen |= !strcmp(suites[i], tc->suite);
		if (!seen && n < MAX_SUITES)
			suites[n++] = tc->suite;
	}
	return n;
}

static bool suite_exists(const char *name, size_t len)
{
	for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++)
		if (strlen(tc->suite) == len && !strncmp(tc->suite, name, len))
			return true;
	return false;
}

/* Names in the selection that match no suite are errors, not silent no-ops. */
static int count_unknown_suites(const char *sel)
{
	int unknown = 0;

	if (!sel || !*sel || !strcmp(sel, "all"))
		return 0;
	while (*sel) {
		const char *comma = strchr(sel, ',');
		size_t n = comma ? (size_t)(comma - sel) : strlen(sel);

		if (n && !suite_exists(sel, n)) {
			ktap("# ktest: no suite named '%.*s'\n", (int)n, sel);
			unknown++;
		}
		sel += n + (comma ? 1 : 0);
	}
	return unknown;
}

void ktest_run(const char *selection)
{
	const char *suites[MAX_SUITES];
	int nsuites, passed = 0, failed = 0;

	running = true;
	nsuites = collect_suites(selection, suites);
	failed += count_unknown_suites(selection);
	ktap("KTAP version 1\n1..%d\n", nsuites);
	for (int s = 0; s < nsuites; s++) {
		int ncases = 0, index = 0, suite_failed = 0;

		for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++)
			ncases += !strcmp(tc->suite, suites[s]);
		struct mem_snapshot before;

		ktap("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", suites[s], ncases + 2);
		take_snapshot(&before);
		for (const struct ktest_case *tc = NULL; (tc = next_case(suites[s], tc));) {
			if (run_case(tc, ++index))
				passed++;
			else
				failed++, suite_failed++;
		}
		if (leak_check(&before, ++index))
			passed++;
		else
			failed++, suite_failed++;
		if (vm_invariants_check(++index))
			passed++;
		else
			failed++, suite_failed++;
		ktap("%sok %d %s\n", suite_failed ? "not " : "", s + 1, suites[s]);
	}
	ktap("# ktest: %d passed, %d failed\n", passed, failed);
	emulator_exit(failed ? 1 : 0);
}

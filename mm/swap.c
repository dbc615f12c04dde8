/*
 * The LRU lists and every transition between them (mm/lru.h; seed 004,
 * "Page Cache Data"): the global active and inactive_dirty lists, each
 * zone's inactive_clean list, page->age and the list counters. mm/vmscan.c
 * decides what moves where; this file only moves pages, and checks on
 * every move that the page is where the move says it is.
 *
 * One helper, add_to_list, puts a page on a list: it first checks the page
 * is on no list, then sets the list flag, the age and the counters
 * together; del_from_list is its inverse. Every public transition is a
 * del_from_list + add_to_list under the lock, so a page is never on two
 * lists, nor on a list without its flag.
 *
 * Protection (mm/workingset.c decides, this file keeps the flag): a page
 * entering the LRU is protected (PG_workingset) when it is a recent refault
 * or the protected set is short of its target by more than half the cold
 * allocation (workingset_protect_new); an inactive page reactivated
 * is protected; del_from_list clears the flag, so it never survives a move
 * off the active list, and nr_protected_pages changes with it under the
 * lock. New and re-faulted pages still start active at PAGE_AGE_START.
 *
 * Ageing. age_page_up adds PAGE_AGE_ADV up to PAGE_AGE_MAX; age_page_down
 * halves the age (2.4.0's age_page_down_ageonly). Halving, not a decrement
 * of one: a page that was hot for a long time and is no longer used drops
 * from 64 to 0 in 7 scans instead of 64, so a past burst of use cannot keep
 * a dead page resident for long, while a page used on most scans still
 * climbs (+3 each time it is seen referenced against /2 when not).
 *
 * Locking: pagemap_lru_lock (a spinlock: interrupts off) protects the
 * lists, the list flags and the counters; page->age is changed under it
 * too. It nests inside nothing but may be taken with pagecache_lock held
 * (add_to_page_cache adds a new page under it). Nothing here sleeps.
 * Reference counts: the lists hold none (mm/lru.h).
 */
#include "mm/lru.h"
#include "mm/internal.h"
#include "mm/debug.h"
#include "mm/vmstat.h"
#include "mm/workingset.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/init.h"

static DEFINE_SPINLOCK(pagemap_lru_lock);
static LIST_HEAD(active_list);
static LIST_HEAD(inactive_dirty_list);
static unsigned long nr_active_pages, nr_inactive_dirty_pages;
static unsigned long nr_protected_pages; /* active pages with PG_workingset */

static const char *const lru_names[] = {
	[LRU_NONE] = "none",
	[LRU_ACTIVE] = "active",
	[LRU_INACTIVE_DIRTY] = "inactive_dirty",
	[LRU_INACTIVE_CLEAN] = "inactive_clean",
};

const char *lru_name(enum lru_list_id l)
{
	return (unsigned int)l < ARRAY_SIZE(lru_names) ? lru_names[l] : "?";
}

static const int lru_flag[] = {
	[LRU_ACTIVE] = PG_active,
	[LRU_INACTIVE_DIRTY] = PG_inactive_dirty,
	[LRU_INACTIVE_CLEAN] = PG_inactive_clean,
};

/* ------------------------------------------------------------ tracing -- */

struct lru_trace_entry lru_trace_log[LRU_TRACE_LOG];
unsigned int lru_trace_count;
static struct address_space *trace_mapping;
static unsigned long trace_index;

static void trace_record(struct page *page, enum lru_list_id from, enum lru_list_id to,
			 const char *fn, const char *what)
{
	struct lru_trace_entry *e = &lru_trace_log[lru_trace_count++ % LRU_TRACE_LOG];

	e->pfn = page_to_pfn(page);
	e->from = from;
	e->to = to;
	e->age = page_age(page);
	e->fn = fn;
	e->what = what;
}

static void trace_move(struct page *page, enum lru_list_id from, enum lru_list_id to,
		       void *caller)
{
	unsigned long off;
	const char *fn = ksym_lookup((unsigned long)caller, &off, NULL);

	trace_record(page, from, to, fn ? fn : "?", NULL);
	printk(KERN_INFO "vmtrace: pfn %lu %s -> %s age %u by %s\n", page_to_pfn(page),
	       lru_name(from), lru_name(to), page_age(page), fn ? fn : "?");
}

void lru_trace_event(struct page *page, const char *what)
{
	if (unlikely(test_page_flag(page, PG_trace))) {
		trace_record(page, page_lru(page), page_lru(page), NULL, what);
		printk(KERN_INFO "vmtrace: pfn %lu %s (%s, age %u)\n", page_to_pfn(page), what,
		       lru_name(page_lru(page)), page_age(page));
	}
}

void lru_trace_mapping(struct address_space *mapping, unsigned long index)
{
	trace_mapping = mapping;
	trace_index = index;
}

void lru_trace_page(struct page *page, bool on)
{
	if (on)
		set_page_flag(page, PG_trace);
	else
		clear_page_flag(page, PG_trace);
}

/* vmtrace=pfn,pfn,...: trace those frames from boot on. */
static int vmtrace_setup(void)
{
	const char *v = cmdline_get("vmtrace");

	while (v && *v) {
		unsigned long pfn = 0;

		while (*v >= '0' && *v <= '9')
			pfn = pfn * 10 + (unsigned long)(*v++ - '0');
		if (pfn_valid(pfn))
			lru_trace_page(pfn_to_page(pfn), true);
		while (*v && *v != ',' && *v != ' ')
			v++;
		if (*v != ',')
			break;
		v++;
	}
	return 0;
}
core_initcall(vmtrace_setup);

/* ----------------------------------------------------- the one mover -- */

static struct list_head *list_of(enum lru_list_id l, struct page *page)
{
	switch (l) {
	case LRU_ACTIVE: return &active_list;
	case LRU_INACTIVE_DIRTY: return &inactive_dirty_list;
	default: return &page_zone(page)->inactive_clean_list;
	}
}

static __always_inline void count_list(struct page *page, enum lru_list_id l, long n)
{
	switch (l) {
	case LRU_ACTIVE:
		nr_active_pages += n;
		break;
	case LRU_INACTIVE_DIRTY:
		nr_inactive_dirty_pages += n;
		break;
	case LRU_INACTIVE_CLEAN:
		page_zone(page)->inactive_clean_pages += n;
		break;
	default:
		break;
	}
}

/* Lock held. The page must be on no list; puts it at the head of l with age. */
static void add_to_list(struct page *page, enum lru_list_id l, unsigned int age)
{
	if (unlikely(page_lru(page) != LRU_NONE)) {
		dump_page(page, "LRU: page added to a list while on another");
		BUG();
	}
	VM_BUG_ON_PAGE(page_count(page) <= 0, page);
	set_page_flag(page, lru_flag[l]);
	set_page_age(page, age);
	list_add(&page->list, list_of(l, page));
	count_list(page, l, 1);
}

/* Lock held. Takes the page off its list (it must be on l), and out of the protected set. */
static void del_from_list(struct page *page, enum lru_list_id l)
{
	if (unlikely(page_lru(page) != l)) {
		dump_page(page, "LRU: page is not on the list it is taken from");
		BUG();
	}
	list_del_init(&page->list);
	clear_page_flag(page, lru_flag[l]);
	count_list(page, l, -1);
	if (test_and_clear_page_flag(page, PG_workingset))
		nr_protected_pages--;
	clear_page_flag(page, PG_demoted);
}

/* Lock held: an active page joins the protected working set. */
static void protect_page(struct page *page)
{
	VM_BUG_ON_PAGE(page_lru(page) != LRU_ACTIVE, page);
	if (!test_and_set_page_flag(page, PG_workingset))
		nr_protected_pages++;
}

/* Lock held: from wherever the page is (it must be on a list) to l. */
static void move_page(struct page *page, enum lru_list_id to, unsigned int age, void *caller)
{
	enum lru_list_id from = page_lru(page);
	bool demoted;

	if (unlikely(from == LRU_NONE)) {
		dump_page(page, "LRU: moving a page that is on no list");
		BUG();
	}
	/* A protected page going inactive, until it is used again or leaves memory. */
	demoted = to != LRU_ACTIVE && (test_page_flag(page, PG_demoted) ||
				       (from == LRU_ACTIVE && test_page_flag(page, PG_workingset)));
	/* The protected set's turnover: mm/workingset.c's refault test counts these. */
	if (to != LRU_ACTIVE && from == LRU_ACTIVE && test_page_flag(page, PG_workingset))
		count_vm_event(WS_DEMOTE);
	del_from_list(page, from);
	add_to_list(page, to, age);
	if (demoted)
		set_page_flag(page, PG_demoted);
	if (unlikely(test_page_flag(page, PG_trace)))
		trace_move(page, from, to, caller);
}

/* ------------------------------------------------------ transitions -- */

static unsigned long lru_pages_locked(void);

void lru_cache_add(struct page *page)
{
	/*
	 * New anonymous memory has no past: no history lookup (a call) for it.
	 * A page read ahead is judged when a fault uses it (lru_readahead_used).
	 */
	bool refault = page->mapping && !test_page_flag(page, PG_readahead) &&
		       workingset_refault(page);

	if (unlikely(trace_mapping) && page->mapping == trace_mapping && page->index == trace_index)
		set_page_flag(page, PG_trace);
	spin_lock(&pagemap_lru_lock);
	add_to_list(page, LRU_ACTIVE, PAGE_AGE_START);
	if (refault || workingset_protect_new(nr_protected_pages, lru_pages_locked()))
		protect_page(page);
	if (unlikely(test_page_flag(page, PG_trace)))
		trace_move(page, LRU_NONE, LRU_ACTIVE, __builtin_return_address(0));
	spin_unlock(&pagemap_lru_lock);
}

void lru_readahead_used(struct page *page)
{
	if (!workingset_refault(page))
		return;
	spin_lock(&pagemap_lru_lock);
	/* Not active any more: the fault's activate_page protects it anyway. */
	if (page_lru(page) == LRU_ACTIVE)
		protect_page(page);
	spin_unlock(&pagemap_lru_lock);
}

void lru_cache_del(struct page *page)
{
	enum lru_list_id l;

	spin_lock(&pagemap_lru_lock);
	l = page_lru(page);
	if (l != LRU_NONE) {
		del_from_list(page, l);
		if (unlikely(test_page_flag(page, PG_trace)))
			trace_move(page, l, LRU_NONE, __builtin_return_address(0));
	}
	spin_unlock(&pagemap_lru_lock);
}

void activate_page(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	if (page_lru(page) != LRU_NONE) {
		enum lru_list_id from = page_lru(page);
		bool was_protected = test_page_flag(page, PG_workingset);

		if (from != LRU_ACTIVE)
			count_vm_event(PGACTIVATE);
		move_page(page, LRU_ACTIVE, MAX(page_age(page), (unsigned int)PAGE_AGE_START),
			  __builtin_return_address(0));
		/* An inactive page used again before it left memory is in the working set. */
		if (was_protected || from != LRU_ACTIVE)
			protect_page(page);
	}
	spin_unlock(&pagemap_lru_lock);
}

void deactivate_page(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	if (page_lru(page) == LRU_ACTIVE) {
		move_page(page, LRU_INACTIVE_DIRTY, 0, __builtin_return_address(0));
		count_vm_event(PGDEACTIVATE);
		workingset_deactivated();
	}
	spin_unlock(&pagemap_lru_lock);
}

void move_to_inactive_clean(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	VM_BUG_ON_PAGE(page_lru(page) != LRU_INACTIVE_DIRTY, page);
	move_page(page, LRU_INACTIVE_CLEAN, 0, __builtin_return_address(0));
	spin_unlock(&pagemap_lru_lock);
}

void move_to_inactive_dirty(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	if (page_lru(page) != LRU_NONE)
		move_page(page, LRU_INACTIVE_DIRTY, 0, __builtin_return_address(0));
	spin_unlock(&pagemap_lru_lock);
}

void lru_rotate(struct page *page)
{
	enum lru_list_id l;

	spin_lock(&pagemap_lru_lock);
	l = page_lru(page);
	if (l != LRU_NONE)
		list_move(&page->list, list_of(l, page));
	spin_unlock(&pagemap_lru_lock);
}

void mark_page_accessed(struct page *page)
{
	enum lru_list_id l = page_lru(page);

	if (l == LRU_INACTIVE_DIRTY || l == LRU_INACTIVE_CLEAN) {
		activate_page(page);
		return;
	}
	set_page_flag(page, PG_referenced);
}

void age_page_up(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	set_page_age(page, MIN(page_age(page) + PAGE_AGE_ADV, (unsigned int)PAGE_AGE_MAX));
	spin_unlock(&pagemap_lru_lock);
	lru_trace_event(page, "aged up");
}

void age_page_down(struct page *page)
{
	spin_lock(&pagemap_lru_lock);
	set_page_age(page, page_age(page) / 2);
	spin_unlock(&pagemap_lru_lock);
	lru_trace_event(page, "aged down");
}

/* --------------------------------------------------------- scanning -- */

struct page *lru_take_oldest(enum lru_list_id list, unsigned int zone)
{
	struct list_head *head;
	struct page *page = NULL;

	spin_lock(&pagemap_lru_lock);
	head = list == LRU_INACTIVE_CLEAN ? &zone_table[zone].inactive_clean_list
	       : list == LRU_ACTIVE	  ? &active_list
					  : &inactive_dirty_list;
	/* Pages at count 0 are being freed (they leave the list next): pass them. */
	for (struct list_head *e = head->prev; e != head; e = e->prev) {
		struct page *p = list_entry(e, struct page, list);

		if (get_page_unless_zero(p)) {
			page = p;
			list_move(&p->list, head);
			break;
		}
	}
	spin_unlock(&pagemap_lru_lock);
	return page;
}

unsigned long lru_walk(enum lru_list_id list, unsigned int zone,
		       void (*fn)(struct page *page, void *data), void *data)
{
	struct list_head *head;
	struct page *p;
	unsigned long n = 0;

	spin_lock(&pagemap_lru_lock);
	head = list == LRU_INACTIVE_CLEAN ? &zone_table[zone].inactive_clean_list
	       : list == LRU_ACTIVE	  ? &active_list
					  : &inactive_dirty_list;
	list_for_each_entry(p, head, list) {
		fn(p, data);
		n++;
	}
	spin_unlock(&pagemap_lru_lock);
	return n;
}

/*
 * The anonymous/file split is counted by walking the lists, not kept in
 * counters: a page's kind changes while it sits on a list (it enters or
 * leaves the swap cache, is truncated out of a file), and a walk is only
 * asked for by reports.
 */
static unsigned long count_anon(struct list_head *head)
{
	struct page *p;
	unsigned long n = 0;

	list_for_each_entry(p, head, list)
		n += PageAnon(p);
	return n;
}

void lru_counts(struct lru_counts *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&pagemap_lru_lock);
	out->active = nr_active_pages;
	out->active_protected = nr_protected_pages;
	out->inactive_dirty = nr_inactive_dirty_pages;
	out->active_anon = count_anon(&active_list);
	out->inactive_anon = count_anon(&inactive_dirty_list);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		out->inactive_clean_zone[z] = zone_table[z].inactive_clean_pages;
		out->inactive_clean += zone_table[z].inactive_clean_pages;
		out->inactive_anon += count_anon(&zone_table[z].inactive_clean_list);
	}
	spin_unlock(&pagemap_lru_lock);
}

void lru_totals(struct lru_counts *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&pagemap_lru_lock);
	out->active = nr_active_pages;
	out->inactive_dirty = nr_inactive_dirty_pages;
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		out->inactive_clean_zone[z] = zone_table[z].inactive_clean_pages;
		out->inactive_clean += zone_table[z].inactive_clean_pages;
	}
	out->active_protected = nr_protected_pages;
	spin_unlock(&pagemap_lru_lock);
}

/* Lock held: every page on an LRU list. */
static unsigned long lru_pages_locked(void)
{
	unsigned long n = nr_active_pages + nr_inactive_dirty_pages;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_table[z].inactive_clean_pages;
	return n;
}

unsigned long lru_nr_protected(void)
{
	return READ_ONCE(nr_protected_pages);
}

unsigned long lru_nr_pages(void)
{
	return lru_pages_locked(); /* a racy sum is fine for the heuristics that ask */
}

unsigned long nr_inactive_clean_pages(void)
{
	unsigned long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += READ_ONCE(zone_table[z].inactive_clean_pages);
	return n;
}

void lru_init(void)
{
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		INIT_LIST_HEAD(&zone_table[z].inactive_clean_list);
		zone_table[z].inactive_clean_pages = 0;
	}
}

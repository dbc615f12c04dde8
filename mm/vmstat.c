/*
 * The VM event counters (mm/vmstat.h) and their Linux names. Owns nothing
 * else; the list sizes come from mm/swap.c (lru_counts) and the free
 * pages from mm/page_alloc.c.
 */
#include "mm/vmstat.h"

unsigned long vm_event_counts[NR_VM_EVENTS];

static const char *const vm_event_names[NR_VM_EVENTS] = {
#define VM_EVENT_NAME(e, name) [e] = name,
	VM_EVENTS(VM_EVENT_NAME)
#undef VM_EVENT_NAME
};

const char *vm_event_name(enum vm_event_item e)
{
	return (unsigned int)e < NR_VM_EVENTS ? vm_event_names[e] : "?";
}

/* ------------------------------------------------------ the text form -- */
#include "mm/lru.h"
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/workingset.h"
#include "kernel/printk.h"
#include "kernel/fault_inject.h"

struct text_buf {
	char *buf;
	size_t len, used;
};

static void put_line(struct text_buf *t, const char *name, unsigned long v)
{
	int n;

	if (t->used >= t->len)
		return;
	n = snprintf(t->buf + t->used, t->len - t->used, "%s %lu\n", name, v);
	if (n > 0)
		t->used = MIN(t->len, t->used + (size_t)n);
}

size_t vmstat_text(char *buf, size_t len)
{
	struct text_buf t = { buf, len, 0 };
	struct lru_counts c;
	struct workingset_stats ws;
	unsigned long inactive;

	lru_counts(&c);
	workingset_get_stats(&ws);
	inactive = c.inactive_dirty + c.inactive_clean;
	put_line(&t, "nr_free_pages", nr_free_pages());
	put_line(&t, "nr_inactive_anon", c.inactive_anon);
	put_line(&t, "nr_active_anon", c.active_anon);
	put_line(&t, "nr_inactive_file", inactive - c.inactive_anon);
	put_line(&t, "nr_active_file", c.active - c.active_anon);
	put_line(&t, "nr_swapcached", swapper_space.nrpages);
	/* This kernel's own: the seed's three lists. */
	put_line(&t, "nr_active", c.active);
	put_line(&t, "nr_inactive_dirty", c.inactive_dirty);
	put_line(&t, "nr_inactive_clean", c.inactive_clean);
	put_line(&t, "nr_swap_pages", nr_swap_pages);
	put_line(&t, "total_swap_pages", total_swap_pages);
	for (unsigned int e = 0; e < NR_VM_EVENTS; e++)
		put_line(&t, vm_event_names[e], vm_event_counts[e]);
	/* This kernel's own: the protected set and its history (mm/workingset.c). */
	put_line(&t, "nr_protected", ws.protected);
	put_line(&t, "nr_cold_target", ws.cold_target);
	put_line(&t, "workingset_refault_protected", ws.refaults_protected);
	put_line(&t, "workingset_forgotten", ws.forgotten);
	put_line(&t, "workingset_stall", ws.stalls);
	/* This kernel's own: failures kernel/fault_inject.c injected. */
	put_line(&t, "fault_inject_page_alloc", fault_injected[FAULT_PAGE_ALLOC]);
	put_line(&t, "fault_inject_slab", fault_injected[FAULT_SLAB]);
	put_line(&t, "fault_inject_pte_chain", fault_injected[FAULT_CHAIN]);
	return t.used;
}

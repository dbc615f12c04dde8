/*
 * Page diagnostics: dump_page() prints a struct page with its flags decoded;
 * bad_page() is where the allocator's free and alloc checks end up. Owns
 * vm_debug (the `debug_vm` switch) and the self-test hook that lets a test
 * provoke bad_page() on purpose.
 *
 * Context: any; nothing here sleeps or allocates. bad_page() is called with
 * the zone lock possibly held, so it only prints and counts.
 */
#include "mm/internal.h"
#include "mm/debug.h"
#include "mm/rmap.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/panic.h"

bool vm_debug;
unsigned long bad_page_reports;
static struct ktest *bad_page_expected_by;

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_error] = "error",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_active] = "active",
	[PG_inactive_dirty] = "inactive_dirty",
	[PG_inactive_clean] = "inactive_clean",
	[PG_swapcache] = "swapcache",
	[PG_launder] = "launder",
	[PG_reserved] = "reserved",
	[PG_hole] = "hole",
	[PG_buddy] = "buddy",
	[PG_slab] = "slab",
	[PG_pgtable] = "pgtable",
	[PG_direct] = "direct",
	[PG_chainlock] = "chainlock",
	[PG_trace] = "trace",
	[PG_workingset] = "workingset",
	[PG_readahead] = "readahead",
	[PG_demoted] = "demoted",
};

static const char *const zone_names[MAX_NR_ZONES + 1] = { "DMA", "Normal", "HighMem", "?" };

void dump_page(const struct page *page, const char *reason)
{
	char buf[160];
	size_t n = 0;
	int bit;

	buf[0] = 0;
	for (bit = 0; bit < __NR_PAGEFLAGS; bit++)
		if (test_page_flag(page, bit) && n < sizeof(buf) - 20)
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "|" : "",
				      pageflag_names[bit]);
	printk(KERN_ALERT "page:%p pfn:%#lx count:%d zone:%s age:%u flags:%#lx(%s)\n",
	       page, page_to_pfn(page), page->count, zone_names[page_zonenum(page)],
	       page_age(page), page->flags, buf);
	printk(KERN_ALERT "  mapping:%p index:%#lx pte:%p next_hash:%p list:%p/%p\n",
	       (void *)page->mapping, page->index, (void *)page->pte_chain,
	       (void *)page->next_hash, (void *)page->list.next, (void *)page->list.prev);
	dump_page_mappings(page);
	if (reason)
		printk(KERN_ALERT "  page dumped because: %s\n", reason);
}

void bad_page_expect(bool on)
{
	bad_page_expected_by = on ? ktest_current() : NULL;
}

void bad_page(struct page *page, const char *reason)
{
	struct ktest *t = ktest_current();

	vm_events.bad_pages++;
	if (t && t == bad_page_expected_by) {
		printk(KERN_WARNING "bad_page (expected by the running test): %s, pfn %#lx\n",
		       reason, page_to_pfn(page));
		bad_page_reports++;
		return;
	}
	printk(KERN_ALERT "BUG: bad page state: %s\n", reason);
	dump_page(page, reason);
	panic("bad page state (pfn %#lx): %s", page_to_pfn(page), reason);
}

/*
 * HIGHMEM access: frames above max_low_pfn have no permanent kernel
 * address, so the kernel maps them on demand. Owns the pkmap slots
 * (kmap/kunmap: LAST_PKMAP long-lived mappings in one page table at
 * PKMAP_BASE) and the kmap_atomic fixmap slots (one per km_type).
 *
 * pkmap_count[nr]: 0 = slot free and its TLB entry flushed; 1 = unused but
 * still mapped (a later kmap of the same page reuses it, a flush frees it);
 * n > 1 = mapped with n-1 users. When no slot is free, kmap flushes every
 * count-1 slot at once (one global TLB flush) and, if still none is free,
 * sleeps on pkmap_wait until a kunmap drops a slot to 1. A small hash from
 * page to slot makes kmap and page_address O(1).
 *
 * kmap_atomic never sleeps: it writes the fixmap PTE of its type, with
 * interrupts off until kunmap_atomic (one CPU: nothing else can use the
 * slot meanwhile), and invalidates that one TLB entry.
 *
 * Locking: kmap_lock (a spinlock) over the pkmap tables; kmap and kunmap
 * may sleep / must be called from thread context, kmap_atomic from any.
 */
#include "mm/internal.h"
#include "mm/debug.h"
#include "arch/x86/mmu.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "kernel/wait.h"

#define PKMAP_HASH_SIZE 256
#define PKMAP_NONE 0xffffU

static unsigned int pkmap_count[LAST_PKMAP];
static struct page *pkmap_page[LAST_PKMAP];
static u16 pkmap_next[LAST_PKMAP];          /* hash chain */
static u16 pkmap_hash[PKMAP_HASH_SIZE];     /* first slot of each chain */
static unsigned int last_pkmap_nr;
static DEFINE_SPINLOCK(kmap_lock);
static DECLARE_WAIT_QUEUE_HEAD(pkmap_wait);
static unsigned long km_saved_flags[KM_TYPE_NR];

/* fixmap index of a kmap_atomic type: index 0 is the unmapped top page. */
#define FIX_KMAP_BEGIN 1

static unsigned int pkmap_hashfn(const struct page *page)
{
	return ((page_to_pfn(page) * 2654435761u) >> 24) & (PKMAP_HASH_SIZE - 1);
}

void kmap_init(void)
{
	unsigned int i;

	for (i = 0; i < PKMAP_HASH_SIZE; i++)
		pkmap_hash[i] = PKMAP_NONE;
	for (i = 0; i < LAST_PKMAP; i++)
		pkmap_next[i] = PKMAP_NONE;
}

/* The slot holding page, or PKMAP_NONE. kmap_lock held. */
static unsigned int pkmap_lookup(const struct page *page)
{
	unsigned int nr = pkmap_hash[pkmap_hashfn(page)];

	while (nr != PKMAP_NONE && pkmap_page[nr] != page)
		nr = pkmap_next[nr];
	return nr;
}

static void pkmap_unhash(unsigned int nr)
{
	u16 *pp = &pkmap_hash[pkmap_hashfn(pkmap_page[nr])];

	while (*pp != nr)
		pp = &pkmap_next[*pp];
	*pp = pkmap_next[nr];
	pkmap_next[nr] = PKMAP_NONE;
}

/* Free every slot nobody uses any more; one global flush covers them all. */
static void flush_all_zero_pkmaps(void)
{
	unsigned int nr;
	bool flushed = false;

	for (nr = 0; nr < LAST_PKMAP; nr++) {
		if (pkmap_count[nr] != 1)
			continue;
		pkmap_count[nr] = 0;
		pte_clear(pkmap_pte(nr));
		pkmap_unhash(nr);
		pkmap_page[nr] = NULL;
		flushed = true;
	}
	if (flushed)
		flush_tlb_all();
}

/* Map page into a free slot, sleeping for one if needed. kmap_lock held. */
static unsigned int map_new_virtual(struct page *page)
{
	unsigned int nr, h;
	int scanned;

	for (;;) {
		for (scanned = 0; scanned < LAST_PKMAP; scanned++) {
			last_pkmap_nr = (last_pkmap_nr + 1) & (LAST_PKMAP - 1);
			if (!last_pkmap_nr)
				flush_all_zero_pkmaps();
			if (!pkmap_count[last_pkmap_nr])
				goto found;
		}
		/* Every slot is in use: wait for a kunmap. */
		{
			DEFINE_WAIT(w);

			prepare_to_wait(&pkmap_wait, &w, TASK_UNINTERRUPTIBLE);
			spin_unlock(&kmap_lock);
			schedule();
			finish_wait(&pkmap_wait, &w);
			spin_lock(&kmap_lock);
		}
		/* Someone may have mapped the page while we slept. */
		nr = pkmap_lookup(page);
		if (nr != PKMAP_NONE)
			return nr;
	}
found:
	nr = last_pkmap_nr;
	set_pte(pkmap_pte(nr), pfn_pte(page_to_pfn(page), PAGE_KERNEL));
	pkmap_count[nr] = 1;
	pkmap_page[nr] = page;
	h = pkmap_hashfn(page);
	pkmap_next[nr] = pkmap_hash[h];
	pkmap_hash[h] = nr;
	return nr;
}

void *kmap(struct page *page)
{
	unsigned int nr;

	if (!PageHighMem(page))
		return page_address(page);
	spin_lock(&kmap_lock);
	nr = pkmap_lookup(page);
	if (nr == PKMAP_NONE)
		nr = map_new_virtual(page);
	pkmap_count[nr]++;
	BUG_ON(pkmap_count[nr] < 2);
	spin_unlock(&kmap_lock);
	return (void *)PKMAP_ADDR(nr);
}

void kunmap(struct page *page)
{
	unsigned int nr;
	bool wake = false;

	if (!PageHighMem(page))
		return;
	spin_lock(&kmap_lock);
	nr = pkmap_lookup(page);
	if (nr == PKMAP_NONE || pkmap_count[nr] < 2) {
		spin_unlock(&kmap_lock);
		panic("kunmap: page pfn %#lx is not kmapped", page_to_pfn(page));
	}
	if (--pkmap_count[nr] == 1)
		wake = true;
	spin_unlock(&kmap_lock);
	if (wake && waitqueue_active(&pkmap_wait))
		wake_up(&pkmap_wait);
}

void *highmem_page_address(struct page *page)
{
	unsigned int nr;
	void *addr = NULL;

	spin_lock(&kmap_lock);
	nr = pkmap_lookup(page);
	if (nr != PKMAP_NONE)
		addr = (void *)PKMAP_ADDR(nr);
	spin_unlock(&kmap_lock);
	return addr;
}

unsigned int pkmap_slots_used(void)
{
	unsigned int nr, n = 0;

	spin_lock(&kmap_lock);
	for (nr = 0; nr < LAST_PKMAP; nr++)
		n += pkmap_count[nr] != 0;
	spin_unlock(&kmap_lock);
	return n;
}

void *kmap_atomic(struct page *page, enum km_type type)
{
	unsigned long flags = arch_irq_save();
	unsigned int idx = FIX_KMAP_BEGIN + type;
	unsigned long vaddr;
	pte_t *ptep;

	BUG_ON((unsigned int)type >= KM_TYPE_NR);
	km_saved_flags[type] = flags;
	if (!PageHighMem(page))
		return page_address(page);
	vaddr = __fix_to_virt(idx);
	ptep = fixmap_pte(idx);
	VM_BUG_ON(!pte_none(ptep_get(ptep)));
	set_pte(ptep, pfn_pte(page_to_pfn(page), PAGE_KERNEL_NOGLOBAL));
	flush_tlb_page(vaddr);
	return (void *)vaddr;
}

void kunmap_atomic(void *kaddr, enum km_type type)
{
	unsigned long vaddr = (unsigned long)kaddr & PAGE_MASK;
	unsigned int idx = FIX_KMAP_BEGIN + type;

	BUG_ON((unsigned int)type >= KM_TYPE_NR);
	if (vaddr >= FIXADDR_START) {
		BUG_ON(vaddr != __fix_to_virt(idx));
		pte_clear(fixmap_pte(idx));
		flush_tlb_page(vaddr);
	}
	arch_irq_restore(km_saved_flags[type]);
}

void clear_highpage(struct page *page)
{
	void *p;

	/* A lowmem page is cleared where it is mapped: no atomic slot needed. */
	if (!PageHighMem(page)) {
		memset(page_address(page), 0, PAGE_SIZE);
		return;
	}
	p = kmap_atomic(page, KM_ZERO);

	memset(p, 0, PAGE_SIZE);
	kunmap_atomic(p, KM_ZERO);
}

void copy_highpage(struct page *to, struct page *from)
{
	void *s = kmap_atomic(from, KM_USER0);
	void *d = kmap_atomic(to, KM_USER1);

	memcpy(d, s, PAGE_SIZE);
	kunmap_atomic(d, KM_USER1);
	kunmap_atomic(s, KM_USER0);
}

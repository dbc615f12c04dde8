/*
 * The slab allocator: caches of equal-sized objects carved out of blocks of
 * pages ("slabs"), and kmalloc's power-of-two-ish size classes on top.
 * Owns every kmem_cache, the slab fields of struct page (slab_cache,
 * slab_freelist, slab_inuse, slab_head) and PG_slab.
 *
 * A slab is 2^order lowmem pages; objects start at its first byte, one
 * every `size` bytes. The slab's bookkeeping lives in the struct page of
 * its first frame: page->list links it on the cache's full, partial or free
 * list, slab_freelist chains its free objects through their first word,
 * slab_inuse counts objects handed out. Every page of a slab has PG_slab,
 * slab_cache and slab_head, so kfree() finds the cache and the slab from any
 * object address in O(1).
 *
 * Allocation takes from a partial slab, else a free one, else grows the
 * cache by one slab. A slab that becomes empty goes on the free list; a
 * cache keeps at most one empty slab (so an alloc/free loop does not call
 * the page allocator every time) and gives further empty slabs back at
 * once. kmem_cache_shrink() returns the kept one too; kmem_cache_reap(),
 * called by the page allocator's reclaim hook, shrinks every cache.
 *
 * Locking: each cache has a spinlock (interrupts off) over its lists and
 * counters; cache_chain_lock protects the list of caches and is taken
 * before a cache lock. No cache lock is held while calling the page
 * allocator, so both directions are free of lock-order cycles. May be
 * called from interrupt handlers with GFP_ATOMIC.
 */
#include "kernel/fault_inject.h"
#include "mm/internal.h"
#include "mm/debug.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"

#define SLAB_MAX_ORDER 5         /* 128 KiB: the largest kmalloc class fits once */
#define SLAB_DEFAULT_ALIGN 8
#define SLAB_FREE_KEEP 1         /* empty slabs a cache keeps */

struct kmem_cache {
	spinlock_t lock;
	struct list_head slabs_full, slabs_partial, slabs_free;
	size_t objsize;          /* what the creator asked for */
	size_t size;             /* the stride: objsize rounded up to align */
	unsigned int order;      /* each slab is 2^order pages */
	unsigned int objs_per_slab;
	unsigned long nr_slabs, nr_free_slabs;
	unsigned long active_objs;
	unsigned long grown, shrunk; /* slabs added / given back, ever */
	const char *name;
	struct list_head chain;  /* on cache_chain */
};

static struct kmem_cache cache_cache; /* the cache of struct kmem_cache */
static LIST_HEAD(cache_chain);
static DEFINE_SPINLOCK(cache_chain_lock);

static const size_t kmalloc_sizes[] = { 16,   32,   64,    96,    128,   192,   256,   512,
					1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072 };
static const char *const kmalloc_names[] = {
	"kmalloc-16",   "kmalloc-32",   "kmalloc-64",   "kmalloc-96",    "kmalloc-128",
	"kmalloc-192",  "kmalloc-256",  "kmalloc-512",  "kmalloc-1024",  "kmalloc-2048",
	"kmalloc-4096", "kmalloc-8192", "kmalloc-16384", "kmalloc-32768", "kmalloc-65536",
	"kmalloc-131072",
};
#define NR_KMALLOC ARRAY_SIZE(kmalloc_sizes)
static struct kmem_cache kmalloc_caches[NR_KMALLOC];
_Static_assert(ARRAY_SIZE(kmalloc_names) == ARRAY_SIZE(kmalloc_sizes), "kmalloc tables");

/* -------------------------------------------------------------- caches -- */

static void cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	unsigned int order;

	if (!align)
		align = SLAB_DEFAULT_ALIGN;
	BUG_ON(align & (align - 1));
	memset(c, 0, sizeof(*c));
	spin_lock_init(&c->lock, "kmem_cache");
	INIT_LIST_HEAD(&c->slabs_full);
	INIT_LIST_HEAD(&c->slabs_partial);
	INIT_LIST_HEAD(&c->slabs_free);
	c->name = name;
	c->objsize = size;
	c->size = ALIGN_UP(MAX(size, sizeof(void *)), align);
	/* The smallest slab that holds an object and wastes at most 1/8 of itself. */
	for (order = 0; order < SLAB_MAX_ORDER; order++) {
		size_t bytes = PAGE_SIZE << order;

		if (bytes >= c->size && (bytes % c->size) * 8 <= bytes)
			break;
	}
	c->order = order;
	c->objs_per_slab = (PAGE_SIZE << order) / c->size;
	BUG_ON(c->objs_per_slab == 0);
}

static void cache_link(struct kmem_cache *c)
{
	spin_lock(&cache_chain_lock);
	list_add_tail(&c->chain, &cache_chain);
	spin_unlock(&cache_chain_lock);
}

void slab_init(void)
{
	unsigned int i;

	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0);
	cache_link(&cache_cache);
	for (i = 0; i < NR_KMALLOC; i++) {
		cache_setup(&kmalloc_caches[i], kmalloc_names[i], kmalloc_sizes[i], 0);
		cache_link(&kmalloc_caches[i]);
	}
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (!size || size > (PAGE_SIZE << SLAB_MAX_ORDER) || (align & (align - 1)))
		return NULL;
	c = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (!c)
		return NULL;
	cache_setup(c, name, size, align);
	cache_link(c);
	return c;
}

/* ---------------------------------------------------------------- slabs -- */

/* A new slab for c, its objects all free; NULL when the page allocator says no. */
static struct page *slab_grow(struct kmem_cache *c, gfp_t gfp)
{
	struct page *head = alloc_pages(gfp & ~(__GFP_HIGHMEM | __GFP_ZERO), c->order);
	unsigned long i, npages = 1UL << c->order;
	char *base, *obj;

	if (!head)
		return NULL;
	base = page_address(head);
	for (i = 0; i < npages; i++) {
		struct page *p = head + i;

		set_page_flag(p, PG_slab);
		p->slab_cache = c;
		p->slab_head = head;
	}
	head->slab_inuse = 0;
	head->slab_freelist = NULL;
	/* Chain the objects so the lowest address is handed out first. */
	for (i = c->objs_per_slab; i-- > 0;) {
		obj = base + i * c->size;
		*(void **)obj = head->slab_freelist;
		head->slab_freelist = obj;
	}
	return head;
}

/* Give a slab, already off the cache's lists, back to the page allocator. */
static void slab_destroy(struct page *head)
{
	struct kmem_cache *c = head->slab_cache;
	unsigned long i, npages = 1UL << c->order;

	BUG_ON(head->slab_inuse);
	for (i = 0; i < npages; i++) {
		struct page *p = head + i;

		clear_page_flag(p, PG_slab);
		p->slab_cache = NULL;
		p->slab_head = NULL;
	}
	head->slab_freelist = NULL;
	head->slab_inuse = 0;
	__free_pages(head, c->order);
}

/* ------------------------------------------------------------- objects -- */

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	struct page *head;
	void *obj;

	if (c != &cache_cache && should_fail_alloc(FAULT_SLAB, gfp, c->objsize))
		return NULL;
	spin_lock(&c->lock);
	for (;;) {
		if (!list_empty(&c->slabs_partial)) {
			head = list_first_entry(&c->slabs_partial, struct page, list);
			break;
		}
		if (!list_empty(&c->slabs_free)) {
			head = list_first_entry(&c->slabs_free, struct page, list);
			list_move(&head->list, &c->slabs_partial);
			c->nr_free_slabs--;
			break;
		}
		spin_unlock(&c->lock);
		head = slab_grow(c, gfp);
		if (!head)
			return NULL;
		spin_lock(&c->lock);
		list_add(&head->list, &c->slabs_free);
		c->nr_slabs++;
		c->nr_free_slabs++;
		c->grown++;
	}
	obj = head->slab_freelist;
	VM_BUG_ON_PAGE(!obj, head);
	head->slab_freelist = *(void **)obj;
	head->slab_inuse++;
	if (head->slab_inuse == c->objs_per_slab)
		list_move(&head->list, &c->slabs_full);
	c->active_objs++;
	spin_unlock(&c->lock);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->objsize);
	return obj;
}

/* With debug_vm: obj must be an object boundary of its slab and not already free. */
static void check_free_object(struct kmem_cache *c, struct page *head, void *obj)
{
	char *base = page_address(head);
	unsigned long off = (unsigned long)((char *)obj - base);
	void *f;
	unsigned int n = 0;

	if (off % c->size || off / c->size >= c->objs_per_slab) {
		dump_page(head, "kmem_cache_free: not an object of this slab");
		panic("kmem_cache_free(%s, %p): not an object boundary", c->name, obj);
	}
	for (f = head->slab_freelist; f && n <= c->objs_per_slab; f = *(void **)f, n++)
		if (f == obj)
			panic("kmem_cache_free(%s, %p): double free", c->name, obj);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *page = virt_to_page(obj), *head, *release = NULL;

	if (unlikely(!PageSlab(page) || page->slab_cache != c)) {
		dump_page(page, "kmem_cache_free: object not from this cache");
		panic("kmem_cache_free(%s, %p): object belongs to %s", c->name, obj,
		      PageSlab(page) ? page->slab_cache->name : "no cache");
	}
	head = page->slab_head;
	spin_lock(&c->lock);
	if (unlikely(vm_debug))
		check_free_object(c, head, obj);
	*(void **)obj = head->slab_freelist;
	head->slab_freelist = obj;
	if (head->slab_inuse-- == c->objs_per_slab)
		list_move(&head->list, &c->slabs_partial);
	if (head->slab_inuse == 0) {
		if (c->nr_free_slabs >= SLAB_FREE_KEEP) {
			list_del_init(&head->list);
			c->nr_slabs--;
			c->shrunk++;
			release = head;
		} else {
			list_move(&head->list, &c->slabs_free);
			c->nr_free_slabs++;
		}
	}
	c->active_objs--;
	spin_unlock(&c->lock);
	if (release)
		slab_destroy(release);
}

unsigned long kmem_cache_shrink(struct kmem_cache *c)
{
	unsigned long pages = 0;

	for (;;) {
		struct page *head;

		spin_lock(&c->lock);
		if (list_empty(&c->slabs_free)) {
			spin_unlock(&c->lock);
			return pages;
		}
		head = list_first_entry(&c->slabs_free, struct page, list);
		list_del_init(&head->list);
		c->nr_free_slabs--;
		c->nr_slabs--;
		c->shrunk++;
		spin_unlock(&c->lock);
		slab_destroy(head);
		pages += 1UL << c->order;
	}
}

unsigned long kmem_cache_reap(void)
{
	struct kmem_cache *c;
	struct page *head, *next;
	unsigned long pages = 0;
	LIST_HEAD(victims);

	/* Unlink every empty slab under the locks, free them after dropping them. */
	spin_lock(&cache_chain_lock);
	list_for_each_entry(c, &cache_chain, chain) {
		spin_lock(&c->lock);
		while (!list_empty(&c->slabs_free)) {
			head = list_first_entry(&c->slabs_free, struct page, list);
			list_move(&head->list, &victims);
			c->nr_free_slabs--;
			c->nr_slabs--;
			c->shrunk++;
		}
		spin_unlock(&c->lock);
	}
	spin_unlock(&cache_chain_lock);
	list_for_each_entry_safe(head, next, &victims, list) {
		list_del_init(&head->list);
		pages += 1UL << head->slab_cache->order;
		slab_destroy(head);
	}
	return pages;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	if (!c)
		return;
	BUG_ON(c == &cache_cache || (c >= kmalloc_caches && c < kmalloc_caches + NR_KMALLOC));
	spin_lock(&cache_chain_lock);
	list_del_init(&c->chain);
	spin_unlock(&cache_chain_lock);
	kmem_cache_shrink(c);
	if (c->active_objs || c->nr_slabs)
		panic("kmem_cache_destroy(%s): %lu objects still in use", c->name,
		      c->active_objs);
	kmem_cache_free(&cache_cache, c);
}

/* -------------------------------------------------------------- kmalloc -- */

static struct kmem_cache *kmalloc_cache(size_t size)
{
	unsigned int i;

	for (i = 0; i < NR_KMALLOC; i++)
		if (size <= kmalloc_sizes[i])
			return &kmalloc_caches[i];
	return NULL;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *c = kmalloc_cache(size);

	if (unlikely(!c || (gfp & __GFP_DMA))) {
		WARN_ON(gfp & __GFP_DMA); /* no DMA caches: use alloc_pages(GFP_DMA) */
		return NULL;
	}
	return kmem_cache_alloc(c, gfp);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kfree(const void *p)
{
	struct page *page;

	if (!p)
		return;
	page = virt_to_page(p);
	if (unlikely(!PageSlab(page))) {
		dump_page(page, "kfree: not a kmalloc object");
		panic("kfree(%p): not a kmalloc object", p);
	}
	kmem_cache_free(page->slab_cache, (void *)p);
}

size_t ksize(const void *p)
{
	struct page *page = virt_to_page(p);

	BUG_ON(!PageSlab(page));
	return page->slab_cache->size;
}

/* -------------------------------------------------------------- reports -- */

unsigned long slab_total_pages(void)
{
	struct kmem_cache *c;
	unsigned long n = 0;

	spin_lock(&cache_chain_lock);
	list_for_each_entry(c, &cache_chain, chain)
		n += c->nr_slabs << c->order;
	spin_unlock(&cache_chain_lock);
	return n;
}

unsigned long slab_total_objects(void)
{
	struct kmem_cache *c;
	unsigned long n = 0;

	spin_lock(&cache_chain_lock);
	list_for_each_entry(c, &cache_chain, chain)
		n += c->active_objs;
	spin_unlock(&cache_chain_lock);
	return n;
}

void slab_print_stats(void)
{
	struct kmem_cache *c;

	pr_info("  slab: %lu pages, %lu objects in use\n", slab_total_pages(),
		slab_total_objects());
	spin_lock(&cache_chain_lock);
	list_for_each_entry(c, &cache_chain, chain) {
		if (!c->nr_slabs)
			continue;
		pr_info("    %-16s size %6u  objs %5lu/%5lu  slabs %4lu (order %u)\n", c->name,
			(unsigned int)c->size, c->active_objs,
			c->nr_slabs * c->objs_per_slab, c->nr_slabs, c->order);
	}
	spin_unlock(&cache_chain_lock);
}

void kmem_cache_counts(struct kmem_cache *c, unsigned long *slabs, unsigned long *free_slabs,
		       unsigned long *active, unsigned int *objs_per_slab, unsigned int *order)
{
	spin_lock(&c->lock);
	*slabs = c->nr_slabs;
	*free_slabs = c->nr_free_slabs;
	*active = c->active_objs;
	*objs_per_slab = c->objs_per_slab;
	*order = c->order;
	spin_unlock(&c->lock);
}

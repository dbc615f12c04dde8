/*
 * Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS): the object
 * behind such a mapping is an address_space of its own, so every mm that
 * maps the object (fork copies the vma) finds the same page for the same
 * offset through do_no_page. Its pages live in the page cache under that
 * address_space and on the LRU lists like a file's.
 *
 * Swap is its backing store. Pages are dirty from birth (their only copy
 * is in memory). When page_launder writes one (shmem_writepage), it gets
 * a swap slot, moves from the object's address_space into the swap cache
 * and is written there; the object remembers the slot in obj->swap[index].
 * A fault (shmem_nopage, with swap read-ahead) or swapoff (shmem_unuse)
 * brings it back: the page moves back into the object and the slot is
 * freed. Without a free slot the page stays in memory (the launder puts
 * it back on the active list).
 *
 * Reference counts: vm_ops->open (fork, split) takes a reference on the
 * object, close drops one; the last close truncates it, freeing its pages
 * and its slots. Each obj->swap[] entry holds one count on its slot (the
 * swap cache holds another while the page is there too).
 *
 * Locking: the callers hold mmap_lock; the page cache has its own lock; a
 * page moves between the object and the swap cache only while locked.
 * shmem_list_lock (a mutex) guards the list of objects and keeps an
 * object alive while swapoff works on it.
 */
#include "mm/vm.h"
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "mm/lru.h"
#include "mm/rmap.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/string.h"

struct shmem_object {
	int refs;
	unsigned long npages;          /* size at creation */
	swp_entry_t *swap;             /* npages entries once a page went to swap */
	struct list_head list;         /* on shmem_objects */
	struct address_space mapping;
};

static struct kmem_cache *shmem_cache;
static LIST_HEAD(shmem_objects);
static struct mutex shmem_list_lock;

static int shmem_writepage(struct address_space *mapping, struct page *page);
static const struct address_space_operations shmem_aops = {
	.writepage = shmem_writepage,
};

void shmem_init(void);
void shmem_init(void)
{
	shmem_cache = kmem_cache_create("shmem_object", sizeof(struct shmem_object), 0);
	BUG_ON(!shmem_cache);
	mutex_init(&shmem_list_lock);
}

static struct shmem_object *mapping_obj(struct address_space *m)
{
	return (struct shmem_object *)((char *)m - offsetof(struct shmem_object, mapping));
}

/*
 * writepage: the page is locked, unmapped, its dirty bit cleared by
 * page_launder. It moves to the swap cache at a new slot and its write
 * starts there. Without a slot (or the slot table) it stays dirty.
 */
static int shmem_writepage(struct address_space *mapping, struct page *page)
{
	struct shmem_object *obj = mapping_obj(mapping);
	unsigned long index = page->index, flags;
	swp_entry_t entry;

	if (index >= obj->npages)
		goto keep;
	if (!obj->swap) {
		/* Two launderers may get here: the first array installed wins. */
		swp_entry_t *table = kzalloc(obj->npages * sizeof(swp_entry_t), GFP_KERNEL);

		if (!table)
			goto keep;
		flags = arch_irq_save();
		if (!obj->swap) {
			obj->swap = table;
			table = NULL;
		}
		arch_irq_restore(flags);
		kfree(table);
	}
	entry = get_swap_page();
	if (!entry.val)
		goto keep;
	if (swap_duplicate(entry)) { /* the swap cache's count; get_swap_page's is the object's */
		swap_free(entry);
		goto keep;
	}
	/* Flag, cache, object and slot counts change together (interrupts off). */
	flags = arch_irq_save();
	/* Mapped again since page_launder looked (faults map without the page lock): keep it. */
	if (page_count(page) != 2 || page_mapped(page)) {
		arch_irq_restore(flags);
		swap_free(entry);
		swap_free(entry);
		goto keep;
	}
	set_page_flag(page, PG_swapcache);
	if (page_cache_move(page, &swapper_space, entry.val)) {
		clear_page_flag(page, PG_swapcache);
		arch_irq_restore(flags);
		swap_free(entry);
		swap_free(entry);
		goto keep;
	}
	obj->swap[index] = entry;
	arch_irq_restore(flags);
	lru_trace_event(page, "shmem_writepage");
	return swap_write_plugged(entry, page); /* page_launder's plug */
keep:
	set_page_dirty(page);
	unlock_page(page);
	return -ENOSPC;
}

/*
 * The page at index, brought back from swap into the object, with a
 * reference; NULL if it is not in swap (the caller allocates), an ERR_PTR
 * on failure. A fault reads it with read-ahead of its slot's neighbours,
 * as do_swap_page does (they were written out together, mostly the
 * object's next pages); swapoff, which visits every slot anyway, reads
 * one page at a time.
 */
static struct page *shmem_swapin(struct shmem_object *obj, unsigned long index, bool readahead,
				 bool *major)
{
	for (;;) {
		swp_entry_t entry = obj->swap && index < obj->npages ? obj->swap[index]
								     : (swp_entry_t){ 0 };
		struct page *page;
		unsigned long flags;

		if (!entry.val)
			return NULL;
		page = lookup_swap_cache(entry);
		if (!page) {
			*major = true;
			if (readahead)
				swapin_readahead(entry);
			page = read_swap_cache_async(entry);
			if (!page)
				return ERR_PTR(-ENOMEM);
		}
		lock_page(page);
		if (obj->swap[index].val != entry.val || !PageSwapCache(page) ||
		    page->index != entry.val) {
			unlock_page(page);
			put_page(page);
			continue; /* moved meanwhile: look again */
		}
		if (!PageUptodate(page)) {
			unlock_page(page);
			put_page(page);
			return ERR_PTR(-EIO);
		}
		swapin_readahead_found(page); /* an anonymous fault's window may have read it */
		flags = arch_irq_save();
		if (page_cache_move(page, &obj->mapping, index)) {
			arch_irq_restore(flags);
			unlock_page(page);
			put_page(page);
			return ERR_PTR(-EEXIST);
		}
		clear_page_flag(page, PG_swapcache);
		obj->swap[index].val = 0;
		swap_free(entry); /* the swap cache's count */
		swap_free(entry); /* the object's */
		arch_irq_restore(flags);
		set_page_dirty(page); /* its only copy is in memory again */
		unlock_page(page);
		return page;
	}
}

static struct page *shmem_nopage(struct vm_area_struct *vma, unsigned long addr, bool *major)
{
	struct shmem_object *obj = vma->vm_private;
	unsigned long index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	struct page *page;

	for (;;) {
		page = find_get_page(&obj->mapping, index);
		if (page)
			return page;
		page = shmem_swapin(obj, index, true, major);
		if (page == ERR_PTR(-EEXIST))
			continue;
		if (IS_ERR(page))
			return PTR_ERR(page) == -ENOMEM ? NOPAGE_OOM : NOPAGE_EIO;
		if (page)
			return page;
		page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!page)
			return NOPAGE_OOM;
		if (add_to_page_cache(page, &obj->mapping, index) == 0) {
			/* The old page went to swap while we allocated: that is the data. */
			if (obj->swap && index < obj->npages && obj->swap[index].val) {
				remove_from_page_cache(page);
				unlock_page(page);
				put_page(page);
				continue;
			}
			break;
		}
		put_page(page); /* somebody else added it meanwhile: take theirs */
	}
	set_page_flag(page, PG_uptodate);
	set_page_dirty(page);
	unlock_page(page);
	return page;
}

int shmem_unuse(unsigned int type)
{
	struct shmem_object *obj;
	int err = 0;

	mutex_lock(&shmem_list_lock);
	list_for_each_entry(obj, &shmem_objects, list) {
		for (unsigned long i = 0; obj->swap && i < obj->npages && !err; i++) {
			struct page *page;
			bool major = false;

			if (!obj->swap[i].val || swp_type(obj->swap[i]) != type)
				continue;
			if (!unuse_memory_ok()) {
				err = -ENOMEM;
				break;
			}
			page = shmem_swapin(obj, i, false, &major);
			if (IS_ERR(page) && page != ERR_PTR(-EEXIST))
				err = (int)PTR_ERR(page);
			else if (page && !IS_ERR(page))
				put_page(page);
		}
		if (err)
			break;
	}
	mutex_unlock(&shmem_list_lock);
	return err;
}

bool shmem_for_each_swap(void (*fn)(swp_entry_t e, void *data), void *data)
{
	struct shmem_object *obj;

	if (mutex_is_locked(&shmem_list_lock))
		return false;
	list_for_each_entry(obj, &shmem_objects, list)
		for (unsigned long i = 0; obj->swap && i < obj->npages; i++)
			if (obj->swap[i].val)
				fn(obj->swap[i], data);
	return true;
}

/* Free the slots of pages that live in swap (the last close). */
static void shmem_free_swap(struct shmem_object *obj)
{
	for (unsigned long i = 0; obj->swap && i < obj->npages; i++) {
		swp_entry_t entry = obj->swap[i];
		unsigned long flags;
		struct page *page;

		if (!entry.val)
			continue;
		page = lookup_swap_cache(entry);
		if (page) {
			lock_page(page);
			if (PageSwapCache(page) && page->index == entry.val)
				delete_from_swap_cache(page);
			unlock_page(page);
			put_page(page);
		}
		flags = arch_irq_save();
		obj->swap[i].val = 0;
		swap_free(entry);
		arch_irq_restore(flags);
	}
	kfree(obj->swap);
	obj->swap = NULL;
}

static void shmem_open(struct vm_area_struct *vma)
{
	struct shmem_object *obj = vma->vm_private;

	obj->refs++;
}

static void shmem_close(struct vm_area_struct *vma)
{
	struct shmem_object *obj = vma->vm_private;

	if (--obj->refs)
		return;
	mutex_lock(&shmem_list_lock);
	list_del(&obj->list);
	mutex_unlock(&shmem_list_lock);
	truncate_inode_pages(&obj->mapping, 0);
	shmem_free_swap(obj);
	kmem_cache_free(shmem_cache, obj);
}

static const struct vm_operations shmem_vm_ops = {
	.nopage = shmem_nopage,
	.open = shmem_open,
	.close = shmem_close,
};

/* Give a new shared anonymous vma its object. 0 or -ENOMEM. */
int shmem_setup(struct vm_area_struct *vma, unsigned long len);
int shmem_setup(struct vm_area_struct *vma, unsigned long len)
{
	struct shmem_object *obj = kmem_cache_alloc(shmem_cache, GFP_KERNEL);

	if (!obj)
		return -ENOMEM;
	memset(obj, 0, sizeof(*obj));
	obj->refs = 1;
	obj->npages = ALIGN_UP(len, PAGE_SIZE) >> PAGE_SHIFT;
	init_address_space(&obj->mapping, NULL, &shmem_aops);
	obj->mapping.shmem = true;
	mutex_lock(&shmem_list_lock);
	list_add(&obj->list, &shmem_objects);
	mutex_unlock(&shmem_list_lock);
	vma->vm_private = obj;
	vma->vm_ops = &shmem_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}

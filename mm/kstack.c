/*
 * Kernel stacks with a guard page. Owns the kernel stacks' area
 * (KSTACK_AREA_START .. kstack_area_end, arch/x86/mmu.h), whose page
 * tables paging_init made at boot: the area is cut into slots of one guard
 * page followed by the KSTACK_SIZE of the stack. kstack_alloc takes a free
 * slot and maps fresh pages there; the guard page is never mapped, so a
 * task that runs off the bottom of its stack faults on it (the page fault
 * cannot even be delivered then: the CPU escalates to a double fault,
 * which arch/x86/doublefault.c takes on a stack of its own and reports as
 * `kernel stack overflow in task X`). The direct map cannot give that: its
 * 4 MiB pages (PSE) have no holes.
 *
 * Locking: the slot bitmap is changed with interrupts off (one CPU); stacks
 * are freed from schedule_tail, which may run with them off. The pages are
 * order-0 lowmem pages owned by the slot until kstack_free; unmapping
 * flushes each page's translation (the mappings are global).
 */
#include "mm/kstack.h"
#include "mm/mm.h"
#include "arch/x86/arch.h"
#include "arch/x86/mmu.h"
#include "kernel/panic.h"

#define KSTACK_PAGES ((int)(KSTACK_SIZE / PAGE_SIZE))
#define SLOT_SIZE ((1 + KSTACK_PAGES) * PAGE_SIZE)
#define MAX_SLOTS (KSTACK_AREA_MAX_TABLES * PGDIR_SIZE / SLOT_SIZE)

static unsigned long slot_map[ALIGN_UP(MAX_SLOTS, 32) / 32];
static unsigned int next_slot, slots_used;

unsigned int kstack_slots(void)
{
	return (kstack_area_end - KSTACK_AREA_START) / SLOT_SIZE;
}

unsigned int kstack_in_use(void)
{
	return slots_used;
}

/* A free slot, marked used; -1 when all are taken. Interrupts off. */
static int take_slot(void)
{
	unsigned int n = kstack_slots();

	for (unsigned int i = 0; i < n; i++) {
		unsigned int s = (next_slot + i) % n;

		if (!(slot_map[s / 32] & (1UL << (s % 32)))) {
			slot_map[s / 32] |= 1UL << (s % 32);
			next_slot = s + 1;
			slots_used++;
			return s;
		}
	}
	return -1;
}

static void put_slot(unsigned int s)
{
	BUG_ON(!(slot_map[s / 32] & (1UL << (s % 32))));
	slot_map[s / 32] &= ~(1UL << (s % 32));
	slots_used--;
}

static unsigned long slot_stack(unsigned int s)
{
	return KSTACK_AREA_START + s * SLOT_SIZE + PAGE_SIZE; /* above the guard page */
}

void *kstack_alloc(void)
{
	struct page *pages[KSTACK_PAGES];
	unsigned long flags, stack;
	int s, i;

	for (i = 0; i < KSTACK_PAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			goto fail;
	}
	flags = arch_irq_save();
	s = take_slot();
	arch_irq_restore(flags);
	if (s < 0)
		goto fail;
	stack = slot_stack(s);
	for (i = 0; i < KSTACK_PAGES; i++) {
		pte_t *ptep = lookup_kernel_pte(stack + i * PAGE_SIZE);

		BUG_ON(!ptep || !pte_none(ptep_get(ptep)));
		set_pte(ptep, pfn_pte(page_to_pfn(pages[i]), PAGE_KERNEL));
	}
	return (void *)stack;
fail:
	while (--i >= 0)
		__free_page(pages[i]);
	return NULL;
}

void kstack_free(void *stack)
{
	unsigned long base = (unsigned long)stack, flags;
	unsigned int s = (base - PAGE_SIZE - KSTACK_AREA_START) / SLOT_SIZE;

	BUG_ON(base < KSTACK_AREA_START || base >= kstack_area_end || base != slot_stack(s));
	for (int i = 0; i < KSTACK_PAGES; i++) {
		unsigned long a = base + i * PAGE_SIZE;
		pte_t *ptep = lookup_kernel_pte(a);
		pte_t old = ptep_get_and_clear(ptep);

		flush_tlb_page(a);
		BUG_ON(!pte_present(old));
		__free_page(pfn_to_page(pte_pfn(old)));
	}
	flags = arch_irq_save();
	put_slot(s);
	arch_irq_restore(flags);
}

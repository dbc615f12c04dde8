/*
 * VM invariant checks. VM_BUG_ON and friends are always compiled, so they
 * cannot rot, but run only when the command line says `debug_vm`: their
 * conditions may cost time (walking a free list, scanning a slab). Cheap
 * checks that must always hold use BUG_ON (kernel/panic.h).
 */
#ifndef MM_DEBUG_H
#define MM_DEBUG_H

#include "kernel/types.h"
#include "kernel/panic.h"

struct page;

/* Set once at boot from `debug_vm` (mm/debug.c); read-mostly. */
extern bool vm_debug;

void dump_page(const struct page *page, const char *reason);

#define VM_BUG_ON(cond)                                            \
	do {                                                       \
		if (unlikely(vm_debug) && unlikely(cond))          \
			__bug(__FILE__, __LINE__, #cond);          \
	} while (0)

#define VM_BUG_ON_PAGE(cond, page)                                 \
	do {                                                       \
		if (unlikely(vm_debug) && unlikely(cond)) {        \
			dump_page(page, #cond);                    \
			__bug(__FILE__, __LINE__, #cond);          \
		}                                                  \
	} while (0)

#define VM_WARN_ON(cond) (unlikely(vm_debug) ? WARN_ON(cond) : false)

/*
 * Let the running self-test provoke bad_page() on purpose: while set,
 * bad_page() counts the report in bad_page_reports and returns instead of
 * panicking. Cleared with bad_page_expect(false). Only the test thread that
 * set it is covered; anyone else still panics.
 */
void bad_page_expect(bool on);
extern unsigned long bad_page_reports;

#endif

/*
 * VM event counters under Linux's /proc/vmstat names (mm/vmstat.c keeps
 * them; pgscan_virtual and workingset_demote are this kernel's own). Each
 * is a plain unsigned long bumped with interrupts on or off: on one CPU an
 * increment cannot tear. The /proc issue prints them with
 * vm_event_name(); tests read them with vm_event_get().
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#define VM_EVENTS(X)                                                                   \
	X(PGPGIN, "pgpgin")                 /* KiB read from disk into the page cache */ \
	X(PGPGOUT, "pgpgout")               /* KiB written back from the page cache */   \
	X(PSWPIN, "pswpin")                 /* pages read from swap */                    \
	X(PSWPOUT, "pswpout")               /* pages written to swap */                   \
	X(PGFAULT, "pgfault")                                                             \
	X(PGMAJFAULT, "pgmajfault")                                                       \
	X(PGACTIVATE, "pgactivate")         /* inactive -> active */                      \
	X(PGDEACTIVATE, "pgdeactivate")     /* active -> inactive_dirty */                \
	X(PGREFILL, "pgrefill")             /* active pages scanned by refill_inactive */ \
	X(PGSCAN_KSWAPD, "pgscan_kswapd")   /* inactive pages scanned by kswapd */        \
	X(PGSCAN_DIRECT, "pgscan_direct")   /* ... by allocating tasks */                 \
	X(PGSTEAL_KSWAPD, "pgsteal_kswapd") /* pages reclaimed by kswapd */               \
	X(PGSTEAL_DIRECT, "pgsteal_direct") /* ... by allocating tasks */                 \
	X(PGLAUNDER, "pglaunder")           /* writes started by page_launder */          \
	X(PGROTATED, "pgrotated")           /* inactive pages sent back to active */      \
	X(PGUNMAP, "pgunmap")               /* pages whose PTEs reclaim removed */        \
	X(PAGEOUTRUN, "pageoutrun")         /* kswapd reclaim passes */                   \
	X(ALLOCSTALL, "allocstall")         /* allocations that reclaimed directly */     \
	X(KSWAPD_WAKEUP, "kswapd_wakeup")                                                 \
	X(OOM_KILL, "oom_kill")                                                           \
	X(SWAP_RA, "swap_ra")               /* pages read by swap read-ahead */           \
	X(SWAP_RA_HIT, "swap_ra_hit")       /* faults that found a read-ahead page */     \
	X(PGSCAN_VIRTUAL, "pgscan_virtual") /* PTEs scanned by the per-process swap_out */ \
	X(REFAULT, "workingset_refault")    /* faults on recently evicted pages */        \
	X(WS_DEMOTE, "workingset_demote")   /* ours: protected pages moved to inactive */

enum vm_event_item {
#define VM_EVENT_ENUM(e, name) e,
	VM_EVENTS(VM_EVENT_ENUM)
#undef VM_EVENT_ENUM
	NR_VM_EVENTS
};

extern unsigned long vm_event_counts[NR_VM_EVENTS];

static inline void count_vm_event(enum vm_event_item e) { vm_event_counts[e]++; }
static inline void count_vm_events(enum vm_event_item e, unsigned long n) { vm_event_counts[e] += n; }
static inline unsigned long vm_event_get(enum vm_event_item e) { return vm_event_counts[e]; }
const char *vm_event_name(enum vm_event_item e);
/*
 * /proc/vmstat's text: "name value" lines, Linux's names first, then this
 * kernel's own list sizes, then the events. Returns bytes written (at most len).
 */
#include "kernel/types.h"
size_t vmstat_text(char *buf, size_t len);

#endif

/*
 * The interface between the simulator's driver (tools/sim/replay.c, plain
 * C with the C library) and its kernel side (tools/sim/kernel_shim.c, the
 * kernel's headers, linked with mm/swap.c, mm/vmscan.c, mm/workingset.c).
 * Only C types here, so each side keeps its own headers.
 */
#ifndef TOOLS_SIM_SIM_H
#define TOOLS_SIM_SIM_H

struct sim_counters {
	unsigned long refs, major_faults, minor_faults;
	unsigned long kswapd_runs, direct_reclaims, reclaim_page_direct, unmaps, writes;
	unsigned long deactivated, activated, refaults, reclaimed, active_scanned;
	unsigned long active, inactive_dirty, inactive_clean, free; /* at the end */
	unsigned long protected, cold_target, ws_refaults_hot, ws_forgotten;
};

/* Memory of `frames` page frames for a trace of pages 0 .. distinct_pages-1. */
void sim_setup(unsigned long frames, unsigned long distinct_pages);
/* One reference to page id; 1 when it was a miss (a major fault). */
int sim_reference(unsigned long id);
void sim_get_counters(struct sim_counters *out);

#endif

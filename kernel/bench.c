/*
 * The benchmark runner (see kernel/bench.h): walks the .kbench section and
 * runs the selected benchmarks one after another in the calling thread.
 * Figures go straight to the console, like KTAP, so `quiet` cannot hide them.
 */
#include "kernel/bench.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern const struct kbench __kbench_start[], __kbench_end[];

static bool selected(const char *selection, const char *group)
{
	return !selection || !*selection ||
	       cmdline_list_contains(selection, group, strlen(group));
}

void bench_report(const char *name, const char *metric, u64 value)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "bench: %s %s=%llu\n", name, metric, value);

	console_write(line, MIN((size_t)n, sizeof(line) - 1));
}

void bench_run(const char *selection)
{
	const struct kbench *b;
	unsigned int ran = 0;

	for (b = __kbench_start; b < __kbench_end; b++) {
		if (!selected(selection, b->group))
			continue;
		b->fn();
		ran++;
	}
	if (!ran)
		console_puts("bench: nothing matched the selection\n");
	console_puts("bench: done\n");
}

/*
 * Trace-driven replacement simulator (make replay-sim, make bench): the
 * kernel's own reclaim code - mm/swap.c, mm/vmscan.c, mm/workingset.c,
 * built for the host with tools/sim/kernel_shim.c around them - replays
 * a page-reference trace in memory of a given number of frames, and its
 * misses are compared with Belady's OPT (MIN) and with exact LRU on the
 * same trace and memory. Cold misses count for every policy.
 *
 *   replay [-v] TRACE FRAMES
 *       one case: the misses of ours, OPT and LRU (and, with -v, what
 *       reclaim did)
 *   replay --table [--max-mean X] [--max-case Y] TRACE...
 *       every trace at 10%, 25% and 50% of its distinct pages: misses,
 *       OPT, LRU, ours/OPT per case, the geometric mean and the worst
 *       case; exits 1 when the mean is above X or a case above Y
 *
 * Trace format (/work/shared/traces/README.md): text, gzip'ed or not, one
 * page number per line; lines holding '*' are skipped.
 *
 * The kernel files keep their state in statics, so each case of ours runs
 * in a child process (two at a time: the machine has two cores); OPT and
 * LRU run in the parent meanwhile.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/sim/sim.h"

struct trace {
	const char *path, *name;
	unsigned long *ref;     /* dense page ids, 0 .. distinct-1 */
	unsigned long n, distinct;
};

/* ------------------------------------------------------- loading -- */

struct idmap {
	unsigned long *key, *val, size, used;
};

static unsigned long hash_key(unsigned long k) { return (k * 2654435761UL) ^ (k >> 15); }

static unsigned long dense_id(struct idmap *m, unsigned long key, unsigned long *next)
{
	unsigned long i;

	if (2 * (m->used + 1) > m->size) {
		struct idmap bigger = { NULL, NULL, m->size ? 2 * m->size : 4096, 0 };

		bigger.key = malloc(bigger.size * sizeof(*bigger.key));
		bigger.val = malloc(bigger.size * sizeof(*bigger.val));
		if (!bigger.key || !bigger.val)
			exit(2);
		memset(bigger.val, 0xff, bigger.size * sizeof(*bigger.val));
		for (i = 0; i < m->size; i++)
			if (m->val[i] != ~0UL) {
				unsigned long j = hash_key(m->key[i]) & (bigger.size - 1);

				while (bigger.val[j] != ~0UL)
					j = (j + 1) & (bigger.size - 1);
				bigger.key[j] = m->key[i];
				bigger.val[j] = m->val[i];
				bigger.used++;
			}
		free(m->key);
		free(m->val);
		*m = bigger;
	}
	for (i = hash_key(key) & (m->size - 1); m->val[i] != ~0UL; i = (i + 1) & (m->size - 1))
		if (m->key[i] == key)
			return m->val[i];
	m->key[i] = key;
	m->val[i] = (*next)++;
	m->used++;
	return m->val[i];
}

static int load_trace(const char *path, struct trace *t)
{
	size_t len = strlen(path), cap = 1 << 16;
	char line[256], *cmd = NULL;
	struct idmap ids = { 0 };
	FILE *f;
	const char *slash = strrchr(path, '/');

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->name = slash ? slash + 1 : path;
	if (len > 3 && !strcmp(path + len - 3, ".gz")) {
		cmd = malloc(len + 32);
		sprintf(cmd, "gzip -dc -- '%s'", path);
		f = popen(cmd, "r");
	} else {
		f = fopen(path, "r");
	}
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	t->ref = malloc(cap * sizeof(*t->ref));
	while (fgets(line, sizeof(line), f)) {
		char *end;
		unsigned long v;

		if (strchr(line, '*'))
			continue;
		v = strtoul(line, &end, 10);
		if (end == line)
			continue; /* blank */
		if (t->n == cap)
			t->ref = realloc(t->ref, (cap *= 2) * sizeof(*t->ref));
		t->ref[t->n++] = dense_id(&ids, v, &t->distinct);
	}
	if ((cmd ? pclose(f) : fclose(f)) != 0 || !t->n) {
		fprintf(stderr, "replay: %s: cannot read the trace (or it is empty)\n", path);
		return -1;
	}
	free(cmd);
	free(ids.key);
	free(ids.val);
	/* Short names for the table: "cpp", not "cpp.trace.gz". */
	{
		char *s = strdup(t->name), *dot = strchr(s, '.');

		if (dot)
			*dot = 0;
		t->name = s;
	}
	return 0;
}

/* ------------------------------------------------------------ OPT -- */

struct heap_item {
	unsigned long next, id;
};

static void heap_push(struct heap_item *h, unsigned long *n, struct heap_item it)
{
	unsigned long i = (*n)++;

	while (i && h[(i - 1) / 2].next < it.next) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = it;
}

static struct heap_item heap_pop(struct heap_item *h, unsigned long *n)
{
	struct heap_item top = h[0], last = h[--*n];
	unsigned long i = 0;

	for (;;) {
		unsigned long c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].next > h[c].next)
			c++;
		if (h[c].next <= last.next)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = last;
	return top;
}

/*
 * Belady's MIN: on a miss with memory full, evict the resident page whose
 * next reference is farthest away. A max-heap on next use with lazy
 * deletion (an entry is live while it matches the page's current next use).
 */
static unsigned long opt_misses(const struct trace *t, unsigned long frames)
{
	unsigned long *next = malloc(t->n * sizeof(*next)), *last = malloc(t->distinct * sizeof(*last));
	unsigned long *cur = malloc(t->distinct * sizeof(*cur));
	struct heap_item *heap = malloc((t->n + 1) * sizeof(*heap));
	unsigned char *resident = calloc(t->distinct, 1);
	unsigned long nheap = 0, nres = 0, misses = 0;

	for (unsigned long i = 0; i < t->distinct; i++)
		last[i] = ~0UL;
	for (unsigned long i = t->n; i-- > 0;) {
		next[i] = last[t->ref[i]];
		last[t->ref[i]] = i;
	}
	for (unsigned long i = 0; i < t->n; i++) {
		unsigned long id = t->ref[i];

		if (!resident[id]) {
			misses++;
			if (nres == frames) {
				for (;;) {
					struct heap_item v = heap_pop(heap, &nheap);

					if (resident[v.id] && cur[v.id] == v.next) {
						resident[v.id] = 0;
						nres--;
						break;
					}
				}
			}
			resident[id] = 1;
			nres++;
		}
		cur[id] = next[i];
		heap_push(heap, &nheap, (struct heap_item){ next[i], id });
	}
	free(next);
	free(last);
	free(cur);
	free(heap);
	free(resident);
	return misses;
}

/* ------------------------------------------------------------ LRU -- */

static unsigned long lru_misses(const struct trace *t, unsigned long frames)
{
	unsigned long *prev = malloc(t->distinct * sizeof(*prev)), *nxt = malloc(t->distinct * sizeof(*nxt));
	unsigned char *resident = calloc(t->distinct, 1);
	unsigned long head = ~0UL, tail = ~0UL, nres = 0, misses = 0;

	for (unsigned long i = 0; i < t->n; i++) {
		unsigned long id = t->ref[i];

		if (resident[id]) {
			if (head == id)
				continue;
			/* unlink */
			nxt[prev[id]] = nxt[id];
			if (nxt[id] != ~0UL)
				prev[nxt[id]] = prev[id];
			else
				tail = prev[id];
		} else {
			misses++;
			if (nres == frames) {
				unsigned long v = tail;

				tail = prev[v];
				if (tail != ~0UL)
					nxt[tail] = ~0UL;
				else
					head = ~0UL;
				resident[v] = 0;
				nres--;
			}
			resident[id] = 1;
			nres++;
		}
		prev[id] = ~0UL;
		nxt[id] = head;
		if (head != ~0UL)
			prev[head] = id;
		head = id;
		if (tail == ~0UL)
			tail = id;
	}
	free(prev);
	free(nxt);
	free(resident);
	return misses;
}

/* ------------------------------------------------------------ ours -- */

static unsigned long kernel_misses(const struct trace *t, unsigned long frames,
				   struct sim_counters *c)
{
	unsigned long misses = 0;

	sim_setup(frames, t->distinct);
	for (unsigned long i = 0; i < t->n; i++)
		misses += (unsigned long)sim_reference(t->ref[i]);
	sim_get_counters(c);
	return misses;
}

struct job {
	const struct trace *t;
	unsigned long frames;
	int pct;
	pid_t pid;
	int fd;
	unsigned long ours, opt, lru;
	struct sim_counters c;
};

static void start_job(struct job *j)
{
	int p[2];

	if (pipe(p)) {
		perror("pipe");
		exit(2);
	}
	fflush(stdout);
	j->pid = fork();
	if (j->pid < 0) {
		perror("fork");
		exit(2);
	}
	if (!j->pid) {
		close(p[0]);
		j->ours = kernel_misses(j->t, j->frames, &j->c);
		if (write(p[1], &j->ours, sizeof(j->ours)) != sizeof(j->ours) ||
		    write(p[1], &j->c, sizeof(j->c)) != sizeof(j->c))
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	j->fd = p[0];
}

static int finish_job(struct job *j)
{
	int st;
	ssize_t a = read(j->fd, &j->ours, sizeof(j->ours));
	ssize_t b = read(j->fd, &j->c, sizeof(j->c));

	close(j->fd);
	waitpid(j->pid, &st, 0);
	if (a != sizeof(j->ours) || b != sizeof(j->c) || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "replay: the simulation of %s at %lu frames failed\n", j->t->name,
			j->frames);
		return -1;
	}
	return 0;
}

static void print_counters(const struct sim_counters *c)
{
	printf("  refs %lu major %lu minor %lu | kswapd runs %lu, direct reclaims %lu, reclaim_page %lu | "
	       "active scanned %lu deactivated %lu activated %lu refaults %lu reclaimed %lu unmaps %lu | "
	       "end: active %lu (protected %lu) inactive_dirty %lu inactive_clean %lu free %lu | "
	       "history: refaults %lu (protected at once %lu), records forgotten %lu, cold target %lu\n",
	       c->refs, c->major_faults, c->minor_faults, c->kswapd_runs, c->direct_reclaims,
	       c->reclaim_page_direct, c->active_scanned, c->deactivated, c->activated, c->refaults, c->reclaimed,
	       c->unmaps, c->active, c->protected, c->inactive_dirty, c->inactive_clean, c->free,
	       c->refaults, c->ws_refaults_hot, c->ws_forgotten, c->cold_target);
}

static int one_case(const char *path, unsigned long frames, int verbose)
{
	struct trace t;
	struct job j = { 0 };

	if (load_trace(path, &t))
		return 2;
	if (!frames || frames >= t.distinct) {
		fprintf(stderr, "replay: FRAMES must be between 1 and the distinct pages - 1 (%lu)\n",
			t.distinct - 1);
		return 2;
	}
	j.t = &t;
	j.frames = frames;
	start_job(&j);
	j.opt = opt_misses(&t, frames);
	j.lru = lru_misses(&t, frames);
	if (finish_job(&j))
		return 2;
	printf("trace %s: %lu references, %lu distinct pages, %lu frames\n", t.name, t.n,
	       t.distinct, frames);
	printf("misses: ours %lu  OPT %lu  LRU %lu  (ours/OPT %.3f, LRU/OPT %.3f)\n", j.ours, j.opt,
	       j.lru, (double)j.ours / (double)j.opt, (double)j.lru / (double)j.opt);
	if (verbose)
		print_counters(&j.c);
	return 0;
}

static const int table_pcts[] = { 10, 25, 50 };

static int table(char **paths, int npaths, double max_mean, double max_case, int verbose)
{
	int ncases = npaths * 3, running = 0, next = 0, done = 0, jobs = 2;
	struct trace *t = calloc((size_t)npaths, sizeof(*t));
	struct job *j = calloc((size_t)ncases, sizeof(*j));
	double logsum = 0, lrulog = 0, worst = 0;
	const char *worst_name = "";
	int worst_pct = 0;
	const char *env = getenv("SIM_JOBS");

	if (env && atoi(env) > 0)
		jobs = atoi(env);
	for (int i = 0; i < npaths; i++) {
		if (load_trace(paths[i], &t[i]))
			return 2;
		for (int k = 0; k < 3; k++) {
			struct job *c = &j[i * 3 + k];

			c->t = &t[i];
			c->pct = table_pcts[k];
			c->frames = t[i].distinct * (unsigned long)table_pcts[k] / 100;
		}
	}
	while (done < ncases) {
		while (running < jobs && next < ncases) {
			start_job(&j[next++]);
			running++;
		}
		/* While children run: OPT and LRU of the oldest unfinished case. */
		if (finish_job(&j[done]))
			return 2;
		j[done].opt = opt_misses(j[done].t, j[done].frames);
		j[done].lru = lru_misses(j[done].t, j[done].frames);
		running--;
		done++;
	}
	printf("%-8s %4s %7s %9s %9s %9s %9s %8s\n", "trace", "mem", "frames", "ours", "OPT", "LRU",
	       "ours/OPT", "LRU/OPT");
	for (int i = 0; i < ncases; i++) {
		double r = (double)j[i].ours / (double)j[i].opt;
		double lr = (double)j[i].lru / (double)j[i].opt;

		printf("%-8s %3d%% %7lu %9lu %9lu %9lu %9.3f %8.3f\n", j[i].t->name, j[i].pct,
		       j[i].frames, j[i].ours, j[i].opt, j[i].lru, r, lr);
		if (verbose)
			print_counters(&j[i].c);
		logsum += log(r);
		lrulog += log(lr);
		if (r > worst) {
			worst = r;
			worst_name = j[i].t->name;
			worst_pct = j[i].pct;
		}
	}
	{
		double mean = exp(logsum / ncases);
		int ok = mean <= max_mean && worst <= max_case;

		printf("geometric mean of ours/OPT over %d cases: %.3f (LRU/OPT %.3f); worst case %.3f "
		       "(%s at %d%%)\n",
		       ncases, mean, exp(lrulog / ncases), worst, worst_name, worst_pct);
		printf("replacement goal (mean <= %.2f, every case <= %.2f): %s\n", max_mean, max_case,
		       ok ? "met" : "MISSED");
		return ok ? 0 : 1;
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: replay [-v] TRACE FRAMES\n"
			"       replay [-v] --table [--max-mean X] [--max-case Y] TRACE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int verbose = 0, tab = 0, i = 1;
	double max_mean = 1.12, max_case = 1.6;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--table"))
			tab = 1;
		else if (!strcmp(argv[i], "--max-mean") && i + 1 < argc)
			max_mean = atof(argv[++i]);
		else if (!strcmp(argv[i], "--max-case") && i + 1 < argc)
			max_case = atof(argv[++i]);
		else
			usage();
	}
	if (tab) {
		if (i >= argc)
			usage();
		return table(argv + i, argc - i, max_mean, max_case, verbose);
	}
	if (argc - i != 2)
		usage();
	return one_case(argv[i], strtoul(argv[i + 1], NULL, 0), verbose);
}

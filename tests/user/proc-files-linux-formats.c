/*
 * /proc in Linux's formats (issue 11): mounts proc on /proc (or finds it
 * mounted: EBUSY), then reads meminfo, vmstat, uptime, loadavg, mounts,
 * filesystems and this process's own stat, status, statm, cmdline, maps
 * and exe / self links, printing only what any correct kernel shows the
 * same: field names and their order, formats, and values the program
 * knows itself (its pid, parent, name, arguments, its own mappings and
 * their permissions, MemTotal against sysinfo).
 */
#include "ut.h"
#include <sys/mount.h>
#include <sys/sysinfo.h>

static char text[65536];

static int slurp(const char *path)
{
	return ut_slurp(path, text, sizeof(text));
}

/* The value after "name:" in a "Name:\tvalue" or "Name:   N kB" text, or -1. */
static long field(const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\n%s:", name);
	if (!strncmp(text, key + 1, strlen(key + 1)))
		p = text + strlen(key + 1);
	else if ((p = strstr(text, key)))
		p += strlen(key);
	else
		return -1;
	return strtol(p, NULL, 10);
}

/*
 * Shmem counts the pages of shared anonymous memory: touching 256 pages
 * of a MAP_SHARED | MAP_ANONYMOUS region raises it by about 1 MiB, and
 * unmapping the last mapping gives them back.
 */
static void check_meminfo_shmem(void)
{
	const size_t n = 256;
	long before, touched, after;
	char *m;

	slurp("/proc/meminfo");
	before = field("Shmem");
	m = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap of 1 MiB shared anonymous memory");
	if (m == MAP_FAILED)
		return;
	for (size_t i = 0; i < n; i++)
		m[i * 4096] = (char)i;
	slurp("/proc/meminfo");
	touched = field("Shmem");
	munmap(m, n * 4096);
	slurp("/proc/meminfo");
	after = field("Shmem");
	CHECK(touched - before >= 1024 - 64 && touched - before <= 1024 + 64,
	      "touching 256 shared anonymous pages raises Shmem by about 1024 kB");
	CHECK(after <= before + 64, "munmap gives them back");
	if (touched - before < 1024 - 64 || touched - before > 1024 + 64 || after > before + 64)
		say("Shmem %ld kB, %ld touched, %ld unmapped", before, touched, after);
}

static void check_meminfo(void)
{
	static const char *const names[] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
		"Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
		"HighTotal", "HighFree", "LowTotal", "LowFree", "SwapTotal", "SwapFree", "Dirty",
		"Writeback", "AnonPages", "Mapped", "Shmem", "Slab", "PageTables",
	};
	unsigned int next = 0, bad_format = 0;
	struct sysinfo si;

	CHECK(slurp("/proc/meminfo") > 0, "read /proc/meminfo");
	for (char *line = text, *nl; *line; line = nl + 1) {
		char name[32];
		size_t len;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		len = strcspn(line, ":");
		if (len >= sizeof(name))
			continue;
		memcpy(name, line, len);
		name[len] = 0;
		for (unsigned int i = next; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(names[i], name)) {
				say("meminfo field %s", name);
				next = i + 1;
				/* Linux's "%-16s%8lu kB": the figure ends at column 24 */
				if (nl - line != 27 || memcmp(nl - 3, " kB", 3))
					bad_format++;
			}
	}
	CHECK(next == sizeof(names) / sizeof(names[0]), "meminfo has the fields in Linux's order");
	CHECK(!bad_format, "meminfo lines are \"%%-16s%%8lu kB\" (%u bad)", bad_format);
	sysinfo(&si);
	CHECK(field("MemTotal") == (long)((unsigned long long)si.totalram * si.mem_unit / 1024),
	      "MemTotal is sysinfo's totalram");
	CHECK(field("SwapTotal") == (long)((unsigned long long)si.totalswap * si.mem_unit / 1024),
	      "SwapTotal is sysinfo's totalswap");
	CHECK(field("MemFree") > 0 && field("MemFree") < field("MemTotal"),
	      "0 < MemFree < MemTotal");
	CHECK(field("Active") == field("Active(anon)") + field("Active(file)"),
	      "Active = Active(anon) + Active(file)");
	CHECK(field("Inactive") == field("Inactive(anon)") + field("Inactive(file)"),
	      "Inactive = Inactive(anon) + Inactive(file)");
}

static void check_vmstat(void)
{
	static const char *const names[] = {
		"nr_free_pages", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
		"nr_active_file", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault",
		"pgmajfault", "pgactivate", "pgdeactivate", "pgrefill", "pgscan_kswapd",
		"pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "pgrotated", "pageoutrun",
		"oom_kill",
	};
	char key[64];

	CHECK(slurp("/proc/vmstat") > 0, "read /proc/vmstat");
	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(key, sizeof(key), "\n%s ", names[i]);
		CHECK(strstr(text, key) || !strncmp(text, key + 1, strlen(key + 1)),
		      "vmstat has %s", names[i]);
	}
}

static void check_stat_status(const char *me)
{
	char comm[64], state;
	int pid, ppid;
	long vmsize;
	unsigned long sz, res;

	CHECK(slurp("/proc/self/stat") > 0, "read /proc/self/stat");
	CHECK(sscanf(text, "%d %63s %c %d", &pid, comm, &state, &ppid) == 4, "stat parses");
	CHECK(pid == getpid(), "stat's pid is getpid()");
	CHECK(ppid == getppid(), "stat's ppid is getppid()");
	CHECK(state == 'R', "stat's state is R (reading itself)");
	{
		char want[64];

		snprintf(want, sizeof(want), "(%.15s)", me);
		CHECK(!strcmp(comm, want), "stat's comm is the program's name, 15 bytes at most");
	}
	{
		int fields = 1;

		for (char *p = strrchr(text, ')'); *p; p++)
			fields += *p == ' ';
		CHECK(fields >= 44, "stat has at least 44 fields");
	}
	CHECK(slurp("/proc/self/status") > 0, "read /proc/self/status");
	{
		char name[64] = "";

		sscanf(text, "Name:\t%63s", name);
		CHECK(!strncmp(name, me, 15) && strlen(name) == (strlen(me) < 15 ? strlen(me) : 15),
		      "status Name is the program's name");
	}
	CHECK(field("Pid") == getpid(), "status Pid");
	CHECK(field("Tgid") == getpid(), "status Tgid");
	CHECK(field("PPid") == getppid(), "status PPid");
	CHECK(field("Threads") == 1, "status Threads 1");
	CHECK(strstr(text, "\nState:\tR (running)\n") != NULL, "status State R (running)");
	vmsize = field("VmSize");
	CHECK(vmsize > 0 && field("VmRSS") > 0 && field("VmRSS") <= vmsize, "0 < VmRSS <= VmSize");
	CHECK(field("VmSwap") == 0, "VmSwap 0 kB");
	CHECK(slurp("/proc/self/statm") > 0 && sscanf(text, "%lu %lu", &sz, &res) == 2,
	      "statm parses");
	CHECK(sz > 0 && res > 0 && res <= sz, "statm: 0 < resident <= size");
}

static int data_word = 1;

static unsigned long maps_ino; /* the inode column of the last line maps_line found */

/* The maps line covering addr: its permissions and name. */
static int maps_line(unsigned long addr, char perms[8], char name[256])
{
	for (char *line = text, *nl; *line; line = nl + 1) {
		unsigned long s, e, off, ino;
		unsigned int ma, mi;
		int n = 0;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = 0;
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %n", &s, &e, perms, &off, &ma, &mi, &ino,
			   &n) >= 7 && addr >= s && addr < e) {
			snprintf(name, 256, "%s", line + n);
			maps_ino = ino;
			*nl = '\n';
			return 0;
		}
		*nl = '\n';
	}
	return -1;
}

/*
 * The names of other mappings: a file this program maps (by the path it
 * was opened with, through a symlink too, then "(deleted)" once
 * unlinked), the C library's code (a path whose inode is the one the line
 * shows), shared anonymous memory ("/dev/zero (deleted)", as Linux's
 * shmem backing shows it).
 */
static void check_maps_names(void)
{
	const char *f = "/tmp/maps-name.dat", *l = "/tmp/maps-name.lnk";
	char perms[8], name[256], want[300], real[4096];
	struct stat st;
	int fd;
	char *p;

	unlink(l);
	fd = open(f, O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "maps", 4) == 4, "create %s", f);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	slurp("/proc/self/maps");
	CHECK(!maps_line((unsigned long)p, perms, name) && !strcmp(perms, "r--s") &&
	      !strcmp(name, f), "maps: a mapped file is named by its path");
	CHECK(!stat(f, &st) && maps_ino == (unsigned long)st.st_ino,
	      "maps: a mapped file's line shows its inode");
	munmap(p, 4096);
	{
		const char *g = "/tmp/maps-gone.dat";
		char *q;

		fd = open(g, O_CREAT | O_TRUNC | O_RDWR, 0644);
		CHECK(fd >= 0 && write(fd, "gone", 4) == 4, "create %s", g);
		q = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		close(fd);
		unlink(g);
		slurp("/proc/self/maps");
		snprintf(want, sizeof(want), "%s (deleted)", g);
		CHECK(!maps_line((unsigned long)q, perms, name) && !strcmp(name, want),
		      "maps: an unlinked mapped file is \"path (deleted)\"");
		CHECK(q != MAP_FAILED && !memcmp(q, "gone", 4), "maps: its contents stay readable");
		munmap(q, 4096);
	}

	CHECK(!symlink(f, l), "symlink %s -> %s", l, f);
	fd = open(l, O_RDONLY);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	slurp("/proc/self/maps");
	CHECK(!maps_line((unsigned long)p, perms, name) && !strcmp(perms, "r--p") &&
	      !strcmp(name, f), "maps: a file mapped through a symlink shows the file's own path");
	unlink(f);
	slurp("/proc/self/maps");
	snprintf(want, sizeof(want), "%s (deleted)", f);
	CHECK(!maps_line((unsigned long)p, perms, name) && !strcmp(name, want),
	      "maps: an unlinked file mapped through a symlink is \"its path (deleted)\"");
	unlink(l);
	munmap(p, 4096);

	CHECK(!maps_line((unsigned long)&printf, perms, name) && !strcmp(perms, "r-xp") &&
	      name[0] == '/' && realpath(name, real) && !strcmp(real, name) && !stat(name, &st) &&
	      maps_ino == (unsigned long)st.st_ino,
	      "maps: printf's code is named by an absolute path without symlinks, of that inode");

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	slurp("/proc/self/maps");
	CHECK(!maps_line((unsigned long)p, perms, name) && !strcmp(perms, "rw-s") &&
	      !strcmp(name, "/dev/zero (deleted)"),
	      "maps: shared anonymous memory is rw-s \"/dev/zero (deleted)\"");
	munmap(p, 8192);
}

static void check_maps(const char *exe)
{
	char perms[8], name[256];
	int local, r;
	char *heap = malloc(100);

	CHECK(slurp("/proc/self/maps") > 0, "read /proc/self/maps");
	CHECK(!maps_line((unsigned long)check_maps, perms, name) && !strcmp(perms, "r-xp") &&
	      !strcmp(name, exe), "maps: the code is r-xp, named by the program's path");
	CHECK(!maps_line((unsigned long)&data_word, perms, name) && !strcmp(perms, "rw-p") &&
	      !strcmp(name, exe), "maps: the data is rw-p, named by the program's path");
	r = maps_line((unsigned long)&local, perms, name);
	CHECK(!r && !strcmp(perms, "rw-p") && !strcmp(name, "[stack]"),
	      "maps: the stack is rw-p [stack]");
	if (r || strcmp(name, "[stack]") || strcmp(perms, "rw-p"))
		(void)!write(1, text, strlen(text)); /* the whole map, to see why */
	CHECK(!maps_line((unsigned long)heap, perms, name) && !strcmp(perms, "rw-p"),
	      "maps: malloc'd memory is rw-p");
	free(heap);
	{
		char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		slurp("/proc/self/maps");
		CHECK(!maps_line((unsigned long)p, perms, name) && !strcmp(perms, "r--p") && !name[0],
		      "maps: an anonymous read-only mapping is r--p with no name");
		munmap(p, 8192);
	}
	check_maps_names();
}

/* The pagemap entry of the page at addr, or ~0 when the read fails. */
static uint64_t pagemap_of(int fd, void *addr)
{
	uint64_t e;

	if (pread(fd, &e, 8, (off_t)((uintptr_t)addr / 4096) * 8) != 8)
		return ~0ULL;
	return e;
}

static void check_pagemap(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t touched, untouched, e;

	CHECK(fd >= 0, "open /proc/self/pagemap");
	p[0] = 1;
	touched = pagemap_of(fd, p);
	untouched = pagemap_of(fd, p + 4096);
	CHECK(touched != ~0ULL && (touched >> 63) == 1 && !((touched >> 62) & 1) &&
	      (touched & ((1ULL << 55) - 1)) != 0 && !((touched >> 61) & 1),
	      "pagemap: a written anonymous page is present, not swapped, has a PFN, not a file's");
	CHECK(untouched != ~0ULL && !(untouched >> 62), "pagemap: an untouched page is neither present nor swapped");
	CHECK(pagemap_of(fd, p) == touched, "pagemap: the same page reads the same entry twice");
	CHECK(pread(fd, &e, 4, 0) < 0 && errno == EINVAL, "pagemap: a 4-byte read is EINVAL");
	munmap(p, 2 * 4096);
	close(fd);
}

int main(int argc, char **argv)
{
	char exe[256], link[64], want[64];
	const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	ssize_t n;
	int r;

	/* Mount proc unless it is there already (rmapos mounts it at boot; a
	 * second mount would stack another instance, as on Linux). */
	r = access("/proc/meminfo", R_OK);
	if (r) {
		mkdir("/proc", 0555);
		r = mount("proc", "/proc", "proc", 0, NULL);
	}
	CHECK(r == 0, "proc is mounted on /proc");

	check_meminfo();
	check_meminfo_shmem();
	check_vmstat();
	check_stat_status(me);

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && exe[0] == '/' && !strcmp(strrchr(exe, '/') + 1, me),
	      "/proc/self/exe is the program's absolute path");
	n = readlink("/proc/self", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	CHECK(!strcmp(link, want), "/proc/self links to the pid");
	check_maps(exe);
	check_pagemap();

	n = slurp("/proc/self/cmdline");
	{
		int pos = 0, same = 1;

		for (int i = 0; i < argc; i++) {
			same &= !strcmp(text + pos, argv[i]);
			pos += strlen(argv[i]) + 1;
		}
		CHECK(same && n == pos, "cmdline is argv, NUL-separated");
	}
	{
		DIR *d = opendir("/proc");
		struct dirent *e;
		int self = 0, pid = 0, meminfo = 0;

		while (d && (e = readdir(d))) {
			self |= !strcmp(e->d_name, "self") && e->d_type == DT_LNK;
			meminfo |= !strcmp(e->d_name, "meminfo") && e->d_type == DT_REG;
			pid |= !strcmp(e->d_name, want) && e->d_type == DT_DIR;
		}
		if (d)
			closedir(d);
		CHECK(self && pid && meminfo, "readdir /proc lists self, meminfo and our pid");
	}
	{
		double up, idle;
		float l1, l5, l15;
		int running, total, last;

		CHECK(slurp("/proc/uptime") > 0 && sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0,
		      "uptime: two figures, up > 0");
		CHECK(slurp("/proc/loadavg") > 0 &&
		      sscanf(text, "%f %f %f %d/%d %d", &l1, &l5, &l15, &running, &total, &last) == 6 &&
		      running >= 1 && total >= running, "loadavg: Linux's six fields");
	}
	CHECK(slurp("/proc/mounts") > 0 && strstr(text, " /proc proc rw,"), "mounts lists /proc");
	CHECK(slurp("/proc/filesystems") > 0 && strstr(text, "nodev\tproc\n"),
	      "filesystems lists nodev proc");
	CHECK(slurp("/proc/stat") > 0 && !strncmp(text, "cpu  ", 5) && strstr(text, "\nbtime ") &&
	      strstr(text, "\nprocesses ") && strstr(text, "\nprocs_running "),
	      "stat: cpu, btime, processes, procs_running");
	CHECK(slurp("/proc/version") > 0 && !strncmp(text, "Linux version ", 14), "version");
	CHECK(open("/proc/99999/stat", O_RDONLY) < 0 && errno == ENOENT, "no such pid: ENOENT");
	return ut_done();
}

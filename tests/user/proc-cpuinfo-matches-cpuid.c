/*
 * /proc/cpuinfo says what the cpuid instruction says, in Linux's layout:
 * the program runs cpuid itself (ring 3 may) and compares the vendor,
 * family, model, stepping (with the extended family and model folded in
 * as Linux does), the brand string, the cpuid level and a set of flags
 * whose names both kernels print for the same bits. So it holds on any
 * CPU model the emulator gives.
 */
#include "ut.h"
#include <cpuid.h>

static char text[16384];

/* The value after "name\t...: " on its own line, or NULL. */
static const char *value(const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *colon = strstr(l, ": ");

		if (!strncmp(l, name, n) && (l[n] == '\t' || l[n] == ' ') && colon) {
			size_t k = strcspn(colon + 2, "\n");

			snprintf(out, size, "%.*s", (int)k, colon + 2);
			return out;
		}
	}
	return NULL;
}

static int has_flag(const char *flags, const char *f)
{
	size_t n = strlen(f);

	for (const char *p = flags; (p = strstr(p, f)); p += n)
		if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

int main(void)
{
	unsigned int a, b, c, d, max, fam, model;
	char vendor[13], got[1024], brand[49] = "", flags[1024];
	int n;

	CHECK(!ut_mount_proc(), "proc is mounted on /proc");
	n = ut_slurp("/proc/cpuinfo", text, sizeof(text));
	CHECK(n >= 0, "open /proc/cpuinfo");
	CHECK(n > 0 && !strncmp(text, "processor\t: 0\n", 14), "the first line is processor 0");

	__cpuid(0, max, b, c, d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	CHECK(value("vendor_id", got, sizeof(got)) && !strcmp(got, vendor), "vendor_id is cpuid's");
	snprintf(flags, sizeof(flags), "%u", max);
	CHECK(value("cpuid level", got, sizeof(got)) && !strcmp(got, flags), "cpuid level");

	__cpuid(1, a, b, c, d);
	fam = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	if (fam == 0xf)
		fam += (a >> 20) & 0xff;
	if (fam >= 6)
		model |= ((a >> 16) & 0xf) << 4;
	CHECK(value("cpu family", got, sizeof(got)) && (unsigned)atoi(got) == fam, "cpu family");
	CHECK(value("model", got, sizeof(got)) && (unsigned)atoi(got) == model, "model");
	CHECK(value("stepping", got, sizeof(got)) && (unsigned)atoi(got) == (a & 0xf), "stepping");
	CHECK(value("flags", flags, sizeof(flags)) != NULL, "a flags line");
	{
		static const struct { int bit; const char *name; } edx[] = {
			{ 0, "fpu" }, { 3, "pse" }, { 4, "tsc" }, { 6, "pae" }, { 8, "cx8" },
			{ 13, "pge" }, { 15, "cmov" }, { 23, "mmx" }, { 24, "fxsr" }, { 25, "sse" },
			{ 26, "sse2" },
		};
		int same = 1;

		for (unsigned i = 0; i < sizeof(edx) / sizeof(edx[0]); i++)
			if (has_flag(flags, edx[i].name) != !!(d & (1u << edx[i].bit))) {
				say("flag %s: cpuid %d, cpuinfo %d", edx[i].name,
				    !!(d & (1u << edx[i].bit)), has_flag(flags, edx[i].name));
				same = 0;
			}
		CHECK(same, "flags name the cpuid(1) edx bits that are set");
		CHECK(has_flag(flags, "pni") == !!(c & 1) && has_flag(flags, "ssse3") == !!(c & (1u << 9)),
		      "flags name the cpuid(1) ecx bits (pni, ssse3)");
	}
	__cpuid(0x80000000, max, b, c, d);
	if (max >= 0x80000004) {
		unsigned int r[13];
		char *p = (char *)r;

		for (int i = 0; i < 3; i++)
			__cpuid(0x80000002 + i, r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3]);
		p[48] = 0; /* all 48 bytes may be text */
		while (*p && strchr(" \t\n\r\v\f", *p))
			p++;
		snprintf(brand, sizeof(brand), "%s", p);
		for (n = strlen(brand); n > 0 && strchr(" \t\n\r\v\f", brand[n - 1]);)
			brand[--n] = 0;
	}
	CHECK(value("model name", got, sizeof(got)) && (!brand[0] || !strcmp(got, brand)),
	      "model name is the brand string");
	CHECK(value("fpu", got, sizeof(got)) && !strcmp(got, "yes"), "fpu: yes");
	CHECK(value("wp", got, sizeof(got)) && !strcmp(got, "yes"), "wp: yes");
	CHECK(strstr(text, "\npower management:\n") != NULL, "a power management line");
	return ut_done();
}

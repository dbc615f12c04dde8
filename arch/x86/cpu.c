/*
 * CPU identification with cpuid: the paging-related features the memory
 * manager may use (PSE for 4 MiB kernel mappings, PGE for global kernel
 * pages, PAE and NX for a later three-level layout, SMEP/SMAP to keep the
 * kernel from executing or touching user memory by accident).
 */
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct cpu_features boot_cpu;

static void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static void read_brand_string(void);

void cpu_detect(void)
{
	u32 a, b, c, d, max_leaf, max_ext;

	cpuid(0, 0, &max_leaf, &b, &c, &d);
	memcpy(boot_cpu.vendor + 0, &b, 4);
	memcpy(boot_cpu.vendor + 4, &d, 4);
	memcpy(boot_cpu.vendor + 8, &c, 4);
	boot_cpu.vendor[12] = 0;

	cpuid(1, 0, &a, &b, &c, &d);
	boot_cpu.stepping = a & 0xf;
	boot_cpu.model = (a >> 4) & 0xf;
	boot_cpu.family = (a >> 8) & 0xf;
	if (boot_cpu.family == 0xf)
		boot_cpu.family += (a >> 20) & 0xff;
	if (boot_cpu.family >= 6)
		boot_cpu.model |= ((a >> 16) & 0xf) << 4;
	boot_cpu.hwcap = d;
	boot_cpu.ecx1 = c;
	boot_cpu.max_leaf = max_leaf;
	boot_cpu.clflush_bytes = d & (1 << 19) ? ((b >> 8) & 0xff) * 8 : 32; /* Linux's i386 default */
	boot_cpu.pse = d & (1 << 3);
	boot_cpu.tsc = d & (1 << 4);
	boot_cpu.pae = d & (1 << 6);
	boot_cpu.apic = d & (1 << 9);
	boot_cpu.pge = d & (1 << 13);

	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		boot_cpu.leaf7_ebx = b;
		boot_cpu.smep = b & (1 << 7);
		boot_cpu.smap = b & (1 << 20);
	}
	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		boot_cpu.nx = d & (1 << 20);
		boot_cpu.ext_edx = d;
	}
	if (max_ext >= 0x80000004)
		read_brand_string();
	boot_cpu.phys_bits = boot_cpu.pae ? 36 : 32;
	boot_cpu.virt_bits = 32;
	if (max_ext >= 0x80000008) {
		cpuid(0x80000008, 0, &a, &b, &c, &d);
		boot_cpu.phys_bits = a & 0xff;
		boot_cpu.virt_bits = (a >> 8) & 0xff;
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Leaves 0x80000002..4: up to 48 bytes of text, often padded with blanks in front. */
static void read_brand_string(void)
{
	u32 r[13];
	char *p = (char *)r;
	int n;

	for (int i = 0; i < 3; i++)
		cpuid(0x80000002 + i, 0, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
	p[48] = 0; /* all 48 bytes may be text */
	while (is_blank(*p))
		p++;
	strlcpy(boot_cpu.model_name, p, sizeof(boot_cpu.model_name));
	n = (int)strlen(boot_cpu.model_name);
	while (n > 0 && is_blank(boot_cpu.model_name[n - 1]))
		boot_cpu.model_name[--n] = 0;
}

/* Linux's names of the cpuid bits, by register; NULL: not shown. */
static const char *const edx1_names[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const ecx1_names[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
	"ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1",
	"sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL,
	"avx", "f16c", "rdrand", "hypervisor",
};
static const char *const ext_edx_names[32] = {
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext", [25] = "fxsr_opt",
	[26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm", [30] = "3dnowext", [31] = "3dnow",
};
static const char *const leaf7_ebx_names[32] = {
	[0] = "fsgsbase", [3] = "bmi1", [5] = "avx2", [7] = "smep", [8] = "bmi2", [9] = "erms",
	[10] = "invpcid", [18] = "rdseed", [19] = "adx", [20] = "smap", [23] = "clflushopt",
	[29] = "sha_ni",
};

static int add_names(char *buf, int size, int n, u32 bits, const char *const names[32])
{
	for (int i = 0; i < 32; i++)
		if ((bits & (1U << i)) && names[i] && n < size)
			n += snprintf(buf + n, size - n, "%s%s", n ? " " : "", names[i]);
	return MIN(n, size - 1);
}

int cpu_flags_text(char *buf, int size)
{
	int n = 0;

	buf[0] = 0;
	n = add_names(buf, size, n, boot_cpu.hwcap, edx1_names);
	n = add_names(buf, size, n, boot_cpu.ext_edx, ext_edx_names);
	n = add_names(buf, size, n, boot_cpu.ecx1, ecx1_names);
	n = add_names(buf, size, n, boot_cpu.leaf7_ebx, leaf7_ebx_names);
	return n;
}

void cpu_print_features(void)
{
	pr_info("cpu: %s family %u model %u stepping %u\n", boot_cpu.vendor,
		boot_cpu.family, boot_cpu.model, boot_cpu.stepping);
	pr_info("cpu: features:%s%s%s%s%s%s%s\n", boot_cpu.pse ? " pse" : "",
		boot_cpu.pge ? " pge" : "", boot_cpu.pae ? " pae" : "", boot_cpu.nx ? " nx" : "",
		boot_cpu.smep ? " smep" : "", boot_cpu.smap ? " smap" : "",
		boot_cpu.tsc ? " tsc" : "");
}

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
	boot_cpu.pse = d & (1 << 3);
	boot_cpu.tsc = d & (1 << 4);
	boot_cpu.pae = d & (1 << 6);
	boot_cpu.apic = d & (1 << 9);
	boot_cpu.pge = d & (1 << 13);

	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		boot_cpu.smep = b & (1 << 7);
		boot_cpu.smap = b & (1 << 20);
	}
	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		boot_cpu.nx = d & (1 << 20);
	}
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

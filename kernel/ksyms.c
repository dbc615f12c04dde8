/*
 * The kernel symbol table, for backtraces and %pS. The build links the
 * kernel once, lists its function symbols with nm (tools/gensyms.sh), and
 * links again with that list in the .ksyms section, which the linker
 * script places after everything else so no other address moves.
 *
 * Layout (tools/gensyms.sh writes it): ksyms_count, then ksyms_addrs[count]
 * sorted ascending plus one end address, then ksyms_name_offsets[count]
 * into ksyms_names, a block of NUL-terminated strings.
 */
#include "kernel/printk.h"
#include "kernel/string.h"

extern const u32 ksyms_count;
extern const u32 ksyms_addrs[];
extern const u32 ksyms_name_offsets[];
extern const char ksyms_names[];

const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
	u32 lo = 0, hi = ksyms_count;

	if (!ksyms_count || addr < ksyms_addrs[0] || addr >= ksyms_addrs[ksyms_count])
		return NULL;
	while (hi - lo > 1) { /* largest i with addrs[i] <= addr */
		u32 mid = (lo + hi) / 2;
		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (offset)
		*offset = addr - ksyms_addrs[lo];
	if (size)
		*size = ksyms_addrs[lo + 1] - ksyms_addrs[lo];
	return ksyms_names + ksyms_name_offsets[lo];
}

unsigned long ksym_address(const char *name)
{
	for (u32 i = 0; i < ksyms_count; i++)
		if (!strcmp(ksyms_names + ksyms_name_offsets[i], name))
			return ksyms_addrs[i];
	return 0;
}

/*
 * The GDT and the TSS. The kernel uses flat segments; the TSS exists only so
 * the CPU knows which stack to load (esp0) when an interrupt or system call
 * arrives from ring 3. The scheduler updates esp0 on every switch through
 * arch_set_kernel_stack(). A second TSS, the double-fault task's, belongs
 * to arch/x86/doublefault.c; this file only gives it its descriptor.
 */
#include "arch/x86/arch.h"
#include "arch/x86/segment.h"
#include "arch/x86/traps.h"
#include "kernel/string.h"

struct gdt_entry {
	u16 limit_low;
	u16 base_low;
	u8 base_mid;
	u8 access;
	u8 flags_limit_high; /* G D/B L AVL | limit 19:16 */
	u8 base_high;
} __packed;

#define ACCESS_PRESENT 0x80
#define ACCESS_RING3 0x60
#define ACCESS_CODE_DATA 0x10
#define ACCESS_EXEC 0x08
#define ACCESS_RW 0x02
#define ACCESS_TSS32 0x09
#define FLAGS_4K_32BIT 0xC0

static struct gdt_entry gdt[GDT_ENTRIES] __aligned(8);
static struct tss tss;

static void set_entry(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[i].limit_low = limit & 0xffff;
	gdt[i].base_low = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].flags_limit_high = (flags & 0xf0) | ((limit >> 16) & 0x0f);
	gdt[i].base_high = base >> 24;
}

void gdt_init(void)
{
	struct {
		u16 limit;
		u32 base;
	} __packed gdtr = { sizeof(gdt) - 1, (u32)gdt };

	u8 code = ACCESS_PRESENT | ACCESS_CODE_DATA | ACCESS_EXEC | ACCESS_RW;
	u8 data = ACCESS_PRESENT | ACCESS_CODE_DATA | ACCESS_RW;

	set_entry(GDT_KERNEL_CS, 0, 0xfffff, code, FLAGS_4K_32BIT);
	set_entry(GDT_KERNEL_DS, 0, 0xfffff, data, FLAGS_4K_32BIT);
	set_entry(GDT_USER_CS, 0, 0xfffff, code | ACCESS_RING3, FLAGS_4K_32BIT);
	set_entry(GDT_USER_DS, 0, 0xfffff, data | ACCESS_RING3, FLAGS_4K_32BIT);

	memset(&tss, 0, sizeof(tss));
	tss.ss0 = KERNEL_DS;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: ring 3 gets no ports */
	gdt_set_tss(GDT_TSS, &tss);
	doublefault_init();

	__asm__ __volatile__("lgdt %0\n\t"
			     "ljmp %1, $1f\n"
			     "1:\n\t"
			     "movw %w2, %%ds\n\t"
			     "movw %w2, %%es\n\t"
			     "movw %w2, %%ss\n\t"
			     "movw %w3, %%fs\n\t"
			     "movw %w3, %%gs\n\t"
			     "ltr %w4"
			     :
			     : "m"(gdtr), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(0), "r"(TSS_SEL)
			     : "memory");
}

void gdt_set_tss(int index, struct tss *t)
{
	set_entry(index, (u32)t, sizeof(*t) - 1, ACCESS_PRESENT | ACCESS_TSS32, 0);
}

struct tss *arch_main_tss(void)
{
	return &tss;
}

void arch_set_kernel_stack(unsigned long top)
{
	tss.esp0 = top;
}

/* The next task's set_thread_area descriptors (arch/x86/tls.c); interrupts off. */
void arch_load_tls(const u32 desc[3][2])
{
	for (int i = 0; i < GDT_TLS_ENTRIES; i++) {
		u32 *e = (u32 *)&gdt[GDT_TLS_MIN + i];

		e[0] = desc[i][0];
		e[1] = desc[i][1];
	}
}

/*
 * The x87/SSE unit for user processes. At boot arch_fpu_init enables it
 * (CR0: EM off, MP and NE on, TS off; CR4: OSFXSR and OSXMMEXCPT when the
 * CPU has FXSR / SSE) so user code may use x87, MMX and SSE. The kernel
 * is built with -mgeneral-regs-only and never touches these registers, so
 * they always hold the state of the user process that ran last; the
 * scheduler saves and restores them eagerly per task (arch/x86/tls.c,
 * kernel/signal.c's fpu_*), and signal delivery stores them in the frame.
 *
 * Context: any; no locking (the registers belong to the running task).
 */
#include "arch/x86/arch.h"

#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define MXCSR_DEFAULT 0x1f80

bool arch_fpu_fxsr;
bool arch_fpu_sse; /* MXCSR exists only with SSE (a Pentium II has FXSR without it) */
u32 arch_mxcsr_mask = 0xffbf;
static bool fpu_ready;

static void cpuid1(u32 *c, u32 *d)
{
	u32 a, b;

	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(*c), "=d"(*d) : "a"(1), "c"(0));
}

void arch_fpu_init(void)
{
	u32 c, d, cr0, cr4;
	bool sse;

	if (fpu_ready)
		return;
	fpu_ready = true;
	cpuid1(&c, &d);
	arch_fpu_fxsr = d & (1u << 24);
	sse = d & (1u << 25);
	arch_fpu_sse = sse;

	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	__asm__ __volatile__("movl %0, %%cr0" : : "r"(cr0) : "memory");
	if (arch_fpu_fxsr) {
		__asm__ __volatile__("movl %%cr4, %0" : "=r"(cr4));
		cr4 |= CR4_OSFXSR;
		if (sse)
			cr4 |= CR4_OSXMMEXCPT;
		__asm__ __volatile__("movl %0, %%cr4" : : "r"(cr4) : "memory");
	}
	arch_fpu_reset();
	if (arch_fpu_fxsr) {
		static u8 probe[512] __aligned(16);
		u32 mask;

		__asm__ __volatile__("fxsave %0" : "=m"(probe));
		mask = probe[28] | probe[29] << 8 | probe[30] << 16 | (u32)probe[31] << 24;
		arch_mxcsr_mask = mask ? mask : 0xffbf;
	}
}

void arch_fpu_save(void *buf)
{
	if (arch_fpu_fxsr) {
		__asm__ __volatile__("fxsave (%0)" : : "r"(buf) : "memory");
	} else {
		/* fnsave reinitialises the unit: load the image back at once. */
		__asm__ __volatile__("fnsave (%0)\n\tfrstor (%0)" : : "r"(buf) : "memory");
	}
}

void arch_fpu_restore(const void *buf)
{
	if (arch_fpu_fxsr)
		__asm__ __volatile__("fxrstor (%0)" : : "r"(buf) : "memory");
	else
		__asm__ __volatile__("frstor (%0)" : : "r"(buf) : "memory");
}

void arch_fpu_reset(void)
{
	__asm__ __volatile__("fninit" ::: "memory");
	if (arch_fpu_sse) {
		u32 mxcsr = MXCSR_DEFAULT;

		__asm__ __volatile__("ldmxcsr %0" : : "m"(mxcsr));
	}
}

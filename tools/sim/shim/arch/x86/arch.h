/*
 * The simulator's view of arch/x86/arch.h: the real header, except that
 * the interrupt-flag hooks do nothing. The kernel files compiled into the
 * simulator (mm/swap.c, mm/vmscan.c, mm/workingset.c) run as an ordinary
 * 32-bit Linux process, where cli would fault; with one thread and no
 * interrupts there is nothing for them to keep out. Found before the real
 * header because tools/sim/shim comes first on the include path.
 */
#ifndef SIM_ARCH_X86_ARCH_H
#define SIM_ARCH_X86_ARCH_H

#define arch_irq_save real_arch_irq_save
#define arch_irq_restore real_arch_irq_restore
#define arch_irq_enable real_arch_irq_enable
#define arch_irq_disable real_arch_irq_disable
#define arch_irqs_enabled real_arch_irqs_enabled
#define arch_idle real_arch_idle
#include_next "arch/x86/arch.h"
#undef arch_irq_save
#undef arch_irq_restore
#undef arch_irq_enable
#undef arch_irq_disable
#undef arch_irqs_enabled
#undef arch_idle

static inline unsigned long arch_irq_save(void) { return EFLAGS_IF; }
static inline void arch_irq_restore(unsigned long flags) { (void)flags; }
static inline void arch_irq_enable(void) {}
static inline void arch_irq_disable(void) {}
static inline bool arch_irqs_enabled(void) { return true; }
static inline void arch_idle(void) {}

#endif

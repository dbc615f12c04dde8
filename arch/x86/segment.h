/*
 * GDT layout and selectors. Entries 6..8 are reserved for user TLS
 * descriptors (set_thread_area), as on Linux i386.
 *
 *   index  selector  use
 *   0      0x00      null
 *   1      0x08      kernel code, ring 0, base 0, limit 4 GiB
 *   2      0x10      kernel data
 *   3      0x1b      user code, ring 3
 *   4      0x23      user data
 *   5      0x28      TSS (ring 3 -> 0 stack switch)
 *   6..8   0x33..    user TLS slots
 *   9      0x48      the double-fault task's TSS (arch/x86/doublefault.c)
 */
#ifndef ARCH_X86_SEGMENT_H
#define ARCH_X86_SEGMENT_H

#define GDT_KERNEL_CS 1
#define GDT_KERNEL_DS 2
#define GDT_USER_CS 3
#define GDT_USER_DS 4
#define GDT_TSS 5
#define GDT_TLS_MIN 6
#define GDT_TLS_ENTRIES 3
#define GDT_DF_TSS (GDT_TLS_MIN + GDT_TLS_ENTRIES)
#define GDT_ENTRIES (GDT_DF_TSS + 1)

#define KERNEL_CS (GDT_KERNEL_CS << 3)
#define KERNEL_DS (GDT_KERNEL_DS << 3)
#define USER_CS ((GDT_USER_CS << 3) | 3)
#define USER_DS ((GDT_USER_DS << 3) | 3)
#define TSS_SEL (GDT_TSS << 3)
#define DF_TSS_SEL (GDT_DF_TSS << 3)

#endif

/*
 * The Linux i386 user-visible signal layouts, as the kernel writes and
 * reads them (kernel/signal.c) and the self-tests check them: struct
 * sigcontext, struct _fpstate_32, the two frame kinds, siginfo, ucontext,
 * stack_t and the rt_sigaction structure. Offsets and sizes are Linux's
 * (arch/x86/include/uapi/asm/sigcontext.h, arch/x86/include/asm/sigframe.h,
 * include/uapi/asm-generic/siginfo.h) and are asserted below.
 */
#ifndef KERNEL_SIGFRAME_H
#define KERNEL_SIGFRAME_H

#include "kernel/types.h"

struct sigcontext32 {
	u16 gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	u32 edi, esi, ebp, esp, ebx, edx, ecx, eax;
	u32 trapno, err, eip;
	u16 cs, __csh;
	u32 eflags, esp_at_signal;
	u16 ss, __ssh;
	u32 fpstate; /* user address of struct fpstate32, or 0 */
	u32 oldmask;
	u32 cr2;
};

/* struct _fpstate_32: the fnsave-format environment, then the fxsave image. */
struct fpstate32 {
	u32 cw, sw, tag, ipoff, cssel, dataoff, datasel;
	u8 st[8][10];
	u16 status;
	u16 magic; /* 0xffff: only the first part is valid; 0x0000: fxsave follows */
	u8 fxsave[512];
};

struct sigframe32 {
	u32 pretcode;
	s32 sig;
	struct sigcontext32 sc;
	struct fpstate32 fpstate_unused; /* kept for the layout; the state follows retcode */
	u32 extramask;
	u8 retcode[8];
};

struct siginfo32 {
	s32 si_signo, si_errno, si_code;
	union {
		u32 pad[29];
		struct {
			s32 pid;
			u32 uid;
		} kill;
		struct {
			s32 pid;
			u32 uid;
			s32 status;
			s32 utime, stime;
		} chld;
		struct {
			u32 addr;
		} fault;
	} f;
};

struct stack32 {
	u32 ss_sp;
	s32 ss_flags;
	u32 ss_size;
};

struct ucontext32 {
	u32 uc_flags;
	u32 uc_link;
	struct stack32 uc_stack;
	struct sigcontext32 uc_mcontext;
	u32 uc_sigmask[2];
};

struct rt_sigframe32 {
	u32 pretcode;
	s32 sig;
	u32 pinfo;
	u32 puc;
	struct siginfo32 info;
	struct ucontext32 uc;
	u8 retcode[8];
};

/* struct sigaction as rt_sigaction sees it on i386. */
struct ksigaction32 {
	u32 handler, flags, restorer;
	u32 mask[2];
};

_Static_assert(sizeof(struct sigcontext32) == 88, "sigcontext");
_Static_assert(sizeof(struct fpstate32) == 624, "_fpstate_32");
_Static_assert(sizeof(struct siginfo32) == 128, "siginfo");
_Static_assert(sizeof(struct ucontext32) == 116, "ucontext");
_Static_assert(offsetof(struct sigframe32, sc) == 8, "sigframe.sc");
_Static_assert(offsetof(struct sigframe32, extramask) == 720, "sigframe.extramask");
_Static_assert(offsetof(struct sigframe32, retcode) == 724, "sigframe.retcode");
_Static_assert(sizeof(struct sigframe32) == 732, "sigframe");
_Static_assert(offsetof(struct rt_sigframe32, info) == 16, "rt_sigframe.info");
_Static_assert(offsetof(struct rt_sigframe32, uc) == 144, "rt_sigframe.uc");
_Static_assert(offsetof(struct rt_sigframe32, uc.uc_mcontext) == 164, "uc_mcontext");
_Static_assert(offsetof(struct rt_sigframe32, uc.uc_sigmask) == 252, "uc_sigmask");
_Static_assert(offsetof(struct rt_sigframe32, retcode) == 260, "rt_sigframe.retcode");
_Static_assert(sizeof(struct rt_sigframe32) == 268, "rt_sigframe");
_Static_assert(sizeof(struct ksigaction32) == 20, "sigaction");

#endif

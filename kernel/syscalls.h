/*
 * System call handlers' prototypes, grouped by the file that owns them.
 * Each returns a value or a negative Linux errno; every user pointer is
 * checked through kernel/uaccess.h. Numbers: kernel/syscall_table.h.
 * (kernel/syscall.c must not include this: it declares every handler with
 * the dispatcher's generic six-argument type.)
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "kernel/types.h"
#include "kernel/uaccess.h"

/* ---- fs/read_write.c ---- */
long sys_read(unsigned int fd, void __user *buf, size_t n);
long sys_write(unsigned int fd, const void __user *buf, size_t n);
long sys_readv(unsigned int fd, const void __user *iov, int iovcnt);
long sys_writev(unsigned int fd, const void __user *iov, int iovcnt);
long sys_pread64(unsigned int fd, void __user *buf, size_t n, u32 pos_lo, u32 pos_hi);
long sys_pwrite64(unsigned int fd, const void __user *buf, size_t n, u32 pos_lo, u32 pos_hi);
long sys_lseek(unsigned int fd, long off, unsigned int whence);
long sys__llseek(unsigned int fd, u32 off_hi, u32 off_lo, loff_t __user *res, unsigned int whence);
long sys_preadv(unsigned int fd, const void __user *iov, int iovcnt, u32 pos_lo, u32 pos_hi);
long sys_pwritev(unsigned int fd, const void __user *iov, int iovcnt, u32 pos_lo, u32 pos_hi);

/* ---- fs/open.c, fs/namei.c (user-facing parts) ---- */
long sys_open(const char __user *path, int flags, int mode);
long sys_openat(int dfd, const char __user *path, int flags, int mode);
long sys_creat(const char __user *path, int mode);
long sys_close(unsigned int fd);
long sys_unlink(const char __user *path);
long sys_unlinkat(int dfd, const char __user *path, int flags);
long sys_rmdir(const char __user *path);
long sys_access(const char __user *path, int mode);
long sys_faccessat(int dfd, const char __user *path, int mode);
long sys_faccessat2(int dfd, const char __user *path, int mode, int flags);
long sys_readlink(const char __user *path, char __user *buf, int size);
long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int size);
long sys_chdir(const char __user *path);
long sys_fchdir(unsigned int fd);
long sys_getcwd(char __user *buf, unsigned long size);
long sys_umask(int mask);
long sys_truncate(const char __user *path, long len);
long sys_ftruncate(unsigned int fd, long len);
long sys_truncate64(const char __user *path, u32 len_lo, u32 len_hi);
long sys_ftruncate64(unsigned int fd, u32 len_lo, u32 len_hi);
long sys_fsync(unsigned int fd);
long sys_fdatasync(unsigned int fd);
long sys_sync(void);

/* ---- fs/namei_ops.c ---- */
long sys_mkdir(const char __user *path, int mode);
long sys_mkdirat(int dfd, const char __user *path, int mode);
long sys_mknod(const char __user *path, unsigned int mode, unsigned int dev);
long sys_mknodat(int dfd, const char __user *path, unsigned int mode, unsigned int dev);
long sys_symlink(const char __user *target, const char __user *path);
long sys_symlinkat(const char __user *target, int dfd, const char __user *path);
long sys_link(const char __user *oldpath, const char __user *newpath);
long sys_linkat(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath,
		int flags);
long sys_rename(const char __user *oldpath, const char __user *newpath);
long sys_renameat(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath);
long sys_renameat2(int odfd, const char __user *oldpath, int ndfd, const char __user *newpath,
		   unsigned int flags);

/* ---- fs/attr.c ---- */
long sys_chmod(const char __user *path, unsigned int mode);
long sys_fchmod(unsigned int fd, unsigned int mode);
long sys_fchmodat(int dfd, const char __user *path, unsigned int mode);
long sys_chown32(const char __user *path, u32 uid, u32 gid);
long sys_lchown32(const char __user *path, u32 uid, u32 gid);
long sys_fchown32(unsigned int fd, u32 uid, u32 gid);
long sys_fchownat(int dfd, const char __user *path, u32 uid, u32 gid, int flags);
long sys_chown16(const char __user *path, u32 uid, u32 gid);
long sys_lchown16(const char __user *path, u32 uid, u32 gid);
long sys_fchown16(unsigned int fd, u32 uid, u32 gid);
long sys_utime(const char __user *path, const void __user *times);
long sys_utimes(const char __user *path, const void __user *utimes);
long sys_futimesat(int dfd, const char __user *path, const void __user *utimes);
long sys_utimensat(int dfd, const char __user *path, const void __user *utimes, int flags);
long sys_utimensat_time64(int dfd, const char __user *path, const void __user *utimes, int flags);

/* ---- fs/sys_mount.c ---- */
long sys_mount(const char __user *source, const char __user *target, const char __user *type,
	       unsigned long flags, const void __user *data);
long sys_umount(const char __user *target);
long sys_umount2(const char __user *target, int flags);
long sys_statfs(const char __user *path, void __user *buf);
long sys_fstatfs(unsigned int fd, void __user *buf);
long sys_statfs64(const char __user *path, size_t sz, void __user *buf);
long sys_fstatfs64(unsigned int fd, size_t sz, void __user *buf);

/* ---- fs/stat.c ---- */
long sys_stat64(const char __user *path, void __user *st);
long sys_lstat64(const char __user *path, void __user *st);
long sys_fstat64(unsigned int fd, void __user *st);
long sys_fstatat64(int dfd, const char __user *path, void __user *st, int flags);
long sys_statx(int dfd, const char __user *path, unsigned int flags, unsigned int mask,
	       void __user *stx);

/* ---- fs/readdir.c ---- */
long sys_getdents64(unsigned int fd, void __user *dirent, unsigned int count);

/* ---- fs/fcntl.c, fs/ioctl.c ---- */
long sys_dup(unsigned int fd);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);

/* ---- fs/pipe.c ---- */
long sys_pipe(int __user *fds);
long sys_pipe2(int __user *fds, int flags);

/* ---- kernel/fork.c ---- */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       unsigned long tls, int __user *child_tid);

/* ---- kernel/exec.c ---- */
long sys_execve(const char __user *path, const char __user *const __user *argv,
		const char __user *const __user *envp);

/* ---- kernel/exit.c ---- */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, int __user *status, int options, void __user *rusage);
long sys_waitpid(int pid, int __user *status, int options);

/* ---- kernel/signal.c ---- */
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_rt_sigaction(int sig, const void __user *act, void __user *oact, size_t setsize);
long sys_rt_sigprocmask(int how, const void __user *set, void __user *oset, size_t setsize);
long sys_rt_sigpending(void __user *set, size_t setsize);
long sys_rt_sigsuspend(const void __user *set, size_t setsize);
long sys_sigreturn(void);
long sys_rt_sigreturn(void);
long sys_sigaltstack(const void __user *ss, void __user *oss);
long sys_pause(void);
long sys_alarm(unsigned int seconds);
long sys_setitimer(int which, const void __user *nu, void __user *old);
long sys_getitimer(int which, void __user *cur);
long sys_rt_sigtimedwait(const void __user *set, void __user *info, const void __user *ts,
			 size_t setsize);
long sys_rt_sigtimedwait_time64(const void __user *set, void __user *info,
				const void __user *ts, size_t setsize);

/* ---- kernel/sys.c: identity, limits, time, information ---- */
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_getuid32(void);
long sys_geteuid32(void);
long sys_getgid32(void);
long sys_getegid32(void);
long sys_setpgid(int pid, int pgid);
long sys_getpgrp(void);
long sys_getpgid(int pid);
long sys_setsid(void);
long sys_getsid(int pid);
long sys_uname(void __user *buf);
long sys_sethostname(const char __user *name, int len);
long sys_setdomainname(const char __user *name, int len);
long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5);
long sys_getpriority(int which, int who);
long sys_setpriority(int which, int who, int niceval);
long sys_time(u32 __user *t);
long sys_gettimeofday(void __user *tv, void __user *tz);
long sys_clock_gettime(int clk, void __user *ts);
long sys_clock_gettime64(int clk, void __user *ts);
long sys_clock_getres(int clk, void __user *ts);
long sys_clock_getres_time64(int clk, void __user *ts);
long sys_nanosleep(const void __user *req, void __user *rem);
long sys_clock_nanosleep(int clk, int flags, const void __user *req, void __user *rem);
long sys_clock_nanosleep_time64(int clk, int flags, const void __user *req, void __user *rem);
long sys_sched_yield(void);
long sys_restart_syscall(void);
long sys_getrusage(int who, void __user *ru);
long sys_times(void __user *buf);
long sys_sysinfo(void __user *info);
long sys_getrlimit(unsigned int res, void __user *rlim);
long sys_ugetrlimit(unsigned int res, void __user *rlim);
long sys_setrlimit(unsigned int res, const void __user *rlim);
long sys_prlimit64(int pid, unsigned int res, const void __user *new, void __user *old);
long sys_getrandom(void __user *buf, size_t n, unsigned int flags);
long sys_set_thread_area(void __user *u_info);
long sys_get_thread_area(void __user *u_info);
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
long sys_sched_getaffinity(int pid, unsigned int len, void __user *mask);
long sys_sched_setaffinity(int pid, unsigned int len, const void __user *mask);
long sys_sched_getscheduler(int pid);
long sys_sched_getparam(int pid, void __user *param);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_getgroups(int size, void __user *list);
long sys_getgroups32(int size, void __user *list);

/* ---- mm/mmap.c, mm/mprotect.c, mm/mremap.c, mm/msync.c ... ---- */
long sys_brk(unsigned long brk);
long sys_old_mmap(const void __user *args);
long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, int fd, unsigned long pgoff);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long addr, size_t len, unsigned long prot);
long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr);
long sys_msync(unsigned long addr, size_t len, int flags);
long sys_madvise(unsigned long addr, size_t len, int advice);
long sys_mincore(unsigned long addr, size_t len, unsigned char __user *vec);

/* ---- mm/swapfile.c ---- */
long sys_swapon(const char __user *path, int swap_flags);
long sys_swapoff(const char __user *path);

/* ---- fs/poll.c ---- */
long sys_poll(void __user *ufds, unsigned int nfds, int timeout_ms);
long sys_ppoll(void __user *ufds, unsigned int nfds, const void __user *tsp,
	       const void __user *sigmask, size_t setsize);
long sys_ppoll_time64(void __user *ufds, unsigned int nfds, const void __user *tsp,
		      const void __user *sigmask, size_t setsize);
long sys__newselect(int n, void __user *inp, void __user *outp, void __user *exp, void __user *tvp);
long sys_pselect6(int n, void __user *inp, void __user *outp, void __user *exp,
		  const void __user *tsp, const void __user *sig);
long sys_pselect6_time64(int n, void __user *inp, void __user *outp, void __user *exp,
			 const void __user *tsp, const void __user *sig);

/* ---- kernel/syslog.c ---- */
long sys_syslog(int type, char __user *buf, int len);

/* ---- kernel/reboot.c ---- */
long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg);

/* ---- kernel/memstat.c: this kernel's own (not Linux's) ---- */
long sys_rmapos_memstat(void __user *out);
long sys_rmapos_page_referenced(unsigned long addr);
long sys_rmapos_vmstat(char __user *buf, size_t len);
long sys_rmapos_swapstat(void __user *out);
long sys_rmapos_vm_check(void __user *out);

#endif

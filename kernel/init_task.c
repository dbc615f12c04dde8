/*
 * The first process. start_init creates a kernel thread that becomes
 * pid 1: it gets an fd table whose 0, 1 and 2 are the console, the root
 * directory as cwd, default limits and signal handlers, then execs the
 * program named by init= and leaves the kernel through the user frame
 * that exec filled. If the program cannot be started, the kernel says why
 * and powers the emulator off with status 127 (as a shell would).
 */
#include "kernel/process.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/signal.h"
#include "kernel/sys.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "drivers/console.h"
#include "fs/vfs.h"
#include "mm/vm.h"

struct task *init_process;

static const char *const init_envp[] = {
	"HOME=/", "TERM=linux", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL,
};

static int setup_first_process(struct task *t)
{
	struct file *con = console_open();
	char *root = kmalloc(2, GFP_KERNEL);

	if (IS_ERR(con) || !root)
		return -ENOMEM;
	t->files = files_alloc();
	if (!t->files)
		return -ENOMEM;
	fd_install(t->files, con);
	fd_install(t->files, get_file(con));
	fd_install(t->files, get_file(con));
	t->cwd = vfs_root();
	if (!t->cwd)
		return -ENOENT;
	root[0] = '/';
	root[1] = 0;
	t->cwd_path = root;
	t->sig.sighand = sighand_copy(NULL);
	if (!t->sig.sighand)
		return -ENOMEM;
	rlimits_init_default(t);
	t->umask = 022;
	t->is_user = true;
	t->tgid = t->pid;
	t->pgid = t->sid = 0; /* as on Linux: init belongs to the kernel's session 0 until it calls setsid */
	t->exit_signal = SIGCHLD;
	t->uframe = task_user_frame(t);
	return 0;
}

static void init_thread(void *arg)
{
	const char *path = arg;
	const char *argv[] = { path, NULL };
	struct exec_args a = { .kernel = true, .kargv = argv, .kenvp = init_envp };
	int err = setup_first_process(current);

	nr_processes++;
	if (!err)
		err = do_execve(path, &a);
	if (err) {
		printk(KERN_EMERG "init: cannot run %s (error %d)\n", path, err);
		printk(KERN_EMERG "init exited with status 127\n");
		emulator_exit(127);
	}
	arch_enter_user(task_user_frame(current));
}

void start_init(const char *path)
{
	struct task *t;

	/* As Linux: a process table for a few thousand processes in 128 MiB. */
	max_processes = totalram_pages / 16;
	if (max_processes < 64)
		max_processes = 64;
	if (max_processes > 32768)
		max_processes = 32768;
	t = task_alloc("init");
	if (!t)
		panic("cannot create the init process");
	t->pid = 1;
	/* The top of the stack stays free for the user register frame exec fills. */
	t->sp = arch_thread_init_stack((u8 *)t->stack + KSTACK_SIZE - USER_FRAME_RESERVE,
				       init_thread, (void *)path);
	init_process = t;
	task_start(t);
}

/*
 * reboot(2) with Linux's magic numbers and commands: power off, halt,
 * restart, and the Ctrl-Alt-Del switch. Powering off writes back every
 * mounted filesystem, drains the console and leaves the emulator
 * (drivers/emu_exit.c: QEMU's isa-debug-exit port, Bochs's 0x8900), so
 * `poweroff` in the shell ends `make run`. Restart pulses the keyboard
 * controller's reset line (QEMU started with -no-reboot then exits).
 * Halt stops the CPU and leaves the machine on, as Linux does.
 *
 * Locking: none; the commands do not come back (but CAD_ON/OFF).
 */
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "arch/x86/arch.h"
#include "fs/vfs.h"

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216

#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2 0xA1B2C3D4
#define LINUX_REBOOT_CMD_SW_SUSPEND 0xD000FCE2
#define LINUX_REBOOT_CMD_KEXEC 0x45584543

/* Ctrl-Alt-Del reboots at once (on) or signals init (off); no keyboard reads it here. */
static bool cad_reboots = true;

long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	(void)arg;
	if ((u32)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		cad_reboots = cmd == LINUX_REBOOT_CMD_CAD_ON;
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
		vfs_sync();
		printk(KERN_EMERG "reboot: Power down\n");
		emulator_exit(0);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		vfs_sync();
		printk(KERN_EMERG "reboot: Restarting system\n");
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		vfs_sync();
		printk(KERN_EMERG "reboot: System halted\n");
		machine_halt();
	case LINUX_REBOOT_CMD_SW_SUSPEND:
		return -ENOSYS; /* no hibernation, as a kernel built without it */
	}
	return -EINVAL; /* KEXEC with no image loaded too */
}

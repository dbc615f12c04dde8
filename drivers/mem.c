/*
 * The memory character devices of major 1: null (1:3), zero (1:5), full
 * (1:7), random (1:8) and urandom (1:9), with Linux's behaviour: null
 * reads end of file and swallows writes; zero reads zeros, swallows
 * writes and maps as anonymous memory (private or shared); full reads
 * zeros and refuses writes with -ENOSPC; random and urandom read the
 * kernel's generator (get_random_bytes, kernel/sys.c) and accept writes.
 * lseek of null, zero and full answers 0; random and urandom keep their
 * position (noop). None of them uses or moves the file position.
 *
 * Context: every operation may sleep (they run in system calls); no lock
 * of their own.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/sys.h"

static ssize_t read_null(struct file *f, void *buf, size_t n, loff_t *pos)
{
	return 0;
}

static ssize_t write_sink(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	return (ssize_t)n;
}

static ssize_t read_zero(struct file *f, void *buf, size_t n, loff_t *pos)
{
	memset(buf, 0, n);
	return (ssize_t)n;
}

static ssize_t write_full(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	return -ENOSPC;
}

static ssize_t read_random(struct file *f, void *buf, size_t n, loff_t *pos)
{
	get_random_bytes(buf, n);
	return (ssize_t)n;
}

/* null, zero and full: every seek lands at 0. */
static loff_t lseek_zero(struct file *f, loff_t off, int whence)
{
	f->f_pos = 0;
	return 0;
}

static loff_t lseek_noop(struct file *f, loff_t off, int whence)
{
	return f->f_pos;
}

static const struct file_operations null_fops = {
	.read = read_null, .write = write_sink, .llseek = lseek_zero,
};
static const struct file_operations zero_fops = {
	.read = read_zero, .write = write_sink, .llseek = lseek_zero, .mmap_anonymous = true,
};
static const struct file_operations full_fops = {
	.read = read_zero, .write = write_full, .llseek = lseek_zero,
};
static const struct file_operations random_fops = {
	.read = read_random, .write = write_sink, .llseek = lseek_noop,
};

static int mem_devices_init(void)
{
	static const struct { unsigned int minor; const char *name;
			      const struct file_operations *fops; } devs[] = {
		{ 3, "null", &null_fops }, { 5, "zero", &zero_fops }, { 7, "full", &full_fops },
		{ 8, "random", &random_fops }, { 9, "urandom", &random_fops },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(devs); i++) {
		int err = register_chrdev(1, devs[i].minor, 1, devs[i].name, devs[i].fops);

		if (err) {
			pr_err("mem: cannot register %s (%d)\n", devs[i].name, err);
			return err;
		}
	}
	return 0;
}
device_initcall(mem_devices_init);

/*
 * Reading the multiboot2 information GRUB leaves us: the command line, the
 * modules (the ramdisk) and where the memory map is. Runs before mm_init,
 * so it copies what it keeps into static storage and relies only on the
 * boot mapping of low memory (boot/entry.S).
 */
#include "boot/multiboot2.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "arch/x86/arch.h"

struct boot_info boot_info;

#define BOOT_MAPPED_LIMIT (64UL << 20)

static void take_module(const struct mb2_tag_module *m)
{
	struct boot_module *bm;

	if (boot_info.nr_modules == MAX_BOOT_MODULES) {
		pr_warn("boot: more than %d modules, ignoring '%s'\n", MAX_BOOT_MODULES, m->string);
		return;
	}
	bm = &boot_info.modules[boot_info.nr_modules++];
	bm->start = m->mod_start;
	bm->end = m->mod_end;
	strlcpy(bm->name, m->string, sizeof(bm->name));
}

/* Returns 0, or -1 when the magic or the block is not multiboot2 (nothing is read then). */
int bootinfo_parse(u32 magic, u32 info_phys)
{
	const struct mb2_info *info;
	const struct mb2_tag *tag;

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return -1;
	if (!info_phys || info_phys >= BOOT_MAPPED_LIMIT)
		return -1;
	info = __va(info_phys);
	boot_info.info_phys = info_phys;
	boot_info.info_size = info->total_size;
	mb2_for_each_tag(tag, info) {
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			strlcpy(boot_info.cmdline, ((const struct mb2_tag_string *)tag)->string,
				sizeof(boot_info.cmdline));
			break;
		case MB2_TAG_MODULE:
			take_module((const struct mb2_tag_module *)tag);
			break;
		case MB2_TAG_MMAP:
			boot_info.mmap = (const struct mb2_tag_mmap *)tag;
			break;
		}
	}
	return 0;
}

static const char *mmap_type_name(u32 type)
{
	switch (type) {
	case MB2_MEMORY_AVAILABLE:
		return "usable";
	case MB2_MEMORY_ACPI_RECLAIMABLE:
		return "ACPI data";
	case MB2_MEMORY_NVS:
		return "ACPI NVS";
	case MB2_MEMORY_BADRAM:
		return "bad RAM";
	default:
		return "reserved";
	}
}

void bootinfo_print(void)
{
	const struct mb2_tag_mmap *mm = boot_info.mmap;

	pr_info("boot: command line: %s\n", boot_info.cmdline);
	if (mm) {
		const u8 *end = (const u8 *)mm + mm->size;

		pr_info("boot: memory map from the firmware:\n");
		for (const u8 *p = (const u8 *)mm->entries; p + mm->entry_size <= end;
		     p += mm->entry_size) {
			const struct mb2_mmap_entry *e = (const void *)p;

			pr_info("  [mem %#011llx-%#011llx] %s\n", e->addr, e->addr + e->len - 1,
				mmap_type_name(e->type));
		}
	} else {
		pr_warn("boot: no memory map from the boot loader\n");
	}
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		pr_info("boot: module '%s' at %#x-%#x (%u KiB)\n", boot_info.modules[i].name,
			boot_info.modules[i].start, boot_info.modules[i].end - 1,
			(boot_info.modules[i].end - boot_info.modules[i].start) / 1024);
}

/*
 * Multiboot2 boot information, as GRUB hands it to the kernel (the layout is
 * fixed by the Multiboot2 specification, section 3.6). The information block
 * starts with total_size (u32) and a reserved u32, then tags, each 8-byte
 * aligned, ending with a tag of type 0.
 *
 *   tag header       u32 type, u32 size (size excludes the padding)
 *   1  cmdline       char string[]
 *   3  module        u32 mod_start, u32 mod_end, char string[]
 *   4  basic meminfo u32 mem_lower (KiB below 1M), u32 mem_upper (KiB above 1M)
 *   6  memory map    u32 entry_size, u32 entry_version, entries[]:
 *                    u64 base_addr, u64 length, u32 type, u32 reserved
 */
#ifndef BOOT_MULTIBOOT2_H
#define BOOT_MULTIBOOT2_H

#include "kernel/types.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP 6

#define MB2_MEMORY_AVAILABLE 1
#define MB2_MEMORY_RESERVED 2
#define MB2_MEMORY_ACPI_RECLAIMABLE 3
#define MB2_MEMORY_NVS 4
#define MB2_MEMORY_BADRAM 5

struct mb2_info {
	u32 total_size;
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_tag_string {
	u32 type;
	u32 size;
	char string[];
};

struct mb2_tag_module {
	u32 type;
	u32 size;
	u32 mod_start;
	u32 mod_end;
	char string[];
};

struct mb2_tag_basic_meminfo {
	u32 type;
	u32 size;
	u32 mem_lower;
	u32 mem_upper;
};

struct mb2_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
	u32 zero;
} __packed;

struct mb2_tag_mmap {
	u32 type;
	u32 size;
	u32 entry_size;
	u32 entry_version;
	struct mb2_mmap_entry entries[];
};

#define mb2_for_each_tag(tag, info)                                              \
	for (tag = (struct mb2_tag *)((u8 *)(info) + 8); tag->type != MB2_TAG_END; \
	     tag = (struct mb2_tag *)((u8 *)tag + ALIGN_UP(tag->size, 8)))

/* kernel/bootinfo.c: what kernel_main learned from the boot information. */
#define MAX_BOOT_MODULES 8
struct boot_module {
	u32 start, end; /* physical, end exclusive */
	char name[32];
};

struct boot_info {
	u32 info_phys, info_size;       /* the multiboot2 block itself */
	char cmdline[512];
	const struct mb2_tag_mmap *mmap; /* direct-mapped view of the memory map tag */
	unsigned int nr_modules;
	struct boot_module modules[MAX_BOOT_MODULES];
};
extern struct boot_info boot_info;

int bootinfo_parse(u32 magic, u32 info_phys);
/* kernel/main.c: the C entry boot/entry.S calls. */
void kernel_main(u32 magic, u32 info_phys);
void bootinfo_print(void);

#endif

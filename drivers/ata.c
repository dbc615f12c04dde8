/*
 * Legacy IDE (ATA) disks hda..hdd: bus-master DMA, or PIO, completed by
 * interrupts. Owns the two channels (primary 0x1F0/0x3F6 IRQ 14, secondary
 * 0x170/0x376 IRQ 15), their request queues, their bus-master engines and
 * PRD tables, and the four drive slots.
 *
 * Probing (ata_init, at boot, interrupts off, the drives' nIEN set) polls:
 * first the PCI IDE function (class 01:01, the PIIX3/PIIX4 of QEMU's
 * i440FX PC and of Bochs) is looked for through drivers/pci.c; a channel
 * it runs in compatibility mode gets its bus-master registers (BAR4, +8
 * for the secondary) and bus mastering is turned on, unless the boot key
 * ata.dma=0 (or ata_nodma) keeps everything on PIO. Then a soft reset per
 * channel and IDENTIFY DEVICE on master and slave. An ATAPI device (the
 * CD-ROM we boot from) answers with the packet signature and is skipped;
 * an absent one reads status 0 or 0xFF. A disk without LBA is refused.
 * LBA48 is used when the drive has it and a request needs it.
 *
 * One command is in flight per channel (master and slave share the
 * registers). A request (up to BLOCK_MAX_PAGES pages, any of them HIGHMEM)
 * is one command. By DMA (the channel has an engine, the drive reports
 * DMA): READ/WRITE DMA (EXT); the channel's PRD table gets one run per
 * page (adjacent pages merged within a 64 KiB window), the engine is
 * started after the command and the drive interrupts once, at the end;
 * the handler checks the engine's status (error, interrupt bits) and the
 * ATA status, stops the engine and completes the request (-EIO on an
 * error). By PIO: READ/WRITE SECTORS (EXT); the drive interrupts once per
 * sector and the handler moves that sector with rep insw/outsw through
 * kmap_atomic(KM_IRQ0). Either way, after the request it starts the next
 * from the queue. A per-channel timer fails a command with -EIO when its
 * next interrupt does not come within ATA_TIMEOUT_TICKS, resets the
 * channel (stopping the engine) and goes on with the queue. With
 * interrupts off (boot) the block layer calls ata_poll, which runs the
 * same service routine when the status says the command is done or the
 * drive is ready.
 *
 * Locking: ch->lock (a spinlock, so interrupts are off while held) covers
 * the queue, the command in flight, the PRD table and the registers. It is
 * never held while block_request_done runs: completed requests are
 * collected on a local list and ended after the unlock, so an end_io may
 * submit again.
 */
#include "drivers/ata.h"
#include "drivers/pci.h"
#include "kernel/init.h"
#include "kernel/cmdline.h"
#include "arch/x86/io.h"
#include "arch/x86/traps.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/wait.h"
#include "mm/mm.h"

/* Command block registers, offsets from the channel's io base. */
#define ATA_DATA 0
#define ATA_ERROR 1
#define ATA_NSECT 2
#define ATA_LBA_LO 3
#define ATA_LBA_MID 4
#define ATA_LBA_HI 5
#define ATA_DEVICE 6
#define ATA_STATUS 7  /* read: status, clears the interrupt */
#define ATA_COMMAND 7 /* write */

/* Control block: alternate status (read, no side effect) / device control (write). */
#define ATA_DEVCTL_NIEN 0x02
#define ATA_DEVCTL_SRST 0x04

#define ATA_SR_BSY 0x80
#define ATA_SR_DRDY 0x40
#define ATA_SR_DF 0x20
#define ATA_SR_DRQ 0x08
#define ATA_SR_ERR 0x01

#define ATA_DEV_LBA 0x40
#define ATA_DEV_OBS 0xA0 /* bits 7 and 5: set by convention on old drives */

#define ATA_CMD_READ 0x20
#define ATA_CMD_READ_EXT 0x24
#define ATA_CMD_WRITE 0x30
#define ATA_CMD_WRITE_EXT 0x34
#define ATA_CMD_IDENTIFY 0xEC
#define ATA_CMD_READ_DMA 0xC8
#define ATA_CMD_READ_DMA_EXT 0x25
#define ATA_CMD_WRITE_DMA 0xCA
#define ATA_CMD_WRITE_DMA_EXT 0x35

/*
 * Bus-master IDE (the PIIX's BMIDE, SFF-8038i): 8 registers per channel
 * from BAR4 of the IDE function, the primary's first.
 */
#define BM_COMMAND 0
#define BM_STATUS 2
#define BM_PRD 4
#define BM_CMD_START 0x01
#define BM_CMD_TO_MEMORY 0x08 /* the engine writes memory: a disk read */
#define BM_ST_ACTIVE 0x01
#define BM_ST_ERROR 0x02      /* write 1 to clear */
#define BM_ST_IRQ 0x04        /* the drive raised its interrupt; write 1 to clear */

/*
 * A physical region descriptor: a run of at most 64 KiB (count 0 means
 * 64 KiB) that does not cross a 64 KiB boundary; EOT marks the table's
 * last entry. A request needs at most one per page it spans.
 */
struct prd {
	u32 addr;
	u32 count_eot; /* bits 0-15 byte count, bit 31 end of table */
};
#define PRD_EOT 0x80000000u
#define PRD_MAX BLOCK_MAX_PAGES
#define PRD_BOUNDARY 0x10000ULL

/* IDENTIFY DEVICE words. */
#define ID_CAPABILITIES 49   /* bit 9: LBA, bit 8: DMA */
#define ID_MODEL 27          /* 20 words, bytes swapped */
#define ID_LBA28_SECTORS 60  /* 2 words */
#define ID_COMMAND_SET2 83   /* bit 10: LBA48 */
#define ID_LBA48_SECTORS 100 /* 4 words */

#define LBA28_LIMIT (1ULL << 28)
/* Bounded busy-waits: status reads, each at least ~100 ns on real or emulated hardware. */
#define SPIN_SHORT 100000UL
#define SPIN_RESET 5000000UL
/* Polling (interrupts off): status reads without progress before a command times out. */
#define POLL_LIMIT 20000000UL

struct ata_channel;

struct ata_drive {
	struct block_device bdev;
	struct ata_channel *ch;
	u8 unit;            /* 0 master, 1 slave */
	bool lba48;
	bool dma;           /* IDENTIFY says it does DMA */
	bool force_ext;     /* test hook: the LBA48 commands even below 2^28 */
	char model[41];
};

struct ata_channel {
	const char *name;
	u16 io, ctl;
	u8 irq;
	spinlock_t lock;
	struct list_head queue;       /* submitted, not started */
	struct block_request *cur;    /* the command in flight */
	u32 done;                     /* sectors of cur transferred (PIO) */
	bool dma_cur;                 /* cur runs by DMA: one interrupt ends it */
	u16 bm;                       /* bus-master registers, 0: none, PIO only */
	struct prd *prd;              /* the channel's PRD table (prd_tables) */
	bool force_pio;               /* test hook: PIO even with bm */
	unsigned long poll_spins;
	struct timer timer;
	bool irq_ok;                  /* request_irq succeeded */
	unsigned int lose_irqs;       /* test hook */
	struct ata_stats stats;
	struct ata_drive drive[2];
	bool present[2];
};

static struct ata_channel channels[2] = {
	{ .name = "ide0", .io = 0x1F0, .ctl = 0x3F6, .irq = 14 },
	{ .name = "ide1", .io = 0x170, .ctl = 0x376, .irq = 15 },
};

static unsigned long ata_timeout = ATA_TIMEOUT_TICKS;

/*
 * One PRD table per channel, in the kernel image (lowmem, so __pa gives
 * its physical address). Aligned to its own size rounded up to a power of
 * two, so it never crosses a 64 KiB boundary (the engine requires it, and
 * 4-byte alignment).
 */
struct prd_table {
	struct prd e[PRD_MAX];
} __aligned(256);
static struct prd_table prd_tables[2];
_Static_assert(sizeof(struct prd_table) == 256, "each PRD table sits alone in 256 aligned bytes");

static inline u8 alt_status(struct ata_channel *ch) { return inb(ch->ctl); }

/* The 400 ns the drive needs after a select or command before status is valid. */
static void ata_delay400(struct ata_channel *ch)
{
	for (int i = 0; i < 4; i++)
		alt_status(ch);
}

/* Wait until BSY clears; returns the status, or 0xFF after `spins` reads. */
static u8 wait_not_busy(struct ata_channel *ch, unsigned long spins)
{
	u8 st;

	while (spins--) {
		st = alt_status(ch);
		if (!(st & ATA_SR_BSY))
			return st;
	}
	return 0xFF;
}

/* Wait for DRQ or an error with BSY clear; returns the status, or 0xFF on timeout. */
static u8 wait_drq(struct ata_channel *ch, unsigned long spins)
{
	u8 st;

	while (spins--) {
		st = alt_status(ch);
		if (!(st & ATA_SR_BSY) && (st & (ATA_SR_DRQ | ATA_SR_ERR | ATA_SR_DF)))
			return st;
	}
	return 0xFF;
}

static struct ata_drive *rq_drive(struct block_request *rq)
{
	return rq->bdev->driver_data;
}

/* Move one sector between the request page and the data register. ch->lock held. */
static void pio_sector(struct ata_channel *ch, struct block_request *rq, u32 index)
{
	unsigned int off;
	u8 *mem = kmap_atomic(block_rq_sector_page(rq, index, &off), KM_IRQ0);
	u8 *p = mem + off;

	if (rq->dir == BLOCK_READ)
		insw(ch->io + ATA_DATA, p, SECTOR_SIZE / 2);
	else
		outsw(ch->io + ATA_DATA, p, SECTOR_SIZE / 2);
	kunmap_atomic(mem, KM_IRQ0);
}

/*
 * Select drive `unit` and wait until the register reads back so: a drive
 * ignores writes to its registers while it is busy (QEMU finishes a soft
 * reset asynchronously), so the first select may be lost. Returns false
 * if the select never took. ch->lock held or boot.
 */
static bool select_unit(struct ata_channel *ch, u8 unit, u8 bits)
{
	for (unsigned long tries = 0; tries < SPIN_SHORT; tries++) {
		outb(ch->io + ATA_DEVICE, ATA_DEV_OBS | bits | (unit << 4));
		ata_delay400(ch);
		if ((inb(ch->io + ATA_DEVICE) & 0x10) == (unit << 4))
			return true;
	}
	return false;
}

/* Stop the bus-master engine and clear its error and interrupt bits. ch->lock held or boot. */
static void bm_stop(struct ata_channel *ch)
{
	outb(ch->bm + BM_COMMAND, 0);
	outb(ch->bm + BM_STATUS, inb(ch->bm + BM_STATUS) | BM_ST_ERROR | BM_ST_IRQ);
}

/*
 * Fill ch's PRD table for rq: one run per page, merged with the one
 * before when the pages are adjacent in physical memory and the run stays
 * inside one 64 KiB window. Returns false (use PIO) if a page lies at or
 * above 4 GiB, which the 32-bit descriptors cannot reach. ch->lock held.
 */
static bool build_prd(struct ata_channel *ch, struct block_request *rq)
{
	u32 len[PRD_MAX];
	unsigned int n = 0, k;
	u32 i = 0;

	while (i < rq->count) {
		unsigned int off;
		struct page *page = block_rq_sector_page(rq, i, &off);
		u32 secs = MIN(rq->count - i, (u32)((PAGE_SIZE - off) >> SECTOR_SHIFT));
		u64 phys = ((u64)page_to_pfn(page) << PAGE_SHIFT) + off;
		u32 bytes = secs << SECTOR_SHIFT;

		if (phys + bytes > (1ULL << 32))
			return false;
		if (n && ch->prd[n - 1].addr + (u64)len[n - 1] == phys &&
		    ch->prd[n - 1].addr / PRD_BOUNDARY == (phys + bytes - 1) / PRD_BOUNDARY) {
			len[n - 1] += bytes;
		} else {
			if (n == PRD_MAX)
				return false; /* cannot happen: one run per page at most */
			ch->prd[n].addr = (u32)phys;
			len[n++] = bytes;
		}
		i += secs;
	}
	for (k = 0; k < n; k++)
		ch->prd[k].count_eot = (len[k] & 0xFFFF) | (k == n - 1 ? PRD_EOT : 0);
	return true;
}

/*
 * Point the engine at the PRD table, clear its status and set the
 * direction; START comes after the drive has the command. ch->lock held.
 */
static void bm_prepare(struct ata_channel *ch, enum block_dir dir)
{
	barrier(); /* the table is in memory before the engine may read it */
	outb(ch->bm + BM_COMMAND, 0);
	outl(ch->bm + BM_PRD, (u32)__pa(ch->prd));
	outb(ch->bm + BM_STATUS, inb(ch->bm + BM_STATUS) | BM_ST_ERROR | BM_ST_IRQ);
	outb(ch->bm + BM_COMMAND, dir == BLOCK_READ ? BM_CMD_TO_MEMORY : 0);
}

static u8 rw_command(enum block_dir dir, bool ext, bool dma)
{
	if (dma)
		return dir == BLOCK_READ ? (ext ? ATA_CMD_READ_DMA_EXT : ATA_CMD_READ_DMA)
					 : (ext ? ATA_CMD_WRITE_DMA_EXT : ATA_CMD_WRITE_DMA);
	return dir == BLOCK_READ ? (ext ? ATA_CMD_READ_EXT : ATA_CMD_READ)
				 : (ext ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE);
}

/* Soft-reset both drives of the channel; leaves nIEN as `devctl` says. ch->lock held or boot. */
static void reset_channel(struct ata_channel *ch, u8 devctl)
{
	if (ch->bm)
		bm_stop(ch);
	select_unit(ch, 0, 0); /* watch the reset through the master's status */
	outb(ch->ctl, ATA_DEVCTL_SRST | ATA_DEVCTL_NIEN);
	for (int i = 0; i < 10; i++)
		io_delay(); /* SRST must be held at least 5 us */
	outb(ch->ctl, devctl);
	ata_delay400(ch);
	wait_not_busy(ch, SPIN_RESET);
	inb(ch->io + ATA_STATUS); /* drop any interrupt the reset raised */
}

/*
 * Program the registers and issue rq's command: by DMA when the channel
 * has a bus-master engine and the drive takes DMA (then the engine is
 * started and one interrupt will end the whole request), else by PIO,
 * and for a PIO write also send the first sector. Returns 0 or -EIO when
 * the drive will not take it. ch->lock held.
 */
static int issue(struct ata_channel *ch, struct block_request *rq)
{
	struct ata_drive *d = rq_drive(rq);
	u64 lba = rq->sector;
	bool ext = lba + rq->count > LBA28_LIMIT - 1 || d->force_ext;
	bool dma;
	u8 st;

	if (ext && !d->lba48)
		return -EIO; /* cannot happen: nr_sectors is below 2^28 then */
	if (wait_not_busy(ch, SPIN_SHORT) == 0xFF) {
		pr_err("%s: busy before a command; resetting %s\n", d->bdev.name, ch->name);
		reset_channel(ch, 0);
		if (wait_not_busy(ch, SPIN_SHORT) == 0xFF)
			return -EIO;
	}
	dma = ch->bm && d->dma && !ch->force_pio && build_prd(ch, rq);
	if (dma)
		bm_prepare(ch, rq->dir);
	if (ext) {
		select_unit(ch, d->unit, ATA_DEV_LBA);
		outb(ch->io + ATA_NSECT, (rq->count >> 8) & 0xff);
		outb(ch->io + ATA_LBA_LO, (lba >> 24) & 0xff);
		outb(ch->io + ATA_LBA_MID, (lba >> 32) & 0xff);
		outb(ch->io + ATA_LBA_HI, (lba >> 40) & 0xff);
	} else {
		select_unit(ch, d->unit, ATA_DEV_LBA | ((lba >> 24) & 0x0f));
	}
	outb(ch->io + ATA_NSECT, rq->count & 0xff);
	outb(ch->io + ATA_LBA_LO, lba & 0xff);
	outb(ch->io + ATA_LBA_MID, (lba >> 8) & 0xff);
	outb(ch->io + ATA_LBA_HI, (lba >> 16) & 0xff);
	outb(ch->io + ATA_COMMAND, rw_command(rq->dir, ext, dma));
	ch->stats.commands++;
	ch->done = 0;
	ch->poll_spins = 0;
	ch->dma_cur = dma;
	if (dma) {
		ch->stats.dma_commands++;
		outb(ch->bm + BM_COMMAND,
		     (rq->dir == BLOCK_READ ? BM_CMD_TO_MEMORY : 0) | BM_CMD_START);
		return 0;
	}
	if (rq->dir == BLOCK_WRITE) {
		ata_delay400(ch);
		st = wait_drq(ch, SPIN_SHORT);
		if (st == 0xFF || !(st & ATA_SR_DRQ) || (st & (ATA_SR_ERR | ATA_SR_DF))) {
			pr_err("%s: write to sector %llu refused, status %#x error %#x\n",
			       d->bdev.name, rq->sector, st, inb(ch->io + ATA_ERROR));
			inb(ch->io + ATA_STATUS);
			return -EIO;
		}
		pio_sector(ch, rq, 0);
	}
	return 0;
}

/* The command made progress: its next interrupt has ata_timeout again. ch->lock held. */
static void rearm_timer(struct ata_channel *ch)
{
	del_timer(&ch->timer);
	add_timer(&ch->timer, jiffies + ata_timeout);
}

/*
 * Start queued requests until one is in flight or the queue is empty;
 * requests the drive refused go to `failed` with rq->error set.
 * ch->lock held.
 */
static void start_next(struct ata_channel *ch, struct list_head *failed)
{
	while (!ch->cur && !list_empty(&ch->queue)) {
		struct block_request *rq = list_first_entry(&ch->queue, struct block_request, queue);
		int err;

		list_del_init(&rq->queue);
		err = issue(ch, rq);
		if (err) {
			rq->error = err;
			list_add_tail(&rq->queue, failed);
			continue;
		}
		ch->cur = rq;
		rearm_timer(ch);
	}
}

/* End every request on `list` (collected under ch->lock, now released). */
static void finish_list(struct list_head *list)
{
	while (!list_empty(list)) {
		struct block_request *rq = list_first_entry(list, struct block_request, queue);

		list_del_init(&rq->queue);
		block_request_done(rq, rq->error);
	}
}

/* Take cur off the channel with `error` and start the next. ch->lock held. */
static void end_current(struct ata_channel *ch, int error, struct list_head *out)
{
	struct block_request *rq = ch->cur;

	del_timer(&ch->timer);
	ch->cur = NULL;
	rq->error = error;
	list_add_tail(&rq->queue, out);
	start_next(ch, out);
}

/* Has the DMA command in flight finished (or failed)? ch->lock held. */
static bool dma_finished(struct ata_channel *ch, u8 st, u8 bst)
{
	if (st & ATA_SR_BSY)
		return false;
	return (bst & (BM_ST_IRQ | BM_ST_ERROR)) || !(bst & BM_ST_ACTIVE);
}

/*
 * The interrupt of a DMA command: the whole request is done, or failed
 * (the engine's error bit, or the drive's ERR/DF). st is the status just
 * read from the status register. ch->lock held.
 */
static void service_dma(struct ata_channel *ch, u8 st, struct list_head *out)
{
	struct block_request *rq = ch->cur;
	u8 bst = inb(ch->bm + BM_STATUS);

	if (!dma_finished(ch, st, bst))
		return; /* not for us yet */
	bm_stop(ch);
	ch->poll_spins = 0;
	if ((bst & BM_ST_ERROR) || (st & (ATA_SR_ERR | ATA_SR_DF))) {
		pr_err("%s: DMA %s error at sector %llu (+%u sectors), status %#x error %#x "
		       "bus-master status %#x\n",
		       rq->bdev->name, rq->dir == BLOCK_READ ? "read" : "write", rq->sector,
		       rq->count, st, inb(ch->io + ATA_ERROR), bst);
		/* A drive still asking for data (DRQ), or an engine that failed, is not
		 * ready for the next command: start it over, as a timeout does. */
		if ((bst & BM_ST_ERROR) || (st & ATA_SR_DRQ))
			reset_channel(ch, 0);
		end_current(ch, -EIO, out);
		return;
	}
	end_current(ch, 0, out);
}

/*
 * Service the drive's interrupt for the command in flight: status was just
 * read from the status register (which acknowledged the interrupt).
 * ch->lock held.
 */
static void service(struct ata_channel *ch, u8 st, struct list_head *out)
{
	struct block_request *rq = ch->cur;
	const char *what = rq->dir == BLOCK_READ ? "read" : "write";

	if (ch->dma_cur) {
		service_dma(ch, st, out);
		return;
	}
	if (st & ATA_SR_BSY)
		return; /* not for us yet */
	ch->poll_spins = 0;
	if (st & (ATA_SR_ERR | ATA_SR_DF)) {
		pr_err("%s: %s error at sector %llu, status %#x error %#x\n", rq->bdev->name,
		       what, rq->sector + ch->done, st, inb(ch->io + ATA_ERROR));
		end_current(ch, -EIO, out);
		return;
	}
	if (rq->dir == BLOCK_READ) {
		if (!(st & ATA_SR_DRQ)) {
			pr_err("%s: read at sector %llu: drive has no data (status %#x)\n",
			       rq->bdev->name, rq->sector + ch->done, st);
			end_current(ch, -EIO, out);
			return;
		}
		pio_sector(ch, rq, ch->done);
		if (++ch->done == rq->count)
			end_current(ch, 0, out);
		else
			rearm_timer(ch);
		return;
	}
	/* Write: this interrupt acknowledges sector `done`. */
	if (++ch->done == rq->count) {
		end_current(ch, 0, out);
		return;
	}
	if (!(st & ATA_SR_DRQ)) {
		pr_err("%s: write at sector %llu: drive wants no data (status %#x)\n",
		       rq->bdev->name, rq->sector + ch->done, st);
		end_current(ch, -EIO, out);
		return;
	}
	pio_sector(ch, rq, ch->done);
	rearm_timer(ch);
}

static void ata_interrupt(unsigned int irq, void *data)
{
	struct ata_channel *ch = data;
	LIST_HEAD(out);
	u8 st;

	spin_lock(&ch->lock);
	ch->stats.irqs++;
	if (ch->lose_irqs) {
		ch->lose_irqs--;
		ch->stats.lost_irqs++;
		spin_unlock(&ch->lock);
		return; /* pretend it never came: status unread, the timer must act */
	}
	st = inb(ch->io + ATA_STATUS);
	if (!ch->cur)
		ch->stats.unexpected_irqs++;
	else
		service(ch, st, &out);
	spin_unlock(&ch->lock);
	finish_list(&out);
}

/* The channel's timer: the command in flight got no interrupt in time. */
static void ata_timeout_fn(void *data)
{
	struct ata_channel *ch = data;
	LIST_HEAD(out);

	spin_lock(&ch->lock);
	if (ch->cur) {
		pr_err("%s: timeout on %s of sector %llu (+%u sectors), status %#x; resetting %s\n",
		       ch->cur->bdev->name, ch->cur->dir == BLOCK_READ ? "read" : "write",
		       ch->cur->sector, ch->cur->count, alt_status(ch), ch->name);
		ch->stats.timeouts++;
		reset_channel(ch, 0);
		end_current(ch, -EIO, &out);
	}
	spin_unlock(&ch->lock);
	finish_list(&out);
}

static void ata_submit(struct block_device *bdev, struct block_request *rq)
{
	struct ata_channel *ch = ((struct ata_drive *)bdev->driver_data)->ch;
	LIST_HEAD(out);

	spin_lock(&ch->lock);
	list_add_tail(&rq->queue, &ch->queue);
	start_next(ch, &out);
	spin_unlock(&ch->lock);
	finish_list(&out);
}

/* Interrupts off: do what the interrupt handler would once the drive is ready. */
static void ata_poll(struct block_device *bdev)
{
	struct ata_channel *ch = ((struct ata_drive *)bdev->driver_data)->ch;
	LIST_HEAD(out);
	u8 st;

	spin_lock(&ch->lock);
	if (ch->cur) {
		bool ready;

		st = alt_status(ch);
		if (ch->dma_cur)
			ready = dma_finished(ch, st, inb(ch->bm + BM_STATUS));
		else
			ready = !(st & ATA_SR_BSY) &&
				(st & (ATA_SR_DRQ | ATA_SR_ERR | ATA_SR_DF) ||
				 (ch->cur->dir == BLOCK_WRITE && ch->done + 1 == ch->cur->count));
		if (ready) {
			service(ch, inb(ch->io + ATA_STATUS), &out);
		} else if (++ch->poll_spins > POLL_LIMIT) {
			pr_err("%s: no progress while polling; resetting %s\n", bdev->name, ch->name);
			ch->stats.timeouts++;
			reset_channel(ch, 0);
			end_current(ch, -EIO, &out);
		}
	}
	spin_unlock(&ch->lock);
	finish_list(&out);
}

static const struct block_ops ata_ops = {
	.submit = ata_submit,
	.poll = ata_poll,
};

/* ---------------------------------------------------------- probing -- */

static void id_string(const u16 *id, int word, int words, char *out)
{
	int i, n = 0;

	for (i = 0; i < words; i++) {
		out[n++] = id[word + i] >> 8;
		out[n++] = id[word + i] & 0xff;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
}

/*
 * IDENTIFY the drive `unit` of ch (nIEN set, polling) and register it if it
 * is an LBA disk. Returns 1 if a disk was registered.
 */
static int probe_drive(struct ata_channel *ch, u8 unit, char name_letter)
{
	struct ata_drive *d = &ch->drive[unit];
	char name[8] = { 'h', 'd', name_letter, 0 };
	u16 id[256];
	u8 st, mid, hi;
	u64 sectors;

	if (!select_unit(ch, unit, 0))
		return 0; /* nothing answers */
	st = alt_status(ch);
	if (st == 0xFF)
		return 0; /* nothing answers */
	if (wait_not_busy(ch, SPIN_RESET) == 0xFF) {
		pr_warn("%s: stays busy after reset; ignored\n", name);
		return 0;
	}
	/* After a reset an ATAPI device shows the packet signature (and status 0). */
	mid = inb(ch->io + ATA_LBA_MID);
	hi = inb(ch->io + ATA_LBA_HI);
	if ((mid == 0x14 && hi == 0xEB) || (mid == 0x69 && hi == 0x96)) {
		pr_info("%s: ATAPI device (CD-ROM), not a disk; skipped\n", name);
		return 0;
	}
	outb(ch->io + ATA_NSECT, 0);
	outb(ch->io + ATA_LBA_LO, 0);
	outb(ch->io + ATA_LBA_MID, 0);
	outb(ch->io + ATA_LBA_HI, 0);
	outb(ch->io + ATA_COMMAND, ATA_CMD_IDENTIFY);
	ata_delay400(ch);
	st = alt_status(ch);
	if (st == 0x00 || st == 0xFF)
		return 0; /* no device */
	st = wait_not_busy(ch, SPIN_RESET);
	mid = inb(ch->io + ATA_LBA_MID);
	hi = inb(ch->io + ATA_LBA_HI);
	if ((mid == 0x14 && hi == 0xEB) || (mid == 0x69 && hi == 0x96)) {
		inb(ch->io + ATA_STATUS);
		pr_info("%s: ATAPI device (CD-ROM?), not a disk; skipped\n", name);
		return 0;
	}
	if (mid || hi) {
		inb(ch->io + ATA_STATUS);
		pr_info("%s: unknown device signature %#x/%#x; skipped\n", name, mid, hi);
		return 0;
	}
	st = wait_drq(ch, SPIN_RESET);
	if (st == 0xFF || !(st & ATA_SR_DRQ) || (st & ATA_SR_ERR)) {
		inb(ch->io + ATA_STATUS);
		pr_info("%s: no answer to IDENTIFY (status %#x); skipped\n", name, st);
		return 0;
	}
	insw(ch->io + ATA_DATA, id, 256);
	inb(ch->io + ATA_STATUS);

	memset(d, 0, sizeof(*d));
	d->ch = ch;
	d->unit = unit;
	id_string(id, ID_MODEL, 20, d->model);
	if (!(id[ID_CAPABILITIES] & (1 << 9))) {
		pr_warn("%s: %s has no LBA (CHS only); not supported, skipped\n", name, d->model);
		return 0;
	}
	d->lba48 = id[ID_COMMAND_SET2] & (1 << 10);
	d->dma = id[ID_CAPABILITIES] & (1 << 8);
	sectors = id[ID_LBA28_SECTORS] | ((u32)id[ID_LBA28_SECTORS + 1] << 16);
	if (d->lba48) {
		u64 s48 = (u64)id[ID_LBA48_SECTORS] | ((u64)id[ID_LBA48_SECTORS + 1] << 16) |
			  ((u64)id[ID_LBA48_SECTORS + 2] << 32) |
			  ((u64)id[ID_LBA48_SECTORS + 3] << 48);
		if (s48 > sectors)
			sectors = s48;
	}
	if (!sectors) {
		pr_warn("%s: %s reports 0 sectors; skipped\n", name, d->model);
		return 0;
	}
	strlcpy(d->bdev.name, name, sizeof(d->bdev.name));
	d->bdev.nr_sectors = sectors;
	d->bdev.read_only = false;
	d->bdev.ops = &ata_ops;
	d->bdev.max_pages = BLOCK_MAX_PAGES;
	d->bdev.driver_data = d;
	if (register_block_device(&d->bdev))
		return 0;
	ch->present[unit] = true;
	pr_info("%s: %s, %llu sectors (%llu MiB), LBA%s, %s, IRQ %u\n", name,
		d->model[0] ? d->model : "ATA disk", sectors, sectors >> 11,
		d->lba48 ? "48" : "28", ch->bm && d->dma ? "DMA" : "PIO", ch->irq);
	return 1;
}

static int probe_channel(struct ata_channel *ch, int index)
{
	int n = 0;
	u8 st;

	spin_lock_init(&ch->lock, ch->name);
	INIT_LIST_HEAD(&ch->queue);
	init_timer(&ch->timer, ata_timeout_fn, ch);
	st = inb(ch->io + ATA_STATUS);
	if (st == 0xFF) {
		pr_info("%s: no devices (floating bus)\n", ch->name);
		return 0;
	}
	reset_channel(ch, ATA_DEVCTL_NIEN);
	n += probe_drive(ch, 0, 'a' + 2 * index);
	n += probe_drive(ch, 1, 'a' + 2 * index + 1);
	if (!n)
		return 0;
	select_unit(ch, ch->present[0] ? 0 : 1, 0);
	outb(ch->ctl, 0); /* interrupts on */
	inb(ch->io + ATA_STATUS);
	if (request_irq(ch->irq, ata_interrupt, ch)) {
		pr_err("%s: IRQ %u is taken; its disks will work only by polling\n", ch->name,
		       ch->irq);
		return n;
	}
	ch->irq_ok = true;
	return n;
}

/* The boot keys that keep the driver on PIO: ata.dma=0 or ata_nodma. */
static bool dma_disabled_by_cmdline(void)
{
	const char *v = cmdline_get("ata.dma");

	return cmdline_has("ata_nodma") || (v && !strcmp(v, "0"));
}

/*
 * Find the PCI IDE function (class 01:01) and give each channel it runs
 * in compatibility mode (the legacy ports this driver uses) its bus-master
 * registers; turn on I/O decoding and bus mastering. Without one, or when
 * a boot key says so, every channel stays on PIO. Boot only.
 */
static void find_bus_master(void)
{
	struct pci_dev dev;
	u32 bar;
	u16 cmd;

	if (dma_disabled_by_cmdline()) {
		pr_info("ata: DMA off (boot key), PIO only\n");
		return;
	}
	if (!pci_find_class(0x01, 0x01, &dev)) {
		pr_info("ata: no PCI IDE controller, PIO only\n");
		return;
	}
	bar = pci_read32(&dev, PCI_BAR0 + 4 * 4);
	/* prog-if bit 7: bus master capable; BAR4 must be an assigned I/O range. */
	if (!(dev.prog_if & 0x80) || !(bar & PCI_BAR_IO) || !(bar & 0xFFFC)) {
		pr_info("ata: PCI IDE %04x:%04x has no bus-master range (prog-if %#x, BAR4 %#x), "
			"PIO only\n", dev.vendor, dev.device, dev.prog_if, bar);
		return;
	}
	cmd = pci_read16(&dev, PCI_COMMAND);
	pci_write16(&dev, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
	for (int i = 0; i < 2; i++) {
		/* prog-if bit 0 (primary) / 2 (secondary): native mode, other ports. */
		if (dev.prog_if & (1 << (2 * i)))
			continue;
		channels[i].bm = (bar & 0xFFFC) + 8 * i;
		channels[i].prd = prd_tables[i].e;
		bm_stop(&channels[i]);
	}
	pr_info("ata: PCI IDE %04x:%04x at %02x:%02x.%u, bus master at %#x: DMA\n", dev.vendor,
		dev.device, dev.bus, dev.slot, dev.fn, bar & 0xFFFC);
}

/*
 * ata_init: find the bus-master engine, probe both legacy channels and
 * register every ATA disk found. Boot only (a device initcall), interrupts
 * may be off: probing polls. Finding no disk is not an error: returns 0.
 */
static int ata_init(void)
{
	find_bus_master();
	for (int i = 0; i < 2; i++)
		probe_channel(&channels[i], i);
	return 0;
}

/* ------------------------------------------------- stats, test hooks -- */

static struct ata_channel *bdev_channel(struct block_device *bdev)
{
	if (!bdev || bdev->ops != &ata_ops)
		return NULL;
	return ((struct ata_drive *)bdev->driver_data)->ch;
}

bool ata_get_stats(struct block_device *bdev, struct ata_stats *st)
{
	struct ata_channel *ch = bdev_channel(bdev);

	if (!ch)
		return false;
	spin_lock(&ch->lock);
	*st = ch->stats;
	spin_unlock(&ch->lock);
	return true;
}

bool ata_test_lose_irqs(struct block_device *bdev, unsigned int n)
{
	struct ata_channel *ch = bdev_channel(bdev);

	if (!ch)
		return false;
	spin_lock(&ch->lock);
	ch->lose_irqs = n;
	spin_unlock(&ch->lock);
	return true;
}

bool ata_test_force_pio(struct block_device *bdev, bool on)
{
	struct ata_channel *ch = bdev_channel(bdev);

	if (!ch)
		return false;
	spin_lock(&ch->lock);
	ch->force_pio = on;
	spin_unlock(&ch->lock);
	return true;
}

bool ata_test_force_lba48(struct block_device *bdev, bool on)
{
	struct ata_channel *ch = bdev_channel(bdev);
	struct ata_drive *d;

	if (!ch)
		return false;
	d = bdev->driver_data;
	if (!d->lba48)
		return false;
	spin_lock(&ch->lock);
	d->force_ext = on;
	spin_unlock(&ch->lock);
	return true;
}

bool ata_uses_dma(struct block_device *bdev)
{
	struct ata_channel *ch = bdev_channel(bdev);

	return ch && ch->bm && ((struct ata_drive *)bdev->driver_data)->dma && !ch->force_pio;
}

unsigned long ata_set_timeout(unsigned long ticks)
{
	unsigned long old = ata_timeout;

	ata_timeout = ticks ? ticks : ATA_TIMEOUT_TICKS;
	return old;
}
device_initcall(ata_init);

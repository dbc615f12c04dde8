/*
 * The ATA driver's extras beyond drivers/block.h: per-channel statistics
 * and the hooks its self-tests use (tests/self/block_ata_test.c). Everything
 * else goes through the generic block interface.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include "drivers/block.h"
#include "kernel/sched.h"

struct ata_stats {
	unsigned long irqs;            /* interrupts taken on the disk's channel */
	unsigned long unexpected_irqs; /* ... with no command in flight */
	unsigned long commands;        /* commands started on the channel */
	unsigned long dma_commands;    /* ... of them by bus-master DMA */
	unsigned long timeouts;        /* commands failed because no interrupt came */
	unsigned long lost_irqs;       /* interrupts discarded by ata_test_lose_irqs */
};

/* The default: how long a command may wait for its next interrupt. */
#define ATA_TIMEOUT_TICKS (5 * HZ)

/* True if bdev is an ATA disk; then *st gets its channel's counters. Any context. */
bool ata_get_stats(struct block_device *bdev, struct ata_stats *st);
/*
 * Tests: make bdev's channel ignore its next n interrupts, as if they were
 * lost, so the timeout path runs. Returns false if bdev is not ATA.
 */
bool ata_test_lose_irqs(struct block_device *bdev, unsigned int n);
/*
 * Tests: keep bdev's channel on PIO (on) or let it use DMA again (off),
 * for the requests started from now on. Returns false if bdev is not ATA.
 */
bool ata_test_force_pio(struct block_device *bdev, bool on);
/*
 * Tests: use the LBA48 (EXT) commands for every request of bdev (on) or
 * only where LBA28 cannot reach (off). False if bdev is not ATA or not LBA48.
 */
bool ata_test_force_lba48(struct block_device *bdev, bool on);
/* Do bdev's requests go by DMA now (an engine, a DMA drive, not forced to PIO)? */
bool ata_uses_dma(struct block_device *bdev);
/* Tests: set the command timeout in ticks (0 restores the default); returns the old one. */
unsigned long ata_set_timeout(unsigned long ticks);

#endif

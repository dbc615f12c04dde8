/*
 * PCI configuration space, mechanism #1 (ports 0xCF8/0xCFC), and a scan
 * for a device by class. Enough for the ATA driver to find the PIIX IDE
 * function, read its bus-master BAR and turn bus mastering on; there is
 * no general PCI device model (no resources assigned, no interrupts
 * routed: the firmware has set the BARs up and we keep them).
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include "kernel/types.h"

/* Configuration header offsets (type 0). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_PROG_IF 0x09
#define PCI_SUBCLASS 0x0A
#define PCI_CLASS 0x0B
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10 /* BAR n at 0x10 + 4n */

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MASTER 0x0004
#define PCI_BAR_IO 0x1

struct pci_dev {
	u8 bus, slot, fn;
	u16 vendor, device;
	u8 class, subclass, prog_if;
};

u32 pci_read32(const struct pci_dev *dev, u8 off);
u16 pci_read16(const struct pci_dev *dev, u8 off);
u8 pci_read8(const struct pci_dev *dev, u8 off);
void pci_write16(const struct pci_dev *dev, u8 off, u16 v);
/*
 * The first function (in bus, slot, function order) of class/subclass
 * into *out: true, or false when there is none or no configuration
 * mechanism #1. Boot only (no locking: the ports are shared state).
 */
bool pci_find_class(u8 class, u8 subclass, struct pci_dev *out);

#endif

/*
 * PCI configuration access by mechanism #1: a 32-bit address written to
 * CONFIG_ADDRESS (0xCF8) selects bus/slot/function/dword, CONFIG_DATA
 * (0xCFC..0xCFF) reads or writes it. Narrow accesses go through the data
 * port at the byte offset within the dword, as the chipset decodes them.
 *
 * Used at boot by drivers/ata.c only. Locking: none; the address/data
 * pair is a two-step protocol, so callers must not race (boot is single
 * threaded, interrupt handlers never touch configuration space).
 */
#include "drivers/pci.h"
#include "arch/x86/io.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_ENABLE 0x80000000u

static void pci_select(const struct pci_dev *dev, u8 off)
{
	outl(PCI_CONFIG_ADDRESS, PCI_ENABLE | (u32)dev->bus << 16 | (u32)dev->slot << 11 |
					 (u32)dev->fn << 8 | (off & 0xFC));
}

u32 pci_read32(const struct pci_dev *dev, u8 off)
{
	pci_select(dev, off);
	return inl(PCI_CONFIG_DATA);
}

u16 pci_read16(const struct pci_dev *dev, u8 off)
{
	pci_select(dev, off);
	return inw(PCI_CONFIG_DATA + (off & 2));
}

u8 pci_read8(const struct pci_dev *dev, u8 off)
{
	pci_select(dev, off);
	return inb(PCI_CONFIG_DATA + (off & 3));
}

void pci_write16(const struct pci_dev *dev, u8 off, u16 v)
{
	pci_select(dev, off);
	outw(PCI_CONFIG_DATA + (off & 2), v);
}

/* Is mechanism #1 there? The address register reads back what was written. */
static bool mechanism1_present(void)
{
	u32 old = inl(PCI_CONFIG_ADDRESS), back;

	outl(PCI_CONFIG_ADDRESS, PCI_ENABLE);
	back = inl(PCI_CONFIG_ADDRESS);
	outl(PCI_CONFIG_ADDRESS, old);
	return back == PCI_ENABLE;
}

/* Fill *dev's ids from its header; false if no function answers there. */
static bool probe_fn(struct pci_dev *dev)
{
	dev->vendor = pci_read16(dev, PCI_VENDOR_ID);
	if (dev->vendor == 0xFFFF)
		return false;
	dev->device = pci_read16(dev, PCI_DEVICE_ID);
	dev->class = pci_read8(dev, PCI_CLASS);
	dev->subclass = pci_read8(dev, PCI_SUBCLASS);
	dev->prog_if = pci_read8(dev, PCI_PROG_IF);
	return true;
}

bool pci_find_class(u8 class, u8 subclass, struct pci_dev *out)
{
	struct pci_dev dev;
	unsigned int bus, slot, fn, fns;

	if (!mechanism1_present())
		return false;
	/* Every bus: cheap (a few thousand port accesses) and needs no bridge walk. */
	for (bus = 0; bus < 256; bus++) {
		for (slot = 0; slot < 32; slot++) {
			dev.bus = bus, dev.slot = slot, dev.fn = 0;
			if (!probe_fn(&dev))
				continue;
			/* Bit 7 of the header type: a multi-function device. */
			fns = pci_read8(&dev, PCI_HEADER_TYPE) & 0x80 ? 8 : 1;
			for (fn = 0; fn < fns; fn++) {
				dev.fn = fn;
				if (fn && !probe_fn(&dev))
					continue;
				if (dev.class == class && dev.subclass == subclass) {
					*out = dev;
					return true;
				}
			}
		}
	}
	return false;
}

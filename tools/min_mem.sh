#!/bin/sh
# The least RAM (MiB) a machine needs for GRUB to load this kernel and ramdisk.
#
#   tools/min_mem.sh KERNEL_ELF ROOTFS_IMG          prints N
#   tools/min_mem.sh KERNEL_ELF ROOTFS_IMG MEM      exit 1, with the message, if MEM < N
#
# GRUB needs the kernel twice (it reads the whole file, which the ISO holds
# stripped of debug information, about text+data, then places text+data+bss),
# the ramdisk file and about GRUB_KIB of its own (heap, the ISO reader, the
# boot information: measured with QEMU, images of 1 to 10 MiB; a 2.4 MiB
# image with a 0.7 MiB kernel needs between 6.5 and 7 MiB), and never less
# than MIN_MB, the
# documented minimum of the README. Without an image yet (make test before
# its first build), the documented minimum alone. MEM is written as QEMU
# takes it: 128M, 1G, 6144K or a bare number of MiB.
MIN_MB=${MIN_MB:-8}
GRUB_KIB=3500
kernel=$1 img=$2 mem=$3
: "${SIZE:=size}"

need=$MIN_MB
if [ -f "$kernel" ] && [ -f "$img" ]; then
	kib=$(( ($($SIZE "$kernel" | awk 'NR==2{print 2 * ($1 + $2) + $3}') + 1023) / 1024 ))
	kib=$(( kib + ($(stat -c %s "$img") + 1023) / 1024 + GRUB_KIB ))
	mb=$(( (kib + 1023) / 1024 ))
	[ "$mb" -gt "$need" ] && need=$mb
fi
if [ -z "$mem" ]; then
	echo "$need"
	exit 0
fi
bad() {
	echo "error: MEM=$mem: write it as QEMU takes it, e.g. MEM=128M or MEM=1G" >&2
	exit 1
}
num=${mem%[KkMmGgTt]}
case $num in ''|*[!0-9]*) bad ;; esac
case $mem in
*[Kk]) have=$(( num / 1024 )) ;;
*[Gg]) have=$(( num * 1024 )) ;;
*[Tt]) have=$(( num * 1024 * 1024 )) ;;
*) have=$num ;;
esac
if [ "$have" -lt "$need" ]; then
	echo "error: MEM=$mem is too little: GRUB could not load the ram0 module, give the machine at least $need MiB (MEM=${need}M)" >&2
	exit 1
fi

#!/bin/sh
# Scripted debugging: QEMU starts halted with its gdb stub, gdb-multiarch
# loads build/kernel.elf, breaks in a known kernel function, continues, and
# the backtrace must name functions with their source file and line. With
# a second ISO (ktest=rmap), a second session stops in the rmap suite while
# a test thread runs as a process with a shared file page mapped twice, and
# checks the VM helpers: kpage's (pid, vaddr) mappings, kvmas, kpte, and
# the invariant checker called from gdb.
# Usage: gdb_test.sh ISO [RMAP_ISO]
set -u
iso=$1
rmap_iso=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
# The kernel inside this ISO with its debug information (the ISO holds a
# stripped copy, since GRUB reads the whole file into memory; the Makefile
# keeps this one beside the ISO), so the symbols always match what boots
# even if build/kernel.elf was rebuilt since.
elf=$iso.kernel.elf
[ -f "$elf" ] || elf=$root/build/kernel.elf
work=$(mktemp -d)
trap 'kill $qpid 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
check() { # name, grep pattern
	if grep -q -- "$2" "$work/gdb.out"; then
		echo "ok - gdb: $1"; pass=$((pass + 1))
	else
		echo "not ok - gdb: $1 (no '$2' in gdb's output)"; fail=$((fail + 1))
	fi
}

# A free TCP port for the stub, so parallel runs do not collide.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
qemu-system-i386 -cdrom "$iso" -m 64M -display none -no-reboot -S \
	-gdb tcp:127.0.0.1:$port -serial file:"$work/serial.log" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 &
qpid=$!
sleep 1

cd "$root"
timeout 120 gdb-multiarch -q -batch -nx -x tools/gdbinit \
	-ex "file $elf" \
	-ex "target remote 127.0.0.1:$port" \
	-ex 'break ktest_run' \
	-ex 'continue' \
	-ex 'bt' \
	-ex 'info registers eip' \
	-ex 'print boot_info.cmdline' \
	-ex 'ktasks' \
	-ex 'kdmesg' \
	-ex 'kpage (unsigned long)&boot_info' \
	-ex 'kzones' \
	> "$work/gdb.out" 2>&1
cat "$work/gdb.out" | sed 's/^/    | /'

check "the breakpoint is hit in ktest_run" "Breakpoint 1, ktest_run"
check "the backtrace names the caller with file:line" "ktest_thread.*kernel/main.c:[0-9]"
check "the frame shows its source file and line" "kernel/ktest.c:[0-9]"
check "kernel data is readable by name" '"ktest"'
check "the ktasks helper lists the runner thread" "R ktest-runner"
check "the kdmesg helper prints the kernel log" "cpu: features"
check "kpage decodes the struct page of a kernel frame" "flags 0x[0-9a-f]*: reserved"
check "kzones lists the Normal zone with its watermarks" "Normal .*free .*min [0-9]* low"

if [ -n "$rmap_iso" ]; then
	kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
	elf=$rmap_iso.kernel.elf
	[ -f "$elf" ] || elf=$root/build/kernel.elf
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	qemu-system-i386 -cdrom "$rmap_iso" -m 64M -display none -no-reboot -S \
		-gdb tcp:127.0.0.1:$port -serial file:"$work/serial2.log" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 &
	qpid=$!
	sleep 1
	timeout 120 gdb-multiarch -q -batch -nx -x tools/gdbinit \
		-ex "file $elf" \
		-ex "target remote 127.0.0.1:$port" \
		-ex 'break rmap_gdb_probe_point' \
		-ex 'continue' \
		-ex 'printf "probe pid %d addr %#lx pfn %#lx\n", rmap_gdb_probe.pid, rmap_gdb_probe.addr, rmap_gdb_probe.pfn' \
		-ex 'kpage rmap_gdb_probe.pfn' \
		-ex 'kvmas rmap_gdb_probe.pid' \
		-ex 'kpte rmap_gdb_probe.pid rmap_gdb_probe.addr' \
		-ex 'kpte rmap_gdb_probe.pid 0x30000000' \
		-ex 'print vm_check(0, 0)' \
		> "$work/gdb.out" 2>&1
	cat "$work/gdb.out" | sed 's/^/    | /'
	pid=$(sed -n 's/^probe pid \([0-9]*\) .*/\1/p' "$work/gdb.out")
	check "the rmap probe breakpoint is hit" "Breakpoint 1, rmap_gdb_probe_point"
	check "kpage lists the page's two mappings" "mapped by 2 PTEs (1 chain blocks)"
	check "kpage names the process and virtual address of a mapping" "pid ${pid:-X} vaddr 0x40001000"
	check "kvmas lists the process's shared read-only file vma" "0x40000000-0x40004000 r--s pgoff 0x0 file"
	check "kpte walks to the PTE and its page" "pte at 0x[0-9a-f]* = 0x[0-9a-f]* (present user accessed)"
	check "kpte shows the mapped page's struct page" "pid ${pid:-X} vaddr 0x40001000"
	check "kpte says when there is no page table" "no page table"
	check "the invariant checker runs from gdb and is clean" '^\$1 = 0$'
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

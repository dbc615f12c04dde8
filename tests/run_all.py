#!/usr/bin/env python3
"""make test: every layer of tests, one closing line.

Each step is a command that prints its own results and ends with a line
`N passed, N failed`; this script builds the ISOs the steps need, runs the
steps one after the other, echoes their output, adds up their counts and
prints the total as its last line. A step that crashes or prints no count
counts as one failure. Exit status is non-zero if anything failed.

Add a step by appending to STEPS (and, if it needs its own kernel command
line, to ISOS).
"""
import os
import re
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'build')
T = os.path.join(BUILD, 'test')
PY = sys.executable or 'python3'
RUN = [PY, 'tests/ktest_run.py']

# ISO name -> kernel command line.
ISOS = {
    'ktest': 'ktest',
    'meta_failures': 'ktest=meta_failures',
    'meta_hang': 'ktest=meta_hang',
    'meta_smap': 'ktest=meta_smap',
    'meta_kstack': 'ktest=meta_kstack',
    'meta_unknown': 'ktest=no_such_suite',
    'ext2_disk': 'ktest=ext2_disk',
    'disks': 'ktest=block,ata,swap',
    'disks_pio': 'ata.dma=0 ktest=block,ata,swap',
    'swap_io': 'ktest=swap_io,swap_cache,swap_batch',
    'swap_batch_pio': 'ata.dma=0 ktest=swap_batch',
    'swap_headers': 'ktest=swap_headers',
    'noswap': 'noswap ktest=swap_headers',
    'mem_small': 'mem=1M ktest=paging,cmdline',
    'mem_huge': 'mem=99999999999G ktest=paging,cmdline',
    'rmap': 'ktest=rmap',
    'debug_vm': 'debug_vm ktest=rmap,filemap,paging,slab',
}


def iso(name):
    return os.path.join(T, f'{name}.iso')


def with_pressure_isos(cmd):
    """Build the tests/pressure ISOs (make pressure-iso), then run cmd."""
    return ['sh', '-c', 'make -s --no-print-directory pressure-iso >/dev/null && exec ' +
            shlex.join(cmd)]


# (label, command). Labels name the step in the output.
STEPS = [
    ('host unit tests', ['make', '-s', 'host-test']),
    ('QEMU 128M', RUN + ['--iso', iso('ktest'), '--mem', '128M', '--label', 'qemu-128M',
                         '--log', f'{T}/qemu-128M.log', '--timeout', '300']),
    ('QEMU 8M', RUN + ['--iso', iso('ktest'), '--mem', '8M', '--label', 'qemu-8M',
                       '--log', f'{T}/qemu-8M.log', '--timeout', '300']),
    ('QEMU 1G', RUN + ['--iso', iso('ktest'), '--mem', '1G', '--label', 'qemu-1G',
                       '--log', f'{T}/qemu-1G.log', '--timeout', '300']),
    ('QEMU 3G', RUN + ['--iso', iso('ktest'), '--mem', '3G', '--label', 'qemu-3G',
                       '--log', f'{T}/qemu-3G.log', '--timeout', '300']),
    ('Bochs 64M', RUN + ['--emu', 'bochs', '--iso', iso('ktest'), '--mem', '64M',
                         '--label', 'bochs-64M', '--log', f'{T}/bochs-64M.log',
                         '--timeout', '600']),
    # ATA: scratch + two mkswap disks attached (hdb, hdc with bad pages, hdd), checked on the host afterwards.
    ('QEMU 128M ATA disks', [PY, 'tests/block_disks.py', '--iso', iso('disks'), '--mem', '128M',
                             '--label', 'qemu-128M-disks', '--workdir', f'{T}/disks-qemu-128M']),
    ('QEMU 3G ATA disks', [PY, 'tests/block_disks.py', '--iso', iso('disks'), '--mem', '3G',
                           '--label', 'qemu-3G-disks', '--workdir', f'{T}/disks-qemu-3G']),
    # The same with the boot key ata.dma=0: the PIO path, which DMA replaced, stays tested.
    ('QEMU 128M ATA disks PIO (ata.dma=0)', [PY, 'tests/block_disks.py', '--iso', iso('disks_pio'),
                                            '--mem', '128M', '--label', 'qemu-128M-disks-pio',
                                            '--workdir', f'{T}/disks-qemu-128M-pio']),
    ('Bochs 64M ATA disks', [PY, 'tests/block_disks.py', '--emu', 'bochs', '--iso', iso('disks'),
                             '--mem', '64M', '--label', 'bochs-64M-disks', '--timeout', '600',
                             '--workdir', f'{T}/disks-bochs-64M']),
    # Swap headers swapon refuses (v0, version 2, last_page too big, bad-page
    # lists) with one line each, and `noswap`: three short boots, 3 disks each.
    ('QEMU swap headers refused', [PY, 'tests/swap_headers.py', '--iso', iso('swap_headers'),
                                   '--iso-noswap', iso('noswap'), '--workdir', f'{T}/swap-headers']),
    ('ext2 disk', [PY, 'tests/ext2_disk_check.py', iso('ext2_disk'), f'{T}/ext2disk']),
    ('ext2 disk rev 0, 2K blocks', [PY, 'tests/ext2_disk_check.py', iso('ext2_disk'),
                                    f'{T}/ext2disk-r0', '-r', '0', '-b', '2048']),
    # mount(2) of an ext2 ATA disk (rmapos only: the oracle has no disk),
    # then e2fsck -fn of that disk and of the root image after the suite's
    # file-system programs wrote to it (copied raw through /dev/ram0).
    ('mount ext2 disk', [PY, 'tests/mount_disk_check.py', f'{T}/mountdisk']),
    ('ROOTFS_EXTRA reached the image', [
        'sh', '-c', 'if tr -d "\\r" < ' f'{T}/qemu-128M.log | '
        'grep -q "^    ok [0-9]* rootfs_extra_files_are_in_the_image$"; then echo "ok - rootfs_extra: checked in the image, not skipped"; '
        'echo "1 passed, 0 failed"; else echo "not ok - rootfs_extra: test skipped or failed"; '
        'echo "0 passed, 1 failed"; fi']),
    # Issue 13: what the kernel cannot run on is refused with one line, promptly.
    ('QEMU -cpu pentium refused', RUN + [
        '--iso', iso('ktest'), '--mem', '32M', '--qemu-arg=-cpu', '--qemu-arg=pentium',
        '--label', 'cpu-pentium', '--log', f'{T}/cpu-pentium.log', '--timeout', '30',
        '--no-ktap', '--expect-status', '3', '--expect',
        r'^cpu: this kernel needs an i686-class CPU with CMOV; this one is family 5 '
        r'\(a Pentium, try -cpu pentium2 or newer\); powering off$']),
    ('QEMU -cpu 486 refused', RUN + [
        '--iso', iso('ktest'), '--mem', '32M', '--qemu-arg=-cpu', '--qemu-arg=486',
        '--label', 'cpu-486', '--log', f'{T}/cpu-486.log', '--timeout', '30',
        '--no-ktap', '--expect-status', '3', '--expect',
        r'^cpu: this kernel needs an i686-class CPU with CMOV; this one is family 4 '
        r'\(a 486, try -cpu pentium2 or newer\); powering off$']),
    ('Bochs cpu pentium refused', RUN + [
        '--emu', 'bochs', '--bochs-cpu', 'pentium', '--iso', iso('ktest'), '--mem', '32M',
        '--label', 'bochs-pentium', '--log', f'{T}/bochs-pentium.log', '--timeout', '120',
        '--no-ktap', '--expect',
        r'^cpu: this kernel needs an i686-class CPU with CMOV; this one is family 5 ']),
    ('QEMU pentium2 -pse -pge', RUN + [
        '--iso', iso('mem_huge'), '--mem', '32M', '--qemu-arg=-cpu',
        '--qemu-arg=pentium2,-pse,-pge', '--label', 'cpu-nopse', '--log', f'{T}/cpu-nopse.log',
        '--timeout', '60', '--expect', r'^paging: lowmem \d+ MiB direct-mapped with 4 KiB pages$']),
    ('QEMU mem=1M refused', RUN + [
        '--iso', iso('mem_small'), '--mem', '8M', '--label', 'mem-1M',
        '--log', f'{T}/mem-1M.log', '--timeout', '60',
        '--expect', r'^bootmem: mem=1M refused: the kernel, its boot data and the ramdisk '
                    r'need at least mem=\d+M; using all RAM$',
        '--expect', r'^ram0: \d+ KiB at phys',
        '--expect', r'^    ok \d+ refused_mem_option_leaves_all_ram$']),
    ('QEMU mem=99999999999G', RUN + [
        '--iso', iso('mem_huge'), '--mem', '128M', '--label', 'mem-huge',
        '--log', f'{T}/mem-huge.log', '--timeout', '60',
        '--expect', r'^bootmem: mem=99999999999G refused: not a size this kernel can use',
        '--expect', r'^    ok \d+ refused_mem_option_leaves_all_ram$']),
    ('QEMU 6M without ram0', RUN + [
        '--iso', iso('ktest'), '--mem', '6M', '--label', 'qemu-6M',
        '--log', f'{T}/qemu-6M.log', '--timeout', '120',
        '--expect', r'^no ram0 module: GRUB could not load it, give the machine at least 8 MiB$',
        '--expect', r'^    ok \d+ manifest_crcs_with_readahead # SKIP no ram0']),
    ('make run MEM=6M refused', ['sh', '-c',
        'out=$(timeout 120 make -s --no-print-directory run MEM=6M 2>&1 </dev/null); rc=$?; '
        'echo "$out" | tail -3; '
        'need=$(sh tools/min_mem.sh build/kernel.elf build/run-rootfs.img); '
        'if [ $rc -ne 0 ] && echo "$out" | grep -q "give the machine at least $need MiB"; then '
        'echo "ok - make run MEM=6M: refused"; echo "1 passed, 0 failed"; else '
        'echo "not ok - make run MEM=6M: not refused (status $rc)"; echo "0 passed, 1 failed"; fi']),
    ('test runner failure paths', [PY, 'tests/meta_check.py', T]),
    # Issue 11: a person at make run's serial console (busybox sh on the tty):
    # editing, pipelines, redirection, job control keys, poweroff.
    ('tty session (make run)', [PY, 'tests/tty_session.py']),
    # The user suite (tests/user, issue 8): proven on Linux 6.1 (the oracle,
    # booted once per change of build/user-root; the result is cached), then
    # run on rmapos (build/user.iso, init=/bin/utest-init, 128M) and compared
    # with Linux line by line.
    ('user suite on Linux 6.1', [PY, 'tests/user_suite.py', '--build', 'linux']),
    ('user suite runner failure paths', [PY, 'tests/user_suite.py', '--build', 'meta']),
    ('user suite on rmapos vs Linux', [PY, 'tests/user_suite.py', '--build', 'compare']),
    # The whole suite in Bochs too (about 20 s), compared with Linux the same way.
    ('user suite on rmapos in Bochs vs Linux', [PY, 'tests/user_suite.py', '--timeout', '900',
                                                '--build', 'compare', '--emu', 'bochs', '--log',
                                                f'{T}/user-rmapos-bochs.log']),
    # Issue 11: the busybox applet suite (tests/applets): the same busybox
    # and sh scripts booted as init on Linux 6.1 (booted twice to prove the
    # lines deterministic; cached while the scripts do not change) and on
    # rmapos (build/applet.iso, 64M), compared line by line per section.
    ('applet suite on Linux 6.1', [PY, 'tests/applet_suite.py', '--build', 'linux']),
    ('applet suite on rmapos vs Linux', [PY, 'tests/applet_suite.py', '--build', 'compare']),
    # Issue 9: 100 processes of a fork tree share file, anonymous and shared
    # anonymous pages, unmap, mprotect and mremap parts, and exit; the
    # invariant checker at init's exit must be clean.
    # Issue 10: reclaim and swap. Four processes hold four times the RAM of a
    # 16 MiB machine (anonymous, shared anonymous and a shared file) with a
    # 128 MiB mkswap disk; every page is checked on every re-read.
    ('swap pressure QEMU 16M', with_pressure_isos([PY, 'tests/pressure_run.py', '--iso', iso('pressure'),
        '--mem', '16M', '--swap-mib', '128', '--ext2-mib', '8', '--workdir', f'{T}/pressure-qemu',
        '--label', 'pressure-16M', '--timeout', '400',
        '--expect', r'^swap-pressure: the shared file is on /dev/hdc \(ext2\)$',
        '--expect', r'^swap-pressure: shared anonymous memory checked$',
        '--expect', r'^swap-pressure: file re-read and checked$',
        '--expect', r'^swap-pressure: pswpout [1-9]\d* pswpin [1-9]\d* pgsteal [1-9]\d* ',
        '--expect', r'^swap-pressure: 4 processes, 0 errors$',
        '--expect', r'^vm_check after init: clean',
        '--expect', r'^vm_check since boot: \d+ runs, 0 violations$'])),
    # The same at twice the RAM in Bochs (slower), with a 64 MiB swap disk.
    ('swap pressure Bochs 16M', with_pressure_isos([PY, 'tests/pressure_run.py', '--emu', 'bochs',
        '--iso', iso('pressure_small'), '--mem', '16M', '--swap-mib', '64',
        '--workdir', f'{T}/pressure-bochs', '--label', 'pressure-bochs-16M', '--timeout', '900',
        '--expect', r'^swap-pressure: 4 processes, 0 errors$'])),
    # swapoff under use: hdb comes back into memory (reclaim moving pages to
    # hdc), hdc then cannot (ENOMEM, nothing lost), swapon again.
    ('swapoff under use QEMU 16M', with_pressure_isos([PY, 'tests/pressure_run.py',
        '--iso', iso('swapoff'), '--mem', '16M', '--swap-mib', '32', '--swap-mib', '64',
        '--workdir', f'{T}/swapoff-qemu', '--label', 'swapoff-16M', '--timeout', '400',
        '--expect', r'^swapoff-test: swapoff /dev/hdb: done$',
        '--expect', r'^swapoff-test: swapoff /dev/hdc: Cannot allocate memory$',
        '--expect', r'^swapoff-test: 0 errors$',
        '--expect', r'^vm_check after init: clean'])),
    # Read-only passes over twice the RAM of swapped memory: a page read back
    # and not written is pushed out again without a write, so pswpout over
    # the run stays within the number of pages.
    ('swap re-reads write nothing again QEMU 16M', with_pressure_isos([PY, 'tests/pressure_run.py',
        '--iso', iso('swap_reread'), '--mem', '16M', '--swap-mib', '64',
        '--workdir', f'{T}/swap-reread-qemu', '--label', 'swap-reread-16M', '--timeout', '300',
        '--expect', r'^swap-reread: \d+ pages, \d+ written to swap \(at most \d+\), 0 errors$'])),
    # Swap I/O errors through the block layer's failure hook: a failed swap-in
    # is SIGBUS for that fault only, a failed swap-out keeps the page. Then
    # swap_cache: a page read back from swap and not written is reclaimed
    # again with no write (clean in the swap cache, its slot kept). Then
    # swap_batch: read-ahead and page_launder in multi-page requests (one per
    # run of consecutive slots, 16 pages at most), and their I/O errors.
    ('swap I/O errors QEMU 64M', [PY, 'tests/pressure_run.py', '--ktap', '--iso', iso('swap_io'),
        '--mem', '64M', '--swap-mib', '16', '--workdir', f'{T}/swap-io-qemu',
        '--label', 'swap-io-64M', '--timeout', '120']),
    # The multi-page swap requests again with the ATA driver on PIO (one
    # interrupt per sector; a failed request redone page by page from there).
    ('swap multi-page I/O PIO QEMU 64M', [PY, 'tests/pressure_run.py', '--ktap',
        '--iso', iso('swap_batch_pio'), '--mem', '64M', '--swap-mib', '16',
        '--workdir', f'{T}/swap-batch-pio-qemu', '--label', 'swap-batch-pio-64M', '--timeout', '120']),
    # OOM with no swap: the hog dies, init and the canary go on; then a fork
    # bomb and two hogs at once; everything reaped, memory back to baseline.
    ('OOM killer QEMU 16M', with_pressure_isos([PY, 'tests/pressure_run.py', '--iso', iso('oom'), '--mem', '16M',
        '--workdir', f'{T}/oom-qemu', '--label', 'oom-16M', '--timeout', '300',
        '--expect', r'^Out of memory: Killed process \d+ \(oom-test\) total-vm:\d+kB, anon-rss:',
        '--expect', r'^oom-test: the hog was killed by SIGKILL$',
        '--expect', r'^oom-test: the canary finished with every sum right$',
        '--expect', r'^oom-test: fork bomb and hogs: 3 processes reaped, [2-9] killed by SIGKILL$',
        '--expect', r'^oom-test: 0 errors$',
        '--expect', r'^vm_check after init: clean'])),
    # Issue 12: every allocation of fork, execve (dynamic), mmap + touch, pipe,
    # creat and a swap-in failed in turn through /proc/self/fail-nth
    # (docs/reliability.md); nothing may leak, the checker clean after.
    ('fault injection sweep QEMU 32M', ['sh', '-c',
        'make -s --no-print-directory faultinj-iso >/dev/null && exec ' + shlex.join([
            PY, 'tests/pressure_run.py', '--iso', f'{T}/fault_sweep.iso', '--mem', '32M',
            '--swap-mib', '32', '--workdir', f'{T}/fault-sweep', '--label', 'fault-sweep',
            '--timeout', '180',
            '--expect', r'^fault-sweep: ok fail-nth-reads-and-writes-as-linux$',
            '--expect', r'^fault-sweep: fork: \d+ injection points swept',
            '--expect', r'^fault-sweep: execve: \d+ injection points swept',
            '--expect', r'^fault-sweep: mmap: \d+ injection points swept',
            '--expect', r'^fault-sweep: pipe: \d+ injection points swept',
            '--expect', r'^fault-sweep: creat: \d+ injection points swept',
            '--expect', r'^fault-sweep: swap-in: \d+ injection points swept',
            '--expect', r'^Out of memory: killed process \d+ \(fault-sweep\) faulting at',
            '--expect', r'^fault-sweep: ok execve-out-of-memory-for-the-interpreter-headers-is-enomem-not-a-panic$',
            '--expect', r'^fault-sweep: ok file-read-out-of-memory-is-enomem-or-oom-not-eio-or-sigbus$',
            '--expect', r'^fault-sweep: ok pipe-frees-its-ring-when-its-first-file-fails$',
            '--expect', r'^fault-sweep: 0 errors$',
            '--expect', r'^vm_check after init: clean'])]),
    # ... and random failures from the boot keys (fail_page_alloc=, failslab=,
    # seeded): the same operations round after round until the keys' times
    # are used up; every end clean, nothing leaked.
    ('fault injection random QEMU 32M', [PY, 'tests/pressure_run.py', '--iso', f'{T}/fault_random.iso',
        '--mem', '32M', '--swap-mib', '32', '--workdir', f'{T}/fault-random', '--label', 'fault-random',
        '--timeout', '120',
        '--expect', r'^fault-sweep: random: \d+ rounds, \d+ operations, 80 failures injected, all ended cleanly: yes$',
        '--expect', r'^fault-sweep: 0 errors$',
        '--expect', r'^vm_check after init: clean']),
    # make plot's pipeline (tools/plot/vmplot.py): the kernel's sampler lines
    # (vmsample) from swap-pressure-small in Bochs parse, have monotonic
    # 100 ms steps and plausible figures (the lists fit in MemTotal, swap
    # use rises), and gnuplot draws a PNG.
    ('vm plot pipeline Bochs 16M', ['sh', '-c',
        'make -s --no-print-directory plot-iso >/dev/null && exec ' + shlex.join([PY,
        'tools/plot/vmplot.py', 'run', '--emu', 'bochs', '--iso', os.path.join(BUILD, 'plot',
        'pressure.iso'), '--out', f'{T}/plot', '--timeout', '300'])]),
    ('user rmap fork tree', ['sh', '-c',
        'make -s --no-print-directory user-rmap-iso >/dev/null && exec ' + ' '.join(RUN) +
        f' --iso {iso("user_rmap")} --mem 128M --label user-rmap --log {T}/user-rmap.log'
        ' --timeout 120 --no-ktap --expect-status 1'
        " --expect '^rmap-fork-tree: 100 processes, 0 errors$'"
        " --expect '^vm_check after init: clean'"
        " --expect '^vm_check since boot: 1 runs, 0 violations$'"]),
    # The same, dynamically linked (every process maps libc.so.6's text),
    # with debug_vm: the checker also runs every 256 faults while they live.
    ('user rmap fork tree, dynamic, debug_vm', ['sh', '-c',
        'make -s --no-print-directory user-rmap-iso >/dev/null && exec ' + ' '.join(RUN) +
        f' --iso {iso("user_rmap_dyn")} --mem 128M --label user-rmap-dyn'
        f' --log {T}/user-rmap-dyn.log --timeout 120 --no-ktap --expect-status 1'
        " --expect '^rmap-fork-tree: 100 processes, 0 errors$'"
        " --expect '^vm_check after init: clean'"
        " --expect '^vm_check since boot: ([2-9]|[1-9][0-9]+) runs, 0 violations$'"]),
    # Issue 9: page_referenced counts exactly what the processes touched.
    ('user rmap page_referenced', ['sh', '-c',
        'make -s --no-print-directory user-rmap-iso >/dev/null && exec ' + ' '.join(RUN) +
        f' --iso {iso("user_rmap_ref")} --mem 128M --label user-rmap-ref'
        f' --log {T}/user-rmap-ref.log --timeout 60 --no-ktap --expect-status 1'
        " --expect '^page_referenced: reset saw (9|10) of 9 mappings, then 3 touched, then 0$'"
        " --expect '^page_referenced: exact$'"]),
    # Issue 9: the reverse map and the checker with every VM_BUG_ON and the
    # every-256-faults check on.
    ('QEMU 64M debug_vm', RUN + ['--iso', iso('debug_vm'), '--mem', '64M', '--label', 'debug-vm',
                                 '--log', f'{T}/debug-vm.log', '--timeout', '300']),
    # Issue 12: the system call fuzzer, a short sweep (docs/reliability.md):
    # no oops or hang, nothing leaked, the invariant checker clean.
    # Under -cpu max (SMEP and SMAP on), so any stray kernel access to a
    # user page outside arch/x86/uaccess.c's helpers would oops.
    ('fuzz 2 seeds x 20000 calls, -cpu max', ['make', '-s', '--no-print-directory', 'fuzz',
                                              'SEEDS=1 2', 'COUNT=20000', 'FUZZ_CPU=max',
                                              'FUZZ_TIMEOUT=300']),
    ('QEMU -cpu max: SMEP and SMAP on', RUN + [
        '--iso', iso('ktest'), '--mem', '64M', '--qemu-arg=-cpu', '--qemu-arg=max',
        '--label', 'cpu-max', '--log', f'{T}/cpu-max.log', '--timeout', '300',
        '--expect', r'^paging: SMEP on, SMAP on$']),
    # The whole user suite with SMEP and SMAP on (EFLAGS.AC cleared on every
    # entry, eflags-ac-kept-across-system-calls sets it in ring 3): every
    # program must pass (its lines are compared with Linux in the steps above).
    ('user suite under -cpu max (SMEP, SMAP)', ['sh', '-c',
        'make -s --no-print-directory user-iso >/dev/null && exec ' + ' '.join(RUN) +
        f' --iso {BUILD}/user.iso --mem 128M --qemu-arg=-cpu --qemu-arg=max --no-ktap'
        f' --label user-cpu-max --log {T}/user-cpu-max.log --timeout 300 --expect-status 1'
        " --expect '^paging: SMEP on, SMAP on$'"
        " --expect '^# utest: [1-9][0-9]* passed, 0 failed$'"]),
    # ... and the regression tests of what it found, booted as init.
    ('fuzz regression: init ignores default-action signals', ['sh', '-c',
        'make -s --no-print-directory fuzz-regress-iso >/dev/null && exec ' + ' '.join(RUN) +
        f' --iso {T}/fuzz_regress_init.iso --mem 64M --label fuzz-regress-init'
        f' --log {T}/fuzz-regress-init.log --timeout 60 --no-ktap --expect-status 1'
        " --expect '^orphan-exit-signal-becomes-sigchld: no SIGUSR1 reached init: ok$'"
        " --expect '^5 passed, 0 failed$'"]),
    ('gdb', ['sh', 'tests/gdb/gdb_test.sh', iso('ktest'), iso('rmap')]),
]

COUNT = re.compile(r'^(?:\w+: )?(\d+) passed, (\d+) failed(?:, \d+ skipped)?\s*$')


# Every test ISO carries these extra files (fs_read.rootfs_extra_files_are_in_the_image).
ROOTFS_EXTRA = 'tests/rootfs_extra'


def build_isos():
    os.makedirs(T, exist_ok=True)
    for name, cmdline in ISOS.items():
        r = subprocess.run(['make', '-s', '--no-print-directory', 'iso', f'ISO={iso(name)}',
                            f'CMDLINE={cmdline}', f'ROOTFS_EXTRA={ROOTFS_EXTRA}'],
                           cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            print(r.stdout[-3000:] + r.stderr[-3000:])
            print(f'not ok - building {name}.iso')
            return False
    return True


def run_step(label, cmd):
    print(f'# ---- {label} ----', flush=True)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    out = proc.stdout
    sys.stdout.write(out)
    counts = None
    for line in out.splitlines():
        m = COUNT.match(line.strip())
        if m:
            counts = (int(m.group(1)), int(m.group(2)))
    if counts is None:
        print(f'not ok - {label}: printed no result count (exit status {proc.returncode})')
        counts = (0, 1)
    elif proc.returncode and counts[1] == 0:
        print(f'not ok - {label}: exit status {proc.returncode} with no failure counted')
        counts = (counts[0], 1)
    print(f'# {label}: {counts[0]} passed, {counts[1]} failed '
          f'({time.monotonic() - started:.0f} s)', flush=True)
    return counts


def main():
    only = sys.argv[1:]  # optional: run only steps whose label contains one of these
    if not build_isos():
        print('0 passed, 1 failed')
        return 1
    passed = failed = 0
    summary = []
    for label, cmd in STEPS:
        if only and not any(o.lower() in label.lower() for o in only):
            continue
        p, f = run_step(label, cmd)
        passed += p
        failed += f
        summary.append(f'#   {label:28s} {p:4d} passed {f:4d} failed')
    print('# ---- summary ----')
    print('\n'.join(summary))
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

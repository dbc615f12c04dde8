#!/usr/bin/env python3
"""Boot the kernel with ATA disks attached and check them afterwards.

Makes three raw disk images in WORKDIR: scratch.img (sector 0 starts with
the scratch marker the `ata` self-tests look for, the rest zero), swap.img
(made by mkswap, then its header patched to list SWAP_BAD_PAGES as bad, as
`mkswap -c` would after finding them) and swap2.img (a smaller mkswap
disk), all a whole number of 16-head, 63-sector cylinders so Bochs takes
the geometry as is. Boots ISO with them as hdb, hdc and hdd through
tests/ktest_run.py (the kernel enables hdc and hdd as swap at priorities
-2 and -3), then checks on the host that the region the kernel wrote for
us holds the expected bytes, that sector 0 of the scratch disk was left
alone, that both swap headers are intact and that the swap slots the
`swap` suite logged (`swap_roundtrip: hdc slots A-B`) hold its pattern.

Prints the self-test lines, one line per host check, and a closing
`N passed, N failed` that counts both; exits non-zero on any failure.

Usage: block_disks.py --iso ISO --workdir DIR [--emu qemu|bochs] [--mem 128M]
                      [--label L] [--timeout S]
"""
import argparse
import os
import re
import struct
import subprocess
import sys

SCRATCH_MAGIC = b'RMAPOS-SCRATCH-DISK'
HOST_CHECK_SECTOR = 2048          # tests/self/block_ata_test.c
HOST_CHECK_SECTORS = 16
CYLINDER = 16 * 63 * 512
DISK_CYLINDERS = 17               # 8.4 MB: room for every region the tests use
SWAP2_CYLINDERS = 4               # 2 MB: the second, lower-priority swap area
# Bad pages written into swap.img's header: tests/self/swap_test.c's HEADER_BAD_PAGES.
SWAP_BAD_PAGES = [5, 6, 300, 1000]
SWAP_NR_BADPAGES_OFFSET = 1032    # Linux's swap header v1: u32 nr_badpages
SWAP_BADPAGES_OFFSET = 1536       # u32 badpages[]
ROUNDTRIP = re.compile(r'swap_roundtrip: (hd[a-d]) slots (\d+)-(\d+)')
COUNT = re.compile(r'^(\d+) passed, (\d+) failed')


def host_pattern(s, i):
    return ((s * 0x9E + i * 7) ^ (i >> 7)) & 0xff


def slot_pattern(slot):
    """Swap slot `slot` as tests/self/swap_test.c's slot_pattern fills it."""
    return bytes((slot * 37 + i * 11 + (i >> 8) * 3) & 0xff for i in range(4096))


def mkswap_disk(path, cylinders, bad_pages=()):
    """A disk made by the real mkswap; bad_pages patched into its header."""
    with open(path, 'wb') as f:
        f.write(b'\0' * (cylinders * CYLINDER))  # no holes: mkswap warns about sparse files
    os.chmod(path, 0o600)
    subprocess.run(['mkswap', path], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    if bad_pages:
        with open(path, 'r+b') as f:
            f.seek(SWAP_NR_BADPAGES_OFFSET)
            f.write(struct.pack('<I', len(bad_pages)))
            f.seek(SWAP_BADPAGES_OFFSET)
            f.write(struct.pack(f'<{len(bad_pages)}I', *bad_pages))
    with open(path, 'rb') as f:
        return f.read(4096)


def make_disks(work):
    scratch = os.path.join(work, 'scratch.img')
    swap = os.path.join(work, 'swap.img')
    swap2 = os.path.join(work, 'swap2.img')
    with open(scratch, 'wb') as f:
        f.write(SCRATCH_MAGIC + b'\n')
        f.truncate(DISK_CYLINDERS * CYLINDER)
    headers = {swap: mkswap_disk(swap, DISK_CYLINDERS, SWAP_BAD_PAGES),
               swap2: mkswap_disk(swap2, SWAP2_CYLINDERS)}
    return scratch, swap, swap2, headers


def host_checks(scratch, headers, log_text, swap_images):
    """Returns [(ok, description)]."""
    results = []
    with open(scratch, 'rb') as f:
        sector0 = f.read(512)
        f.seek(HOST_CHECK_SECTOR * 512)
        region = f.read(HOST_CHECK_SECTORS * 512)
    expected = bytes(host_pattern(HOST_CHECK_SECTOR + k // 512, k % 512)
                     for k in range(HOST_CHECK_SECTORS * 512))
    bad = sum(a != b for a, b in zip(region, expected))
    results.append((bad == 0, f'scratch disk holds the kernel\'s pattern at sectors '
                               f'{HOST_CHECK_SECTOR}..{HOST_CHECK_SECTOR + HOST_CHECK_SECTORS - 1}'
                               + (f' ({bad} bytes differ)' if bad else '')))
    results.append((sector0.startswith(SCRATCH_MAGIC), 'scratch disk sector 0 untouched'))
    for path, header in headers.items():
        with open(path, 'rb') as f:
            now = f.read(4096)
        results.append((now == header and now[-10:] == b'SWAPSPACE2',
                        f'swap disk {os.path.basename(path)} header intact'))
    added = re.findall(r'^Adding (\d+)k swap on /dev/(hd[cd])\.  Priority:(-\d+) extents:1 across:\1k',
                       log_text, re.M)
    results.append(([(d, p) for _, d, p in added[:2]] == [('hdc', '-2'), ('hdd', '-3')],
                     'boot enabled hdc and hdd as swap at priorities -2 and -3'))
    skipped = re.findall(r'^\s*ok \d+ (\S+) # SKIP', log_text[log_text.find('# Subtest: swap'):], re.M)
    results.append(('# Subtest: swap' in log_text and not skipped,
                    'the swap suite ran every test' + (f' (skipped: {skipped})' if skipped else '')))
    runs = ROUNDTRIP.findall(log_text)
    results.append((bool(runs), 'the swap suite logged the slots of its round trip'))
    for dev, lo, hi in runs:
        lo, hi = int(lo), int(hi)
        with open(swap_images[dev], 'rb') as f:
            f.seek(lo * 4096)
            data = f.read((hi - lo + 1) * 4096)
        bad = [s for s in range(lo, hi + 1)
               if data[(s - lo) * 4096:(s - lo + 1) * 4096] != slot_pattern(s)]
        results.append((not bad, f'{dev} swap slots {lo}-{hi} hold the kernel\'s pages'
                                 + (f' (slots {bad[:5]} differ)' if bad else '')))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--iso', required=True)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--emu', choices=['qemu', 'bochs'], default='qemu')
    ap.add_argument('--mem', default='128M')
    ap.add_argument('--label', default=None)
    ap.add_argument('--timeout', default='300')
    args = ap.parse_args()
    label = args.label or f'{args.emu}-disks'
    os.makedirs(args.workdir, exist_ok=True)
    scratch, swap, swap2, headers = make_disks(args.workdir)
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, os.path.join(here, 'ktest_run.py'), '--emu', args.emu,
           '--iso', args.iso, '--mem', args.mem, '--label', label, '--timeout', args.timeout,
           '--log', os.path.join(args.workdir, f'{label}.log'),
           '--disk', scratch, '--disk', swap, '--disk', swap2]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    passed = failed = 0
    counted = False
    for line in proc.stdout.splitlines():
        m = COUNT.match(line.strip())
        if m:
            passed, failed, counted = int(m.group(1)), int(m.group(2)), True
        else:
            print(line)
    if not counted or (proc.returncode and not failed):
        print(f'not ok - {label}: ktest_run.py exit status {proc.returncode}')
        failed += 1
    log_text = proc.stdout
    log_path = os.path.join(args.workdir, f'{label}.log')
    if os.path.exists(log_path):
        with open(log_path, errors='replace') as f:
            log_text = f.read()
    swap_images = {'hdc': swap, 'hdd': swap2}
    for ok, what in host_checks(scratch, headers, log_text, swap_images):
        print(f'{"ok" if ok else "not ok"} - {label}: host: {what}')
        passed += ok
        failed += not ok
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

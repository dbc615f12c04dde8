#!/usr/bin/env python3
"""make bench: online replacement and swap throughput, rmapos beside Linux 6.1.

Both kernels boot in the same QEMU (-m 128M, -icount shift=0, the same IDE
layout: a CD-ROM at hda, a 64 MiB disk made by the host's mkswap at hdb)
and run the same static program, user/swapbench.c, as init, with the same
job on the kernel command line (swapbench=run: the throughput run, then
every trace). rmapos boots an ISO built here (make iso) and enables the
swap disk itself; Linux boots with -kernel/-initrd, its initramfs holding
the program, the traces and Debian's ata_piix / sd_mod stack with its
dependencies (tools/linux_oracle.py modules: scsi_common, scsi_mod, libata,
ata_piix, crct10dif_common, crc-t10dif, crc64, crc64-rocksoft, t10-pi,
sd_mod), which swapbench loads with finit_module before it swapon()s
/dev/sda. Linux also gets cryptomgr.notests noisapnp (3.5 s of boot-time
guest work, nothing the benchmark touches).

Free memory is equalized on MemAvailable, read by swapbench at its start
(AVAIL_KB, 4 MiB, on both): Linux 6.1 cannot be shrunk with mem= below
about 32M (its image sits at 16 MiB and is re-added as RAM), so swapbench
mlock()s a balloon there until MemAvailable is the target
(swapbench_avail=); rmapos has no mlock and is capped with mem=, worked out
from two probe boots (mem=8M and 16M, the same ramdisk, a straight line).
Both kernels' MemTotal / MemFree / MemAvailable are printed.

  replay: the traces of ../shared/traces (converted to swapbench's format:
    one u16 page index per reference, every reference a store), all at the
    same 4 MiB MemAvailable. Default set: all eight (cpp cs gli multi1
    ps zigzag 2_pools loop, about 6 minutes; before bus-master DMA and the
    idle wake-up fix, when swap I/O cost ~1 ms of guest time per page, the
    last three were left out for time); --traces names any set, e.g.
    --traces cpp cs). Prints rmapos
    majflt, Linux majflt, ratio; goal: fewer than Linux on each trace.
    A kernel stopped by the timeout before a trace's end (Linux on loop,
    which it thrashes) is judged by its last progress line (swapbench
    prints the major faults so far every 64 Ki references): a lower bound,
    shown as ">=N"; the goal is met when rmapos's median is below the
    median of Linux's bounds and finished figures (at most Linux's true
    median). rmapos not finishing, Linux failing or crashing (not stopped
    by the timeout), a trace with no figure or a missing throughput phase
    fails the run.
    Each kernel boots BOOTS times (--boots, 3): a disk request completes
    in host time, not virtual time, so one image does not fault the same
    way twice (zigzag on one rmapos image: 2,180 to 9,132 major faults
    over five boots). The medians are compared; every boot is listed.
  swap: SWAP_PAGES (2048, 8 MiB: twice MemAvailable, more than rmapos's
    RAM) written with a pattern, read back twice in order, verified;
    pswpout / pswpin deltas from /proc/vmstat. Per phase: TSC ticks (under
    -icount shift=0 the TSC runs at 1 tick per virtual ns: Linux calibrates
    it at 1000.000 MHz, and tsc/ns, printed, is 1.000 on both), pages per
    million ticks and ticks per page; then the busy part: ticks minus
    /proc/stat idle+iowait (10 ms ticks), i.e. instructions executed, since
    while the CPU idles waiting for the disk QEMU lets virtual time run at
    host speed. A busy figure under 50 ms is shown as n/a. Then
    refill/page: active pages the scan looked at (pgrefill) per page
    moved, the reclaim scan's share of the work. Every boot's rows, the
    ratios of the medians.

Exit status: non-zero when a run fails or a replay goal is missed
(everything is printed first).
"""
import argparse
import concurrent.futures
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import linux_oracle  # noqa: E402

WORK = os.path.join(ROOT, 'build', 'swapbench')
QEMU_MEM = '128M'
SWAP_MIB = 64
PROBES = (8, 16)            # mem= of rmapos's calibration boots, MiB
AVAIL_KB = 4096             # MemAvailable at the start, both kernels
SWAP_PAGES = 2048           # the throughput run: 8 MiB, 2 x MemAvailable
MODULES = ('ata_piix', 'sd_mod')
BOOTS = 3                   # boots of each kernel per run: the medians are compared
DEFAULT_TRACES = ('cpp', 'cs', 'gli', 'multi1', 'ps', 'zigzag', '2_pools', 'loop')
# The job's last line (not a child's "swapbench: FAILED swap ..."), or the kernel gone.
STOP = re.compile(r'^swapbench: (done|FAILED)$|Kernel panic|init exited with status', re.M)
# Appended to a console by qemu() when the timeout stopped a kernel still running.
TIMED_OUT = '# swap_bench: stopped by the timeout'


# ---- traces ----
def convert_trace(src, dst):
    """gzip'ed text of block numbers -> SWTR u32 distinct u32 refs, u16 per ref."""
    index, refs = {}, []
    with gzip.open(src, 'rt') as f:
        for line in f:
            line = line.strip()
            if not line or '*' in line:
                continue
            refs.append(index.setdefault(int(line), len(index)))
    if len(index) > 0xffff:
        raise SystemExit(f'swap_bench: {src}: {len(index)} distinct pages do not fit u16')
    with open(dst, 'wb') as f:
        f.write(b'SWTR' + struct.pack('<II', len(index), len(refs)))
        f.write(struct.pack(f'<{len(refs)}H', *refs))
    return len(index), len(refs)


# ---- booting ----
def make_swap(path):
    with open(path, 'wb') as f:
        f.truncate(SWAP_MIB << 20)
    subprocess.run(['mkswap', path], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def qemu(args, log, timeout):
    """Runs QEMU until swapbench's last line (or a panic); returns the serial
    text, ending in TIMED_OUT when the timeout stopped a kernel still at work
    (not one that had stopped or crashed)."""
    if os.path.exists(log):
        os.unlink(log)
    proc = subprocess.Popen(['qemu-system-i386', '-m', QEMU_MEM, '-icount', 'shift=0',
                             '-display', 'none', '-no-reboot', '-monitor', 'none',
                             '-serial', f'file:{log}', *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline, seen, timed_out = time.monotonic() + timeout, None, False
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        if os.path.exists(log):
            with open(log, 'rb') as f:
                if STOP.search(f.read().decode('utf-8', 'replace')):
                    seen = seen or time.monotonic()
        if seen and time.monotonic() - seen > 1:
            break
    if proc.poll() is None:
        timed_out = not seen
        os.killpg(proc.pid, 9)
        proc.wait()
    if not os.path.exists(log):
        return ''
    with open(log, 'rb') as f:
        text = f.read().decode('utf-8', 'replace').replace('\r', '')
    if timed_out and not STOP.search(text):
        text += '\n' + TIMED_OUT + '\n'
    return text


def drives(iso, swap):
    return ['-drive', f'file={iso},media=cdrom,if=ide,index=0,format=raw',
            '-drive', f'file={swap},format=raw,if=ide,index=1']


def stage(name, traces, linux_modules):
    """A root for one job: bin/swapbench, the traces and their list, on
    Linux the modules and theirs."""
    root = os.path.join(WORK, name, 'linux-root' if linux_modules else 'root')
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, 'bin'))
    os.makedirs(os.path.join(root, 'etc', 'swapbench'))
    shutil.copy(os.path.join(ROOT, 'build', 'user-root', 'bin', 'swapbench'),
                os.path.join(root, 'bin', 'swapbench'))
    names = []
    for t in traces:
        shutil.copy(t, os.path.join(root, 'etc', 'swapbench', os.path.basename(t)))
        names.append('/etc/swapbench/' + os.path.basename(t))
    with open(os.path.join(root, 'etc', 'swapbench', 'traces'), 'w') as f:
        f.write(''.join(n + '\n' for n in names))
    if linux_modules:
        os.makedirs(os.path.join(root, 'lib', 'modules'))
        lines = []
        for ko in linux_modules:
            shutil.copy(ko, os.path.join(root, 'lib', 'modules', os.path.basename(ko)))
            lines.append('/lib/modules/' + os.path.basename(ko))
        with open(os.path.join(root, 'etc', 'swapbench', 'modules'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    return root


def rmapos_iso(name, job, mem_kb, traces):
    """The job's rmapos image: swapbench as init, the trace in its ramdisk."""
    d = os.path.join(WORK, name)
    root = stage(name, traces, None)
    iso = os.path.join(d, 'rmapos.iso')
    cmdline = (f'init=/bin/swapbench swapbench={job} mem={mem_kb}K'
               + ('' if os.environ.get('SWAPBENCH_RMAPOS_LOUD') else ' quiet')
               + os.environ.get('SWAPBENCH_RMAPOS_APPEND', ''))
    subprocess.run(['make', '-s', '--no-print-directory', 'iso', f'ISO={iso}',
                    f'CMDLINE={cmdline}', f'ROOTFS_EXTRA={root}',
                    f'ROOTFS_IMG={d}/rootfs.img', f'ROOTFS_STAGE={d}/rootfs-stage',
                    'ROOTFS_TESTDATA=0', 'ROOTFS_SLACK_KB=64'],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return iso


def log_name(kernel, boot):
    """rmapos.log, linux.log for the first boot; rmapos.2.log, ... after."""
    return f'{kernel}.log' if boot == 1 else f'{kernel}.{boot}.log'


def run_rmapos(name, iso, timeout, boot=1):
    d = os.path.join(WORK, name)
    swap = os.path.join(d, 'swap-rmapos.img')
    make_swap(swap)
    return qemu([*drives(iso, swap), '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
                os.path.join(d, log_name('rmapos', boot)), timeout)


def run_linux(name, job, traces, iso, cache, timeout, boot=1):
    """Linux boots with the same drives (rmapos's CD-ROM too, unused) and
    skips only boot-time work unrelated to the benchmark (crypto self-tests,
    ISA PnP scan: 3.5 s of guest time)."""
    d = os.path.join(WORK, name)
    root = stage(name, traces, linux_oracle.fetch_modules(cache, MODULES))
    initrd = os.path.join(d, 'linux-initrd.cpio')
    linux_oracle.make_cpio(root, initrd)
    swap = os.path.join(d, 'swap-linux.img')
    make_swap(swap)
    append = (f'{linux_oracle.APPEND} rdinit=/bin/swapbench swapbench={job} '
              f'swapbench_swapon=/dev/sda cryptomgr.notests noisapnp'
              + os.environ.get('SWAPBENCH_LINUX_APPEND', ''))
    return qemu(['-kernel', linux_oracle.fetch(cache), '-initrd', initrd, '-append', append,
                 *drives(iso, swap)], os.path.join(d, log_name('linux', boot)), timeout)


def run_pairs(name, job, mem_r, traces, cache, timeout, boots):
    """Both kernels on one job, side by side (two QEMUs: figures are guest
    counts under -icount, so running them at once changes none but the idle
    time, which is reported apart), `boots` times over: when a disk
    request completes is host time, not virtual time, so the same image
    does not fault the same way twice. JOB holds the whole swapbench part
    of the command line. Returns the consoles, rmapos's and Linux's, boot
    by boot."""
    iso = rmapos_iso(name, job, mem_r, traces)
    rtexts, ltexts = [], []
    for boot in range(1, boots + 1):
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            r = ex.submit(run_rmapos, name, iso, timeout, boot)
            l = ex.submit(run_linux, name, job, traces, iso, cache, timeout, boot)
            rtexts.append(r.result())
            ltexts.append(l.result())
    return rtexts, ltexts


def median(values):
    """The middle one (the upper middle for an even count): a value measured,
    and for rmapos's major faults never its best boot of two."""
    return sorted(values)[len(values) // 2]


# ---- results ----
def meminfo(text):
    m = re.search(r'^swapbench meminfo MemTotal (\d+) MemFree (\d+) MemAvailable (\d+) '
                  r'SwapTotal (\d+)', text, re.M)
    return dict(zip(('total', 'free', 'avail', 'swap'), map(int, m.groups()))) if m else None


def replay_result(text):
    m = re.search(r'^swapbench replay \S+ distinct (\d+) refs (\d+) replayed (\d+) majflt (\d+) '
                  r'minflt (\d+) counted (\d+)', text, re.M)
    return dict(zip(('distinct', 'refs', 'replayed', 'majflt', 'minflt', 'counted'),
                    map(int, m.groups()))) if m else None


def phases(text):
    out = {}
    for m in re.finditer(r'^swapbench phase (\S+) pages (\d+) pswpout (\d+) pswpin (\d+) '
                         r'pgmajfault (\d+) ns (\d+) tsc (\d+) idle_ms (\d+)', text, re.M):
        out[m.group(1)] = dict(zip(('pages', 'pswpout', 'pswpin', 'majfault', 'ns', 'tsc',
                                    'idle_ms'), map(int, m.groups()[1:])))
    return out


def reclaim_counts(text):
    """Each phase's reclaim counters (swapbench's "reclaim PHASE name value ..." line)."""
    out = {}
    for m in re.finditer(r'^swapbench reclaim (\S+)((?: \S+ -?\d+)+)$', text, re.M):
        words = m.group(2).split()
        out[m.group(1)] = {words[i]: int(words[i + 1]) for i in range(0, len(words), 2)}
    return out


def tail(text, n=15):
    return '\n'.join('#   ' + l for l in text.strip().splitlines()[-n:])


def replay_results(text):
    out = {}
    for m in re.finditer(r'^swapbench replay /etc/swapbench/(\S+)\.swtr distinct (\d+) refs (\d+) '
                         r'replayed (\d+) majflt (\d+) minflt (\d+) counted (\d+)', text, re.M):
        out[m.group(1)] = dict(zip(('distinct', 'refs', 'replayed', 'majflt', 'minflt', 'counted'),
                                   map(int, m.groups()[1:])))
    return out


def progress_results(text):
    """The last progress line of each trace: (replayed, majflt so far)."""
    out = {}
    for m in re.finditer(r'^swapbench progress /etc/swapbench/(\S+)\.swtr replayed (\d+) '
                         r'majflt (\d+)', text, re.M):
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return out


def calibrate_rmapos(args, traces):
    """mem= -> MemAvailable for rmapos: a line through two probe boots with
    the run's ramdisk (it occupies RAM)."""
    pts = []
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        isos = [(mib, rmapos_iso(f'probe-{mib}', 'probe', mib << 10, traces)) for mib in PROBES]
        runs = [(mib, ex.submit(run_rmapos, f'probe-{mib}', iso, args.timeout))
                for mib, iso in isos]
        for mib, fut in runs:
            text = fut.result()
            mi = meminfo(text)
            if not mi or not mi['swap']:
                raise SystemExit(f'swap_bench: rmapos probe at mem={mib}M failed (no swap?):\n'
                                 f'{tail(text)}')
            pts.append((mib << 10, mi['avail']))
    (m1, a1), (m2, a2) = pts
    slope = (a2 - a1) / (m2 - m1)
    return pts, slope, a1 - slope * m1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--oracle-cache', default=linux_oracle.DEFAULT_CACHE)
    ap.add_argument('--traces-dir', default=os.path.join(ROOT, '..', 'shared', 'traces'))
    ap.add_argument('--traces', nargs='*', default=list(DEFAULT_TRACES))
    ap.add_argument('--avail-kb', type=int, default=AVAIL_KB,
                    help='MemAvailable at the start, both kernels')
    ap.add_argument('--swap-pages', type=int, default=SWAP_PAGES)
    ap.add_argument('--timeout', type=float, default=600)
    ap.add_argument('--boots', type=int, default=BOOTS,
                    help='boots of each kernel; the medians are compared')
    args = ap.parse_args()
    if args.boots < 1:
        ap.error('--boots must be at least 1')
    subprocess.run(['make', '-s', '--no-print-directory', 'kernel',
                    'build/user-root/bin/swapbench'], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(WORK, 'run'), exist_ok=True)
    traces, info = [], {}
    for t in args.traces:
        dst = os.path.join(WORK, 'run', f'{t}.swtr')
        info[t] = convert_trace(os.path.join(args.traces_dir, f'{t}.trace.gz'), dst)
        traces.append(dst)
    pts, slope, icpt = calibrate_rmapos(args, traces)
    mem_r = int(round((args.avail_kb - icpt) / slope / 4)) * 4
    print(f'# rmapos calibration: mem= kB -> MemAvailable kB ' +
          ', '.join(f'{m} -> {a}' for m, a in pts) + f'; mem={mem_r}K for {args.avail_kb} kB')
    job = (f'run swapbench_avail={args.avail_kb}' +
           (f' swapbench_swap={args.swap_pages}' if args.swap_pages else ''))
    rtexts, ltexts = run_pairs('run', job, mem_r, traces, args.oracle_cache, args.timeout,
                               args.boots)
    failed = False
    for boot, (rt, lt) in enumerate(zip(rtexts, ltexts), 1):
        for k, t in (('rmapos', rt), ('linux', lt)):
            if 'swapbench: done' not in t:
                # Linux stopped by the timeout is judged by its progress
                # (below); rmapos not finishing, or Linux failing or
                # crashing, is a failure.
                print(f'# boot {boot}: the {k} run did not finish; its console ends:\n{tail(t)}')
                failed |= k == 'rmapos' or TIMED_OUT not in t
    for k, t in (('rmapos', rtexts[0]), ('linux', ltexts[0])):
        mis = [dict(zip(('total', 'free', 'avail', 'swap'), map(int, m.groups()))) for m in
               re.finditer(r'^swapbench meminfo MemTotal (\d+) MemFree (\d+) MemAvailable (\d+) '
                           r'SwapTotal (\d+)', t, re.M)]
        mi = mis[1] if len(mis) > 1 else (mis[0] if mis else None)
        bl = re.search(r'^swapbench balloon .*$', t, re.M)
        print(f'# {k}: QEMU -m {QEMU_MEM}' + (f' mem={mem_r}K' if k == 'rmapos' else '') +
              (f'; at the start (boot 1) MemTotal {mi["total"]} kB, MemFree {mi["free"]} kB, '
               f'MemAvailable {mi["avail"]} kB, SwapTotal {mi["swap"]} kB'
               if mi else '; no meminfo') +
              (f'; {bl.group(0)[10:]}' if bl else ''))

    rs, ls = [replay_results(t) for t in rtexts], [replay_results(t) for t in ltexts]
    lprog = [progress_results(t) for t in ltexts]
    print(f'# replay: every reference a store; major faults (getrusage ru_majflt of the replaying '
          f'process), {args.avail_kb} kB MemAvailable (= {args.avail_kb // 4} pages) on both; '
          f'{args.boots} boot{"s" if args.boots > 1 else ""} of each kernel, the median of the '
          f'boots compared, every boot listed')
    print(f'# {"trace":<9}{"refs":>8}{"pages":>7}{"mem%":>6}{"rmapos":>9}{"linux":>9}'
          f'{"ratio":>7}  {"goal: fewer than Linux":<24}boots: rmapos / linux')
    for t in args.traces:
        distinct, refs = info[t]
        runs = {'rmapos': [], 'linux': []}
        bounds = []  # Linux boots stopped before the trace's end: (replayed, majflt so far)
        for boot in range(args.boots):
            for k, res in (('rmapos', rs[boot]), ('linux', ls[boot])):
                v = res.get(t)
                if not v and k == 'linux' and t in lprog[boot] and TIMED_OUT in ltexts[boot]:
                    bounds.append(lprog[boot][t])
                    continue
                if not v or v['replayed'] != refs or v['counted'] != refs:
                    print(f'# {t}: {k}, boot {boot + 1}: ' +
                          (f'replayed {v["replayed"]}, counted {v["counted"]}, trace has {refs}'
                           if v else 'no figures'))
                    failed = True
                    continue
                runs[k].append(v['majflt'])
        if len(runs['rmapos']) != args.boots or len(runs['linux']) + len(bounds) != args.boots:
            continue
        rv = median(runs['rmapos'])
        shown = list(map(str, runs['linux'])) + [f'>={b[1]}' for b in bounds]
        if bounds:
            # Each stopped boot had at least its bound, the finished ones exactly
            # theirs: the median of those is at most Linux's true median.
            lv = median([b[1] for b in bounds] + runs['linux'])
            lcol, ratio = f'>={lv}', f'<={rv / lv:.2f}' if lv else 'n/a'
            print(f'# {t}: linux stopped by the timeout ({args.timeout:.0f} s) in '
                  + ', '.join(f'{b[0]} of {refs} references with {b[1]} major faults'
                              for b in bounds)
                  + ': judged by the median of the bounds and the finished boots')
        else:
            lv = median(runs['linux'])
            lcol, ratio = str(lv), f'{rv / lv:.2f}' if lv else 'inf'
        met = rv < lv
        failed |= not met
        print(f'  {t:<9}{refs:>8}{distinct:>7}{100 * args.avail_kb / 4 / distinct:>5.0f}%'
              f'{rv:>9}{lcol:>9}{ratio:>7}  {"met" if met else "NOT MET":<24}'
              + ' '.join(map(str, runs['rmapos'])) + ' / ' + ' '.join(shown))

    if args.swap_pages:
        print(f'# swap throughput: {args.swap_pages} pages written with a pattern, read back '
              f'twice in order, verified; elapsed = TSC ticks, busy = TSC ticks - idle '
              f'(/proc/stat idle+iowait); every boot, the ratios from the medians')
        print(f'# {"kernel":<8}{"phase":<7}{"boot":>5}{"pswpout":>9}{"pswpin":>9}{"tsc":>13}'
              f'{"tsc/ns":>8}{"idle ms":>9}{"pages/Mtsc":>11}{"tsc/page":>10}{"busy instr":>12}'
              f'{"pages/Minstr":>13}{"instr/page":>11}{"refill/page":>12}')
        per = {}
        for k, texts in (('rmapos', rtexts), ('linux', ltexts)):
            boot_phases = [phases(t) for t in texts]
            boot_reclaim = [reclaim_counts(t) for t in texts]
            for name in ('write', 'read1', 'read2', 'total'):
                for boot, ph in enumerate(boot_phases, 1):
                    if name not in ph:
                        print(f'# {k}, boot {boot}: no {name} phase')
                        failed = True
                        continue
                    p = ph[name]
                    moved = max(p['pswpout'] + p['pswpin'], 1)
                    busy = p['tsc'] - p['idle_ms'] * 1000000
                    # idle is counted in 10 ms ticks: a busy figure below a few
                    # ticks is noise, not a measurement
                    ok = busy > 5 * 10000000
                    f = (moved / p['tsc'] * 1e6, p['tsc'] / moved,
                         moved / busy * 1e6 if ok else None, busy / moved if ok else None)
                    per.setdefault((k, name), []).append(f)
                    # active pages scanned (pgrefill) per page moved: the scan's work
                    refill = boot_reclaim[boot - 1].get(name, {}).get('pgrefill', -1)
                    print(f'  {k:<8}{name:<7}{boot:>5}{p["pswpout"]:>9}{p["pswpin"]:>9}'
                          f'{p["tsc"]:>13}{p["tsc"] / max(p["ns"], 1):>8.4f}{p["idle_ms"]:>9}'
                          f'{f[0]:>11.2f}{f[1]:>10.0f}'
                          + (f'{busy:>12}{f[2]:>13.2f}{f[3]:>11.0f}' if ok
                             else f'{"< 50 ms":>12}{"n/a":>13}{"n/a":>11}')
                          + (f'{refill / moved:>12.1f}' if refill >= 0 else f'{"n/a":>12}'))
        for name in ('write', 'read1', 'read2', 'total'):
            a, b = per.get(('rmapos', name)), per.get(('linux', name))
            if not a or not b:
                continue
            a0, a1 = median([x[0] for x in a]), median([x[1] for x in a])
            b0, b1 = median([x[0] for x in b]), median([x[1] for x in b])
            line = (f'# {name}: rmapos/linux elapsed (medians): pages per M {a0 / b0:.3f}, '
                    f'per page {a1 / b1:.2f}')
            if all(x[2] for x in a + b):
                busy_rate = median([x[2] for x in a]) / median([x[2] for x in b])
                busy_cost = median([x[3] for x in a]) / median([x[3] for x in b])
                line += f'; busy: pages per Minstr {busy_rate:.2f}, instr per page {busy_cost:.2f}'
            else:
                line += '; busy: n/a (idle all but a few 10 ms ticks on one side)'
            print(line)
    print(f'# swap bench: {"a goal missed or a run failed" if failed else "all goals met"}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

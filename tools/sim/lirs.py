#!/usr/bin/env python3
"""LIRS (Jiang and Zhang, SIGMETRICS 2002) on the benchmark traces, per case.

A reference beside `make sim-bench`: the README of ../shared/traces gives LIRS's geometric
mean (1.15) only, and docs/reclaim-policy.md compares our policy with it case by case.
This is the textbook algorithm, not the kernel's code: a recency stack S holding LIR pages
and recently seen HIR pages (resident or not), pruned so that its bottom is always LIR, and
a FIFO Q of resident HIR pages, the eviction candidates. A HIR page referenced while in S
becomes LIR and the LIR page at the bottom of S becomes HIR. The HIR part is 1% of memory
(at least 2 frames), as in the paper; --hir N fixes it to N frames.

    python3 tools/sim/lirs.py ../shared/traces/*.trace.gz        # the 24 cases
    python3 tools/sim/lirs.py --frames 122 ../shared/traces/cpp.trace.gz

Memory sizes and trace format are the simulator's (tools/sim/replay.c): 10%, 25% and 50% of
the distinct pages, truncated; '*' lines skipped; every first reference a miss.
"""
import argparse
import collections
import gzip


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as f:
        return [int(line) for line in f if line.strip() and '*' not in line]


def lirs_misses(refs, frames, hir):
    lir_max = frames - hir
    stack = collections.OrderedDict()   # S: oldest first, most recent last
    queue = collections.OrderedDict()   # Q: resident HIR pages, oldest first
    lir, resident = set(), set()
    misses = 0

    def prune():
        while stack:
            bottom = next(iter(stack))
            if bottom in lir:
                return
            stack.popitem(last=False)

    def promote(page):
        """page (in S, just moved to its top) becomes LIR; the bottom LIR page becomes HIR."""
        lir.add(page)
        bottom = next(iter(stack))
        lir.discard(bottom)
        stack.pop(bottom)
        queue[bottom] = None
        prune()

    for page in refs:
        if page in lir:
            stack.move_to_end(page)
            prune()
            continue
        if page in resident:                       # a resident HIR page
            if page in stack:
                stack.move_to_end(page)
                del queue[page]
                promote(page)
            else:
                stack[page] = None
                queue.move_to_end(page)
            continue
        misses += 1
        if len(lir) < lir_max:                     # memory filling: the first pages are LIR
            lir.add(page)
            resident.add(page)
            stack[page] = None
            continue
        if len(resident) >= frames:
            victim, _ = queue.popitem(last=False)
            resident.discard(victim)
        resident.add(page)
        if page in stack:                          # a non-resident HIR page seen recently
            stack.move_to_end(page)
            promote(page)
        else:
            stack[page] = None
            queue[page] = None
    return misses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('traces', nargs='+')
    ap.add_argument('--frames', type=int, help='one memory size instead of 10/25/50%%')
    ap.add_argument('--hir', type=int, help='frames for resident HIR pages (default 1%%, at least 2)')
    args = ap.parse_args()
    print('%-8s %4s %7s %9s' % ('trace', 'mem', 'frames', 'LIRS'))
    for path in args.traces:
        refs = load(path)
        name = path.rsplit('/', 1)[-1].split('.')[0]
        distinct = len(set(refs))
        sizes = [(args.frames, '-')] if args.frames else \
            [(distinct * pct // 100, '%d%%' % pct) for pct in (10, 25, 50)]
        for frames, label in sizes:
            hir = args.hir if args.hir else max(2, frames // 100)
            print('%-8s %4s %7d %9d' % (name, label, frames, lirs_misses(refs, frames, hir)), flush=True)


if __name__ == '__main__':
    main()

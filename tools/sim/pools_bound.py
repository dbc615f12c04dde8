#!/usr/bin/env python3
"""The fewest misses any online policy can expect on a trace of independent draws from pools.

A reference beside `make sim-bench` for 2_pools (docs/reclaim-policy.md, "What remains").
A policy that cannot see the future holds at most F pages when a reference comes. If the
referenced page is drawn from a pool independently of everything before it, uniformly, the
chance of a hit is at most (resident pages of that pool) / (pages in the pool), whatever the
policy did. Summed over the references, with the F frames shared between the pools in the
best way (the small hot pool resident, since each of its pages is drawn far more often, and
the rest of the frames on the large pool, as far as the pages seen so far can fill them), that is
an upper bound on the expected hits, so a lower bound on the expected misses. OPT (Belady's
MIN) sees the future and is not bound by it.

The script finds the pools from the trace itself (the widest gap in the use counts) and
prints the figures that say whether the premise holds:

  - the cold pool's use counts: mean and variance (a Poisson histogram has them equal);
  - their correlation between the two halves of the trace (0 if the past says nothing
    about which cold page comes next);
  - for a few distances d, the share of cold references whose page was used within the last
    d references, against what independent uniform draws give (1 - (1 - r)^min(d, i), r the
    per-reference rate of one cold page, i the reference's position);

and then per memory size OPT's misses, the bound, both as ratios, and how far below the
bound a ratio of 1.6 lies, with the Azuma-Hoeffding bound on the chance of getting there
(misses are a sum of one bounded step per cold reference).

    python3 tools/sim/pools_bound.py ../shared/traces/2_pools.trace.gz
    python3 tools/sim/pools_bound.py --frames 2484 ../shared/traces/2_pools.trace.gz
    python3 tools/sim/pools_bound.py --check-table build/host/sim-table.txt TRACE  # host-test

Memory sizes and trace format are the simulator's (tools/sim/replay.c): 10%, 25% and 50% of
the distinct pages, truncated; '*' lines skipped; every first reference a miss.
"""
import argparse
import collections
import gzip
import heapq
import os
import statistics
import sys


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as f:
        return [int(line) for line in f if line.strip() and '*' not in line]


def opt_misses(refs, frames):
    """Belady's MIN: on a miss with memory full, evict the page used again furthest ahead."""
    never = len(refs)
    next_use = [never] * len(refs)
    seen = {}
    for i in range(len(refs) - 1, -1, -1):
        next_use[i] = seen.get(refs[i], never + i)   # distinct "never" so ties break
        seen[refs[i]] = i
    resident = {}                                      # page -> its next use
    heap = []                                          # (-next use, page), lazily pruned
    misses = 0
    for i, page in enumerate(refs):
        if page not in resident:
            misses += 1
            if len(resident) >= frames:
                while True:
                    neg, victim = heapq.heappop(heap)
                    if resident.get(victim) == -neg:
                        del resident[victim]
                        break
        resident[page] = next_use[i]
        heapq.heappush(heap, (-next_use[i], page))
    return misses


def split_pools(counts):
    """Hot pages: those used more often than the widest gap (as a ratio) in the use counts."""
    levels = sorted(set(counts.values()))
    _, cut = max((b / a, a) for a, b in zip(levels, levels[1:]))
    hot = {p for p, c in counts.items() if c > cut}
    return hot, [p for p in counts if p not in hot]


def premise(refs, hot, cold, counts):
    n = len(refs)
    cold_refs = sum(counts[p] for p in cold)
    uses = [counts[p] for p in cold]
    print(f'pools: {len(hot)} hot pages, {sum(counts[p] for p in hot)} references; '
          f'{len(cold)} cold pages, {cold_refs} references')
    switches = sum(1 for a, b in zip(refs, refs[1:]) if (a in hot) != (b in hot))
    print(f'consecutive references in different pools: {switches} of {n - 1}')
    print(f'cold use counts: mean {statistics.mean(uses):.2f}, '
          f'variance {statistics.variance(uses):.2f} (Poisson: equal)')
    hot_uses = [counts[p] for p in hot]
    share = sum(hot_uses) / n / len(hot)
    print(f'hot use counts: mean {statistics.mean(hot_uses):.1f}, '
          f'variance {statistics.variance(hot_uses):.1f} '
          f'(binomial: {sum(hot_uses) * (1 - 1 / len(hot)) / len(hot):.1f}), '
          f'share of references per hot page {share:.4f}')
    first = collections.Counter(refs[:n // 2])
    second = collections.Counter(refs[n // 2:])
    corr = statistics.correlation([first[p] for p in cold], [second[p] for p in cold])
    print(f'cold use counts, first half against second half: correlation {corr:+.3f}')
    rate = cold_refs / n / len(cold)
    last, gaps, positions = {}, [], []
    for i, page in enumerate(refs):
        if page in hot:
            continue
        gaps.append(i - last[page] if page in last else None)
        positions.append(i)
        last[page] = i
    print('cold references whose page was used within the last d references:')
    for d in (10, 100, 1000, 2484, 4969):
        seen = sum(1 for g in gaps if g is not None and g <= d) / cold_refs
        expect = sum(1 - (1 - rate) ** min(d, i) for i in positions) / cold_refs
        print(f'  d = {d:5}: {seen:.4f}, independent uniform draws {expect:.4f}')
    return cold_refs


def expected_hits_bound(refs, hot, cold, frames):
    """At most every hot reference but the first use of each hot page hits; a cold reference
    hits with probability at most (cold pages resident) / (cold pages), and no policy can
    have more cold pages resident than frames - hot pages, or than it has seen so far."""
    room = max(0, min(frames - len(hot), len(cold)))
    seen_hot, seen_cold = set(), 0
    hits, seen = 0.0, set()
    for page in refs:
        if page in hot:
            hits += page in seen_hot
            seen_hot.add(page)
        else:
            hits += min(room, seen_cold) / len(cold)
            if page not in seen:
                seen.add(page)
                seen_cold += 1
    return hits


def bound_table(refs, hot, cold, cold_refs, frame_list):
    """Print the table; return {frames: (OPT, bound)}."""
    print('| frames | OPT | bound | OPT x 1.6 | bound / OPT | below the bound for 1.6 | '
          'P(that far) at most |')
    print('|---|---|---|---|---|---|---|')
    figures = {}
    for frames in frame_list:
        opt = opt_misses(refs, frames)
        bound = len(refs) - expected_hits_bound(refs, hot, cold, frames)
        gap = bound - 1.6 * opt
        chance = (f'e^-{2 * gap * gap / cold_refs:.0f}' if gap > 0 else '-')
        print(f'| {frames} | {opt} | {bound:.0f} | {1.6 * opt:.0f} | {bound / opt:.3f} | '
              f'{gap:.0f} | {chance} |')
        figures[frames] = (opt, bound)
    return figures


def check_sim_table(path, name, figures, slack):
    """Hold the simulator's table (replay --table output) to the bound: the same OPT, and
    our misses within `slack` of the bound, on every case of this trace."""
    failures, cases = [], 0
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) < 6 or cols[0] != name or not cols[2].isdigit():
                continue
            frames, ours, opt = int(cols[2]), int(cols[3]), int(cols[4])
            if frames not in figures:
                continue
            cases += 1
            my_opt, bound = figures[frames]
            if opt != my_opt:
                failures.append(f'{frames} frames: OPT {opt} in the table, {my_opt} here')
            if ours > bound * (1 + slack):
                failures.append(f'{frames} frames: ours {ours} is more than '
                                f'{slack:.0%} above the bound {bound:.0f}')
    if cases != len(figures):
        failures.append(f'{cases} of {len(figures)} cases of {name} found in {path}')
    for failure in failures:
        print(f'{name}: {failure}')
    return not failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('trace')
    ap.add_argument('--frames', type=int, action='append',
                    help='memory size in pages (default: 10%%, 25%% and 50%% of the distinct pages)')
    ap.add_argument('--check-table', metavar='FILE',
                    help="check the simulator's table (replay --table) against OPT and the bound")
    ap.add_argument('--slack', type=float, default=0.03,
                    help='how far above the bound ours may be with --check-table (default 0.03)')
    args = ap.parse_args()
    refs = load(args.trace)
    counts = collections.Counter(refs)
    hot, cold = split_pools(counts)
    frames = args.frames or [len(counts) * pct // 100 for pct in (10, 25, 50)]
    if min(frames) <= len(hot):
        ap.error(f'the bound needs more frames than the hot pool holds ({len(hot)} pages)')
    cold_refs = premise(refs, hot, cold, counts)
    figures = bound_table(refs, hot, cold, cold_refs, frames)
    if args.check_table:
        name = os.path.basename(args.trace).split('.')[0]
        if not check_sim_table(args.check_table, name, figures, args.slack):
            sys.exit(1)
        print(f'{name}: the table\'s OPT agrees and ours is within {args.slack:.0%} of the '
              f'online bound on {len(figures)} cases')


if __name__ == '__main__':
    main()

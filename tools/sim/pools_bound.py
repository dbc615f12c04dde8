#!/usr/bin/env python3
"""A lower bound on the misses of a demand-paging policy on a trace of two pools of random draws.

A reference beside `make sim-bench` for 2_pools (docs/reclaim-policy.md, "The limit of 1.6
per case"). The model: the references alternate between a small hot pool and a large cold
pool (a cold reference is always followed by a hot one), and each draws its page uniformly
from its pool, independently of everything before it. A policy that does not know the
draws in advance holds at most F pages when a reference comes, and under demand paging
only pages already used. Over a cold reference and the hot one after it, the chance of a
hit is then at most (cold pages resident) / |cold| + (hot pages resident) / |hot|, whatever
the policy did before; a hot frame is worth far more than a cold one, so the sum is largest
with every hot page seen so far resident and the other frames on cold pages seen so far.
Summed over the trace, with every first use a miss, that bounds the expected hits from
above and the misses from below. The sums are taken along this trace (the pages seen so
far are this trace's), so the figure is the bound for a policy chosen without knowing it.
OPT (Belady's MIN) knows the future and is not bound by it.

The script finds the pools from the trace itself (the widest gap in the use counts),
prints the figures that say whether the model fits, and fails when one of them does not:

  - every cold reference followed by a hot one;
  - the cold pool's use counts: variance about the mean, as for independent uniform draws
    (slightly below it, as pages never drawn are not counted);
  - their correlation between the two halves of the trace (about 0: the past says nothing
    about which cold page comes next);
  - for a few distances d, the share of cold references whose page was used within the
    last d references, against what independent uniform draws give (1 - (1 - r)^min(d, i),
    r the per-reference rate of one cold page, i the reference's position).

Then, per memory size, OPT's misses, the bound, both as ratios, and how far below the
bound a ratio of 1.6 lies, with the Azuma-Hoeffding bound on the chance of a policy's
misses falling that far below their expectation (a sum of one step of width 1 per
reference: exp(-2 a^2 / n)), taking OPT's figure as given.

    python3 tools/sim/pools_bound.py ../shared/traces/2_pools.trace.gz
    python3 tools/sim/pools_bound.py --frames 2484 ../shared/traces/2_pools.trace.gz
    python3 tools/sim/pools_bound.py --check-table build/host/sim-table.txt TRACE  # host-test

Memory sizes and trace format are the simulator's (tools/sim/replay.c): 10%, 25% and 50% of
the distinct pages, truncated; '*' lines skipped; every first reference a miss. The cold
pool's size is taken as the cold pages the trace uses (9,839 on 2_pools; its page numbers
leave room for 9,899): a smaller pool gives a higher chance of a hit, so a lower bound.
"""
import argparse
import collections
import heapq
import os
import statistics
import sys

from lirs import load  # the same trace format, read the same way


def opt_misses(refs, frames):
    """Belady's MIN: on a miss with memory full, evict the page used again furthest ahead."""
    never = len(refs)
    next_use = [never] * len(refs)
    seen = {}
    for i in range(len(refs) - 1, -1, -1):
        next_use[i] = seen.get(refs[i], never)
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
    if len(levels) < 2:
        sys.exit('pools_bound: every page is used equally often: no pools to tell apart')
    _, cut = max((b / a, a) for a, b in zip(levels, levels[1:]))
    hot = {p for p, c in counts.items() if c > cut}
    return hot, [p for p in counts if p not in hot]


def premise(refs, hot, cold, counts):
    """Print the figures that test the model; return (cold references, what does not fit)."""
    n = len(refs)
    problems = []
    cold_refs = sum(counts[p] for p in cold)
    uses = [counts[p] for p in cold]
    print(f'pools: {len(hot)} hot pages, {sum(counts[p] for p in hot)} references; '
          f'{len(cold)} cold pages, {cold_refs} references')
    switches = sum(1 for a, b in zip(refs, refs[1:]) if (a in hot) != (b in hot))
    unpaired = sum(1 for a, b in zip(refs, refs[1:] + [None]) if a not in hot and b not in hot)
    print(f'consecutive references in different pools: {switches} of {n - 1}; '
          f'cold references not followed by a hot one: {unpaired}')
    if unpaired:
        problems.append(f'{unpaired} cold references are not followed by a hot one')
    mean, var = statistics.mean(uses), statistics.variance(uses)
    print(f'cold use counts: mean {mean:.2f}, variance {var:.2f} '
          f'(independent uniform draws: about the mean)')
    if not 0.85 <= var / mean <= 1.15:
        problems.append(f'cold use counts: variance / mean {var / mean:.2f}')
    hot_uses = [counts[p] for p in hot]
    print(f'hot use counts: mean {statistics.mean(hot_uses):.1f}, '
          f'variance {statistics.variance(hot_uses):.1f} '
          f'(binomial: {sum(hot_uses) * (1 - 1 / len(hot)) / len(hot):.1f})')
    first = collections.Counter(refs[:n // 2])
    second = collections.Counter(refs[n // 2:])
    corr = statistics.correlation([first[p] for p in cold], [second[p] for p in cold])
    print(f'cold use counts, first half against second half: correlation {corr:+.3f}')
    if abs(corr) > 0.05:
        problems.append(f'cold use counts correlate between the halves ({corr:+.3f})')
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
        if d >= 100 and abs(seen - expect) > 0.05 * expect:
            problems.append(f'reuse within {d} references: {seen:.4f} against {expect:.4f}')
    return cold_refs, problems


def expected_hits_bound(refs, hot, cold, frames):
    """An upper bound on the hits a demand-paging policy can expect, given the pages seen so far.

    Each cold reference is followed by a hot one (premise() checks it). Over such a pair,
    with h hot and c cold pages resident at the cold reference, the chance of a hit is at
    most c / |cold| + h / |hot|: the first draw is uniform over the cold pool, the second
    over the hot pool, and under demand paging the cold step brings in no hot page. As c is
    at most frames - h and at most the cold pages seen so far, and a hot frame is worth
    |cold| / |hot| (about 98) times a cold one, the sum is largest with every hot page seen
    so far resident. The hot reference is counted here by what it drew: a hit unless it is
    the page's first use (its expectation is the hot pages seen / |hot|).
    """
    seen_hot, seen_cold = set(), set()
    hits = 0.0
    for page in refs:
        if page in hot:
            hits += page in seen_hot
            seen_hot.add(page)
        else:
            room = max(0, min(frames - len(seen_hot), len(seen_cold)))
            hits += room / len(cold)
            seen_cold.add(page)
    return hits


def bound_table(refs, hot, cold, frame_list):
    """Print the table; return {frames: (OPT, bound)}."""
    print('| frames | OPT | floor | OPT x 1.6 | floor / OPT | below the floor for 1.6 | '
          'P(that far) at most |')
    print('|---|---|---|---|---|---|---|')
    figures = {}
    for frames in frame_list:
        opt = opt_misses(refs, frames)
        bound = len(refs) - expected_hits_bound(refs, hot, cold, frames)
        gap = bound - 1.6 * opt
        chance = (f'e^-{2 * gap * gap / len(refs):.0f}' if gap > 0 else '-')
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
                                f'{slack:.0%} above the floor {bound:.0f}')
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
    ap.add_argument('--slack', type=float, default=0.04,
                    help='how far above the floor ours may be with --check-table (default 0.04, '
                         'about host-test\'s worst-case guard of 1.9 at 50%%)')
    args = ap.parse_args()
    refs = load(args.trace)
    counts = collections.Counter(refs)
    hot, cold = split_pools(counts)
    frames = args.frames or [len(counts) * pct // 100 for pct in (10, 25, 50)]
    if min(frames) <= len(hot):
        ap.error(f'the bound needs more frames than the hot pool holds ({len(hot)} pages)')
    _, problems = premise(refs, hot, cold, counts)
    figures = bound_table(refs, hot, cold, frames)
    for problem in problems:
        print(f'pools_bound: the model does not fit: {problem}')
    if problems:
        sys.exit(1)
    if args.check_table:
        name = os.path.basename(args.trace).split('.')[0]
        if not check_sim_table(args.check_table, name, figures, args.slack):
            sys.exit(1)
        print(f'{name}: the table\'s OPT agrees and ours is within {args.slack:.0%} of the '
              f'floor on {len(figures)} cases')


if __name__ == '__main__':
    main()

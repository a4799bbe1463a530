#!/usr/bin/python3
"""Reference for FisherExact's default (SolvePrecise) MLE and intervals on small tables.

SOURCE: SciPy 1.10.1 (Debian, /usr/bin/python3),
scipy.stats.contingency.odds_ratio(table, kind="conditional"): .statistic and
.confidence_interval(0.95, alternative) for "two-sided", "less", "greater".
Seven hand-picked tables at the edges of the support and 40 random tables with
cells 0..7 (random.seed(1)); tables with an empty row or column are skipped
(SciPy: NaN). Each case is [table, mle, ci_two_sided, ci_less, ci_greater],
SciPy's orientation (row 0 over row 1).

Run: /usr/bin/python3 abtest/testdata/fisher_small.py > abtest/testdata/fisher_small.json
"""
import json
import random
import sys

from scipy.stats.contingency import odds_ratio

random.seed(1)
tables = [[[1, 7], [7, 1]], [[1, 7], [6, 0]], [[7, 1], [1, 7]], [[1, 0], [3, 7]], [[0, 1], [7, 7]],
          [[2, 7], [7, 1]], [[1, 1], [1, 7]]]
tables += [[[random.randint(0, 7) for _ in range(2)] for _ in range(2)] for _ in range(40)]
out = []
for t in tables:
    if min(sum(t[0]), sum(t[1]), t[0][0] + t[1][0], t[0][1] + t[1][1]) == 0:
        continue
    r = odds_ratio(t)
    case = [t, float(r.statistic)]
    for alt in ["two-sided", "less", "greater"]:
        ci = r.confidence_interval(0.95, alt)
        case.append([float(ci.low), float(ci.high)])
    out.append(case)
json.dump(out, sys.stdout)
print()

#!/usr/bin/python3
"""Time SciPy on the tables of BenchmarkFisherExactSizes (issue 17, point 5).

Run from the repository root, then the Go benchmark straight after:

    /usr/bin/python3 abtest/testdata/fisher_bench_scipy.py
    go test -run '^$' -bench 'Fisher(Exact|PValue)Sizes' -count 5 ./abtest

Workloads (one call each, median of --repeats after a warm-up; the output
format is ../shared/bench/_common.py's):

- fisher_exact_two_sided: scipy.stats.fisher_exact(table), the two-sided
  p-value, to compare with BenchmarkFisherPValueSizes. From 10^10 per cell
  SciPy 1.10.1 returns p = NaN (and a wrong sample odds ratio: int64
  overflow), so its time there is not an answer; the check line says so.
- odds_ratio_conditional_ci: scipy.stats.contingency.odds_ratio(table,
  kind="conditional") and its two-sided 95% interval, what FisherExact adds
  (BenchmarkFisherExactSizes = this + the p-value). SciPy tabulates the
  whole support, so only the small tables are run (10^7 per cell did not
  return within 100 s); on [[1, 10^12], [3, 10^12]] it raises OverflowError
  (BiasedUrn takes C ints).
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "bench"))
from _common import add_common_args, bench, info, print_versions, require  # noqa: E402

require("numpy", "scipy")
import numpy as np  # noqa: E402
from scipy.stats import fisher_exact  # noqa: E402
from scipy.stats.contingency import odds_ratio  # noqa: E402

TABLES = [
    ("1e3", [[1_040, 960], [1_000, 1_000]]),
    ("1e7", [[10_005_000, 9_995_000], [10_000_000, 10_000_000]]),
    ("1e10", [[10_000_120_000, 9_999_880_000], [10_000_000_000, 10_000_000_000]]),
    ("1e13", [[10_000_004_000_000, 9_999_996_000_000], [10_000_000_000_000, 10_000_000_000_000]]),
    ("1e15", [[1_000_000_040_000_000, 999_999_960_000_000], [1_000_000_000_000_000, 1_000_000_000_000_000]]),
    ("unbalanced_1_1e12_3_1e12", [[1, 1_000_000_000_000], [3, 1_000_000_000_000]]),
    ("rare_conversions_1e13", [[1_003_000, 10_000_000_000_000], [1_000_000, 10_000_000_000_000]]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    args = parser.parse_args()
    repeats = 2 if args.quick else args.repeats
    for name, table in TABLES:
        with np.errstate(all="ignore"):
            res = bench("fisher_exact_two_sided", name, lambda: fisher_exact(table), repeats)
        info(f"check {name}: fisher_exact p = {res.pvalue!r}" + (" (NaN: not an answer)" if math.isnan(res.pvalue) else ""))
        if sum(map(sum, table)) <= 10_000 or name.startswith("unbalanced"):
            def full():
                r = odds_ratio(table, kind="conditional")
                return r.statistic, r.confidence_interval(0.95)
            try:
                est, ci = bench("odds_ratio_conditional_ci", name, full, repeats)
                info(f"check {name}: conditional MLE {est!r}, 95% CI [{ci.low!r}, {ci.high!r}]")
            except OverflowError as err:
                info(f"check {name}: odds_ratio fails: OverflowError: {err}")
    print_versions("numpy", "scipy")


if __name__ == "__main__":
    main()

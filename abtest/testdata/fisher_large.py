#!/usr/bin/python3
"""Reference values for FisherExact on tables with 10^7 per cell (issue 17, point 5).

SOURCE. /usr/bin/python3 with Debian's SciPy 1.10.1 and NumPy 1.24.2.

- The exact values (the keys without "scipy_") are computed here in x87
  extended precision (numpy.longdouble, 64-bit mantissa) from the
  hypergeometric pmf itself: log P(k) relative to the mode by the exact ratio
  P(k+1)/P(k) = (n-k)(N-k)/((k+1)(M-n-N+k+1)), over +-70 standard deviations
  of the mode (the terms beyond are below 1e-1000 of it), normalised; the
  noncentral (Fisher) distribution at odds ratio psi weights them by psi^k.
  p-values: P(X <= x), P(X >= x), and the two-sided sum of P(k) over every
  k with P(k) <= P(x)(1 + 1e-7) (R's rule, which cxkit follows). The
  conditional MLE (the psi whose mean is x) and the ends of the exact
  interval (P(X >= x; psi) = alpha, P(X <= x; psi) = alpha) are solved with
  scipy.optimize.brentq on log psi (xtol 1e-15), as SciPy's
  odds_ratio(kind="conditional") defines them. A check against mpmath (40
  digits, log-gamma) on the symmetric table is asserted below.
- The scipy_* keys are SciPy's own answers: fisher_exact's p-values and
  odds_ratio(kind="conditional").statistic. At this size they are accurate
  only to about 1e-9 relative (Boost's hypergeometric; e.g. P(X <= x) of
  the symmetric table: SciPy 0.50012615558152673, exact 0.50012615662373557),
  and scipy's nchypergeom_fisher.cdf, which odds_ratio's
  confidence_interval needs, did not return within 100 s for one call (it
  tabulates the whole support), so the interval cannot be had from SciPy here.
- Tables are in SciPy's orientation: the odds ratio of row 0 over row 1
  (cxkit's FisherExact gets the rows swapped, b over a).

Run: /usr/bin/python3 abtest/testdata/fisher_large.py > abtest/testdata/fisher_large.json
(timings of SciPy on each table go to stderr).
"""
import json
import sys
import time

import mpmath as mp
import numpy as np
import scipy
from scipy.optimize import brentq
from scipy.stats import fisher_exact
from scipy.stats.contingency import odds_ratio

LD = np.longdouble
E7 = 10_000_000
TABLES = {
    "equal_1e7": [[E7, E7], [E7, E7]],
    "lift_0.05pct_1e7": [[E7 + 1_000, E7 - 1_000], [E7, E7]],
    "lift_0.25pct_1e7": [[E7 + 5_000, E7 - 5_000], [E7, E7]],
    "lift_2.5pct_1e7": [[E7 + 50_000, E7 - 50_000], [E7, E7]],
    "unbalanced_1e7": [[12_000_000, 8_000_000], [11_990_000, 8_010_000]],
    "below_1e7": [[E7 - 3_000, E7 + 3_000], [E7, E7]],
    "rare_conversions_1e7": [[10_500, 9_989_500], [10_000, 9_990_000]],
}


class Dist:
    def __init__(self, table):
        t = np.asarray(table, dtype=np.int64)
        self.x = int(t[0, 0])
        M, n, N = int(t.sum()), int(t[0].sum()), int(t[:, 0].sum())
        lo, hi = max(0, N - (M - n)), min(n, N)
        mode = (n + 1) * (N + 1) // (M + 2)
        sd = np.sqrt(n * N * (M - n) * (M - N) / (M * M * (M - 1)))
        w = int(70 * sd) + 10
        a, b = max(lo, mode - w), min(hi, mode + w)
        assert a <= self.x <= b
        self.ks = np.arange(a, b + 1, dtype=np.int64)
        k = self.ks[:-1].astype(LD)
        logr = np.log((LD(n) - k) * (LD(N) - k)) - np.log((k + 1) * (LD(M - n - N) + k + 1))
        L = np.concatenate([[LD(0)], np.cumsum(logr)])
        self.L = L - L[mode - a]
        self.off = (self.ks - self.x).astype(LD)

    def probs(self, t=0.0):
        v = self.L + self.off * LD(t)
        p = np.exp(v - v.max())
        return p / p.sum()

    def mean_minus_x(self, t):
        return float((self.probs(t) * self.off).sum())

    def log_tail(self, t, upper):
        p = self.probs(t)
        sel = self.ks >= self.x if upper else self.ks <= self.x
        return float(np.log(p[sel].sum()))


def solve(f):
    lo, hi = -1.0, 1.0
    while f(lo) > 0:
        lo *= 2
    while f(hi) < 0:
        hi *= 2
    return float(np.exp(brentq(f, lo, hi, xtol=1e-15, maxiter=500)))


def reference(table, level=0.95):
    d = Dist(table)
    p = d.probs()
    px = p[d.ks == d.x][0]
    out = {
        "p_less": float(p[d.ks <= d.x].sum()),
        "p_greater": float(p[d.ks >= d.x].sum()),
        "p_two_sided": float(min(LD(1), p[p <= px * (1 + LD(1e-7))].sum())),
        "conditional_mle": solve(d.mean_minus_x),
    }
    lower = lambda a: solve(lambda t: d.log_tail(t, True) - np.log(a))
    upper = lambda a: solve(lambda t: np.log(a) - d.log_tail(t, False))
    a2 = (1 - level) / 2
    out["ci95_two_sided"] = [lower(a2), upper(a2)]
    out["ci95_less"] = [0.0, upper(1 - level)]
    out["ci95_greater"] = [lower(1 - level), float("inf")]
    return out


# Self-check against mpmath: P(X <= x) of the symmetric table is 1/2 + P(x)/2.
mp.mp.dps = 40
lc = lambda n, k: mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
exact = mp.mpf(1) / 2 + mp.exp(2 * lc(2 * E7, E7) - lc(4 * E7, 2 * E7)) / 2
mine = reference(TABLES["equal_1e7"])["p_less"]
assert abs(mine - float(exact)) <= 1e-14 * float(exact), (mine, exact)

cases = []
for name, table in TABLES.items():
    ref = reference(table)
    t0 = time.perf_counter()
    p2 = fisher_exact(table, alternative="two-sided")
    pl = fisher_exact(table, alternative="less")
    pg = fisher_exact(table, alternative="greater")
    took = time.perf_counter() - t0
    t1 = time.perf_counter()
    mle = odds_ratio(table, kind="conditional").statistic
    took_mle = time.perf_counter() - t1
    print(f"{name}: scipy fisher_exact (3 alternatives): {took*1e3:.1f} ms; odds_ratio MLE: {took_mle*1e3:.1f} ms",
          file=sys.stderr)
    cases.append({
        "name": name,
        "table": table,
        "odds_ratio_sample": float(p2.statistic),
        **ref,
        "scipy_p_two_sided": float(p2.pvalue),
        "scipy_p_less": float(pl.pvalue),
        "scipy_p_greater": float(pg.pvalue),
        "scipy_conditional_mle": float(mle),
        "scipy_fisher_exact_seconds_3_calls": took,
        "scipy_odds_ratio_mle_seconds": took_mle,
    })
json.dump({"source": f"scipy {scipy.__version__}, numpy {np.__version__}; see fisher_large.py", "cases": cases},
          sys.stdout, indent=1)
print()

#!/usr/bin/python3
"""Reference values for FisherExact at any count (issue 17, point 5).

SOURCE. /usr/bin/python3 3.11 with Debian's SciPy 1.10.1, NumPy 1.24.2 and
mpmath 1.2.1; R 4.2.2 (Debian r-base-core) through testdata/fisher_huge_r.R.

Tables from 10^3 to 2*10^15 per cell (the API takes totals up to 2^53),
very unbalanced ones such as [[1, 10^12], [3, 10^12]], a zero cell, and the
rare-conversion shape. Tables are in SciPy's and R's orientation: X is the
top-left cell, the odds ratio is row 0 over row 1 (cxkit's FisherExact gets
the rows swapped, b over a).

The exact values (keys without a prefix) are computed two independent ways,
chosen by the width of the distribution, and the two are checked against
each other on the tables where both run (asserted below):

- "direct": numpy.longdouble (x87, 64-bit mantissa), the pmf from the exact
  ratio P(k+1)/P(k) = (n-k)(N-k)/((k+1)(M-n-N+k+1)) over the whole support
  or +-70 standard deviations around the mode and x (beyond, terms are below
  1e-1000 of the mode's), noncentral weights psi^k; sums and means by
  numpy. Used when that window has at most 1.5*10^7 points.
- "integral": mpmath at 40 digits with the pmf extended to real k by
  mpmath.loggamma. The normalising sum and the mean are integrals
  (mpmath.quad, tanh-sinh, breakpoints at multiples of the standard
  deviation): by Poisson summation the sum over the integers of a function
  this smooth differs from its integral by exp(-2 pi^2 sigma^2) relative.
  A tail sum from k is summed term by term where the terms fall by more
  than 5% per step, else by Euler-Maclaurin with six correction terms,
  the derivatives by mpmath.diff at 40 digits.

p-values: P(X <= x), P(X >= x), and the two-sided sum of P(k) over every k
with P(k) <= P(x)(1 + 1e-7) (R's fisher.test rule, which cxkit follows;
p_two_sided). p_two_sided_scipy_rule is SciPy 1.10.1's rule, also exact:
x's own tail plus the k on the other side of the mode floor((n+1)(N+1)/(M+2))
with P(k) < P(x)(1 + 1e-14), and 1 when P(x) is within 1e-14 of P(mode).
The conditional MLE (the psi whose mean is x) and the ends of the exact
interval (P(X >= x; psi) = alpha, P(X <= x; psi) = alpha) are solved with
scipy.optimize.brentq on log psi (xtol 1e-15, rtol 1e-15), as SciPy's
odds_ratio(kind="conditional") defines them.

scipy_* keys: SciPy 1.10.1's own fisher_exact p-values (all three
alternatives) and odds_ratio(kind="conditional") estimate and intervals,
where SciPy answers: its fisher_exact returns NaN p-values (and a wrong
sample odds ratio, int64 overflow) from about 10^10 per cell, and
odds_ratio tabulates the whole support at every step of its root finders,
so it is run on tables of at most 10^4 in all (at 10^5 per cell it did not
return within 10 minutes). Times of SciPy's calls are recorded (seconds, one call each).

r_* keys: R's phyper for the one-sided p-values at every size and the
two-sided p by R's rule with the cut found by bisection on dhyper(log=TRUE)
(fisher.test itself builds the whole support: at 10^7 per cell it took 11
minutes), and fisher.test's own answer where the support has at most 10^5
points.

Run: /usr/bin/python3 abtest/testdata/fisher_huge.py > abtest/testdata/fisher_huge.json
(about 30 minutes; with table names as arguments only those cases).
"""
import json
import math
import subprocess
import sys
import time

import mpmath as mp
import numpy as np
import scipy
from scipy.optimize import brentq
from scipy.stats import fisher_exact
from scipy.stats.contingency import odds_ratio

mp.mp.dps = 40
LD = np.longdouble
LEVEL = 0.95


def lift(E, d):
    return [[E + d, E - d], [E, E]]


TABLES = {
    "lift_1e3": lift(10**3, 40),
    "lift_1e5": lift(10**5, 400),
    "lift_1e7": lift(10**7, 5_000),
    "lift_1e9": lift(10**9, 40_000),
    "lift_1e10": lift(10**10, 120_000),
    "lift_1e13": lift(10**13, 4_000_000),
    "lift_1e15": lift(10**15, 40_000_000),
    "below_1e13": lift(10**13, -2_500_000),
    "far_tail_1e13": lift(10**13, 20_000_000),
    "equal_1e15": lift(10**15, 0),
    "near_limit_2e15": lift(2 * 10**15, 50_000_000),
    "unbalanced_1_1e12_3_1e12": [[1, 10**12], [3, 10**12]],
    "unbalanced_10_1e15_12_1e15": [[10, 10**15], [12, 10**15]],
    "zero_cell_1e15": [[0, 10**15], [5, 10**15]],
    "rare_conversions_1e13": [[10**6 + 3_000, 10**13], [10**6, 10**13]],
    "rare_conversions_1e15": [[10**8 + 25_000, 10**15], [10**8, 10**15]],
    "small_group_vs_huge": [[60, 140], [3 * 10**14, 10**15]],
    "huge_group_vs_mid": [[3 * 10**14 + 10**7, 10**15], [3 * 10**9, 10**10]],
    "unequal_rows_1e12": [[2 * 10**12 + 3 * 10**6, 8 * 10**12], [10**11, 4 * 10**11]],
    # found by FuzzFisherLarge: odds ratio about 2e13 on cells near 2^51
    "extreme_odds_2e15": [[2251799813685039, 2251799813685009], [2251799813685150, 111]],
}
DEGENERATE = {
    "zero_row_1e15": [[0, 0], [5, 10**15]],
    "zero_column_1e15": [[0, 10**15], [0, 10**15]],
}


class Margins:
    def __init__(self, table):
        (a, b), (c, d) = table
        self.x = a
        self.M, self.n, self.N = a + b + c + d, a + b, a + c
        self.lo, self.hi = max(0, self.N - (self.M - self.n)), min(self.n, self.N)

    def cells(self, u):
        return u, self.n - u, self.N - u, self.M - self.n - self.N + u

    def mode_sd(self, t):
        """The continuous mode of the weights at log odds ratio t and the sd."""
        psi = mp.exp(t)
        M, n, N = mp.mpf(self.M), mp.mpf(self.n), mp.mpf(self.N)
        A, B, C = 1 - psi, M - n - N + psi * (n + N), -psi * n * N
        if abs(A) < mp.mpf(10) ** -30:
            u = -C / B
        else:
            disc = mp.sqrt(B * B - 4 * A * C)
            u = (2 * C) / (-B - disc) if B >= 0 else (-B + disc) / (2 * A)
        u = min(max(u, mp.mpf(self.lo)), mp.mpf(self.hi))
        prec = sum(1 / max(z, mp.mpf(1)) for z in self.cells(u))
        return u, 1 / mp.sqrt(prec)


class Direct(Margins):
    """Sums in long double over a window of the support."""

    def __init__(self, table):
        super().__init__(table)
        m0, sd = self.mode_sd(0)
        m0, sd = int(m0), float(sd)
        w = int(70 * sd) + 40
        a, b = max(self.lo, min(m0, self.x) - w), min(self.hi, max(m0, self.x) + w)
        self.size = b - a + 1
        if self.size > 1.5e7:
            raise OverflowError
        self.ks = np.arange(a, b + 1, dtype=np.int64)
        k = self.ks[:-1].astype(LD)
        M, n, N = LD(self.M), LD(self.n), LD(self.N)
        logr = np.log((n - k) * (N - k)) - np.log((k + 1) * (M - n - N + k + 1))
        L = np.concatenate([[LD(0)], np.cumsum(logr)])
        self.L = L - L.max()
        self.off = (self.ks - self.x).astype(LD)

    def probs(self, t):
        v = self.L + self.off * LD(t)
        p = np.exp(v - v.max())
        return p / p.sum()

    def mean_minus_x(self, t):
        return float((self.probs(t) * self.off).sum())

    def log_tail(self, t, k, upper):
        p = self.probs(t)
        sel = self.ks >= k if upper else self.ks <= k
        s = p[sel].sum()
        return float(np.log(s)) if s > 0 else -math.inf

    def log_pmf(self, k):
        if k < self.ks[0] or k > self.ks[-1]:
            return LD(-np.inf)
        return self.L[k - self.ks[0]]


class Integral(Margins):
    """Sums as integrals (Poisson summation, Euler-Maclaurin) in mpmath."""

    def __init__(self, table):
        super().__init__(table)
        self.cache = {}

    def logw(self, u):
        return -sum(mp.loggamma(z + 1) for z in self.cells(u))

    def log_pmf(self, k):
        return self.logw(mp.mpf(k))

    def dist(self, t):
        key = float(t)
        if key in self.cache:
            return self.cache[key]
        t = mp.mpf(t)
        m, sd = self.mode_sd(t)
        c = self.logw(m) + t * m
        f = lambda u: mp.exp(self.logw(u) + t * u - c)
        pts = [max(m + j * sd, mp.mpf(self.lo)) for j in (-60, -20, -6, -2, 0, 2, 6, 20, 60)]
        pts = sorted(set(min(p, mp.mpf(self.hi)) for p in pts))
        z = mp.quad(f, pts)
        mean = mp.quad(lambda u: u * f(u), pts) / z
        d = (t, m, sd, c, f, z, mean)
        self.cache[key] = d
        return d

    def mean_minus_x(self, t):
        return float(self.dist(t)[6] - self.x)

    def far(self, t, k, dirn):
        """Sum of f over j = k, k+dirn, ... (away from the mode), relative."""
        _, m, sd, c, f, _, _ = self.dist(t)
        g = lambda v: f(k + dirn * v)
        ratio = g(1) / g(0)
        if ratio < mp.mpf("0.95"):
            s, term, j = mp.mpf(0), g(0), 0
            while term > s * mp.mpf(10) ** -35:
                s += term
                j += 1
                if not (self.lo <= k + dirn * j <= self.hi):
                    break
                term = g(j)
            return s
        scale = min(1 / -mp.log(ratio), sd) if ratio < 1 else sd
        pts = [mp.mpf(0)] + [j * scale for j in (1, 4, 16, 64, 256)]
        integral = mp.quad(g, pts)
        s = integral + g(0) / 2
        for p in range(1, 7):
            s -= mp.bernoulli(2 * p) / mp.factorial(2 * p) * mp.diff(g, 0, 2 * p - 1)
        return s

    def log_tail(self, t, k, upper):
        t = mp.mpf(t)
        _, m, _, _, _, z, _ = self.dist(t)
        if upper and k <= self.lo or not upper and k >= self.hi:
            return 0.0
        if upper and k > self.hi or not upper and k < self.lo:
            return -math.inf
        if upper and k >= m:
            return float(mp.log(self.far(t, k, 1) / z))
        if not upper and k <= m:
            return float(mp.log(self.far(t, k, -1) / z))
        if upper:
            return float(mp.log(1 - self.far(t, k - 1, -1) / z))
        return float(mp.log(1 - self.far(t, k + 1, 1) / z))


def solve(f, t0, step):
    lo, hi = t0 - step, t0 + step
    flo, fhi = f(lo), f(hi)
    while flo > 0:
        step *= 2
        lo, flo = lo - step, f(lo - step)
    while fhi < 0:
        step *= 2
        hi, fhi = hi + step, f(hi + step)
    return float(np.exp(brentq(f, lo, hi, xtol=1e-15, rtol=1e-15, maxiter=500)))


def cut(D, limit, a, b, lower):
    """Bisection on an integer range where log pmf is monotone: with lower,
    the last k in [a, b] with log pmf <= limit (a - 1 if none); else the
    first (b + 1 if none)."""
    lo, hi = a - 1, b + 1
    while hi - lo > 1:
        k = (lo + hi) // 2
        if (D.log_pmf(k) <= limit) == lower:
            lo = k
        else:
            hi = k
    return lo if lower else hi


def reference(D):
    x = D.x
    m0 = int(D.mode_sd(0)[0])
    # the integer mode: the largest-weight integer next to the continuous one
    cand = [k for k in (m0 - 1, m0, m0 + 1, m0 + 2) if D.lo <= k <= D.hi]
    m0 = max(cand, key=lambda k: D.log_pmf(k))
    tail = lambda t, k, up: math.exp(D.log_tail(t, k, up)) if D.log_tail(t, k, up) > -math.inf else 0.0
    out = {"p_less": tail(0, x, False), "p_greater": tail(0, x, True)}
    lx = D.log_pmf(x)
    limit = lx + mp.log1p(mp.mpf("1e-7")) if isinstance(D, Integral) else lx + np.log1p(LD(1e-7))
    k1 = cut(D, limit, D.lo, m0, True)
    k2 = cut(D, limit, m0, D.hi, False)
    out["p_two_sided"] = min(1.0, tail(0, k1, False) + tail(0, k2, True)) if k1 < k2 else 1.0
    # SciPy 1.10.1's rule.
    smode = (D.N + 1) * (D.n + 1) // (D.M + 2)
    lm = D.log_pmf(smode)
    rel = abs(math.expm1(float(lx - lm)))
    gamma = mp.log1p(mp.mpf("1e-14")) if isinstance(D, Integral) else np.log1p(LD(1e-14))
    if rel <= 1e-14 or (lx >= lm):
        ps = 1.0
    elif x < smode:
        # first k >= smode with pmf < pmf(x)(1 + 1e-14)
        lo, hi = smode, D.hi + 1
        while hi - lo > 1:
            k = (lo + hi) // 2
            if D.log_pmf(k) < lx + gamma:
                hi = k
            else:
                lo = k
        ps = min(1.0, tail(0, x, False) + tail(0, hi, True))
    else:
        k = cut(D, lx + gamma, D.lo, smode, True)
        ps = min(1.0, tail(0, x, True) + tail(0, k, False))
    out["p_two_sided_scipy_rule"] = ps
    (a, b), (c, d) = TABLES_ALL[NAME]
    t0 = math.log((a + .5) * (d + .5) / ((b + .5) * (c + .5)))
    step = math.sqrt(1 / (a + .5) + 1 / (b + .5) + 1 / (c + .5) + 1 / (d + .5))
    if x == D.lo:
        out["conditional_mle"] = 0.0
    elif x == D.hi:
        out["conditional_mle"] = math.inf
    else:
        out["conditional_mle"] = solve(D.mean_minus_x, t0, step)
    lower = lambda al: 0.0 if x == D.lo else solve(lambda t: D.log_tail(t, x, True) - math.log(al), t0, step)
    upper = lambda al: math.inf if x == D.hi else solve(lambda t: math.log(al) - D.log_tail(t, x, False), t0, step)
    a2 = (1 - LEVEL) / 2
    out["ci95_two_sided"] = [lower(a2), upper(a2)]
    out["ci95_less"] = [0.0, upper(1 - LEVEL)]
    out["ci95_greater"] = [lower(1 - LEVEL), math.inf]
    return out


def jnum(v):
    v = float(v)
    if math.isnan(v):
        return None
    return v


TABLES_ALL = {**TABLES, **DEGENERATE}

# With table names as arguments, only those cases are computed (and the
# cross-check is skipped), e.g. to add a table to the file.
ONLY = sys.argv[1:]
if ONLY:
    TABLES = {k: v for k, v in TABLES.items() if k in ONLY}
    DEGENERATE = {k: v for k, v in DEGENERATE.items() if k in ONLY}
    TABLES_ALL = {**TABLES, **DEGENERATE}

# Cross-check of the two methods where both run (sigma ~ 1.6e3 and 1.6e4).
for name in () if ONLY else ("lift_1e7", "lift_1e9"):
    NAME = name
    r1 = reference(Direct(TABLES[name]))
    r2 = reference(Integral(TABLES[name]))
    for key in r1:
        for u, v in zip(np.ravel(r1[key]), np.ravel(r2[key])):
            assert u == v or abs(u - v) <= 1e-12 * abs(u), (name, key, u, v)
    print(f"cross-check {name}: direct and integral agree to 1e-12", file=sys.stderr)

# R's values.
r_in = "\n".join(" ".join(str(v) for row in TABLES_ALL[n] for v in row) for n in TABLES_ALL)
r_out = subprocess.run(["Rscript", "abtest/testdata/fisher_huge_r.R"], input=r_in, capture_output=True, text=True, check=True)
r_rows = [line.split() for line in r_out.stdout.strip().splitlines()]
assert len(r_rows) == len(TABLES_ALL), r_out

cases = []
for (name, table), rrow in zip(TABLES_ALL.items(), r_rows):
    NAME = name
    case = {"name": name, "table": table}
    if name in DEGENERATE:
        case.update({"p_less": 1.0, "p_greater": 1.0, "p_two_sided": 1.0})
    else:
        try:
            D = Direct(table)
            method = "direct"
        except OverflowError:
            D = Integral(table)
            method = "integral"
        t0 = time.perf_counter()
        case.update(reference(D))
        case["method"] = method
        print(f"{name}: {method} {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    for alt, key in (("two-sided", "scipy_p_two_sided"), ("less", "scipy_p_less"), ("greater", "scipy_p_greater")):
        t0 = time.perf_counter()
        with np.errstate(all="ignore"):
            res = fisher_exact(table, alternative=alt)
        case[key + "_seconds"] = time.perf_counter() - t0
        case[key] = jnum(res.pvalue)
        case["scipy_odds_ratio_sample"] = jnum(res.statistic)
    if sum(map(sum, table)) <= 10**4 or name in DEGENERATE:
        t0 = time.perf_counter()
        with np.errstate(all="ignore"):
            res = odds_ratio(table, kind="conditional")
        case["scipy_conditional_mle"] = jnum(res.statistic)
        for alt, key in (("two-sided", "scipy_ci95_two_sided"), ("less", "scipy_ci95_less"), ("greater", "scipy_ci95_greater")):
            ci = res.confidence_interval(LEVEL, alternative=alt)
            case[key] = [jnum(ci.low), jnum(ci.high)]
        case["scipy_odds_ratio_seconds"] = time.perf_counter() - t0
    keys = ["r_p_less", "r_p_greater", "r_p_two_sided", "r_fisher_p", "r_fisher_mle", "r_fisher_ci_lo", "r_fisher_ci_hi"]
    for k, v in zip(keys, rrow):
        case[k] = None if v == "NA" else float(v)
    cases.append(case)

json.dump({"source": f"scipy {scipy.__version__}, numpy {np.__version__}, mpmath {mp.__version__}; "
           "see fisher_huge.py and fisher_huge_r.R", "cases": cases}, sys.stdout, indent=1, allow_nan=True)
print()

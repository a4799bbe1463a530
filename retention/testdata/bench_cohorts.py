"""The pandas peer of BenchmarkCohorts/n=10000000 (retention/bench_test.go).

A weekly first-time cohort retention table (weeks from Sunday, UTC) from
the event log that `go test ./retention -run WriteBenchData -benchdata DIR`
writes to DIR/events.csv (customer, time_ns), with, per cohort and period,
the cohort size, the customers active in the period ("classic"), those
active in the period or later ("unbounded"), the rates and their Wilson
intervals: what retention.Cohorts + CohortCounts.Table compute.

Written the fastest way we found: pandas' hash-based factorize, groupby
and unique on integer codes, then numpy bincounts; no Python loop over
rows. (A DataFrame groupby on (cohort, period) with nunique is ~5x slower.)
Reading the CSV is not timed; wall and CPU (process) time are printed. The counts are checked against Go's
(DIR/go_cohorts.csv, same format) and must be identical.

    /usr/bin/python3 bench_cohorts.py DIR [repeats]
"""
import sys
import time

import numpy as np
import pandas as pd

NS_PER_DAY = 86_400 * 1_000_000_000


def cohort_table(customer, time_ns):
    # Weeks from Sunday: 1970-01-01 was a Thursday, day 4 of its week.
    week = (time_ns // NS_PER_DAY + 4) // 7
    codes, uniques = pd.factorize(customer)
    first = pd.Series(week).groupby(codes).min().to_numpy()  # per customer
    w0 = first.min()
    span = int(week.max() - w0) + 1  # weeks from the first cohort to the end
    period = week - first[codes]
    keep = period > 0
    pair = pd.unique(codes[keep].astype(np.int64) * span + period[keep])
    pc, pp = pair // span, pair % span
    cohort = first - w0  # per customer
    n_cohorts = span
    size = np.bincount(cohort, minlength=n_cohorts)
    active = np.bincount(cohort[pc] * span + pp, minlength=n_cohorts * span).reshape(n_cohorts, span)
    last = np.zeros(len(uniques), dtype=np.int64)
    lastp = pd.Series(pp).groupby(pc).max()
    last[lastp.index.to_numpy()] = lastp.to_numpy()
    hist = np.bincount(cohort * span + last, minlength=n_cohorts * span).reshape(n_cohorts, span)
    retained = hist[:, ::-1].cumsum(axis=1)[:, ::-1]
    active[:, 0] = size
    retained[:, 0] = size
    # Rates and Wilson intervals of the cells observed (cohort age ≥ period).
    age = (span - 1) - np.arange(n_cohorts)
    observed = (np.arange(span)[None, :] <= age[:, None]) & (size[:, None] > 0)
    z = 1.959963984540054
    n = np.where(observed, size[:, None], 0).astype(float)
    out = {}
    for name, x in (("classic", active), ("unbounded", retained)):
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(observed, x / n, np.nan)
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        out[name] = (p, centre - half, centre + half)
    return w0, size, active, retained, observed, out


def main():
    d = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    df = pd.read_csv(f"{d}/events.csv", dtype={"customer": np.int64, "time_ns": np.int64})
    customer, time_ns = df["customer"].to_numpy(), df["time_ns"].to_numpy()
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        res = cohort_table(customer, time_ns)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    w0, size, active, retained, observed, _ = res
    # Compare with Go's counts: every (cohort, period) Go lists, and zeros
    # elsewhere (Go trims trailing zero periods).
    go = pd.read_csv(f"{d}/go_cohorts.csv")
    ok = True
    mine = np.zeros_like(active, dtype=bool)
    for col, m in (("size", None), ("active", active), ("retained", retained)):
        c = go["week"].to_numpy() - w0
        p = go["period"].to_numpy()
        want = go[col].to_numpy()
        got = size[c] if m is None else m[c, p]
        if not np.array_equal(got, want):
            ok = False
            print(f"MISMATCH in {col}: {np.sum(got != want)} cells")
        mine[c, p] = True
    rest = ~mine & (size[:, None] > 0)
    if active[rest].any() or retained[rest].any():
        ok = False
        print("MISMATCH: pandas has counts where Go has none")
    if sorted(set(go["week"] - w0)) != sorted(np.nonzero(size)[0].tolist()):
        ok = False
        print("MISMATCH: cohorts differ")
    print(f"pandas {pd.__version__}, numpy {np.__version__}: {len(df)} events, "
          f"{int((size > 0).sum())} cohorts, table "
          + ", ".join(f"{t:.3f}" for t in times) + " s wall, "
          + ", ".join(f"{t:.3f}" for t in cpu) + " s CPU; counts identical to Go: " + str(ok))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Fit lifetimes 0.11.3 to cxkit's hard CLV data sets (issue 17).

The data sets are drawn by seeded generators in clv/hard_test.go (kinds cdnow,
random, heavy, norepeat, whale; a continuous-time set "ct" for BG/NBD, MBG/NBD,
Pareto/NBD and Gamma-Gamma, a discrete-time set "bb" for BG/BB). Write them with

    go test ./clv/ -run TestHardSetsCSV -clv.hardcsv DIR

then either
    /usr/bin/python3 clv/testdata/lifetimes_hard.py --reference DIR > clv/testdata/hard_reference.json
(lifetimes' estimates on the 2,000-customer sets, which TestFitsMatchLifetimes
compares with), or
    /usr/bin/python3 clv/testdata/lifetimes_hard.py --bench DIR --size 100000 --repeats 3
(one timing line per model and kind, as in shared/bench/peer_clv.py; a fit
that runs past --limit seconds is abandoned and reported as a timeout).

lifetimes and autograd come from shared/bench/vendor (MIT); Debian provides
numpy, scipy, pandas and dill: apt-get install -y python3-numpy python3-scipy
python3-pandas python3-dill. Each fit is the .fit() call a user makes with
lifetimes' defaults; Gamma-Gamma gets the repeat buyers (frequency > 0), BG/BB
the distinct patterns with their counts as weights (as lifetimes' docs
advise). A fit that raises (lifetimes' ConvergenceError when SciPy's
minimiser reports failure) is recorded with its error.
"""
import argparse
import contextlib
import signal
import json
import os
import statistics
import sys
import time
import warnings

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench")
sys.path.insert(0, os.path.join(BENCH, "vendor"))
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from lifetimes import (BetaGeoBetaBinomFitter, BetaGeoFitter, GammaGammaFitter,  # noqa: E402
                       ModifiedBetaGeoFitter, ParetoNBDFitter)

warnings.simplefilter("ignore")
KINDS = ["cdnow", "random", "heavy", "norepeat", "whale"]
MODELS = ["bgnbd", "mbgnbd", "pnbd", "bgbb", "gg"]
ORDER = {"bgnbd": ["r", "alpha", "a", "b"], "mbgnbd": ["r", "alpha", "a", "b"],
         "pnbd": ["r", "alpha", "s", "beta"], "bgbb": ["alpha", "beta", "gamma", "delta"],
         "gg": ["p", "q", "v"]}


def load(d, kind, model, n):
    name = f"{kind}_{'bb' if model == 'bgbb' else 'ct'}_{n}.csv"
    return pd.read_csv(os.path.join(d, name))


def fitter(model, df):
    """The fit call for model on df, as a function of no arguments."""
    if model == "bgnbd":
        return lambda: BetaGeoFitter().fit(df.frequency, df.recency, df["T"])
    if model == "mbgnbd":
        return lambda: ModifiedBetaGeoFitter().fit(df.frequency, df.recency, df["T"])
    if model == "pnbd":
        return lambda: ParetoNBDFitter().fit(df.frequency, df.recency, df["T"])
    if model == "gg":
        rep = df[df.frequency > 0]
        return lambda: GammaGammaFitter().fit(rep.frequency, rep.monetary_value)
    pat = df.groupby(["frequency", "recency", "n_periods"]).size().reset_index(name="weights")
    return lambda: BetaGeoBetaBinomFitter().fit(pat.frequency, pat.recency, pat.n_periods, weights=pat.weights)


def run(fn):
    try:
        with contextlib.redirect_stdout(sys.stderr):  # lifetimes prints SciPy's result on failure
            return fn(), None
    except Exception as err:  # noqa: BLE001 - recorded, not hidden
        return None, f"{type(err).__name__}: {' '.join(str(err).split())}"


def reference(d):
    fits = []
    for kind in KINDS:
        for model in MODELS:
            df = load(d, kind, model, 2000)
            m, err = run(fitter(model, df))
            row = {"kind": kind, "model": model, "params": None, "error": err or ""}
            if m is not None:
                row["params"] = [float(m.params_[k]) for k in ORDER[model]]
            fits.append(row)
            print(f"{kind} {model}: {row}", file=sys.stderr, flush=True)
    json.dump({"source": "lifetimes 0.11.3 (vendored in shared/bench/vendor), clv/testdata/lifetimes_hard.py --reference",
               "fits": fits}, sys.stdout, indent=1)
    print()


class Timeout(BaseException):  # not caught by run()
    pass


def alarm(signum, frame):
    raise Timeout("Timeout")


def bench(d, n, repeats, models, limit, kinds):
    signal.signal(signal.SIGALRM, alarm)
    for kind in kinds:
        for model in models:
            df = load(d, kind, model, n)
            fn = fitter(model, df)
            wall, cpu, err = [], [], None
            for _ in range(repeats):
                c0, t0 = time.process_time(), time.perf_counter()
                signal.alarm(limit)
                try:
                    _, err = run(fn)
                except Timeout:
                    err = f"timeout>{limit}s"
                signal.alarm(0)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                if err and err.startswith("timeout"):
                    break
            print(f"workload={kind}/{model} n={len(df)} median_s={statistics.median(wall):.6f} "
                  f"min_s={min(wall):.6f} max_s={max(wall):.6f} cpu_median_s={statistics.median(cpu):.6f}"
                  + (f" error={err.split(':')[0]}" if err else ""), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", metavar="DIR")
    ap.add_argument("--bench", metavar="DIR")
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--limit", type=int, default=600, help="seconds per fit before it is abandoned (bench)")
    a = ap.parse_args()
    if a.reference:
        reference(a.reference)
    elif a.bench:
        bench(a.bench, a.size, a.repeats, a.models.split(","), a.limit, a.kinds.split(","))
    else:
        ap.error("give --reference DIR or --bench DIR")
    print(f"# numpy={np.__version__} pandas={pd.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()

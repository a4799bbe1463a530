#!/usr/bin/python3
"""Peer of segment's large k-means benchmarks: scikit-learn's KMeans and MiniBatchKMeans.

Writes the data (make_blobs: CENTERS centres in [-10, 10]^D, spread SPREAD, seed SEED) as
raw little-endian float64 to OUT, then times, on one thread, after one untimed run each,
R repeats of KMeans(n_clusters=K, n_init=10) (unless --no-kmeans) and of
MiniBatchKMeans(n_clusters=K, batch_size=B, n_init=3) for each B of --batch, every one
with random_state=0, and prints each fit's inertia on the whole data and its steps.

Sizes (the Go benchmarks read the same files):

  1,000,000 x 16, k = 20 (the default):
    /usr/bin/python3 segment/testdata/peer_kmeans_1m16.py 3 /tmp/blobs_1m_d16.f64
    CXKIT_BLOBS_1M_D16=/tmp/blobs_1m_d16.f64 go test -run '^$' -bench '(Fit|MiniBatch)1M16' ./segment/

  10,000,000 x 8, k = 20 (mini-batch only; 640 MB of data):
    /usr/bin/python3 segment/testdata/peer_kmeans_1m16.py 3 /tmp/blobs_10m_d8.f64 \\
        --n 10000000 --d 8 --no-kmeans
    CXKIT_BLOBS_10M_D8=/tmp/blobs_10m_d8.f64 go test -run '^$' -bench MiniBatch10M8 ./segment/

Usage: peer_kmeans_1m16.py [R] [OUT] [--n N] [--d D] [--k K] [--centers C] [--spread S]
       [--seed SEED] [--batch B ...] [--no-kmeans]
"""
import argparse, os, time, warnings
import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_limits
warnings.filterwarnings("ignore")

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("repeats", nargs="?", type=int, default=3)
p.add_argument("out", nargs="?", default="/tmp/blobs_1m_d16.f64")
p.add_argument("--n", type=int, default=1_000_000)
p.add_argument("--d", type=int, default=16)
p.add_argument("--k", type=int, default=20)
p.add_argument("--centers", type=int, default=20)
p.add_argument("--spread", type=float, default=2.0)
p.add_argument("--seed", type=int, default=7)
p.add_argument("--batch", type=int, nargs="+", default=[1024, 4096])
p.add_argument("--no-kmeans", action="store_true")
a = p.parse_args()

X, _ = make_blobs(n_samples=a.n, n_features=a.d, centers=a.centers, cluster_std=a.spread,
                  center_box=(-10, 10), shuffle=True, random_state=a.seed)
X = np.ascontiguousarray(X)
X.tofile(a.out)
print(f"# wrote {a.out}", X.shape, flush=True)
tag = f"{a.n // 1_000_000}m_d{a.d}_k{a.k}"


def bench(name, f):
    f()
    w, c, res = [], [], None
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        res = f()
        w.append(time.perf_counter() - t0)
        c.append(time.process_time() - c0)
    steps = getattr(res, "n_steps_", res.n_iter_)
    print(f"workload={name} n={X.shape[0]} median_s={np.median(w):.4f} min_s={min(w):.4f} "
          f"max_s={max(w):.4f} cpu_median_s={np.median(c):.4f} cpu_min_s={min(c):.4f} "
          f"inertia={res.inertia_:.6f} steps={steps}", flush=True)


with threadpool_limits(1):
    print(f"# load {os.getloadavg()}", flush=True)
    if not a.no_kmeans:
        bench(f"kmeans_fit_{tag}_ninit10", lambda: KMeans(n_clusters=a.k, n_init=10, random_state=0).fit(X))
        print(f"# load {os.getloadavg()}", flush=True)
    for b in a.batch:
        bench(f"minibatch_{tag}_b{b}",
              lambda: MiniBatchKMeans(n_clusters=a.k, batch_size=b, n_init=3, random_state=0).fit(X))
    print(f"# load {os.getloadavg()}", flush=True)

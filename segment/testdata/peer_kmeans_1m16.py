#!/usr/bin/python3
"""Peer of segment's BenchmarkFit1M16: 1,000,000 x 16, k = 20.

Writes the data (make_blobs, 20 centres in [-10, 10]^16, spread 2, seed 7) as raw
little-endian float64 to OUT (argument 2, default /tmp/blobs_1m_d16.f64), then times, on
one thread, KMeans(n_clusters=20, n_init=10) and MiniBatchKMeans (batch 1024 and 4096,
n_init=3), R repeats each (argument 1, default 3) after one untimed run. Go side:

    CXKIT_BLOBS_1M_D16=/tmp/blobs_1m_d16.f64 go test -run '^$' -bench Fit1M16 ./segment/

Usage: /usr/bin/python3 segment/testdata/peer_kmeans_1m16.py [R] [OUT]
"""
import sys, time, os, warnings
import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_limits
warnings.filterwarnings("ignore")
OUT = sys.argv[2] if len(sys.argv) > 2 else "/tmp/blobs_1m_d16.f64"
X, _ = make_blobs(n_samples=1_000_000, n_features=16, centers=20, cluster_std=2.0,
                  center_box=(-10, 10), shuffle=True, random_state=7)
X = np.ascontiguousarray(X)
X.tofile(OUT)
print(f"# wrote {OUT}", X.shape, flush=True)
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
def bench(name, f):
    f()
    w, c, res = [], [], None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        res = f()
        w.append(time.perf_counter() - t0); c.append(time.process_time() - c0)
    print(f"workload={name} n={X.shape[0]} median_s={np.median(w):.4f} min_s={min(w):.4f} max_s={max(w):.4f} cpu_median_s={np.median(c):.4f} inertia={res.inertia_:.6f} n_iter={res.n_iter_}", flush=True)
with threadpool_limits(1):
    print(f"# load {os.getloadavg()}", flush=True)
    bench("kmeans_fit_1m_d16_k20_ninit10", lambda: KMeans(n_clusters=20, n_init=10, random_state=0).fit(X))
    print(f"# load {os.getloadavg()}", flush=True)
    bench("minibatch_1m_d16_k20_b1024", lambda: MiniBatchKMeans(n_clusters=20, batch_size=1024, n_init=3, random_state=0).fit(X))
    bench("minibatch_1m_d16_k20_b4096", lambda: MiniBatchKMeans(n_clusters=20, batch_size=4096, n_init=3, random_state=0).fit(X))
    print(f"# load {os.getloadavg()}", flush=True)

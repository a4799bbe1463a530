#!/usr/bin/python3
"""Reference inertias of scikit-learn's MiniBatchKMeans on blobs_100k_d8.csv.

Writes minibatch_sklearn.json (beside this script): for k = 8 and k = 20 and
batch sizes 256 and 1024, the inertia on the whole file of
MiniBatchKMeans(n_clusters=k, batch_size=b, n_init=3, random_state=seed)
for seeds 0..19 (the defaults otherwise: max_iter=100, max_no_improvement=10,
reassignment_ratio=0.01, tol=0), and the best inertia of
KMeans(n_clusters=k, n_init=10, random_state=seed) over seeds 0..4 (the best
known full k-means). Run with Debian's packages:

    /usr/bin/python3 segment/testdata/minibatch_reference.py
"""
import json, os, platform, statistics
import numpy as np, pandas as pd, sklearn, warnings
from sklearn.cluster import KMeans, MiniBatchKMeans
from threadpoolctl import threadpool_limits
warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
X = np.ascontiguousarray(pd.read_csv(os.path.join(HERE, "blobs_100k_d8.csv"))[[f"x{i}" for i in range(1, 9)]].to_numpy(np.float64))
cases = []
with threadpool_limits(1):
    for k in (8, 20):
        full = min(KMeans(n_clusters=k, n_init=10, random_state=s).fit(X).inertia_ for s in range(5))
        for b in (256, 1024):
            runs = [MiniBatchKMeans(n_clusters=k, batch_size=b, n_init=3, random_state=s).fit(X) for s in range(20)]
            inert = [r.inertia_ for r in runs]
            cases.append({"k": k, "batch_size": b, "seeds": 20,
                          "minibatch_inertia": inert,
                          "minibatch_median": statistics.median(inert),
                          "minibatch_steps_median": statistics.median([r.n_steps_ for r in runs]),
                          "kmeans_best_inertia": full})
            print(k, b, statistics.median(inert), min(inert), max(inert), full, flush=True)
doc = {"file": "blobs_100k_d8.csv", "columns": [f"x{i}" for i in range(1, 9)],
       "produced_by": f"segment/testdata/minibatch_reference.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {platform.python_version()}",
       "cases": cases}
with open(os.path.join(HERE, "minibatch_sklearn.json"), "w") as f:
    json.dump(doc, f, indent=1)

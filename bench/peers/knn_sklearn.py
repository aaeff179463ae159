"""Peer: exact k nearest neighbours of every one of 30,000 Gaussian float32 points in 128 dimensions among the others,
k = 15, Euclidean, with scikit-learn's brute-force NearestNeighbors (Debian's python3-sklearn on the BLAS that
with-torch-peer.sh selects; kneighbors asks for k + 1 and drops each point itself, as seed 002's code does).
The same product as Stepwise.EngineBench `knn`. Usage: knn_sklearn.py [seconds]"""
import sys

import numpy as np

from common import emit, setup, timed

try:
    import sklearn
    from sklearn.neighbors import NearestNeighbors
except ImportError:
    sys.exit("knn_sklearn.py: needs Debian's python3-sklearn (apt-get install -y python3-sklearn)")

threads = setup()
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
n, d, k = 30000, 128, 15
x = np.random.default_rng(7).standard_normal((n, d)).astype(np.float32)
nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute", metric="euclidean").fit(x)
result = {}


def call():
    result["idx"] = nn.kneighbors(x, return_distance=False)


call()
# a few rows against a float64 scan (ties aside, which Gaussian data does not have)
for i in np.random.default_rng(8).integers(0, n, 8):
    dist = ((x.astype(np.float64) - x[i].astype(np.float64)) ** 2).sum(axis=1)
    dist[i] = np.inf
    want = np.argsort(dist, kind="stable")[:k]
    got = [j for j in result["idx"][i] if j != i][:k]
    assert list(want) == got, "sklearn disagrees with the float64 scan at row %d" % i
rate, calls, elapsed, mean_rate = timed(call, seconds)
emit("knn_30k", "queries/s", rate * n, calls=calls, seconds=elapsed, mean_value=mean_rate * n, seconds_per_search=1.0 / rate,
     gflops_equivalent=rate * 2.0 * n * n * d / 1e9, sklearn=sklearn.__version__, op="NearestNeighbors(algorithm='brute').kneighbors(x)")

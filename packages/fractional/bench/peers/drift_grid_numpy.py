"""numpy peer of packages/fractional/bench/index.ts: the consistent drift b_{h,K} of eq. (4.8)
on a grid, for f = w^4/4 - w^2/2, alpha = 1.9, theta = 0.5, eps = 1, h = 0.01, K = 1000,
|w| <= 6 (the setting of notes/fractional-drift.md). Lattice sums relative to min f, one
numpy dot product per node per side (vectorised over k).

Prints one JSON line: {"value": median seconds, "details": {...}}.
Usage: python3 drift_grid_numpy.py [--repeats 5]
"""
import argparse
import json
import math
import time

import numpy as np


def drift_grid(alpha=1.9, theta=0.5, eps=1.0, h=0.01, K=1000, lo=-6.0, hi=6.0):
    gamma = alpha - 2
    g = np.empty(K + 1)
    g[0] = 1.0
    for k in range(1, K + 1):
        g[k] = g[k - 1] * (k - 1 - gamma) / k
    c = h ** (-gamma) / (2 * math.cos(gamma * math.pi / 2))
    G = int(round((hi - lo) / h)) + 1
    lat = lo + (np.arange(G + 2 * K) - K) * h
    F = lat ** 4 / 4 - lat ** 2 / 2
    Fmin = F.min()
    inv = eps ** (-alpha)
    E = (lat ** 3 - lat) * np.exp(-inv * (F - Fmin))
    ks = np.arange(K + 1)
    b = np.empty(G)
    for n in range(G):
        ci = n + K
        s = (1 + theta) * np.dot(g, E[ci - ks]) + (1 - theta) * np.dot(g, E[ci + ks])
        b[n] = -c * s * math.exp(inv * (F[ci] - Fmin))
    return lo + h * np.arange(G), b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    drift_grid()
    wall = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        x, b = drift_grid()
        wall.append(time.perf_counter() - t0)
    if not np.isfinite(b).all():
        print(json.dumps({"skipped": "non-finite drift"}))
        return
    i1 = int(np.argmin(np.abs(x + 1.0)))
    print(json.dumps({"value": float(np.median(wall)), "details": {"repetitionSeconds": wall, "nodes": len(x), "bAtMinus1": float(b[i1]), "numpy": np.__version__}}))


if __name__ == "__main__":
    main()

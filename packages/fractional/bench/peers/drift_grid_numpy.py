"""numpy peer of packages/fractional/bench/index.ts: the consistent drift b_{h,K} of eq. (4.8)
on a grid, for f = w^4/4 - w^2/2, alpha = 1.9, theta = 0.5, eps = 1, h = 0.01, K = 1000,
|w| <= 6 (the setting of notes/fractional-drift.md). Lattice sums relative to min f,
written as a numpy user would: the weights by a cumulative product and both one-sided
sums over the whole grid as np.convolve calls (no Python loop; direct convolution, so
the same sums as the per-node dot products up to rounding).

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
    # Grunwald-Letnikov weights g_0 = 1, g_k = g_{k-1} (k - 1 - gamma) / k
    k = np.arange(1, K + 1)
    g = np.concatenate(([1.0], np.cumprod((k - 1 - gamma) / k)))
    c = h ** (-gamma) / (2 * math.cos(gamma * math.pi / 2))
    G = int(round((hi - lo) / h)) + 1
    lat = lo + (np.arange(G + 2 * K) - K) * h
    F = lat ** 4 / 4 - lat ** 2 / 2
    Fmin = F.min()
    inv = eps ** (-alpha)
    E = (lat ** 3 - lat) * np.exp(-inv * (F - Fmin))
    # node n sits at lattice index n + K: left[n] = sum_k g_k E[n + K - k],
    # right[n] = sum_k g_k E[n + K + k]
    left = np.convolve(E, g, mode="valid")[:G]
    right = np.convolve(E, g[::-1], mode="valid")[K:K + G]
    b = -c * ((1 + theta) * left + (1 - theta) * right) * np.exp(inv * (F[K:K + G] - Fmin))
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

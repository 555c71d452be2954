"""numpy peer of packages/sde/bench/index.ts: the same schemes on the same run, vectorised over
particles with numpy (float64, default_rng).

  euler:      x += clip(-eta f'(x), +-(0.5 + 0.1|x|)) + eps eta^(1/alpha) L,   f = x^4/4 - x^2/2
  fractional: x += clip(eta b(x), ...) + eps eta^(1/alpha) L, b interpolated (np.interp) on a
              precomputed grid of the consistent drift b_{h,K} (eq. 4.8), h = 0.01, [-8, 8]
              (grid built before timing: weights by np.cumprod, lattice sums by np.convolve)

L ~ S_alpha(1, theta, 0) in S1 by Chambers-Mallows-Stuck (Weron 1996), as cms_numpy.py in
packages/stable/bench/peers.

Prints one JSON line: {"value": particle-steps per second (median of repeats, wall time), "details": {...}}
(details.cpuValue: the same from the median CPU time, for comparisons on a loaded machine).
Usage: python3 langevin_numpy.py --scheme euler|fractional [--particles 10000] [--steps 1000]
       [--alpha 1.5] [--theta 0.5] [--repeats 3]
"""
import argparse
import json
import math
import time

import numpy as np


def cms(rng, n, alpha, beta):
    t = beta * math.tan(math.pi * alpha / 2)
    b = math.atan(t) / alpha
    s = (1 + t * t) ** (1 / (2 * alpha))
    v = rng.uniform(-np.pi / 2, np.pi / 2, n)
    w = rng.standard_exponential(n)
    av = alpha * (v + b)
    return s * np.sin(av) / np.cos(v) ** (1 / alpha) * (np.cos(v - av) / w) ** ((1 - alpha) / alpha)


def drift_grid(alpha, theta, eps, h, lo, hi):
    gamma = alpha - 2
    K = int(math.ceil((max(abs(lo), abs(hi)) + 4) / h))
    k = np.arange(1, K + 1)
    g = np.concatenate(([1.0], np.cumprod((k - 1 - gamma) / k)))
    c = 1 / (2 * math.cos(gamma * math.pi / 2)) * h ** (-gamma)
    G = int(round((hi - lo) / h)) + 1
    lat = lo + (np.arange(G + 2 * K) - K) * h
    F = lat ** 4 / 4 - lat ** 2 / 2
    Fmin = F.min()
    inv = eps ** (-alpha)
    E = (lat ** 3 - lat) * np.exp(-inv * (F - Fmin))
    # node n sits at lattice index n + K: sum_k g_k E[n + K -+ k] for all nodes at once
    left = np.convolve(E, g, mode="valid")[:G]
    right = np.convolve(E, g[::-1], mode="valid")[K:K + G]
    s = (1 + theta) * left + (1 - theta) * right
    with np.errstate(divide="ignore"):
        logmag = np.log(np.abs(s)) + inv * (F[K:K + G] - Fmin)
    b = -np.sign(s) * np.exp(np.minimum(logmag, 690.0)) * c
    return lo + h * np.arange(G), b


def run(scheme, P, steps, alpha, theta, eps, eta, rng, grid):
    x = np.zeros(P)
    scale = eps * eta ** (1 / alpha)
    fired = 0
    for _ in range(steps):
        if scheme == "euler":
            d = -eta * (x * x * x - x)
        else:
            d = eta * np.interp(x, grid[0], grid[1])
        lim = 0.5 + 0.1 * np.abs(x)
        fired += int(np.count_nonzero(np.abs(d) > lim))
        d = np.clip(d, -lim, lim)
        x = x + d + scale * cms(rng, P, alpha, theta)
    return x, fired


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scheme", default="euler")
    ap.add_argument("--particles", type=int, default=10000)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--alpha", type=float, default=1.5)
    ap.add_argument("--theta", type=float, default=0.5)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(20210701)
    eps, eta = 1.0, 1e-3
    grid = None
    grid_seconds = 0.0
    if a.scheme == "fractional":
        t0 = time.perf_counter()
        grid = drift_grid(a.alpha, a.theta, eps, 0.01, -8.0, 8.0)
        grid_seconds = time.perf_counter() - t0
    run(a.scheme, a.particles, max(1, a.steps // 10), a.alpha, a.theta, eps, eta, rng, grid)  # warm-up
    wall, cpu = [], []
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        x, fired = run(a.scheme, a.particles, a.steps, a.alpha, a.theta, eps, eta, rng, grid)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    if not np.isfinite(x).all():
        print(json.dumps({"skipped": "non-finite state"}))
        return
    med = float(np.median(wall))
    print(json.dumps({
        "value": a.particles * a.steps / med,
        "details": {
            "scheme": a.scheme, "particles": a.particles, "steps": a.steps, "alpha": a.alpha, "theta": a.theta,
            "medianSeconds": med, "repetitionSeconds": wall,
            "cpuSeconds": cpu, "cpuValue": a.particles * a.steps / float(np.median(cpu)), "gridSeconds": grid_seconds,
            "fractionNegative": float(np.mean(x < 0)), "safeguardFired": fired, "numpy": np.__version__,
        },
    }))


if __name__ == "__main__":
    main()

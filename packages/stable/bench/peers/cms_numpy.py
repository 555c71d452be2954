"""numpy peer of the `stable.sample` case of packages/stable/bench/index.ts: the same
Chambers-Mallows-Stuck formula (Weron 1996, S1, alpha != 1) vectorised with numpy's
default_rng, float64 (a new array per call, as `sample` returns one).

Prints one JSON line in the harness contract (apps/bench/src/suite.ts):
{"value": n / median wall time of `repeats` calls, "details": {"bestSamplesPerSecond",
"cpuSamplesPerSecond", "repetitionSeconds", "n", "alpha", "beta", ...}}.
Usage: python3 cms_numpy.py [n=1e6] [alpha=1.5] [beta=0.5] [repeats=7]
"""
import json
import sys
import time

import numpy as np


def cms(rng, n, alpha, beta):
    t = beta * np.tan(np.pi * alpha / 2)
    b = np.arctan(t) / alpha
    s = (1 + t * t) ** (1 / (2 * alpha))
    v = rng.uniform(-np.pi / 2, np.pi / 2, n)
    w = rng.standard_exponential(n)
    av = alpha * (v + b)
    return s * np.sin(av) / np.cos(v) ** (1 / alpha) * (np.cos(v - av) / w) ** ((1 - alpha) / alpha)


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    alpha = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
    beta = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    rng = np.random.default_rng(20210701)
    for _ in range(3):
        cms(rng, min(n, 200_000), alpha, beta)  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        x = cms(rng, n, alpha, beta)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    if not np.isfinite(x).all():
        print(json.dumps({"skipped": "non-finite output"}))
        return
    print(json.dumps({
        "value": n / float(np.median(wall)),
        "details": {
            "bestSamplesPerSecond": n / min(wall),
            "cpuSamplesPerSecond": n / max(float(np.median(cpu)), 1e-6),
            "repetitionSeconds": wall,
            "n": n, "alpha": alpha, "beta": beta, "repeats": repeats,
            "median": float(np.median(x)), "numpy": np.__version__,
        },
    }))


if __name__ == "__main__":
    main()

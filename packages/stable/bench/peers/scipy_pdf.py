"""scipy peer for the `stable.pdf.bulk` cases of packages/stable/bench/index.ts.

Times scipy.stats.levy_stable.pdf (its default method, S1 parameterization) on an
even grid of n points in [lo, hi] and prints ONE JSON line in the harness
contract (apps/bench/src/suite.ts):

    {"value": <points per second>, "details": {...}}
    {"skipped": "<reason>"}              when scipy is not importable

Usage: python3 scipy_pdf.py [--n 200] [--alpha 1.5] [--beta 0.5] [--lo -20] [--hi 20] [--repeats 3]
The value is n / (median wall time of `repeats` calls), after one warm-up call on a few points.
"""
import argparse
import json
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--alpha", type=float, default=1.5)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--lo", type=float, default=-20.0)
    ap.add_argument("--hi", type=float, default=20.0)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()

    try:
        import numpy as np
        import scipy
        from scipy.stats import levy_stable
    except Exception as e:  # ImportError, or a broken install
        print(json.dumps({"skipped": f"scipy not importable: {e!r}"}))
        return 0

    x = np.linspace(a.lo, a.hi, a.n)
    levy_stable.pdf(x[:3], a.alpha, a.beta)  # warm-up: imports, first-call set-up
    times = []
    p = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        p = levy_stable.pdf(x, a.alpha, a.beta)
        times.append(time.perf_counter() - t0)
    if not (np.isfinite(p).all() and (p >= 0).all()):
        print(f"scipy returned non-finite or negative densities for alpha={a.alpha}, beta={a.beta}", file=sys.stderr)
        return 1
    med = float(np.median(times))
    print(json.dumps({
        "value": a.n / med,
        "details": {
            "n": a.n,
            "alpha": a.alpha,
            "beta": a.beta,
            "grid": [a.lo, a.hi],
            "medianSeconds": med,
            "repetitionSeconds": times,
            "method": getattr(levy_stable, "pdf_default_method", "unknown"),
            "parameterization": getattr(levy_stable, "parameterization", "unknown"),
            "scipy": scipy.__version__,
            "numpy": np.__version__,
        },
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

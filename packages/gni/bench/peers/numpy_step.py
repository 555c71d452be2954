"""numpy peer of the @heavytails/gni training-step benchmarks (single-threaded BLAS).

The same full-batch step as createTrainer(...).step(): replicate the batch M times,
inject Gaussian noise (additive or multiplicative) at the input and every hidden
layer (eq. 2.8), forward, loss (MSE or softmax cross-entropy), backward by hand,
SGD update. float32 throughout, like tfjs.

Prints one JSON line: {"value": seconds per step (median), "details": {...}}.
usage: numpy_step.py --net regression|mnist [--reps N]
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import json
import time

import numpy as np


def elu(z):
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", choices=["regression", "mnist"], required=True)
    ap.add_argument("--reps", type=int, default=7)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    if a.net == "regression":
        sizes, act, M, n, loss, noise, sigma = [1, 256, 256, 256, 256, 1], "relu", 16, 200, "mse", "additive", 0.1
        x = (np.arange(n, dtype=np.float32) / n)[:, None]
        y = np.sin(2 * np.pi * 5 * x).astype(np.float32)
    else:
        sizes, act, M, n, loss, noise, sigma = [784, 256, 256, 10], "elu", 1, 512, "cross-entropy", "multiplicative", 0.1
        x = rng.random((n, 784), dtype=np.float32)
        y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    Ws = [(rng.uniform(-1, 1, (i, o)) * np.sqrt(6 / (i + o))).astype(np.float32) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(o, np.float32) for o in sizes[1:]]
    lr = np.float32(1e-3)
    X = np.tile(x, (M, 1))
    Y = np.tile(y, (M, 1))
    L = len(Ws)

    def step():
        hs, zs, eps = [], [], []
        h = X
        for i in range(L):
            e = rng.standard_normal(h.shape, dtype=np.float32) * np.float32(sigma)
            if noise == "additive":
                ht = h + e
            else:
                e += 1
                ht = h * e
            eps.append(e)
            hs.append(ht)
            z = ht @ Ws[i] + bs[i]
            zs.append(z)
            if i < L - 1:
                h = np.maximum(z, 0) if act == "relu" else elu(z)
            else:
                f = z
        rows = f.shape[0]
        if loss == "mse":
            val = float(np.mean((f - Y) ** 2))
            d = (2.0 / f.size) * (f - Y)
        else:
            s = f - f.max(axis=1, keepdims=True)
            logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
            val = float(-(Y * logp).sum(axis=1).mean())
            d = (np.exp(logp) - Y) / rows
        d = d.astype(np.float32)
        for i in reversed(range(L)):
            gW = hs[i].T @ d
            gb = d.sum(axis=0)
            if i > 0:
                dh = d @ Ws[i].T
                if noise == "multiplicative":
                    dh *= eps[i]
                z = zs[i - 1]
                d = dh * (z > 0) if act == "relu" else dh * np.where(z > 0, 1, np.exp(np.minimum(z, 0)))
            Ws[i] -= lr * gW
            bs[i] -= lr * gb
        return val

    for _ in range(2):
        step()
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        v = step()
        times.append(time.perf_counter() - t0)
        if not np.isfinite(v):
            print(json.dumps({"skipped": f"non-finite loss {v}"}))
            return
    times.sort()
    med = times[len(times) // 2]
    print(json.dumps({"value": med, "details": {"net": a.net, "sizes": sizes, "M": M, "batch": n, "repetitionSeconds": times, "numpy": np.__version__, "threads": 1}}))


if __name__ == "__main__":
    main()

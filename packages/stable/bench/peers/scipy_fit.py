"""scipy peer for the `stable.fit` case of packages/stable/bench/index.ts.

Draws n samples of S1(alpha, beta, 1, 0) with levy_stable.rvs (seeded), times ONE
negative log-likelihood evaluation on them, then runs
scipy.stats.levy_stable.fit(data, floc=0) in a forked child process with a hard
time limit. Prints ONE JSON line in the harness contract (apps/bench/src/suite.ts):

    {"value": <fit seconds>, "details": {... estimates ..., "oneLikelihoodSeconds": ...}}
    {"skipped": "did not finish in <timeout> s", "details": {"oneLikelihoodSeconds": ...}}
    {"skipped": "scipy not importable: ..."}

Usage: python3 scipy_fit.py [--n 10000] [--alpha 1.5] [--beta 0.5] [--seed 2021] [--timeout 120]
--timeout bounds the fit only (the data and the timed likelihood come first).
"""
import argparse
import json
import multiprocessing as mp
import sys
import time


def _fit(data, conn):
    from scipy.stats import levy_stable

    t0 = time.perf_counter()
    est = levy_stable.fit(data, floc=0)
    conn.send((time.perf_counter() - t0, [float(v) for v in est]))
    conn.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--alpha", type=float, default=1.5)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--timeout", type=float, default=120.0)
    a = ap.parse_args()

    try:
        import numpy as np
        import scipy
        from scipy.stats import levy_stable
    except Exception as e:
        print(json.dumps({"skipped": f"scipy not importable: {e!r}"}))
        return 0

    rng = np.random.default_rng(a.seed)
    data = levy_stable.rvs(a.alpha, a.beta, loc=0.0, scale=1.0, size=a.n, random_state=rng)

    t0 = time.perf_counter()
    nll = float(levy_stable.nnlf((a.alpha, a.beta, 0.0, 1.0), data))
    one = time.perf_counter() - t0
    details = {
        "n": a.n,
        "truth": {"alpha": a.alpha, "beta": a.beta, "scale": 1.0, "loc": 0.0},
        "oneLikelihoodSeconds": one,
        "negLogLikelihoodAtTruth": nll,
        "timeoutSeconds": a.timeout,
        "method": getattr(levy_stable, "pdf_default_method", "unknown"),
        "scipy": scipy.__version__,
        "numpy": np.__version__,
    }

    # Fork, so the child shares `data` and can be killed: a thread could not be stopped.
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_fit, args=(data, send), daemon=True)
    child.start()
    send.close()
    ready = recv.poll(a.timeout)
    if not ready:
        child.kill()
        child.join()
        t = int(a.timeout) if float(a.timeout).is_integer() else a.timeout
        print(json.dumps({"skipped": f"did not finish in {t} s", "details": details}))
        return 0
    try:
        seconds, est = recv.recv()
    except EOFError:
        child.join()
        print(f"the fit process died (exit code {child.exitcode})", file=sys.stderr)
        return 1
    child.join()
    alpha, beta, loc, scale = est
    details["estimate"] = {"alpha": alpha, "beta": beta, "scale": scale, "loc": loc}
    print(json.dumps({"value": seconds, "details": details}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

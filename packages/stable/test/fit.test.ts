/**
 * Fitting: McCulloch's quantile estimator and maximum likelihood on seeded
 * synthetic data — consistency as n grows, agreement with a slow brute-force
 * optimum of the exact (pointwise-quadrature) likelihood, closed-form MLE for
 * α fixed at 2, fixed parameters, and clear errors for bad data.
 */
import { describe, expect, it } from "vitest";
import { fit, logpdf, mccullochEstimate, sample } from "../src/index.js";

/** Exact log-likelihood: every point through the pointwise (quadrature) density. */
function exactLogLikelihood(x: Float64Array, p: { alpha: number; beta: number; scale: number; loc: number }): number {
  let s = 0;
  for (const v of x) s += logpdf(v, p);
  return s;
}

/** Plain Nelder–Mead maximisation (the independent, slow reference optimiser). */
function nelderMead(f: (v: number[]) => number, start: number[], steps: number[], iterations: number): { x: number[]; f: number } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + steps[i] : v)))].map((x) => ({ x, f: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => b.f - a.f);
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const worst = simplex[n];
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const r = along(-1);
    const fr = f(r);
    if (fr > simplex[0].f) {
      const e = along(-2);
      const fe = f(e);
      simplex[n] = fe > fr ? { x: e, f: fe } : { x: r, f: fr };
    } else if (fr > simplex[n - 1].f) {
      simplex[n] = { x: r, f: fr };
    } else {
      const c = along(0.5);
      const fc = f(c);
      if (fc > worst.f) simplex[n] = { x: c, f: fc };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => simplex[0].x[j] + 0.5 * (v - simplex[0].x[j])), f: NaN })).map((p) => (Number.isNaN(p.f) ? { x: p.x, f: f(p.x) } : p));
    }
  }
  simplex.sort((a, b) => b.f - a.f);
  return simplex[0];
}

describe("McCulloch quantile estimator", () => {
  it.each([
    [1.5, 0.5],
    [0.8, -0.3],
    [1.9, 0.9],
    [1.2, -0.8],
  ])("recovers alpha=%f beta=%f from 2e4 seeded samples", (alpha, beta) => {
    const x = sample(20000, { alpha, beta, scale: 2, loc: 1, parameterization: "S0" }, { seed: 11 });
    const e = mccullochEstimate(x, { parameterization: "S0" });
    expect(Math.abs(e.alpha - alpha)).toBeLessThan(0.06);
    expect(Math.abs(e.beta - beta)).toBeLessThan(0.12);
    expect(Math.abs(e.scale / 2 - 1)).toBeLessThan(0.04);
    expect(Math.abs(e.loc - 1)).toBeLessThan(0.1);
  });
});

describe("maximum likelihood", () => {
  it("estimates converge to the truth as n grows (alpha=1.5, beta=0.5, loc fixed)", () => {
    const truth = { alpha: 1.5, beta: 0.5, scale: 1 };
    const err = (n: number) => {
      const r = fit(sample(n, truth, { seed: 3 }), { fix: { loc: 0 } });
      expect(r.converged).toBe(true);
      return { a: Math.abs(r.alpha - truth.alpha), b: Math.abs(r.beta - truth.beta), s: Math.abs(r.scale - 1) };
    };
    const small = err(500);
    const large = err(20000);
    // asymptotic standard deviations at (1.5, 0.5): about 1.7/sqrt(n) for alpha, 2.6/sqrt(n) for beta, 0.9/sqrt(n) for sigma
    expect(large.a).toBeLessThan((4 * 1.7) / Math.sqrt(20000));
    expect(large.b).toBeLessThan((4 * 2.6) / Math.sqrt(20000));
    expect(large.s).toBeLessThan((4 * 0.9) / Math.sqrt(20000));
    expect(large.a + large.b + large.s).toBeLessThan(small.a + small.b + small.s);
  });

  it.each([
    [1.3, -0.4, "S1"],
    [0.75, 0.6, "S0"],
  ] as const)("matches a brute-force optimum of the exact likelihood (alpha=%f beta=%f %s)", (alpha, beta, parameterization) => {
    const x = sample(300, { alpha, beta, scale: 1.5, loc: 0.5, parameterization }, { seed: 5 });
    const r = fit(x, { parameterization });
    const ours = exactLogLikelihood(x, { alpha: r.alpha, beta: r.beta, scale: r.scale, loc: r.loc, parameterization } as never);
    // the fit's own log-likelihood is the exact one to the table tolerance
    expect(Math.abs(r.logLikelihood - ours)).toBeLessThan(1e-6);
    const f = (v: number[]) =>
      v[0] <= 0.1 || v[0] > 2 || Math.abs(v[1]) > 1
        ? -Infinity
        : exactLogLikelihood(x, { alpha: v[0], beta: v[1], scale: Math.exp(v[2]), loc: v[3], parameterization } as never);
    const brute = nelderMead(f, [r.start.alpha, r.start.beta, Math.log(r.start.scale), r.start.loc], [0.1, 0.2, 0.1, 0.2], 220);
    // the fit reaches at least the brute-force optimum, and lands on the same point
    expect(ours).toBeGreaterThan(brute.f - 1e-3);
    expect(Math.abs(r.alpha - brute.x[0])).toBeLessThan(0.01);
    expect(Math.abs(r.beta - brute.x[1])).toBeLessThan(0.03);
    expect(Math.abs(Math.log(r.scale) - brute.x[2])).toBeLessThan(0.01);
  });

  it("alpha fixed at 2 gives the Gaussian MLE in closed form (sigma^2 = variance / 2)", () => {
    const x = sample(5000, { alpha: 1.7, beta: 0.2 }, { seed: 9 });
    const r = fit(x, { fix: { alpha: 2 } });
    let mean = 0;
    for (const v of x) mean += v;
    mean /= x.length;
    let v2 = 0;
    for (const v of x) v2 += (v - mean) ** 2;
    v2 /= x.length;
    expect(r.alpha).toBe(2);
    // the search stops within GAIN_TOL of the maximum, ~0.03 standard errors: check 0.05 of one
    const se = Math.sqrt(v2 / x.length);
    expect(Math.abs(r.loc - mean)).toBeLessThan(0.05 * se);
    expect(Math.abs(r.scale / Math.sqrt(v2 / 2) - 1)).toBeLessThan(0.05 / Math.sqrt(2 * x.length));
  });

  it("Gaussian-looking data: alpha reaches 2, beta (then without information) stays put, no runaway", () => {
    // a 17-point sample from a network's gradient noise that once sent the search to NaN
    const small = [
      0.1428532898426056, 0.036470018327236176, 0.07804957777261734, -0.10093465447425842, 0.09036600589752197,
      -0.14099597930908203, -0.029398757964372635, 0.0567278228700161, 0.02563897706568241, 0.0722670927643776,
      -0.11715231835842133, 0.01738448441028595, -0.0030292868614196777, -0.019247543066740036, -0.008486302569508553,
      -0.07539355009794235, -0.09891913831233978,
    ].map((v) => v * 1.04);
    const r = fit(small, { fix: { loc: 0 } });
    expect(r.method).toBe("mle");
    expect(r.alpha).toBeGreaterThan(1.9);
    expect(Number.isFinite(r.beta)).toBe(true); // (|β| ≤ 1 holds by construction; NaN was the bug)
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    const gauss = sample(20000, { alpha: 2, beta: 0, scale: 0.7 }, { seed: 4 });
    const g = fit(gauss, { fix: { loc: 0 } });
    expect(g.alpha).toBeGreaterThan(1.97);
    expect(Math.abs(g.scale / 0.7 - 1)).toBeLessThan(0.03);
  });

  it("respects fixed parameters", () => {
    const x = sample(3000, { alpha: 1.4, beta: -0.3, scale: 0.5 }, { seed: 2 });
    const r = fit(x, { fix: { loc: 0, beta: -0.3 } });
    expect(r.loc).toBe(0);
    expect(r.beta).toBe(-0.3);
    expect(Math.abs(r.alpha - 1.4)).toBeLessThan(0.1);
  });

  it("rejects bad data with a clear error", () => {
    expect(() => fit([1, 2, 3])).toThrow(/at least 10/);
    expect(() => fit([1, 2, 3, 4, 5, 6, 7, 8, 9, Number.NaN, 11])).toThrow(/data\[9\] = NaN/);
    expect(() => fit([1, 2, 3, 4, 5, 6, 7, 8, 9, Infinity, 11])).toThrow(/data\[9\] = Infinity/);
    expect(() => fit(new Float64Array(20).fill(1))).toThrow(/interquartile range is 0/);
    expect(() => fit(sample(100, { alpha: 1.5, beta: 0 }, { seed: 1 }), { fix: { alpha: 3 } })).toThrow(/fix.alpha = 3/);
  });
});

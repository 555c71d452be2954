/**
 * fit at its edges (issue 12, Medium 8): the β = ±1 boundary, fixed α below the searched
 * range, bad maxIterations, and data scaled by 1e±200 (every convergence test scale-free).
 */
import { describe, expect, it } from "vitest";
import { fit, logpdf, sample } from "../src/index.js";
import { FIT_ALPHA_MIN, MAX_FIT_ITERATIONS } from "../src/fit.js";

function logLikelihood(x: Float64Array, p: { alpha: number; beta: number; scale?: number; loc?: number }): number {
  let s = 0;
  for (const v of x) s += logpdf(v, p);
  return s;
}

describe("fit at the β = ±1 boundary", () => {
  it.each([
    [5, 1],
    [5, -1],
  ])("500 draws of alpha = 0.5, |beta| = 1 (seed %i, beta %i): converges to a likelihood at least the truth's", (seed, beta) => {
    const truth = { alpha: 0.5, beta };
    const x = sample(500, truth, { seed });
    const r = fit(x);
    expect(r.method).toBe("mle");
    expect(r.converged).toBe(true);
    expect(r.logLikelihood).toBeGreaterThanOrEqual(logLikelihood(x, truth) - 0.05);
    expect(Math.abs(r.alpha - 0.5)).toBeLessThan(0.08);
    expect(r.beta * beta).toBeGreaterThan(0.9);
  });
});

describe("fit options are validated, never silently changed", () => {
  it("fix.alpha below the searched range is a RangeError naming the range (not moved to 0.1)", () => {
    const x = sample(200, { alpha: 1.5, beta: 0 }, { seed: 1 });
    expect(() => fit(x, { fix: { alpha: 0.05 } })).toThrow(RangeError);
    expect(() => fit(x, { fix: { alpha: 0.05 } })).toThrow(/fix\.alpha = 0\.05 is outside the allowed range \[0\.1, 2\]/);
    expect(FIT_ALPHA_MIN).toBe(0.1);
    expect(fit(x, { fix: { alpha: FIT_ALPHA_MIN, beta: 0, loc: 0 }, maxIterations: 3 }).alpha).toBe(FIT_ALPHA_MIN);
  });
  it.each([NaN, -1, 1.5, Infinity, MAX_FIT_ITERATIONS + 1, "x", null])("maxIterations = %s is a RangeError", (m) => {
    const x = sample(50, { alpha: 1.5, beta: 0 }, { seed: 1 });
    expect(() => fit(x, { maxIterations: m as unknown as number })).toThrow(RangeError);
    expect(() => fit(x, { maxIterations: m as unknown as number })).toThrow(/maxIterations/);
  });
  it("maxIterations = 0 returns the start", () => {
    const x = sample(50, { alpha: 1.5, beta: 0 }, { seed: 1 });
    const r = fit(x, { maxIterations: 0 });
    expect(r.iterations).toBe(0);
    expect(r.alpha).toBe(r.start.alpha);
  });
});

describe("fit is scale-free", () => {
  it.each([1e-200, 1e200, 1e-100])("data scaled by %s give the same fit, scaled", (k) => {
    const x = sample(400, { alpha: 1.4, beta: 0.4, scale: 1, loc: 0.5 }, { seed: 9 });
    const y = x.map((v) => v * k);
    const a = fit(x);
    const b = fit(y);
    expect(a.converged).toBe(true);
    expect(b.converged).toBe(true);
    expect(b.iterations).toBe(a.iterations);
    expect(Math.abs(b.alpha - a.alpha)).toBeLessThan(1e-6);
    expect(Math.abs(b.beta - a.beta)).toBeLessThan(1e-6);
    expect(Math.abs(b.scale / (a.scale * k) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(b.loc / k - a.loc)).toBeLessThan(1e-6 * a.scale);
    expect(b.logLikelihood + x.length * Math.log(k)).toBeCloseTo(a.logLikelihood, 4);
  });
});

/**
 * Warm-started fits (`fit(data, { start })`): on seeded data, a fit started from a previous estimate
 * of a nearby law lands on the same maximum as the cold fit (McCulloch's start), in fewer table
 * builds; a far start still converges; a start where the likelihood is −∞ falls back to McCulloch;
 * bad `start` values are RangeErrors naming the field.
 *
 * Planted bugs (each seen to fail, then reverted):
 * - start ignored (the McCulloch start always used): "fewer tables" fails (tablesBuilt equal, warmStart false).
 * - Newton skipped for warm starts (maxIterations forced to 0): "same maximum from a nearby law" fails
 *   (the estimate stays at the start, |Δα| ≈ 0.03).
 */
import { describe, expect, it } from "vitest";
import { fit, sample } from "../src/index.js";
import type { FitResult } from "../src/fit.js";

const N = 3000;
const ALPHA_TOL = 2e-3;
/** ℓ within this of the cold fit's: both are at the maximum to the search's GAIN_TOL resolution. */
const LL_TOL = 5e-3;

function data(alpha: number, beta: number, seed: number, scale = 1, parameterization: "S0" | "S1" = "S1"): Float64Array {
  return sample(N, { alpha, beta, scale, loc: 0, parameterization }, { seed });
}

function sameMaximum(warm: FitResult, cold: FitResult): void {
  expect(warm.warmStart).toBe(true);
  expect(warm.method).toBe("mle");
  expect(Math.abs(warm.alpha - cold.alpha)).toBeLessThanOrEqual(ALPHA_TOL);
  expect(Math.abs(warm.beta - cold.beta)).toBeLessThanOrEqual(0.02);
  expect(Math.abs(warm.scale / cold.scale - 1)).toBeLessThanOrEqual(5e-3);
  // never worse than the cold fit by more than the tolerance (and a better one is fine)
  expect(warm.logLikelihood).toBeGreaterThanOrEqual(cold.logLikelihood - LL_TOL);
  expect(Math.abs(warm.logLikelihood - cold.logLikelihood)).toBeLessThanOrEqual(LL_TOL);
  expect(warm.converged).toBe(true);
}

describe("fit: warm start", () => {
  // (α, β) of the data, including near α = 2 and β = ±1
  const laws: Array<[number, number]> = [
    [1.5, 0.5],
    [1.9, 0.3],
    [1.97, -0.2],
    [1.3, 1],
    [1.7, -1],
    [0.8, -1],
  ];
  for (const [alpha, beta] of laws) {
    it(`lands on the cold fit's maximum from a nearby law's fit (α = ${alpha}, β = ${beta})`, () => {
      const x = data(alpha, beta, 11);
      const cold = fit(x, { fix: { loc: 0 } });
      // the previous estimate: a fit of other data from a nearby law (as one training step to the next)
      const nearAlpha = Math.min(2, alpha + (alpha > 1.9 ? -0.04 : 0.04));
      const nearBeta = Math.max(-1, Math.min(1, beta - 0.1 * Math.sign(beta || 1)));
      const previous = fit(data(nearAlpha, nearBeta, 12, 1.1), { fix: { loc: 0 } });
      const warm = fit(x, { fix: { loc: 0 }, start: previous });
      sameMaximum(warm, cold);
      expect(warm.start).toEqual({ alpha: previous.alpha, beta: previous.beta, scale: previous.scale, loc: 0 });
    });
  }

  it("from the cold estimate itself: fewer tables than the cold fit, and the same estimate", () => {
    const x = data(1.5, 0.5, 21);
    const cold = fit(x, { fix: { loc: 0 } });
    const warm = fit(x, { fix: { loc: 0 }, start: cold });
    sameMaximum(warm, cold);
    expect(warm.iterations).toBeLessThanOrEqual(1);
    expect(warm.tablesBuilt).toBeLessThan(cold.tablesBuilt);
  });

  it("with every parameter free (S0, location fitted too)", () => {
    const x = data(1.6, 0.4, 31, 2, "S0");
    const cold = fit(x, { parameterization: "S0" });
    const previous = fit(data(1.65, 0.3, 32, 2.2, "S0"), { parameterization: "S0" });
    const warm = fit(x, { parameterization: "S0", start: previous });
    sameMaximum(warm, cold);
    expect(Math.abs(warm.loc - cold.loc)).toBeLessThanOrEqual(0.02 * cold.scale);
  });

  it("a start far from the truth still converges to the same maximum", () => {
    const x = data(1.5, 0.5, 41);
    const cold = fit(x, { fix: { loc: 0 } });
    for (const start of [
      { alpha: 1.0, beta: -0.5, scale: 3, loc: 0 },
      { alpha: 2, beta: 0, scale: 0.5, loc: 0 },
      { alpha: 0.7, beta: 0.9, scale: 1, loc: 0 },
    ]) {
      const warm = fit(x, { fix: { loc: 0 }, start });
      sameMaximum(warm, cold);
    }
  });

  it("fixed parameters win over the start's; loc may be omitted when fixed", () => {
    const x = data(1.5, 0.5, 51);
    const r = fit(x, { fix: { loc: 0, alpha: 1.5 }, start: { alpha: 1.2, beta: 0.3, scale: 1 } });
    expect(r.alpha).toBe(1.5);
    expect(r.loc).toBe(0);
    expect(r.start.alpha).toBe(1.5);
    const cold = fit(x, { fix: { loc: 0, alpha: 1.5 } });
    expect(Math.abs(r.logLikelihood - cold.logLikelihood)).toBeLessThanOrEqual(LL_TOL);
  });

  it("α below FIT_ALPHA_MIN is projected up to it", () => {
    const x = data(1.5, 0.5, 61);
    const r = fit(x, { fix: { loc: 0 }, start: { alpha: 0.05, beta: 0, scale: 1 } });
    expect(r.start.alpha).toBe(0.1);
    expect(r.warmStart).toBe(true);
    sameMaximum(r, fit(x, { fix: { loc: 0 } }));
  });

  it("a start where the likelihood is −∞ falls back to McCulloch's start", () => {
    const x = data(1.5, 0.5, 71);
    // S1, α < 1, β = 1: support [loc, ∞) — most data lie below loc = 100
    const r = fit(x, { start: { alpha: 0.5, beta: 1, scale: 1, loc: 100 } });
    expect(r.warmStart).toBe(false);
    const cold = fit(x);
    expect(r.alpha).toBe(cold.alpha);
    expect(r.logLikelihood).toBe(cold.logLikelihood);
    expect(r.tablesBuilt).toBe(cold.tablesBuilt + 1);
  });

  it("bad start values are RangeErrors naming the field, value and range", () => {
    const x = data(1.5, 0.5, 81);
    const ok = { alpha: 1.5, beta: 0, scale: 1, loc: 0 };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...ok, alpha: 0 }, /start\.alpha = 0 .*\(0, 2\]/],
      [{ ...ok, alpha: 2.5 }, /start\.alpha = 2\.5 .*\(0, 2\]/],
      [{ ...ok, alpha: Number.NaN }, /start\.alpha = NaN/],
      [{ ...ok, alpha: "1.5" }, /start\.alpha/],
      [{ ...ok, beta: 1.5 }, /start\.beta = 1\.5 .*\[-1, 1\]/],
      [{ ...ok, scale: 0 }, /start\.scale = 0 .*\(0, Infinity\)/],
      [{ ...ok, scale: -1 }, /start\.scale = -1/],
      [{ ...ok, scale: Infinity }, /start\.scale = Infinity/],
      [{ ...ok, loc: Number.NaN }, /start\.loc = NaN .*\(-Infinity, Infinity\)/],
      [{ alpha: 1.5, beta: 0, scale: 1 }, /start\.loc = undefined/],
    ];
    for (const [start, message] of cases) {
      expect(() => fit(x, { start: start as never })).toThrow(RangeError);
      expect(() => fit(x, { start: start as never })).toThrow(message);
    }
    expect(() => fit(x, { start: null as never })).toThrow(/start = null/);
    expect(() => fit(x, { start: 3 as never })).toThrow(RangeError);
  });
});

/**
 * Far tails and points next to the location (issue 12, High 4): pdf, logpdf, cdf, sf,
 * pointwise and in bulk, against fixtures/stable-far-tails.json (mpmath, 50 digits: the
 * Bergström/Zolotarev tail series, with logarithms at α = 1, and the series at ζ, checked
 * against the Zolotarev quadrature of stable_mp.py; see make_stable_far_tails.py), plus
 * the switch between series and integral, huge scales, quantiles of tiny p and a fit on
 * data with one large outlier.
 */
import { describe, expect, it } from "vitest";
import { expectAllClose } from "@heavytails/test-utils";
import { cdf, fit, logpdf, pdf, quantile, sample, sf } from "../src/index.js";
import { REL, bulkCheck, fixture, fns, lightSideBelowRange, logNum, num, rows, type Case } from "./far-tails-reference.js";
import { logTailSeries, logTailSeriesOne } from "../src/tail-series.js";
import { zolotarevIntegralNotOne, zolotarevIntegralOne, DENSITY, EXP, ONE_MINUS_EXP, tanHalfPiAlpha, theta0Of } from "../src/zolotarev.js";

/** α whose tables the default suite builds (every law: test/long/far-tails-bulk.test.ts; random laws: test/properties.test.ts). */
const BULK_ALPHAS = [0.6, 1.5];

describe("far tails and points next to the location against the mpmath fixture", () => {
  it("has far-tail and near-location rows, and the series agreed with quadrature when it was made", () => {
    expect(rows.filter((r) => Math.abs(r.x) >= 1e3).length).toBeGreaterThan(1500);
    expect(rows.filter((r) => Math.abs(r.x) <= 1e-10).length).toBeGreaterThan(500);
    expect(fixture.quadrature_check.points).toBeGreaterThan(100);
    expect(fixture.quadrature_check.max_relative_difference).toBeLessThan(1e-20);
  });

  for (const fn of ["pdf", "cdf", "sf"] as const) {
    it(`${fn} pointwise within 1e-10 relative (exactly 0 where the reference is below 1e-300)`, () => {
      const cases: Case[] = [];
      for (const r of rows) {
        const e = num(r[fn]);
        if (e === undefined) continue;
        const law = { alpha: r.alpha, beta: r.beta, parameterization: r.parameterization };
        const actual = fns[fn](r.x, law);
        if (e === 0) {
          cases.push({ inputs: { ...law, x: r.x, fn }, actual, expected: 0, tol: { abs: 1e-300 } });
        } else cases.push({ inputs: { ...law, x: r.x, fn }, actual, expected: e, tol: { rel: REL } });
      }
      expectAllClose(cases);
    });
  }

  it("logpdf pointwise within 1e-10 absolute, also where the density is below the smallest double", () => {
    const cases: Case[] = [];
    for (const r of rows) {
      const e = logNum(r.logpdf);
      if (e === undefined || e === -Infinity || lightSideBelowRange(r, e)) continue;
      const law = { alpha: r.alpha, beta: r.beta, parameterization: r.parameterization };
      cases.push({ inputs: { ...law, x: r.x }, actual: logpdf(r.x, law), expected: e, tol: { abs: REL } });
    }
    expect(cases.some((c) => c.expected < -745)).toBe(true);
    expectAllClose(cases);
  });

  it("bulk (Float64Array, tables) agrees with the reference as the pointwise path does (S1, α = 0.6 and 1.5; every law in test/long)", () => {
    bulkCheck(rows.filter((r) => r.parameterization === "S1" && BULK_ALPHAS.includes(r.alpha)));
  });

  it("scale and location carry through: logpdf with a huge scale, pdf/sf next to a shifted location", () => {
    const cases: Case[] = [];
    for (const r of rows) {
      const le = logNum(r.logpdf);
      const e = num(r.pdf);
      if (le === undefined || !(le > -Infinity) || r.parameterization !== "S1" || lightSideBelowRange(r, le)) continue;
      for (const scale of [1e-200, 1e250]) {
        const x = r.x * scale;
        if (!Number.isFinite(x) || x === 0 || x / scale !== r.x) continue;
        // X = σZ + μ in S1 for α ≠ 1; at α = 1 that holds in S0 (the standard laws agree), while in
        // S1 a scale also shifts the location by (2/π)βσ log σ
        const law = { alpha: r.alpha, beta: r.beta, scale, parameterization: r.alpha === 1 ? ("S0" as const) : ("S1" as const) };
        cases.push({ inputs: { ...law, x }, actual: logpdf(x, law), expected: le - Math.log(scale), tol: { abs: 2 * REL } });
      }
      if (Math.abs(r.x) <= 1e-10 && e !== undefined && e > 0) {
        // scale 2: x = 2d is exact, and f(x) = f_std(d)/2
        const law = { alpha: r.alpha, beta: r.beta, scale: 2, loc: 0 };
        cases.push({ inputs: { ...law, x: 2 * r.x }, actual: pdf(2 * r.x, law), expected: e / 2, tol: { rel: REL } });
      }
    }
    expect(cases.length).toBeGreaterThan(500);
    expectAllClose(cases);
  });
});

describe("the switch between the tail series and the integral", () => {
  // the smallest d (on a grid of ratio 1.05) where the series is taken, and the integral's value on both sides
  const cases: Array<{ alpha: number; b: number; d: number; eps1: number; logC: number }> = [];
  for (const alpha of [0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.8, 1.95]) {
    for (const b of [-0.9, -0.5, 0, 0.5, 1]) {
      if (alpha < 1 && b === -1) continue;
      const eps1 = alpha > 1 && b === -1 ? 0 : (Math.PI / 2) * (2 - alpha) - Math.atan(b * tanHalfPiAlpha(alpha));
      const t = b * tanHalfPiAlpha(alpha);
      const logC = 0.5 * Math.log1p(t * t);
      let d = 1;
      while (!(logTailSeries("pdf", d, alpha, eps1, logC) === logTailSeries("pdf", d, alpha, eps1, logC)) && d < 1e30) d *= 1.05;
      cases.push({ alpha, b, d, eps1, logC });
    }
  }
  it("every (α, β) switches to the series at a moderate distance (where the integral is still accurate)", () => {
    for (const c of cases) expect(c.d, JSON.stringify(c)).toBeLessThan(1e6);
  });
  it("on both sides of the switch point series and integral agree to 1e-12 (pdf and sf)", () => {
    const report: Case[] = [];
    for (const c of cases) {
      for (const d of [c.d / 1.05, c.d, c.d * 1.05, c.d * 2]) {
        const integralPdf = (c.alpha * zolotarevIntegralNotOne(DENSITY, d, c.alpha, c.b)) / (Math.PI * Math.abs(c.alpha - 1) * d);
        const integralSf = (c.alpha > 1 ? zolotarevIntegralNotOne(EXP, d, c.alpha, c.b) : zolotarevIntegralNotOne(ONE_MINUS_EXP, d, c.alpha, c.b)) / Math.PI;
        const seriesPdf = Math.exp(logTailSeries("pdf", d, c.alpha, c.eps1, c.logC));
        const seriesSf = Math.exp(logTailSeries("sf", d, c.alpha, c.eps1, c.logC));
        // just below the switch the pdf series is not accurate enough to be taken (NaN): only compare where it is
        if (d >= c.d) {
          report.push({ inputs: { ...c, d, fn: "pdf" }, actual: seriesPdf, expected: integralPdf, tol: { rel: 1e-12 } });
          report.push({ inputs: { ...c, d, fn: "pdf(public)" }, actual: pdf(d, { alpha: c.alpha, beta: c.b }), expected: integralPdf, tol: { rel: 1e-12 } });
        }
        if (seriesSf === seriesSf) report.push({ inputs: { ...c, d, fn: "sf" }, actual: seriesSf, expected: integralSf, tol: { rel: 1e-12 } });
        report.push({ inputs: { ...c, d, fn: "sf(public)" }, actual: sf(d, { alpha: c.alpha, beta: c.b }), expected: integralSf, tol: { rel: 1e-12 } });
      }
    }
    expectAllClose(report);
  });
  it("α = 1: the series with logarithms meets the integral where it takes over (pdf and sf, both tails)", () => {
    const report: Case[] = [];
    for (const beta of [-0.9, -0.5, 0.3, 1]) {
      for (const x of [50, 100, 300, 1000]) {
        for (const side of [1, -1]) {
          const bo = side > 0 ? beta : -beta; // orientation: the tail at +x of the law with skewness bo
          const lp = logTailSeriesOne("pdf", x, bo);
          if (!(lp === lp)) continue;
          const b = Math.abs(bo);
          const xo = bo > 0 ? x : -x;
          const integralPdf = zolotarevIntegralOne(DENSITY, xo, b) / (2 * b);
          report.push({ inputs: { beta, x: side * x, fn: "pdf" }, actual: Math.exp(lp), expected: integralPdf, tol: { rel: 1e-12 } });
          const ls = logTailSeriesOne("sf", x, bo);
          const integralTail = zolotarevIntegralOne(bo > 0 ? ONE_MINUS_EXP : EXP, xo, b) / Math.PI;
          if (ls === ls) report.push({ inputs: { beta, x: side * x, fn: "tail" }, actual: Math.exp(ls), expected: integralTail, tol: { rel: 1e-12 } });
        }
      }
    }
    expect(report.length).toBeGreaterThan(20);
    expectAllClose(report);
  });
  it("θ₀ helper used by the series is the integral's", () => {
    expect(theta0Of(0.5, 1)).toBe(Math.PI / 2);
  });
});

describe("through the far tails: quantiles of tiny p and a fit with one large outlier", () => {
  it("quantile inverts the reference cdf in the far left tail and the sf in the right tail", () => {
    const cases: Case[] = [];
    for (const r of rows) {
      if (r.parameterization !== "S1" || Math.abs(r.x) < 1e3 || Math.abs(r.x) > 1e150) continue;
      const law = { alpha: r.alpha, beta: r.beta };
      const c = num(r.cdf);
      const s = num(r.sf);
      if (r.x < 0 && c !== undefined && c > 1e-300 && c < 1e-3) {
        cases.push({ inputs: { ...law, p: c }, actual: quantile(c, law), expected: r.x, tol: { rel: 1e-9 } });
      }
      if (r.x > 0 && s !== undefined && s > 1e-12 && s < 1e-3) {
        cases.push({ inputs: { ...law, p: 1 - s }, actual: quantile(1 - s, law), expected: r.x, tol: { rel: 1e-9 + (2e-16 / s) / r.alpha } });
      }
    }
    expect(cases.length).toBeGreaterThan(100);
    expectAllClose(cases);
  });

  it("quantile near the ends of the double range: finite where the true quantile is a double, ±Infinity beyond", () => {
    // α = 1, β = 0.5: F(x) = (1 − β)/(π|x|)·(1 + O(log|x|/|x|)), so the quantile of 1e-300 is −(1 − β)/(π·1e-300)
    const q = quantile(1e-300, { alpha: 1, beta: 0.5 });
    expect(Math.abs(q / (-0.5 / (Math.PI * 1e-300)) - 1)).toBeLessThan(1e-12);
    // α = 0.5, β = 0: F(−MAX_VALUE) ≈ 3e-155 > 1e-300, so the quantile lies beyond the doubles
    expect(cdf(-Number.MAX_VALUE, { alpha: 0.5, beta: 0 })).toBeGreaterThan(1e-300);
    expect(quantile(1e-300, { alpha: 0.5, beta: 0 })).toBe(-Infinity);
    expect(quantile(1 - 2 ** -53, { alpha: 0.5, beta: 0 })).toBeLessThan(Infinity);
    // α = 1.5, β = 0: F(x) = C|x|^{−α}(1 + O(|x|^{−α})), C = Γ(1.5) sin(3π/4)/π
    const C = (0.5 * Math.sqrt(Math.PI) * Math.SQRT1_2) / Math.PI;
    expect(Math.abs(quantile(1e-300, { alpha: 1.5, beta: 0 }) / -((C / 1e-300) ** (1 / 1.5)) - 1)).toBeLessThan(1e-12);
  });

  it("fit on 500 draws plus one outlier at 1e30 stays a maximum-likelihood fit with a finite likelihood", () => {
    const x = sample(500, { alpha: 1.5, beta: 0.3 }, { seed: 5 });
    const data = Float64Array.from([...x, 1e30]);
    const r = fit(data, { fix: { loc: 0 } });
    expect(r.method).toBe("mle");
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    let exact = 0;
    for (const v of data) exact += logpdf(v, { alpha: r.alpha, beta: r.beta, scale: r.scale, loc: r.loc });
    expect(Math.abs(r.logLikelihood - exact)).toBeLessThan(1e-6);
    expect(r.alpha).toBeGreaterThan(1.2);
    expect(r.alpha).toBeLessThan(1.8);
  });
});

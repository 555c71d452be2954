/**
 * Closed forms and identities of the stable law: α = 2 is N(μ, 2σ²), α = 1 β = 0
 * is Cauchy(μ, σ), α = ½ β = 1 (S1) is Lévy(μ, σ), reflection β → −β, the
 * S0/S1 location shift, and cdf + sf = 1.
 */
import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { cdf, erfc, logpdf, pdf, quantile, sf, convertParameterization } from "../src/index.js";

const xs = [-50, -7.5, -2, -0.3, 0, 0.01, 0.7, 1.9, 4, 12.5, 80];
const grid = Float64Array.from({ length: 200 }, (_, i) => -30 + (60 * i) / 199);

// at |z| ≈ 20 the rounding of z alone moves exp(−z²/2) by about z²·ulp ≈ 1e-13 (relative)
describe("alpha = 2 is the normal law with variance 2 sigma^2", () => {
  const sigma = 1.7;
  const mu = -0.4;
  const p = { alpha: 2, beta: 0.3, scale: sigma, loc: mu };
  const s = Math.SQRT2 * sigma;
  it("pdf, cdf, sf (pointwise and bulk)", () => {
    const cases = xs.flatMap((x) => {
      const z = (x - mu) / s;
      return [
        { inputs: { x, f: "pdf" }, actual: pdf(x, p), expected: Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI)), tol: { rel: 1e-12 } },
        { inputs: { x, f: "cdf" }, actual: cdf(x, p), expected: 0.5 * erfc(-z / Math.SQRT2), tol: { rel: 1e-12 } },
        { inputs: { x, f: "sf" }, actual: sf(x, p), expected: 0.5 * erfc(z / Math.SQRT2), tol: { rel: 1e-12 } },
      ];
    });
    expectAllClose(cases);
    const bulk = pdf(grid, p);
    grid.forEach((x, i) => expectClose(bulk[i], pdf(x, p), { rel: 1e-13 }, { x }));
  });
});

describe("alpha = 1, beta = 0 is the Cauchy law", () => {
  const p = { alpha: 1, beta: 0, scale: 0.8, loc: 2 };
  it("pdf and cdf", () => {
    const cases = xs.flatMap((x) => {
      const z = (x - 2) / 0.8;
      return [
        { inputs: { x, f: "pdf" }, actual: pdf(x, p), expected: 1 / (Math.PI * 0.8 * (1 + z * z)), tol: { rel: 1e-14 } },
        { inputs: { x, f: "cdf" }, actual: cdf(x, p), expected: 0.5 + Math.atan(z) / Math.PI, tol: { rel: 1e-13 } },
      ];
    });
    expectAllClose(cases);
  });
  it("the integral path near alpha = 1 agrees with Cauchy at alpha = 1 +- 1e-3 to O(1e-3)", () => {
    for (const x of [-3, 0.2, 5]) {
      const c = 1 / (Math.PI * (1 + x * x));
      expect(Math.abs(pdf(x, { alpha: 1.001, beta: 0 }) - c)).toBeLessThan(2e-3 * c + 1e-4);
      expect(Math.abs(pdf(x, { alpha: 0.999, beta: 0 }) - c)).toBeLessThan(2e-3 * c + 1e-4);
    }
  });
});

describe("alpha = 1/2, beta = 1 (S1) is the Levy law", () => {
  const sigma = 1.3;
  const mu = 0.5;
  const p = { alpha: 0.5, beta: 1, scale: sigma, loc: mu };
  it("pdf, cdf and sf on and outside the support", () => {
    const cases = [0.51, 0.6, 1, 2, 5, 20, 100, 1e4].flatMap((x) => {
      const y = x - mu;
      return [
        {
          inputs: { x, f: "pdf" },
          actual: pdf(x, p),
          expected: Math.sqrt(sigma / (2 * Math.PI)) * Math.exp(-sigma / (2 * y)) / Math.pow(y, 1.5),
          tol: { rel: 1e-11 },
        },
        { inputs: { x, f: "cdf" }, actual: cdf(x, p), expected: erfc(Math.sqrt(sigma / (2 * y))), tol: { rel: 1e-11 } },
        { inputs: { x, f: "sf" }, actual: sf(x, p), expected: 1 - erfc(Math.sqrt(sigma / (2 * y))), tol: { rel: 1e-11 } },
      ];
    });
    expectAllClose(cases);
    expect(pdf(0.4, p)).toBe(0);
    expect(cdf(0.4, p)).toBe(0);
    expect(sf(0.4, p)).toBe(1);
    expect(logpdf(0.4, p)).toBe(-Infinity);
    expect(quantile(0, p)).toBeCloseTo(mu, 12);
  });
});

describe("reflection and parameterization identities", () => {
  const params = [
    { alpha: 0.7, beta: 0.6 },
    { alpha: 1, beta: -0.4 },
    { alpha: 1.3, beta: 0.9 },
    { alpha: 1.8, beta: -1 },
  ];
  it("f(x; alpha, beta) = f(-x; alpha, -beta) and F(x; beta) = 1 - F(-x; -beta) (S0)", () => {
    const cases = params.flatMap((q) =>
      xs.flatMap((x) => [
        {
          inputs: { ...q, x, f: "pdf" },
          actual: pdf(x, { ...q, parameterization: "S0" }),
          expected: pdf(-x, { ...q, beta: -q.beta, parameterization: "S0" }),
          tol: { rel: 1e-12 },
        },
        {
          inputs: { ...q, x, f: "cdf" },
          actual: cdf(x, { ...q, parameterization: "S0" }),
          expected: sf(-x, { ...q, beta: -q.beta, parameterization: "S0" }),
          tol: { rel: 1e-12 },
        },
      ]),
    );
    expectAllClose(cases);
  });
  it("S1 and S0 describe the same law after converting the location", () => {
    for (const q of params) {
      const s1 = { ...q, scale: 1.7, loc: 0.3, parameterization: "S1" as const };
      const s0 = convertParameterization(s1, "S0");
      for (const x of xs) expectClose(pdf(x, s1), pdf(x, s0), { rel: 1e-12 }, { q, x });
    }
  });
  it("cdf + sf = 1", () => {
    for (const q of params) for (const x of xs) expectClose(cdf(x, q) + sf(x, q), 1, { abs: 2e-15 }, { q, x });
  });
});

describe("quantile inverts the cdf in both tails", () => {
  const params = [
    { alpha: 1.5, beta: 0.5 },
    { alpha: 0.6, beta: -0.2, scale: 3, loc: -1 },
    { alpha: 1, beta: 0.8 },
    { alpha: 1.95, beta: -1, parameterization: "S0" as const },
  ];
  const ps = [1e-12, 1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6, 1 - 1e-12];
  it("pointwise: P(X <= q(p)) = p relative to min(p, 1 - p)", () => {
    for (const q of params) {
      for (const p of ps) {
        const x = quantile(p, q);
        if (p <= 0.5) expectClose(cdf(x, q), p, { rel: 1e-10 }, { q, p, x });
        else expectClose(sf(x, q), 1 - p, { rel: 1e-10 }, { q, p, x });
      }
    }
  });
  it("bulk equals pointwise", () => {
    for (const q of params) {
      const pv = Float64Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
      const bulk = quantile(pv, q);
      pv.forEach((p, i) => expectClose(bulk[i], quantile(p, q), { rel: 1e-9, abs: 1e-12 }, { q, p }));
    }
  });
  it("ends of the support", () => {
    expect(quantile(0, { alpha: 1.5, beta: 0 })).toBe(-Infinity);
    expect(quantile(1, { alpha: 1.5, beta: 0 })).toBe(Infinity);
  });
});

describe("bad input raises a RangeError naming the parameter, value and range", () => {
  it.each([
    [{ alpha: 2.5, beta: 0 }, /alpha = 2.5 .*\(0, 2\]/],
    [{ alpha: 0, beta: 0 }, /alpha = 0 /],
    [{ alpha: Number.NaN, beta: 0 }, /alpha = NaN/],
    [{ alpha: 1.5, beta: 1.2 }, /beta = 1.2 .*\[-1, 1\]/],
    [{ alpha: 1.5, beta: 0, scale: 0 }, /scale = 0 .*\(0, Infinity\)/],
    [{ alpha: 1.5, beta: 0, scale: -1 }, /scale = -1/],
    [{ alpha: 1.5, beta: 0, loc: Infinity }, /loc = Infinity/],
  ])("%j", (params, message) => {
    expect(() => pdf(0, params)).toThrow(RangeError);
    expect(() => pdf(0, params)).toThrow(message);
    expect(() => cdf(new Float64Array(100), params)).toThrow(message);
  });
  it("p outside [0, 1]", () => {
    expect(() => quantile(1.5, { alpha: 1.5, beta: 0 })).toThrow(/p = 1.5 .*\[0, 1\]/);
    expect(() => quantile(Number.NaN, { alpha: 1.5, beta: 0 })).toThrow(RangeError);
  });
  it("parameterization", () => {
    expect(() => pdf(0, { alpha: 1.5, beta: 0, parameterization: "S2" as never })).toThrow(/parameterization = "S2"/);
  });
});

describe("S0 is smooth across alpha = 1 (interpolated within 5e-4 of 1)", () => {
  it.each([0, 0.5, -1, 1])("beta = %f: f(1 ± eps) departs from f(1) linearly in eps, down to eps = 1e-9", (beta) => {
    for (const x of [-3, 0.3, 4]) {
      const p = (alpha: number) => pdf(x, { alpha, beta, parameterization: "S0" });
      const c = cdf(x, { alpha: 1, beta, parameterization: "S0" });
      const f1 = p(1);
      const slope = (p(1 + 1e-4) - p(1 - 1e-4)) / 2e-4;
      for (const eps of [1e-3, 1e-5, 1e-7, 1e-9]) {
        // first-order Taylor: f(1 ± eps) = f(1) ± eps·slope + O(eps²)
        expectClose(p(1 + eps), f1 + eps * slope, { abs: 1e-12 + 50 * eps * eps * Math.abs(f1) + 1e-9 * f1 }, { x, beta, eps });
        expectClose(p(1 - eps), f1 - eps * slope, { abs: 1e-12 + 50 * eps * eps * Math.abs(f1) + 1e-9 * f1 }, { x, beta, eps });
        expect(Math.abs(cdf(x, { alpha: 1 + eps, beta, parameterization: "S0" }) - c)).toBeLessThan(10 * eps + 1e-12);
      }
    }
  });
});

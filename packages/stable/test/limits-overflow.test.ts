/**
 * Resource bounds and overflow edges (issue 12, Medium 10 and Low 13, the stable package's
 * parts): every sample size has a documented maximum (MAX_SAMPLE_SIZE) and a RangeError
 * naming it; the comparison families and the sample statistics stay finite and right for
 * data and parameters near the ends of the double range.
 */
import { describe, expect, it } from "vitest";
import {
  MAX_SAMPLE_SIZE,
  MAX_STREAM_INDEX,
  createRng,
  halfCauchyFit,
  halfCauchyPdf,
  halfCauchySample,
  halfNormalFit,
  halfNormalPdf,
  halfNormalSample,
  kurtosis,
  normalCdf,
  normalLogpdf,
  halfCauchyLogpdf,
  subWeibullCdf,
  normalFit,
  normalPdf,
  normalSample,
  sample,
  skewness,
  subWeibullPdf,
  subWeibullSample,
} from "../src/index.js";

describe("sample sizes have a documented maximum", () => {
  const samplers: Array<[string, (n: number) => unknown]> = [
    ["sample", (n) => sample(n, { alpha: 1.5, beta: 0 }, { seed: 1 })],
    ["normalSample", (n) => normalSample(n, {}, { seed: 1 })],
    ["halfNormalSample", (n) => halfNormalSample(n, {}, { seed: 1 })],
    ["halfCauchySample", (n) => halfCauchySample(n, {}, { seed: 1 })],
    ["subWeibullSample", (n) => subWeibullSample(n, { r: 1 }, { seed: 1 })],
  ];
  it("MAX_SAMPLE_SIZE is 1e8", () => {
    expect(MAX_SAMPLE_SIZE).toBe(100_000_000);
  });
  for (const [name, f] of samplers) {
    it(`${name}(2^33) and ${name}(MAX_SAMPLE_SIZE + 1) are RangeErrors naming the limit, before allocating`, () => {
      for (const n of [2 ** 33, MAX_SAMPLE_SIZE + 1]) {
        expect(() => f(n)).toThrow(RangeError);
        expect(() => f(n)).toThrow(/n = \d+ is outside the allowed range \{0, 1, \.\.\., 100000000\} \(an integer; MAX_SAMPLE_SIZE = 100000000\)/);
      }
      expect(() => f(-1)).toThrow(/MAX_SAMPLE_SIZE/);
      expect(() => f(1.5)).toThrow(/MAX_SAMPLE_SIZE/);
      expect((f(3) as Float64Array).length).toBe(3);
    });
  }
});

describe("random stream indices have a documented maximum", () => {
  it("rng.stream(i) above MAX_STREAM_INDEX = 2^20 − 1 is a RangeError naming it (i + 1 jumps would take unbounded time)", () => {
    expect(MAX_STREAM_INDEX).toBe(2 ** 20 - 1);
    const rng = createRng(1);
    expect(() => rng.stream(2 ** 20)).toThrow(/i = 1048576 is outside the allowed range \{0, 1, \.\.\., 1048575\} \(an integer; MAX_STREAM_INDEX = 1048575\)/);
    expect(() => rng.stream(-1)).toThrow(RangeError);
    expect(rng.stream(3).uniform()).toBe(createRng(1).stream(3).uniform());
  });
});

describe("overflow edges of the comparison families", () => {
  it("densities with a subnormal scale are 0 or finite away from loc, never NaN", () => {
    const tiny = 1e-310;
    expect(normalPdf(1, { scale: tiny })).toBe(0);
    expect(halfNormalPdf(1, { scale: tiny })).toBe(0);
    expect(subWeibullPdf(1, { r: 1, scale: tiny })).toBe(0);
    // half-Cauchy: (2/π)·σ/(σ² + 1) ≈ (2/π)·1e-310 at x = 1
    const hc = halfCauchyPdf(1, { scale: tiny });
    expect(hc / ((2 / Math.PI) * tiny) - 1).toBeLessThan(1e-6);
    expect(hc).toBeGreaterThan(0);
    // at x − loc of order σ the densities are of order 1/σ = 1e310: Infinity, not NaN
    expect(normalPdf(tiny, { scale: tiny })).toBe(Infinity);
  });
  it("x − loc that overflows, with a scale that brings it back, gives the right value", () => {
    const law = { loc: -1e308, scale: 1e308 };
    // z = (1e308 + 1e308)/1e308 = 2
    expect(normalCdf(1e308, law)).toBeCloseTo(0.9772498680518208, 14);
    expect(normalLogpdf(1e308, law)).toBeCloseTo(-2 - Math.log(1e308) - 0.5 * Math.log(2 * Math.PI), 12);
    expect(halfCauchyLogpdf(1e308, law)).toBeCloseTo(Math.log(2 / (Math.PI * 5)) - Math.log(1e308), 12);
    expect(subWeibullCdf(1e308, { r: 1, ...law })).toBeCloseTo(1 - 0.5 * Math.exp(-2), 14);
  });
  it("fits of data near ±1e308 and near 1e-300 are the fits of the same data at unit scale, scaled", () => {
    const unit = [1, -3, 2.5, -0.5, 4, -2];
    for (const k of [2 ** 1020 / 4, 1e-300]) {
      const nf = normalFit(unit.map((v) => v * k));
      const nu = normalFit(unit);
      expect(nf.scale / (nu.scale * k) - 1).toBeCloseTo(0, 14);
      expect(nf.loc / (nu.loc * k) - 1).toBeCloseTo(0, 12);
      const pos = unit.map((v) => Math.abs(v));
      const hn = halfNormalFit(pos.map((v) => v * k));
      expect(hn.scale / (halfNormalFit(pos).scale * k) - 1).toBeCloseTo(0, 14);
      const hc = halfCauchyFit(pos.map((v) => v * k));
      expect(hc.scale / (halfCauchyFit(pos).scale * k) - 1).toBeCloseTo(0, 12);
      expect(hc.logLikelihood + pos.length * Math.log(k)).toBeCloseTo(halfCauchyFit(pos).logLikelihood, 9);
    }
  });
});

describe("overflow edges of the sample statistics", () => {
  it("skewness and kurtosis are scale-free: data at 1e300 and 1e-300 give the unit-scale values", () => {
    const unit = [1, 2, 4, 8, 16, -3, 0.5, 7];
    const s = skewness(unit);
    const k = kurtosis(unit);
    for (const c of [1e300, 1e-300, -1e250, 2 ** 1018]) {
      const d = unit.map((v) => v * c);
      expect(skewness(d)).toBeCloseTo(c > 0 ? s : -s, 12);
      expect(kurtosis(d)).toBeCloseTo(k, 12);
    }
  });
  it("values near ±MAX_VALUE of opposite signs: the mean does not overflow", () => {
    const d = [1.7e308, -1.7e308, 1.7e308, -1.7e308, 1.0e308];
    expect(Number.isFinite(skewness(d))).toBe(true);
    expect(Number.isFinite(kurtosis(d))).toBe(true);
    expect(skewness(d)).toBeCloseTo(skewness(d.map((v) => v / 1e300)), 10);
  });
});

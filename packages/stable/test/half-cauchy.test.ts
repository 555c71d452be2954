import { readFileSync } from "node:fs";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import {
  halfCauchyCdf,
  halfCauchyFit,
  halfCauchyLogpdf,
  halfCauchyPdf,
  halfCauchySample,
  halfCauchySf,
} from "../src/half-cauchy.js";

interface Table { loc: number; scale: number; x: number[]; pdf: number[]; logpdf: number[]; cdf: number[]; sf: number[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/families.json", import.meta.url), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
) as {
  halfCauchy: Table[];
  fits: {
    halfCauchy: { data: number[]; scale: number; logLikelihood: number };
    halfCauchyLoc2: { data: number[]; loc: number; scale: number };
  };
};

/** The likelihood equation Σ y²/(σ² + y²) − n/2 at σ: zero at the MLE. */
function score(data: ArrayLike<number>, loc: number, scale: number): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const y = data[i] - loc;
    s += (y * y) / (scale * scale + y * y);
  }
  return s - data.length / 2;
}

describe("half-Cauchy: pdf, logpdf, cdf, sf against scipy.stats.halfcauchy (fixtures/families.json)", () => {
  for (const t of fx.halfCauchy) {
    it(`loc ${t.loc}, scale ${t.scale}`, () => {
      const p = { loc: t.loc, scale: t.scale };
      expectAllClose(
        t.x.flatMap((x, i) => [
          { inputs: { f: "pdf", x, ...p }, actual: halfCauchyPdf(x, p), expected: t.pdf[i], tol: { rel: 1e-14 } },
          { inputs: { f: "logpdf", x, ...p }, actual: halfCauchyLogpdf(x, p), expected: t.logpdf[i], tol: { rel: 1e-14 } },
          { inputs: { f: "cdf", x, ...p }, actual: halfCauchyCdf(x, p), expected: t.cdf[i], tol: { rel: 1e-14 } },
          { inputs: { f: "sf", x, ...p }, actual: halfCauchySf(x, p), expected: t.sf[i], tol: { rel: 1e-13 } },
        ]),
      );
      const xs = Float64Array.from(t.x);
      expect(Array.from(halfCauchyPdf(xs, p))).toEqual(t.x.map((x) => halfCauchyPdf(x, p)));
      expect(Array.from(halfCauchyLogpdf(xs, p))).toEqual(t.x.map((x) => halfCauchyLogpdf(x, p)));
      expect(Array.from(halfCauchyCdf(xs, p))).toEqual(t.x.map((x) => halfCauchyCdf(x, p)));
      expect(Array.from(halfCauchySf(xs, p))).toEqual(t.x.map((x) => halfCauchySf(x, p)));
    });
  }
  it("keeps relative accuracy far in the tail", () => {
    // sf(y) = (2/π) arctan(1/y) ≈ 2/(π y); logpdf ≈ log(2/π) − 2 log y
    expectClose(halfCauchySf(1e200), 2 / (Math.PI * 1e200), { rel: 1e-15 });
    expectClose(halfCauchyLogpdf(1e200), Math.log(2 / Math.PI) - 2 * Math.log(1e200), { rel: 1e-15 });
  });
});

describe("half-Cauchy: sampling and fitting", () => {
  it("halfCauchySample ~ half-Cauchy(loc, scale) (KS and AD, fixed seed)", () => {
    const p = { loc: 0.5, scale: 3 };
    const x = halfCauchySample(20_000, p, { seed: 5 });
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0.5);
    expect(ksTest(x, (v) => halfCauchyCdf(v, p)).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(x, (v) => halfCauchyCdf(v, p)).pValue).toBeGreaterThan(1e-3);
  });

  it("halfCauchyFit solves the likelihood equation and matches scipy.stats.halfcauchy.fit", () => {
    for (const [f, loc] of [[fx.fits.halfCauchy, 0], [fx.fits.halfCauchyLoc2, 2]] as const) {
      const r = loc === 0 ? halfCauchyFit(f.data) : halfCauchyFit(f.data, { loc });
      expect(Math.abs(score(f.data, loc, r.scale))).toBeLessThan(1e-10 * f.data.length);
      expectClose(r.scale, f.scale, { rel: 1e-4 }); // scipy's generic optimiser stops earlier
    }
    expectClose(halfCauchyFit(fx.fits.halfCauchy.data).logLikelihood, fx.fits.halfCauchy.logLikelihood, { rel: 1e-8 });
  });

  it("the MLE maximises the likelihood (neighbours are worse) and copes with ties at loc", () => {
    const data = [0, 0, 0, 0.1, 0.2, 5, 30, 1e6, 2e-8, 3];
    const r = halfCauchyFit(data);
    const ll = (s: number) => data.reduce((a, x) => a + (halfCauchyLogpdf(x, { scale: s }) as number), 0);
    expectClose(ll(r.scale), r.logLikelihood, { rel: 1e-12 });
    expect(ll(r.scale * 1.001)).toBeLessThan(r.logLikelihood);
    expect(ll(r.scale / 1.001)).toBeLessThan(r.logLikelihood);
    expect(Math.abs(score(data, 0, r.scale))).toBeLessThan(1e-12);
  });

  it("seeded draws: the MLE lands within 5 standard errors (sd ≈ σ √(2/n))", () => {
    const n = 20_000;
    const x = halfCauchySample(n, { scale: 1.7 }, { seed: 6 });
    expect(Math.abs(halfCauchyFit(x).scale - 1.7)).toBeLessThan(5 * 1.7 * Math.sqrt(2 / n));
  });
});

describe("half-Cauchy: bad inputs", () => {
  it.each([
    ["scale", () => halfCauchyPdf(1, { scale: -2 })],
    ["loc", () => halfCauchySf(1, { loc: NaN })],
    ["n", () => halfCauchySample(-3)],
    ["data\\[2\\]", () => halfCauchyFit([1, 2, -0.5])],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name}`));
  });
  it("half or more of the data at loc: no positive MLE", () => {
    expect(() => halfCauchyFit([0, 0, 1, 2])).toThrow(RangeError);
  });
});

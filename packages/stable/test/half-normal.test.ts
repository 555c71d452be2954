import { readFileSync } from "node:fs";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import {
  halfNormalCdf,
  halfNormalFit,
  halfNormalLogpdf,
  halfNormalPdf,
  halfNormalSample,
  halfNormalSf,
} from "../src/half-normal.js";

interface Table { loc: number; scale: number; x: number[]; pdf: number[]; logpdf: number[]; cdf: number[]; sf: number[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/families.json", import.meta.url), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
) as { halfNormal: Table[]; fits: { halfNormal: { data: number[]; scale: number; logLikelihood: number } } };

describe("half-normal: pdf, logpdf, cdf, sf against scipy.stats.halfnorm (fixtures/families.json)", () => {
  for (const t of fx.halfNormal) {
    it(`loc ${t.loc}, scale ${t.scale}`, () => {
      const p = { loc: t.loc, scale: t.scale };
      expectAllClose(
        t.x.flatMap((x, i) => [
          { inputs: { f: "pdf", x, ...p }, actual: halfNormalPdf(x, p), expected: t.pdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
          { inputs: { f: "logpdf", x, ...p }, actual: halfNormalLogpdf(x, p), expected: t.logpdf[i], tol: { rel: 1e-14 } },
          { inputs: { f: "cdf", x, ...p }, actual: halfNormalCdf(x, p), expected: t.cdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
          { inputs: { f: "sf", x, ...p }, actual: halfNormalSf(x, p), expected: t.sf[i], tol: { rel: 1e-13, abs: 1e-300 } },
        ]),
      );
      const xs = Float64Array.from(t.x);
      expect(Array.from(halfNormalPdf(xs, p))).toEqual(t.x.map((x) => halfNormalPdf(x, p)));
      expect(Array.from(halfNormalLogpdf(xs, p))).toEqual(t.x.map((x) => halfNormalLogpdf(x, p)));
      expect(Array.from(halfNormalCdf(xs, p))).toEqual(t.x.map((x) => halfNormalCdf(x, p)));
      expect(Array.from(halfNormalSf(xs, p))).toEqual(t.x.map((x) => halfNormalSf(x, p)));
    });
  }
});

describe("half-normal: sampling and fitting", () => {
  it("halfNormalSample ~ half-normal(loc, scale) (KS and AD, fixed seed)", () => {
    const p = { loc: 1, scale: 2.5 };
    const x = halfNormalSample(20_000, p, { seed: 3 });
    expect(Math.min(...x)).toBeGreaterThanOrEqual(1);
    expect(ksTest(x, (v) => halfNormalCdf(v, p)).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(x, (v) => halfNormalCdf(v, p)).pValue).toBeGreaterThan(1e-3);
  });

  it("halfNormalFit (loc 0) is the MLE of scipy.stats.halfnorm.fit(floc=0)", () => {
    const f = fx.fits.halfNormal;
    const r = halfNormalFit(f.data);
    expectClose(r.scale, f.scale, { rel: 1e-12 });
    expectClose(r.logLikelihood, f.logLikelihood, { rel: 1e-12 });
    expect(r.loc).toBe(0);
  });

  it("halfNormalFit with a given loc recovers the scale of seeded draws", () => {
    const x = halfNormalSample(40_000, { loc: -2, scale: 0.5 }, { seed: 4 });
    // sd of the MLE is scale/√(2n) = 0.0018: allow 5 sd
    expect(Math.abs(halfNormalFit(x, { loc: -2 }).scale - 0.5)).toBeLessThan(5 * (0.5 / Math.sqrt(2 * 40_000)));
  });
});

describe("half-normal: bad inputs", () => {
  it.each([
    ["scale", () => halfNormalPdf(1, { scale: 0 })],
    ["loc", () => halfNormalCdf(1, { loc: NaN })],
    ["n", () => halfNormalSample(1.5)],
    ["data\\[1\\]", () => halfNormalFit([1, -1, 2])],
    ["loc", () => halfNormalFit([1, 2], { loc: Infinity })],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name}`));
  });
  it("all data at loc cannot be fitted", () => {
    expect(() => halfNormalFit([0, 0])).toThrow(RangeError);
  });
});

import { readFileSync } from "node:fs";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import { normalCdf, normalFit, normalLogpdf, normalPdf, normalSample, normalSf } from "../src/normal.js";

interface Table { loc: number; scale: number; x: number[]; pdf: number[]; logpdf: number[]; cdf: number[]; sf: number[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/families.json", import.meta.url), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
) as {
  normal: Table[];
  fits: { normal: { data: number[]; loc: number; scale: number; logLikelihood: number } };
};

describe("normal: pdf, logpdf, cdf, sf against scipy.stats.norm (fixtures/families.json)", () => {
  for (const t of fx.normal) {
    it(`loc ${t.loc}, scale ${t.scale}`, () => {
      const p = { loc: t.loc, scale: t.scale };
      const cases = t.x.flatMap((x, i) => [
        { inputs: { f: "pdf", x, ...p }, actual: normalPdf(x, p), expected: t.pdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
        { inputs: { f: "logpdf", x, ...p }, actual: normalLogpdf(x, p), expected: t.logpdf[i], tol: { rel: 1e-14 } },
        { inputs: { f: "cdf", x, ...p }, actual: normalCdf(x, p), expected: t.cdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
        { inputs: { f: "sf", x, ...p }, actual: normalSf(x, p), expected: t.sf[i], tol: { rel: 1e-13, abs: 1e-300 } },
      ]);
      expectAllClose(cases);
      // the Float64Array forms give the same numbers
      const xs = Float64Array.from(t.x);
      expect(Array.from(normalPdf(xs, p))).toEqual(t.x.map((x) => normalPdf(x, p)));
      expect(Array.from(normalCdf(xs, p))).toEqual(t.x.map((x) => normalCdf(x, p)));
      expect(Array.from(normalSf(xs, p))).toEqual(t.x.map((x) => normalSf(x, p)));
      expect(Array.from(normalLogpdf(xs, p))).toEqual(t.x.map((x) => normalLogpdf(x, p)));
    });
  }
  it("defaults to N(0, 1); infinite arguments", () => {
    expectClose(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), { rel: 1e-15 });
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalPdf(Infinity)).toBe(0);
  });
});

describe("normal: sampling and fitting", () => {
  it("normalSample ~ N(loc, scale²) (KS and AD, fixed seed) and is reproducible", () => {
    const p = { loc: -3, scale: 0.25 };
    const x = normalSample(20_000, p, { seed: 1 });
    expect(ksTest(x, (v) => normalCdf(v, p)).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(x, (v) => normalCdf(v, p)).pValue).toBeGreaterThan(1e-3);
    expect(Array.from(normalSample(50, p, { seed: 1 }))).toEqual(Array.from(x.subarray(0, 50)));
  });

  it("normalFit is the MLE scipy.stats.norm.fit gives", () => {
    const f = fx.fits.normal;
    const r = normalFit(f.data);
    expectClose(r.loc, f.loc, { rel: 1e-13 });
    expectClose(r.scale, f.scale, { rel: 1e-13 });
    expectClose(r.logLikelihood, f.logLikelihood, { rel: 1e-12 });
    expectClose(normalFit(Float64Array.from(f.data)).scale, f.scale, { rel: 1e-13 });
  });

  it("normalFit is stable under a large offset", () => {
    const x = normalSample(1000, { loc: 1e9, scale: 1e-3 }, { seed: 2 });
    const y = Array.from(x, (v) => v - 1e9);
    expectClose(normalFit(x).scale, normalFit(y).scale, { rel: 1e-6 });
  });
});

describe("normal: bad inputs", () => {
  it.each([
    ["scale", () => normalPdf(0, { scale: 0 })],
    ["scale", () => normalCdf(0, { scale: -1 })],
    ["scale", () => normalSf(0, { scale: NaN })],
    ["loc", () => normalLogpdf(0, { loc: Infinity })],
    ["n", () => normalSample(-1)],
    ["seed", () => normalSample(3, {}, { seed: 1.5 })],
    ["data\\[1\\]", () => normalFit([1, NaN, 2])],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name}`));
  });
  it("constant or too short data cannot be fitted", () => {
    expect(() => normalFit([2, 2, 2])).toThrow(RangeError);
    expect(() => normalFit([2])).toThrow(RangeError);
  });
});

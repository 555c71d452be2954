import { readFileSync } from "node:fs";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import { logGamma } from "../src/special-functions.js";
import { subWeibullCdf, subWeibullLogpdf, subWeibullPdf, subWeibullSample, subWeibullSf } from "../src/sub-weibull.js";

interface Table { r: number; loc: number; scale: number; x: number[]; pdf: number[]; logpdf: number[]; cdf: number[]; sf: number[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/families.json", import.meta.url), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
) as { subWeibull: Table[] };

describe("sub-Weibull: pdf, logpdf, cdf, sf against scipy.stats.dweibull(c = 1/r) (fixtures/families.json)", () => {
  for (const t of fx.subWeibull) {
    it(`r ${t.r}, loc ${t.loc}, scale ${t.scale}`, () => {
      const p = { r: t.r, loc: t.loc, scale: t.scale };
      expectAllClose(
        t.x.flatMap((x, i) => [
          { inputs: { f: "pdf", x, ...p }, actual: subWeibullPdf(x, p), expected: t.pdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
          { inputs: { f: "logpdf", x, ...p }, actual: subWeibullLogpdf(x, p), expected: t.logpdf[i], tol: { rel: 1e-13 } },
          { inputs: { f: "cdf", x, ...p }, actual: subWeibullCdf(x, p), expected: t.cdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
          { inputs: { f: "sf", x, ...p }, actual: subWeibullSf(x, p), expected: t.sf[i], tol: { rel: 1e-13, abs: 1e-300 } },
        ]),
      );
      const xs = Float64Array.from(t.x);
      expect(Array.from(subWeibullPdf(xs, p))).toEqual(t.x.map((x) => subWeibullPdf(x, p)));
      expect(Array.from(subWeibullCdf(xs, p))).toEqual(t.x.map((x) => subWeibullCdf(x, p)));
    });
  }

  it("at the centre: density 0 (r < 1), 1/(2 scale) (r = 1, Laplace), +Infinity (r > 1); cdf ½", () => {
    expect(subWeibullPdf(0, { r: 0.5 })).toBe(0);
    expect(subWeibullPdf(0, { r: 1, scale: 2 })).toBe(0.25);
    expect(subWeibullPdf(0, { r: 2 })).toBe(Infinity);
    expect(subWeibullLogpdf(0, { r: 0.8 })).toBe(-Infinity);
    expect(subWeibullCdf(3, { r: 2, loc: 3 })).toBe(0.5);
  });

  it("tail: P(|X − loc| > x) = exp(−(x/scale)^{1/r}) exactly (the bound of Definition 3.2)", () => {
    for (const r of [0.5, 0.8, 1, 2]) {
      for (const x of [0.5, 3, 40]) {
        const p = { r, scale: 1.3 };
        expectClose((subWeibullSf(x, p) as number) + (subWeibullCdf(-x, p) as number), Math.exp(-Math.pow(x / 1.3, 1 / r)), { rel: 1e-14, abs: 1e-300 }, { r, x });
      }
    }
  });
});

describe("sub-Weibull: sampling", () => {
  for (const r of [0.8, 1, 2]) {
    it(`r = ${r}: subWeibullSample fits the cdf (KS and AD, fixed seed) and is symmetric`, () => {
      const p = { r, scale: 0.7, loc: 0.2 };
      const x = subWeibullSample(20_000, p, { seed: Math.round(10 * r) });
      expect(ksTest(x, (v) => subWeibullCdf(v, p)).pValue).toBeGreaterThan(1e-3);
      expect(andersonDarlingTest(x, (v) => subWeibullCdf(v, p)).pValue).toBeGreaterThan(1e-3);
    });
  }

  it("moments grow like m^r: E|X|^m = scale^m Γ(1 + m r) (seeded Monte Carlo for m = 2)", () => {
    const r = 0.8;
    const n = 200_000;
    const x = subWeibullSample(n, { r }, { seed: 9 });
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      m2 += v * v;
      m4 += v ** 4;
    }
    m2 /= n;
    m4 /= n;
    const e2 = Math.exp(logGamma(1 + 2 * r));
    const se = Math.sqrt((m4 - m2 * m2) / n);
    expect(Math.abs(m2 - e2)).toBeLessThan(5 * se);
  });
});

describe("sub-Weibull: bad inputs", () => {
  it.each([
    ["r", () => subWeibullPdf(1, { r: 0 })],
    ["r", () => subWeibullCdf(1, { r: NaN })],
    ["scale", () => subWeibullSf(1, { r: 1, scale: 0 })],
    ["loc", () => subWeibullLogpdf(1, { r: 1, loc: -Infinity })],
    ["n", () => subWeibullSample(-1, { r: 1 })],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name} = `));
  });
});

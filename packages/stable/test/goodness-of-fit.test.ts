import { readFileSync } from "node:fs";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import {
  andersonDarlingCdf,
  andersonDarlingPValue,
  andersonDarlingTest,
  andersonDarlingTestUniform,
  kolmogorovCdf,
  kolmogorovSf,
  ksTest,
  ksTestUniform,
} from "../src/goodness-of-fit.js";
import { normalCdf } from "../src/normal.js";
import { createRng } from "../src/rng.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/goodness_of_fit.json", import.meta.url), "utf8")) as {
  kolmogorov: { lambda: number[]; cdf: number[]; sf: number[] };
  ks: Array<{ data: number[]; loc: number; statistic: number; pValue: number }>;
  andersonDarling: Array<{ data: number[]; mean: number; sd: number; statistic: number }>;
  adInf: { z: number[]; cdf: number[]; sf: number[] };
  adFiniteN: Array<{ n: number; reps: number; z: number[]; cdf: number[]; se: number[] }>;
};

describe("Kolmogorov distribution against scipy.stats.kstwobign", () => {
  it("cdf and sf on both sides of the series switch (λ = 1)", () => {
    const k = fx.kolmogorov;
    expectAllClose(
      k.lambda.flatMap((l, i) => [
        { inputs: { f: "cdf", l }, actual: kolmogorovCdf(l), expected: k.cdf[i], tol: { rel: 1e-13, abs: 1e-300 } },
        { inputs: { f: "sf", l }, actual: kolmogorovSf(l), expected: k.sf[i], tol: { rel: 1e-13 } },
      ]),
    );
    expect(kolmogorovCdf(0)).toBe(0);
    expect(kolmogorovSf(0)).toBe(1);
    expect(kolmogorovSf(Infinity)).toBe(0);
  });
});

describe("Kolmogorov–Smirnov test against scipy.stats.kstest(method='asymp')", () => {
  for (const c of fx.ks) {
    it(`n = ${c.data.length}, against N(${c.loc}, 1)`, () => {
      const r = ksTest(c.data, (x) => normalCdf(x, { loc: c.loc }));
      expect(r.n).toBe(c.data.length);
      expectClose(r.statistic, c.statistic, { rel: 1e-13 });
      expectClose(r.pValue, c.pValue, { rel: 1e-11, abs: 1e-300 });
      // the uniform form on the transforms gives the same
      const u = c.data.map((x) => normalCdf(x, { loc: c.loc }));
      expect(ksTestUniform(u).statistic).toBe(r.statistic);
    });
  }
});

describe("Anderson–Darling", () => {
  for (const c of fx.andersonDarling) {
    it(`statistic as scipy.stats.anderson (fitted normal cdf), n = ${c.data.length}`, () => {
      const r = andersonDarlingTest(c.data, (x) => normalCdf(x, { loc: c.mean, scale: c.sd }));
      // scipy takes log(sf) directly, we take log1p(−cdf): a few ulp apart per term
      expectClose(r.statistic, c.statistic, { rel: 1e-11 });
    });
  }

  it("limiting distribution against the Anderson & Darling (1954) series in 40 digits (mpmath)", () => {
    expectAllClose(
      fx.adInf.z.map((z, i) => ({ inputs: { z }, actual: andersonDarlingCdf(z), expected: fx.adInf.cdf[i], tol: { abs: 5e-15 } })),
    );
  });

  it("limiting upper tail (the p-value) keeps relative accuracy down to 1e-27", () => {
    expectAllClose(
      fx.adInf.z.map((z, i) => ({ inputs: { z }, actual: andersonDarlingPValue(z), expected: fx.adInf.sf[i], tol: { rel: z <= 20 ? 4e-6 : 1e-4 } })),
    );
  });

  it("finite-n distribution (adinf + errfix) against a 10⁶-sample Monte Carlo", () => {
    for (const m of fx.adFiniteN) {
      // Monte Carlo error (5 se) plus the approximation's own ~1e-4
      expectAllClose(
        m.z.map((z, i) => ({ inputs: { n: m.n, z }, actual: andersonDarlingCdf(z, m.n), expected: m.cdf[i], tol: { abs: 5 * m.se[i] + 1e-4 } })),
      );
      for (const z of m.z) expectClose(andersonDarlingPValue(z, m.n), 1 - andersonDarlingCdf(z, m.n), { abs: 1e-15 });
    }
  });

  it("p-values of seeded uniform samples are not small; shifted ones are", () => {
    const u = createRng(8).fillUniform(new Float64Array(5000));
    expect(andersonDarlingTestUniform(u).pValue).toBeGreaterThan(1e-3);
    const shifted = u.map((v) => v ** 1.1);
    expect(andersonDarlingTestUniform(shifted).pValue).toBeLessThan(1e-4);
    expect(ksTestUniform(shifted).pValue).toBeLessThan(1e-3);
  });

  it("values outside the support make A² infinite and p 0 (never NaN)", () => {
    const r = andersonDarlingTest([0.5, 2, 0.1], (x) => Math.min(1, Math.max(0, x)));
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });

  it("p-values stay in [0, 1] for huge and tiny statistics", () => {
    for (const z of [1e-3, 0.05, 6.9, 7, 50, 1e3]) {
      for (const n of [1, 7, 1000, Infinity]) {
        const c = andersonDarlingCdf(z, n);
        const p = andersonDarlingPValue(z, n);
        expect(c >= 0 && c <= 1 && p >= 0 && p <= 1).toBe(true);
      }
    }
    // no floor under small p-values from the finite-n fit
    expect(andersonDarlingPValue(40, 10)).toBeLessThan(1e-17);
  });
});

describe("goodness of fit: bad inputs", () => {
  it("a cdf value outside [0, 1] or NaN names the data point", () => {
    expect(() => ksTest([1, 2], () => 1.5)).toThrow(/cdf\(data\[0\]\) = 1\.5 \(data\[0\] = 1\)/);
    expect(() => andersonDarlingTest([1, 2], (x) => (x > 1 ? NaN : 0.5))).toThrow(RangeError);
    expect(() => ksTestUniform([0.2, -0.1])).toThrow(/u\[1\]/);
    expect(() => ksTest([], (x) => x)).toThrow(RangeError);
    expect(() => ksTest([1], "x" as unknown as (x: number) => number)).toThrow(TypeError);
    expect(() => andersonDarlingCdf(1, 0)).toThrow(RangeError);
    expect(() => andersonDarlingPValue(1, 2.5)).toThrow(/^n = 2.5/);
  });
});

/**
 * The fast log-density evaluator that builds the tables (src/fast-density.ts): against the
 * pointwise evaluator where that one is good to ~1e-13, against mpmath next to |β| = 1 (where the
 * pointwise integral is not), and its self-check: a step too coarse for the integrand must give
 * NaN (the caller then evaluates pointwise), never a wrong value.
 */
import { describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import { FAST_ACCURATE, FAST_SEARCH, FastDensity } from "../src/fast-density.js";
import { standardLogPdf } from "../src/standard-stable.js";
import { StandardStableTable } from "../src/stable-table.js";

const LAWS: Array<[number, number]> = [
  [0.1, 0.3],
  [0.5, -0.5],
  [0.5, 1],
  [0.8, -0.3],
  [0.9, 0.9],
  [1.1, -0.7],
  [1.5, 0.5],
  [1.5, -1],
  [1.9, 0.9],
  [1.99, 0],
];

describe("fast log-density", () => {
  it("agrees with the pointwise evaluator to 2e-12 in log f (|β| ≤ 0.9 or |β| = 1)", () => {
    let used = 0;
    for (const [alpha, beta] of LAWS) {
      const fast = new FastDensity(alpha, beta, FAST_ACCURATE);
      for (let u = -12; u <= 12; u += 0.173) {
        const z = Math.sinh(u);
        const v = fast.logPdf(z);
        const ref = standardLogPdf(z, alpha, beta);
        if (v !== v || !(ref > -700)) continue;
        used++;
        expectClose(v, ref, { abs: 2e-12 }, { alpha, beta, z });
      }
    }
    // the fast form must actually be used on most points, else this test tests nothing
    expect(used).toBeGreaterThan(0.7 * LAWS.length * 139);
  });

  it("search accuracy: within 1e-10 of the pointwise log f", () => {
    for (const [alpha, beta] of LAWS) {
      const fast = new FastDensity(alpha, beta, FAST_SEARCH);
      for (let u = -6; u <= 6; u += 0.31) {
        const z = Math.sinh(u);
        const v = fast.logPdf(z);
        const ref = standardLogPdf(z, alpha, beta);
        if (v === v && ref > -700) expectClose(v, ref, { abs: 1e-10 }, { alpha, beta, z });
      }
    }
  });

  it("next to |β| = 1 it matches mpmath (fixtures/stable_mp.py zolotarev, 30 digits)", () => {
    // log f of the standard S0 law; computed with
    //   python3 -c "import stable_mp, mpmath; print(mpmath.log(stable_mp.zolotarev(a, b, x, param='S0', dps=30).pdf))"
    // in fixtures/. The pointwise quadrature was off by 4e-8 at the first point until 2026-11-28 (ε₁ formed with
    // cancellation, and a narrow end region its nodes missed: zolotarev.ts, test/eps1-cancellation.test.ts);
    // the fast form keeps ε₁ and π/2 ± θ₀ to relative accuracy.
    const cases: Array<[number, number, number, number]> = [
      [1.999, -0.9999, 1.379, -1.7411838292736033],
      [1.999, -0.9999, 24.78, -25.726252700767382],
      [0.98, -0.9999, 51.49, -18.24424466734808],
      [0.95, -0.9999, 26.66, -16.900544564791865],
      [1.999, 0.999, -108.5, -27.871017945758823],
    ];
    for (const [alpha, beta, z, want] of cases) {
      const v = new FastDensity(alpha, beta, FAST_ACCURATE).logPdf(z);
      // where the fast form declines, the table uses the pointwise value: only accept a real answer here
      expect(Number.isNaN(v)).toBe(false);
      expectClose(v, want, { abs: 5e-11 }, { alpha, beta, z });
    }
  });

  it("declines (NaN) rather than answering wrongly when its step is too coarse (planted error)", () => {
    // a step 15× too coarse: the step-2h/step-h comparison must reject every point it cannot resolve
    const coarse = new FastDensity(1.5, 0.5, { stepFactor: 3, cut: 40, check: FAST_ACCURATE.check });
    let declined = 0;
    for (let u = -3; u <= 3; u += 0.1) {
      const z = Math.sinh(u);
      const v = coarse.logPdf(z);
      if (v !== v) declined++;
      else expectClose(v, standardLogPdf(z, 1.5, 0.5), { abs: 1e-11 }, { z });
    }
    expect(declined).toBeGreaterThan(10);
  });

  it("does not apply at α = 1, α = 2 and next to α = 1; x = ζ and the empty side give NaN", () => {
    expect(FastDensity.applies(1, 0.5)).toBe(false);
    expect(FastDensity.applies(2, 0)).toBe(false);
    expect(FastDensity.applies(1.01, 0.5)).toBe(false);
    expect(FastDensity.applies(1.03, 0.5)).toBe(true);
    const f = new FastDensity(1.5, 0.5);
    expect(f.logPdf(-0.5 * Math.tan(0.75 * Math.PI))).toBeNaN();
    expect(new FastDensity(0.5, 1).logPdf(-2)).toBeNaN();
  });

  it("a table built through it agrees with the pointwise density (bulk path, 1e-11 relative)", () => {
    const t = new StandardStableTable(1.3, -0.4, "pdf");
    for (let z = -30; z <= 30; z += 0.77) expectClose(t.logValue(z), standardLogPdf(z, 1.3, -0.4), { abs: 1e-11 }, { z });
  });
});

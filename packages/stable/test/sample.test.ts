import { readFileSync } from "node:fs";
import { expectAllClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import { normalCdf } from "../src/normal.js";
import { createRng } from "../src/rng.js";
import { cosKernel, expKernel, logKernel, sample, sampleInto, sinKernel } from "../src/sample.js";
import { COS_COEFFS, EXP_COEFFS, LOG_COEFFS, SIN_COEFFS } from "../src/sample-kernels.js";
import { erfc } from "../src/special-functions.js";

interface QuantileFixture {
  probabilities: number[];
  cases: Array<{ name: string; alpha: number; beta: number; scale: number; loc: number; parameterization: "S0" | "S1"; quantiles: number[] }>;
}
const quantileFixture = JSON.parse(readFileSync(new URL("../fixtures/sample.json", import.meta.url), "utf8")) as QuantileFixture;

const N = 20_000;
/** Fixed-seed goodness of fit: both tests must not reject at the 0.1% level. */
function expectFits(x: Float64Array, cdf: (x: number) => number, label: string): void {
  const ks = ksTest(x, cdf);
  const ad = andersonDarlingTest(x, cdf);
  if (!(ks.pValue > 1e-3 && ad.pValue > 1e-3)) {
    throw new Error(`${label}: KS D = ${ks.statistic} (p = ${ks.pValue}), AD A² = ${ad.statistic} (p = ${ad.pValue})`);
  }
}

/** Weron's (1996) formulas with Math.* — the reference the fast kernels must reproduce. */
function weronReference(alpha: number, beta: number, d: number, w: number): number {
  const v = Math.PI * d;
  const cosV = Math.sin(Math.PI * (0.5 - Math.abs(d)));
  if (alpha === 1) {
    const pb = Math.PI / 2 + beta * v;
    return (2 / Math.PI) * ((pb * Math.sin(v)) / cosV - beta * Math.log(((Math.PI / 2) * w * cosV) / pb));
  }
  const t = beta * Math.tan((Math.PI * alpha) / 2);
  const b = Math.atan(t) / alpha;
  const s = Math.pow(1 + t * t, 1 / (2 * alpha));
  return ((s * Math.sin(alpha * (v + b))) / Math.pow(cosV, 1 / alpha)) * Math.pow(Math.cos(v - alpha * (v + b)) / w, (1 - alpha) / alpha);
}

describe("elementary-function kernels agree with Math.*", () => {
  const rng = createRng(1);
  it("sin and cos on [−π/2, π/2]", () => {
    let worstSin = 0;
    let worstCos = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = Math.PI * (rng.uniform() - 0.5);
      worstSin = Math.max(worstSin, Math.abs(sinKernel(x) - Math.sin(x)) / Math.abs(Math.sin(x)));
      worstCos = Math.max(worstCos, Math.abs(cosKernel(x) - Math.cos(x)));
    }
    expect(worstSin).toBeLessThan(4.5e-16); // ≈ 2 ulp relative
    expect(worstCos).toBeLessThan(2.5e-16); // absolute: cos → 0 at ±π/2
    expect(sinKernel(Math.PI / 2)).toBeCloseTo(1, 15);
    expect(cosKernel(0)).toBe(1);
  });

  it("log over the whole normal range, exp on [−708, 708]", () => {
    let worstLog = 0;
    let worstExp = 0;
    for (let i = 0; i < 200_000; i++) {
      const y = Math.exp(1400 * (rng.uniform() - 0.5));
      const l = Math.log(y);
      worstLog = Math.max(worstLog, Math.abs(logKernel(y) - l) / Math.max(1, Math.abs(l)));
      const x = 1416 * (rng.uniform() - 0.5);
      worstExp = Math.max(worstExp, Math.abs(expKernel(x) - Math.exp(x)) / Math.exp(x));
    }
    for (let i = 0; i < 100_000; i++) {
      const y = 0.9 + 0.2 * rng.uniform(); // near 1, where log is small: absolute error
      worstLog = Math.max(worstLog, Math.abs(logKernel(y) - Math.log(y)));
    }
    expect(worstLog).toBeLessThan(4.5e-16);
    expect(worstExp).toBeLessThan(4.5e-16);
    expect(logKernel(1)).toBe(0);
    expect(expKernel(0)).toBe(1);
  });
});

describe("the kernels' error bounds have power: a wrong coefficient fails them", () => {
  // The kernels written out from their coefficient arrays (the arrays scripts/make-sample-wasm.ts
  // builds the WebAssembly kernel from), so that a coefficient can be planted wrong.
  const sinFrom = (c: readonly number[]) => (x: number) => {
    const t = x * x;
    let p = c[c.length - 1];
    for (let k = c.length - 2; k >= 0; k--) p = c[k] + t * p;
    return x + x * t * p;
  };
  const cosFrom = (c: readonly number[]) => (x: number) => {
    const t = x * x;
    let p = c[c.length - 1];
    for (let k = c.length - 2; k >= 0; k--) p = c[k] + t * p;
    return 1 - 0.5 * t + t * t * p;
  };
  /** Worst relative error of sin and absolute error of cos on [−π/2, π/2] (the bounds of the test above). */
  function worst(sin: (x: number) => number, cos: (x: number) => number): { sin: number; cos: number } {
    const r = createRng(2);
    let ws = 0;
    let wc = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = Math.PI * (r.uniform() - 0.5);
      ws = Math.max(ws, Math.abs(sin(x) - Math.sin(x)) / Math.abs(Math.sin(x)));
      wc = Math.max(wc, Math.abs(cos(x) - Math.cos(x)));
    }
    return { sin: ws, cos: wc };
  }
  const perturb = (c: readonly number[], k: number, f: number) => c.map((v, i) => (i === k ? v * f : v));

  it("the coefficient arrays are the kernels' own (same bits)", () => {
    const r = createRng(3);
    const s = sinFrom(SIN_COEFFS);
    const c = cosFrom(COS_COEFFS);
    for (let i = 0; i < 10_000; i++) {
      const x = Math.PI * (r.uniform() - 0.5);
      expect(s(x)).toBe(sinKernel(x));
      expect(c(x)).toBe(cosKernel(x));
    }
    expect(worst(s, c).sin).toBeLessThan(4.5e-16);
    expect(worst(s, c).cos).toBeLessThan(2.5e-16);
  });

  it.each([
    [0, 1 + 1e-6],
    [3, 1 + 1e-4],
    [7, 1.01],
  ])("sin coefficient %i times %s breaks the bound", (k, f) => {
    expect(worst(sinFrom(perturb(SIN_COEFFS, k, f)), cosKernel).sin).toBeGreaterThan(4.5e-16);
  });

  it.each([
    [0, 1 + 1e-6],
    [3, 1 + 1e-4],
    [7, 1.05],
  ])("cos coefficient %i times %s breaks the bound", (k, f) => {
    expect(worst(sinKernel, cosFrom(perturb(COS_COEFFS, k, f))).cos).toBeGreaterThan(2.5e-16);
  });

  it("log and exp: a wrong series coefficient breaks their bounds", () => {
    // log1p(r) − r and eʳ − 1 − r as the kernels evaluate them, with LOG_COEFFS / EXP_COEFFS
    const logp = (c: readonly number[], r: number) => {
      let p = c[c.length - 1];
      for (let k = c.length - 2; k >= 0; k--) p = c[k] + r * p;
      return r * r * p;
    };
    const rng = createRng(4);
    const worstOf = (lc: readonly number[], ec: readonly number[]) => {
      let wl = 0;
      let we = 0;
      for (let i = 0; i < 20_000; i++) {
        const r = (rng.uniform() - 0.5) / 128; // |r| < 1/256, the range logKernel reduces to
        wl = Math.max(wl, Math.abs(r + logp(lc, r) - Math.log1p(r)) / Math.abs(Math.log1p(r)));
        const q = (rng.uniform() - 0.5) * (Math.LN2 / 128); // |r| ≤ ln2/256, expKernel's range
        we = Math.max(we, Math.abs(1 + (q + logp(ec, q)) - Math.exp(q)) / Math.exp(q));
      }
      return { wl, we };
    };
    const good = worstOf(LOG_COEFFS, EXP_COEFFS);
    expect(good.wl).toBeLessThan(4.5e-16);
    expect(good.we).toBeLessThan(2.5e-16);
    expect(worstOf(perturb(LOG_COEFFS, 1, 1 + 1e-3), EXP_COEFFS).wl).toBeGreaterThan(4.5e-16);
    expect(worstOf(LOG_COEFFS, perturb(EXP_COEFFS, 1, 1 + 1e-3)).we).toBeGreaterThan(2.5e-16);
  });
});

describe("sample reproduces Weron's formulas draw by draw", () => {
  const cases: Array<[number, number]> = [
    [1.5, 0.5], [0.3, 0], [0.3, 1], [1.999, -1], [1.001, 0.7], [0.999, -0.2],
    [1, 0.5], [1, -1], [1, 0], [0.5, 1], [1.2, -1], [0.05, 0.3],
  ];
  it.each(cases)("alpha = %s, beta = %s: one uniform then one exponential per draw, same value", (alpha, beta) => {
    const n = 20_000;
    const x = sample(n, { alpha, beta }, { seed: 5 });
    const r = createRng(5);
    const rel = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const y = weronReference(alpha, beta, r.uniform() - 0.5, r.exponential());
      rel[i] = Math.abs(x[i] - y) / Math.abs(y);
      // cancellation near the edges of V (and near X = 0) is inherent to the formula: allow 1e-9 there
      if (!(Math.abs(x[i] - y) <= 1e-9 * Math.abs(y) + 1e-13)) throw new Error(`i = ${i}: sample ${x[i]}, reference ${y}`);
    }
    rel.sort();
    expect(rel[Math.floor(0.99 * n)]).toBeLessThan(1e-13);
  });
});

describe("sample: laws with a closed-form cdf (KS and Anderson–Darling, fixed seeds)", () => {
  it("alpha = 2 is N(loc, 2 scale²) for any beta and both parameterizations", () => {
    for (const [beta, parameterization] of [[0, "S1"], [0.8, "S1"], [-1, "S0"]] as const) {
      const x = sample(N, { alpha: 2, beta, scale: 1.5, loc: -0.7, parameterization }, { seed: 11 });
      expectFits(x, (v) => normalCdf(v, { loc: -0.7, scale: 1.5 * Math.SQRT2 }), `alpha 2, beta ${beta} ${parameterization}`);
    }
  });

  it("alpha = 1, beta = 0 is Cauchy(loc, scale)", () => {
    const x = sample(N, { alpha: 1, beta: 0, scale: 0.8, loc: 2 }, { seed: 12 });
    expectFits(x, (v) => 0.5 + Math.atan((v - 2) / 0.8) / Math.PI, "Cauchy");
  });

  it("alpha = ½, beta = 1 (S1) is Lévy: cdf erfc(√(σ / (2(x − μ))))", () => {
    const s = 1.7;
    const m = -0.4;
    const x = sample(N, { alpha: 0.5, beta: 1, scale: s, loc: m }, { seed: 13 });
    expect(Math.min(...x)).toBeGreaterThan(m);
    expectFits(x, (v) => (v <= m ? 0 : erfc(Math.sqrt(s / (2 * (v - m))))), "Levy");
  });

  it("alpha = ½, beta = −1 (S1) is the mirrored Lévy law", () => {
    const x = sample(N, { alpha: 0.5, beta: -1 }, { seed: 14 });
    expectFits(x, (v) => (v >= 0 ? 1 : 1 - erfc(Math.sqrt(1 / (2 * -v)))), "mirrored Levy");
  });

  it("the goodness-of-fit check has power: a 10% wrong scale is rejected", () => {
    const x = sample(N, { alpha: 2, beta: 0 }, { seed: 15 });
    expect(ksTest(x, (v) => normalCdf(v, { scale: 1.1 * Math.SQRT2 })).pValue).toBeLessThan(1e-6);
  });
});

describe("sample against scipy levy_stable quantiles (fixtures/sample.json)", () => {
  const n = 40_000;
  for (const c of quantileFixture.cases) {
    it(`${c.name}: bin frequencies at scipy's quantiles`, () => {
      const x = sample(n, c, { seed: 21 });
      const p = quantileFixture.probabilities;
      for (let k = 0; k < p.length; k++) {
        let below = 0;
        for (const v of x) if (v <= c.quantiles[k]) below++;
        const se = Math.sqrt((p[k] * (1 - p[k])) / n);
        const z = (below / n - p[k]) / se;
        if (!(Math.abs(z) < 4.5)) {
          throw new Error(`${c.name}: P(X ≤ ${c.quantiles[k]}) ≈ ${below / n}, scipy ${p[k]} (z = ${z.toFixed(2)})`);
        }
      }
    });
  }
});

describe("S0 and S1 give the same draws up to the location shift", () => {
  const cases: Array<[number, number, number, number]> = [
    [0.7, -0.8, 1.3, 0.4],
    [1.5, 0.5, 2, -1],
    [1, 0.5, 2, 0.3],
    [1, -0.7, 0.5, -1],
  ];
  it.each(cases)("alpha %s, beta %s, scale %s, loc %s", (alpha, beta, scale, loc) => {
    // Nolan: μ₀ = μ₁ + βσ tan(πα/2) (α ≠ 1), μ₀ = μ₁ + β(2/π)σ log σ (α = 1)
    const loc0 = alpha === 1 ? loc + beta * (2 / Math.PI) * scale * Math.log(scale) : loc + beta * scale * Math.tan((Math.PI * alpha) / 2);
    const x1 = sample(2000, { alpha, beta, scale, loc }, { seed: 3 });
    const x0 = sample(2000, { alpha, beta, scale, loc: loc0, parameterization: "S0" }, { seed: 3 });
    expectAllClose(
      Array.from(x1, (v, i) => ({ inputs: { i, alpha, beta }, actual: x0[i], expected: v, tol: { abs: 1e-12 * (1 + Math.abs(loc0 - loc)), rel: 1e-13 } })),
    );
  });
});

describe("seeds, streams and in-place sampling", () => {
  const p = { alpha: 1.3, beta: -0.4, scale: 2, loc: 1 };
  it("the same seed gives the same draws; a prefix is the shorter call", () => {
    const a = sample(1000, p, { seed: 99 });
    expect(Array.from(sample(1000, p, { seed: 99 }))).toEqual(Array.from(a));
    expect(Array.from(sample(10, p, { seed: 99 }))).toEqual(Array.from(a.subarray(0, 10)));
  });

  it("an Rng is advanced: consecutive calls continue the stream", () => {
    const rng = createRng(99);
    const first = sample(600, p, rng);
    const second = sample(400, p, rng);
    const all = sample(1000, p, { seed: 99 });
    expect(Array.from(first)).toEqual(Array.from(all.subarray(0, 600)));
    expect(Array.from(second)).toEqual(Array.from(all.subarray(600)));
  });

  it("sampleInto fills in place with the same values; without a seed the draws differ", () => {
    const out = new Float64Array(700);
    expect(sampleInto(out, p, { seed: 4 })).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(sample(700, p, { seed: 4 })));
    expect(sample(5, p)[0]).not.toBe(sample(5, p)[0]);
    expect(sample(0, p).length).toBe(0);
  });

  it("every draw is finite, also for small alpha and total skewness", () => {
    for (const [alpha, beta] of [[0.1, 1], [0.1, -0.3], [1.99, 1], [1, 1]]) {
      const x = sample(50_000, { alpha, beta }, { seed: 8 });
      for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) throw new Error(`alpha ${alpha} beta ${beta}: x[${i}] is NaN`);
    }
  });
});

describe("bad inputs raise RangeErrors naming the parameter", () => {
  const ok = { alpha: 1.5, beta: 0 };
  it.each([
    ["n", () => sample(-1, ok)],
    ["n", () => sample(2.5, ok)],
    ["n", () => sample(NaN, ok)],
    ["alpha", () => sample(10, { alpha: 2.5, beta: 0 })],
    ["alpha", () => sample(10, { alpha: 0, beta: 0 })],
    ["alpha", () => sample(10, { alpha: NaN, beta: 0 })],
    ["beta", () => sample(10, { alpha: 1.5, beta: 1.2 })],
    ["beta", () => sample(10, { alpha: 1.5, beta: NaN })],
    ["scale", () => sample(10, { alpha: 1.5, beta: 0, scale: 0 })],
    ["scale", () => sample(10, { alpha: 1.5, beta: 0, scale: -1 })],
    ["scale", () => sample(10, { alpha: 1.5, beta: 0, scale: NaN })],
    ["loc", () => sample(10, { alpha: 1.5, beta: 0, loc: NaN })],
    ["parameterization", () => sample(10, { alpha: 1.5, beta: 0, parameterization: "S2" as "S0" })],
    ["seed", () => sample(10, ok, { seed: 0.5 })],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name} = `));
  });
});

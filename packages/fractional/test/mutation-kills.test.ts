/**
 * Tests written to kill the mutants that survived `pnpm mutate fractional` (StrykerJS) and that
 * revealed real gaps: ε only ever 1 in the drift's accuracy tests (so ε^{−α} → ε^{+α} passed), the
 * grid's interpolation between nodes never exercised, the grid never built for the WSGD stencil
 * (whose shift j starts at −1), the WSGD stencil never checked at small K (its last weight and the
 * table lengths), potentials that are +∞ outside a wall, and error messages that must name the
 * parameter (DESIGN.md). References are closed forms, exact identities and the mpmath fixture.
 * Surviving mutants that are equivalent are listed in the package README ("Mutation testing").
 */
import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { cGamma, drift, driftAt, driftGrid, rieszFeller, rieszFellerAt, wsgdWeights } from "../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };

const f = (w: number) => w ** 4 / 4 - w ** 2 / 2;
const fPrime = (w: number) => w ** 3 - w;

describe("drift at ε ≠ 1", () => {
  it("converges to the mpmath drift at ε = 0.8 with order 1 in h (slope within 0.1; consistent form)", () => {
    const r = { alpha: 1.5, theta: 0.3, epsilon: 0.8 };
    const rows = reference.drift.filter((d) => d.alpha === r.alpha && d.theta === r.theta && d.epsilon === r.epsilon);
    expect(rows.length).toBeGreaterThan(0);
    const hs = [0.04, 0.02, 0.01, 0.005];
    const errs = hs.map((h) => {
      const b = driftAt(rows.map((d) => d.w), { f, fPrime, ...r, h, K: Math.round(12 / h) });
      return Math.max(...rows.map((d, i) => Math.abs(b[i] - d.drift)));
    });
    const s = Math.log(errs[0] / errs[errs.length - 1]) / Math.log(hs[0] / hs[hs.length - 1]);
    expect(Math.abs(s - 1), `errors ${errs}`).toBeLessThan(0.1);
  });

  it("scaling identity: b(w; c·f, ε·c^{1/α}) = c·b(w; f, ε) (only ε^{−α}f enters the exponent; rel 1e-12)", () => {
    const c = 2.5;
    for (const alpha of [1.3, 1.8]) {
      const o = { alpha, theta: -0.4, h: 0.02, K: 500 };
      const eps = 0.7;
      const scaled = { ...o, f: (w: number) => c * f(w), fPrime: (w: number) => c * fPrime(w), epsilon: eps * Math.pow(c, 1 / alpha) };
      const cases = [];
      for (const w of [-1.4, -0.2, 0.9]) {
        cases.push({ inputs: { alpha, w }, actual: drift(w, scaled), expected: c * drift(w, { ...o, f, fPrime, epsilon: eps }), tol: { rel: 1e-12 } });
      }
      const g1 = driftGrid({ ...scaled, lo: -2, hi: 2 });
      const g0 = driftGrid({ ...o, f, fPrime, epsilon: eps, lo: -2, hi: 2 });
      for (const i of [0, 37, 100, g0.values.length - 1]) {
        cases.push({ inputs: { alpha, grid: i }, actual: g1.values[i], expected: c * g0.values[i], tol: { rel: 1e-12 } });
      }
      expectAllClose(cases);
    }
  });

  it("grid nodes equal the pointwise drift at ε = 0.6 (rel 1e-11)", () => {
    const o = { f, fPrime, alpha: 1.6, theta: 0.5, epsilon: 0.6, h: 0.02, K: 500 };
    const g = driftGrid({ ...o, lo: -3, hi: 3 });
    expectAllClose([0, 40, 150, 222, g.values.length - 1].map((i) => {
      const w = g.lo + i * g.spacing;
      return { inputs: { i, w }, actual: g.values[i], expected: drift(w, o), tol: { rel: 1e-11 } };
    }));
  });
});

describe("driftGrid: layout, interpolation, WSGD stencil", () => {
  const o = { f, fPrime, alpha: 1.7, theta: -0.3, epsilon: 1, h: 0.05, K: 160 };

  it("covers [lo, hi] with whole spacings: G = ceil((hi − lo)/δ) + 1 nodes, hi rounded up", () => {
    const g = driftGrid({ ...o, lo: -2, hi: 2 });
    expect(g.values.length).toBe(81);
    expect(g.spacing).toBe(0.05);
    expectClose(g.hi, 2, { abs: 1e-12 });
    const g2 = driftGrid({ ...o, lo: -2, hi: 2.01, refine: 2 });
    expect(g2.values.length).toBe(162); // 4.01 / 0.025 = 160.4 → 161 spacings
    expectClose(g2.hi, -2 + 161 * 0.025, { abs: 1e-12 });
  });

  it("at() is exact at nodes and linear between them, the end value outside", () => {
    const g = driftGrid({ ...o, lo: -2, hi: 2 });
    const v = g.values;
    for (const i of [0, 1, 13, 40, 79]) {
      const w = g.lo + i * g.spacing;
      expectClose(g.at(w), v[i], { rel: 1e-12, abs: 1e-12 }, { i });
      for (const u of [0.25, 0.5, 0.9]) {
        expectClose(g.at(w + u * g.spacing), (1 - u) * v[i] + u * v[i + 1], { rel: 1e-9, abs: 1e-12 }, { i, u });
      }
    }
    expectClose(g.at(g.hi), v[v.length - 1], { rel: 1e-12, abs: 1e-12 });
    expect(g.at(g.lo)).toBe(v[0]);
    expect(g.at(g.lo - 0.3)).toBe(v[0]);
    expect(g.at(g.hi + 0.3)).toBe(v[v.length - 1]);
  });

  it("WSGD grid (shifts j = −1 … K) equals the pointwise WSGD drift (rel 1e-11), refine 1 and 3", () => {
    for (const refine of [1, 3]) {
      const ow = { ...o, variant: "wsgd" as const };
      const g = driftGrid({ ...ow, lo: -2, hi: 2, refine });
      expectAllClose([0, 5, Math.floor(g.values.length / 2), g.values.length - 3, g.values.length - 1].map((i) => {
        const w = g.lo + i * g.spacing;
        return { inputs: { refine, i, w }, actual: g.values[i], expected: drift(w, ow), tol: { rel: 1e-11 } };
      }));
    }
  });

  it("far from the wells with small ε the window sum underflows: those nodes are redone pointwise (equal to drift(), never 0)", () => {
    const of = { f, fPrime, alpha: 1.5, theta: 0.2, epsilon: 0.2, h: 0.01, K: 100 };
    const g = driftGrid({ ...of, lo: 20, hi: 21 });
    for (const i of [0, 50, g.values.length - 1]) {
      const w = g.lo + i * g.spacing;
      const b = drift(w, of);
      expect(b).toBeLessThan(0);
      expect(g.values[i]).toBe(b);
    }
  });

  it("a potential that is +∞ beyond a wall: no f′ is asked for there, grid = pointwise = the drift of the same f without the wall where the wall is out of reach", () => {
    const wall = 3;
    const fw = (w: number) => (Math.abs(w) > wall ? Infinity : f(w));
    const fpw = (w: number) => {
      if (Math.abs(w) > wall) throw new Error(`f′ evaluated behind the wall at ${w}`);
      return fPrime(w);
    };
    const ow = { ...o, f: fw, fPrime: fpw, K: 100 }; // K·h = 5 reaches past the wall from |w| ≤ 2
    const g = driftGrid({ ...ow, lo: -2, hi: 2 });
    const cases = [];
    for (const i of [0, 20, 40, 80]) {
      const w = g.lo + i * g.spacing;
      const b = drift(w, ow);
      cases.push({ inputs: { i, w }, actual: g.values[i], expected: b, tol: { rel: 1e-11 } });
      // Terms behind the wall vanish (φ = 0); the same sum taken over the finite part only:
      const K = ow.K, h = ow.h;
      let s = 0;
      const wts = [1];
      for (let k = 1; k <= K; k++) wts.push(wts[k - 1] * ((k - 1 - (ow.alpha - 2)) / k));
      for (let k = 0; k <= K; k++) {
        for (const [sgn, c] of [[-1, 1 + ow.theta], [1, 1 - ow.theta]] as const) {
          const v = w + sgn * k * h;
          if (Math.abs(v) > wall) continue;
          s += c * wts[k] * fPrime(v) * Math.exp(-(f(v) - f(w)));
        }
      }
      cases.push({ inputs: { i, w, direct: true }, actual: b, expected: -cGamma(ow.alpha - 2) * Math.pow(h, 2 - ow.alpha) * s, tol: { rel: 1e-10 } });
    }
    expectAllClose(cases);
  });
});

describe("WSGD stencil at small K (hand-written weights)", () => {
  it("K = 1 and K = 2: value = c_γ h^{−γ} Σ_{j=−1}^{K} ω_j [(1+θ)ψ(x − jh) + (1−θ)ψ(x + jh)]", () => {
    const gamma = -0.4, theta = 0.3, h = 0.5, x = 0.2;
    const psi = (y: number) => Math.exp(0.7 * y) + y * y;
    // g₀ = 1, g₁ = −γ, g₂ = −γ(1 − γ)/2, g₃ = −γ(1 − γ)(2 − γ)/6; ω_j = (γ/2) g_{j+1} + (1 − γ/2) g_j
    const g = [1, -gamma, (-gamma * (1 - gamma)) / 2, (-gamma * (1 - gamma) * (2 - gamma)) / 6];
    const a = gamma / 2, b = 1 - gamma / 2;
    for (const K of [1, 2]) {
      const omega = [a * g[0]];
      for (let j = 0; j <= K; j++) omega.push(a * g[j + 1] + b * g[j]);
      expectAllClose(Array.from(wsgdWeights(gamma, K), (v, i) => ({ inputs: { K, j: i - 1 }, actual: v, expected: omega[i], tol: { rel: 1e-14, abs: 1e-16 } })));
      let s = 0;
      for (let j = -1; j <= K; j++) s += omega[j + 1] * ((1 + theta) * psi(x - j * h) + (1 - theta) * psi(x + j * h));
      const expected = (1 / (2 * Math.cos((gamma * Math.PI) / 2))) * Math.pow(h, -gamma) * s;
      expectClose(rieszFeller(psi, x, { gamma, theta, h, K, variant: "wsgd" }), expected, { rel: 1e-14 }, { K });
    }
  });
});

describe("bad input is rejected with the parameter named", () => {
  const o = { f, fPrime, alpha: 1.5, theta: 0, epsilon: 1, h: 0.1, K: 20 };
  const op = { gamma: -0.5, theta: 0, h: 0.1, K: 10 };
  const psi = (x: number) => Math.exp(-x * x);

  it("operator", () => {
    expect(() => rieszFeller(psi, 0, null as never)).toThrow(/^options must be an object/);
    expect(() => rieszFeller(psi, 0, 3 as never)).toThrow(/^options must be an object/);
    expect(() => rieszFeller(psi, 0, { ...op, K: 1.5 })).toThrow(/^K = 1\.5 is outside/);
    expect(() => rieszFeller(psi, 0, { ...op, variant: "bogus" as never })).toThrow(/^variant = "bogus" is outside the allowed range \{'consistent', 'literal', 'wsgd'\}/);
    expect(() => rieszFeller(1 as never, 0, op)).toThrow(/^psi must be a function/);
    expect(() => rieszFellerAt(1 as never, [0], op)).toThrow(/^psi must be a function/);
    expect(() => rieszFellerAt(psi, [0, Number.NaN], op)).toThrow(/^xs\[1\] = NaN/);
  });

  it("drift", () => {
    expect(() => drift(0, null as never)).toThrow(/^options must be an object/);
    expect(() => drift(0, 3 as never)).toThrow(/^options must be an object/);
    expect(() => drift(0, { ...o, f: 1 as never })).toThrow(/^f must be a function/);
    expect(() => drift(0, { ...o, fPrime: 1 as never })).toThrow(/^fPrime must be a function/);
    expect(() => drift(0, { ...o, maxAbs: -1 })).toThrow(/^maxAbs = -1 is outside/);
    expect(() => drift(Number.NaN, o)).toThrow(/^w = NaN/);
    expect(() => driftAt([0, Infinity], o)).toThrow(/^ws\[1\] = Infinity/);
    expect(() => drift(0, { ...o, f: (w) => (w === 0 ? Infinity : f(w)) })).toThrow(/^f\(0\) = Infinity/);
    expect(() => drift(0, { ...o, f: (w) => (w > 1 ? Number.NaN : f(w)) })).toThrow(/^f\(.*\) = NaN/);
    expect(() => drift(0, { ...o, fPrime: (w) => (w > 1 ? Number.NaN : fPrime(w)) })).toThrow(/^fPrime\(.*\) = NaN/);
  });

  it("driftGrid", () => {
    expect(() => driftGrid({ ...o, lo: Number.NaN, hi: 1 })).toThrow(/^lo = NaN/);
    expect(() => driftGrid({ ...o, lo: 0, hi: Number.NaN })).toThrow(/^hi = NaN/);
    expect(() => driftGrid({ ...o, lo: 1, hi: 1 })).toThrow(/^hi = 1 is outside the allowed range \(1, Infinity\)/);
    expect(() => driftGrid({ ...o, lo: 1, hi: 0.5 })).toThrow(/^hi = 0\.5/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, refine: 0 })).toThrow(/^refine = 0/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, refine: 1.5 })).toThrow(/^refine = 1\.5/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1e8, h: 0.5 })).toThrow(/nodes/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, f: (w) => (w > 0.5 ? Number.NaN : f(w)) })).toThrow(/^f\(.*\) = NaN/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, fPrime: (w) => (w > 0.5 ? Infinity : fPrime(w)) })).toThrow(/^fPrime\(.*\) = Infinity/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, f: () => Infinity })).toThrow(/^min f on the grid = Infinity/);
    expect(() => driftGrid({ ...o, lo: 0, hi: 1, f: (w) => (Math.abs(w - 0.5) < 1e-9 ? Infinity : f(w)) })).toThrow(/^f\(0\.5\) = Infinity/);
  });
});

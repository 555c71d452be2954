/**
 * The drift b_{h,K} of eq. (4.8): the K = 0 identity at h₀(α), agreement with the exact
 * drift of eq. (4.7) computed by mpmath (fixture) and its convergence order in h, the
 * reflection identity, the precomputed grid, and overflow safety.
 */
import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { drift, driftAt, driftExact, driftGrid, h0 } from "../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };

const f = (w: number) => w ** 4 / 4 - w ** 2 / 2;
const fPrime = (w: number) => w ** 3 - w;

describe("K = 0 and h₀", () => {
  it("h₀(α) = [cos((α−2)π/2)]^{1/(2−α)}: 0.884, 0.5, 0.127 at α = 1.9, 1.5, 1.1", () => {
    expectClose(h0(1.9), 0.8834851836794657, { rel: 1e-12 });
    expectClose(h0(1.5), 0.5, { rel: 1e-12 });
    expectClose(h0(1.1), 0.1272957264178899, { rel: 1e-12 });
  });

  it("b_{h₀,0} = −f′ exactly, for every ε and θ (rel 1e-14)", () => {
    const cases = [];
    for (const alpha of [1.1, 1.5, 1.9]) {
      for (const epsilon of [0.3, 1, 2.7]) {
        for (const theta of [-0.9, 0, 0.5]) {
          for (const w of [-1.7, 0.4, 2.2]) {
            cases.push({ inputs: { alpha, epsilon, theta, w }, actual: drift(w, { f, fPrime, alpha, theta, epsilon, h: h0(alpha), K: 0 }), expected: -fPrime(w), tol: { rel: 1e-14 } });
            cases.push({ inputs: { alpha, epsilon, theta, w, literal: true }, actual: drift(w, { f, fPrime, alpha, theta, epsilon, h: h0(alpha, { literal: true }), K: 0, variant: "literal" }), expected: -fPrime(w), tol: { rel: 1e-14 } });
          }
        }
      }
    }
    expectAllClose(cases);
  });
});

describe("against the exact drift (4.7)", () => {
  it("driftExact (TS quadrature) matches mpmath (rel 1e-9)", () => {
    expectAllClose(
      reference.drift.map((r) => ({
        inputs: r,
        actual: driftExact(r.w, { f, fPrime, alpha: r.alpha, theta: r.theta, epsilon: r.epsilon }),
        expected: r.drift,
        tol: { rel: 1e-9, abs: 1e-12 },
      })),
    );
  });

  it("consistent form converges with order 1 in h (h = 0.04 … 0.005, Kh = 12; slope within 0.1), WSGD with order 2", () => {
    for (const r of [{ alpha: 1.5, theta: -0.5, epsilon: 1 }, { alpha: 1.1, theta: 0.5, epsilon: 1 }]) {
      const ws = reference.drift.filter((d) => d.alpha === r.alpha && d.theta === r.theta && d.epsilon === r.epsilon);
      const hs = [0.04, 0.02, 0.01, 0.005];
      for (const [variant, order, tolSlope] of [["consistent", 1, 0.1], ["wsgd", 2, 0.2]] as const) {
        const errs = hs.map((h) => {
          const b = driftAt(ws.map((d) => d.w), { f, fPrime, ...r, h, K: Math.round(12 / h), variant });
          return Math.max(...ws.map((d, i) => Math.abs(b[i] - d.drift)));
        });
        const s = Math.log(errs[0] / errs[errs.length - 1]) / Math.log(hs[0] / hs[hs.length - 1]);
        expect(Math.abs(s - order), `${variant} ${JSON.stringify(r)} errors ${errs}`).toBeLessThan(tolSlope);
      }
    }
  });
});

describe("identities", () => {
  const g = (w: number) => w ** 4 / 4 - w ** 2 / 2 + 0.3 * w;
  const gp = (w: number) => w ** 3 - w + 0.3;
  it("reflection: b_θ(w; f) = −b_{−θ}(−w; f̌), f̌(w) = f(−w) (rel 1e-12)", () => {
    const o = { alpha: 1.4, epsilon: 0.9, h: 0.02, K: 400 };
    for (const w of [-1.3, 0, 0.8]) {
      const lhs = drift(w, { ...o, f: g, fPrime: gp, theta: 0.6 });
      const rhs = -drift(-w, { ...o, f: (v) => g(-v), fPrime: (v) => -gp(-v), theta: -0.6 });
      expectClose(lhs, rhs, { rel: 1e-12 }, { w });
    }
  });

  it("adding a constant to f leaves the drift unchanged (only ratios of φ enter)", () => {
    const o = { fPrime, alpha: 1.3, theta: 0.2, epsilon: 0.5, h: 0.02, K: 500 };
    expectClose(drift(0.7, { ...o, f: (w) => f(w) + 1e4 }), drift(0.7, { ...o, f }), { rel: 1e-12 });
  });
});

describe("precomputed grid and overflow safety", () => {
  const o = { f, fPrime, alpha: 1.9, theta: 0.5, epsilon: 1, h: 0.01, K: 1000 };
  it("grid nodes equal the pointwise drift (rel 1e-11), refine = 2 as well", () => {
    for (const refine of [1, 2]) {
      const g = driftGrid({ ...o, lo: -6, hi: 6, refine });
      const cases = [];
      for (const i of [0, 17, 301, Math.floor(g.values.length / 2), g.values.length - 1]) {
        const w = g.lo + i * g.spacing;
        cases.push({ inputs: { refine, w }, actual: g.values[i], expected: drift(w, o), tol: { rel: 1e-11 } });
      }
      expectAllClose(cases);
      expect(g.at(1e9)).toBe(g.values[g.values.length - 1]);
      expect(g.at(-1e9)).toBe(g.values[0]);
    }
  });

  it("never overflows: small ε (ε^{−α} f ≈ 10⁶ at the grid ends) gives finite, inward-pointing values", () => {
    const g = driftGrid({ ...o, epsilon: 0.2, lo: -8, hi: 8, K: 1200 });
    for (const v of g.values) expect(Number.isFinite(v)).toBe(true);
    expect(g.values[0]).toBeGreaterThan(0);
    expect(g.values[g.values.length - 1]).toBeLessThan(0);
    const far = drift(40, { ...o, epsilon: 0.2 });
    expect(far).toBe(-1e300);
  });

  it("rejects bad input", () => {
    expect(() => drift(0, { ...o, alpha: 2.5 })).toThrow("alpha = 2.5 is outside the allowed range (1, 2]");
    expect(() => drift(0, { ...o, epsilon: -1 })).toThrow("epsilon = -1 is outside the allowed range (0, Infinity)");
    expect(() => drift(0, { ...o, f: () => NaN })).toThrow(RangeError);
    expect(() => h0(2)).toThrow("alpha = 2 is outside the allowed range (1, 2)");
  });
});

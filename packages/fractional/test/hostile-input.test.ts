/**
 * Hostile input (issue 12): each block is one class of defect the adversarial run found in
 * @heavytails/fractional. Every test here failed on the code before the fix.
 */
import { describe, expect, it } from "vitest";
import {
  drift, driftAt, driftGrid, fitTheorem42Constants, grunwaldWeights, rieszFeller, rieszFellerAt, theorem42Terms, wsgdWeights,
} from "../src/index.js";

const f = (w: number) => w ** 4 / 4 - w ** 2 / 2;
const fPrime = (w: number) => w ** 3 - w;
const base = { f, fPrime, alpha: 1.5, theta: 0.5, epsilon: 1, h: 0.1, K: 50 };

describe("silent NaN (issue 12, medium 9)", () => {
  it("drift and driftGrid refuse an ε whose ε^{-α} overflows instead of returning NaN", () => {
    expect(() => drift(0.05, { ...base, epsilon: 1e-250 })).toThrow(/epsilon = 1e-250 is outside the allowed range/);
    expect(() => driftGrid({ ...base, epsilon: 1e-250, lo: -2, hi: 2 })).toThrow(/epsilon = 1e-250/);
    // small but representable: finite values everywhere (w = 0.05 has a mirror point with equal f)
    for (const w of [-1, 0.05, 0.5, 2]) expect(Number.isFinite(drift(w, { ...base, epsilon: 1e-100 }))).toBe(true);
  });

  it("rieszFeller and rieszFellerAt refuse a ψ that returns NaN or ±Infinity", () => {
    const o = { gamma: -0.5, theta: 0.3, h: 0.1, K: 20 };
    expect(() => rieszFeller(() => NaN, 0, o)).toThrow(/psi\(.*\) = NaN/);
    expect(() => rieszFellerAt((x) => (x > 1 ? Infinity : 1), [0, 0.5], o)).toThrow(/psi\(.*\) = Infinity/);
  });

  it("drift refuses an f′ that is NaN where f is finite (no NaN through)", () => {
    expect(() => driftAt([0.2], { ...base, fPrime: () => NaN })).toThrow(/fPrime/);
  });
});

describe("resource bounds (issue 12, medium 10)", () => {
  it("K has a documented maximum, checked before any allocation", () => {
    expect(() => drift(0, { ...base, K: 2_000_000 })).toThrow(/K = 2000000 is outside the allowed range/);
    expect(() => grunwaldWeights(-0.5, 2_000_000)).toThrow(/K = 2000000 is outside the allowed range/);
    expect(() => rieszFeller(() => 1, 0, { gamma: -0.5, theta: 0, h: 0.1, K: 2_000_000 })).toThrow(/K = 2000000/);
    expect(grunwaldWeights(-0.5, 1_000_000).length).toBe(1_000_001);
  });
  it("driftGrid bounds its nodes, its refinement and its work", () => {
    expect(() => driftGrid({ ...base, K: 1, lo: -1e5, hi: 1e5 })).toThrow(/nodes = 2000001 is outside the allowed range/);
    expect(() => driftGrid({ ...base, lo: -1, hi: 1, refine: 100_000 })).toThrow(/refine = 100000 is outside the allowed range/);
    expect(() => driftGrid({ ...base, K: 1_000_000, h: 1e-5, lo: -2, hi: 2 })).toThrow(/nodes · \(K \+ 2\)/);
  });
});

describe("domains and extreme inputs (issue 12, low 13)", () => {
  it("grunwaldWeights and wsgdWeights accept only the package's orders γ = α − 2 ∈ (−1, 0]", () => {
    for (const gamma of [0.5, -1, -1.5, 3.5, -1e300]) {
      expect(() => grunwaldWeights(gamma, 3)).toThrow(`gamma = ${gamma} is outside the allowed range (-1, 0]`);
      expect(() => wsgdWeights(gamma, 3)).toThrow(`gamma = ${gamma} is outside the allowed range (-1, 0]`);
    }
  });

  it("driftGrid(...).at(NaN) throws instead of returning the left end value", () => {
    const g = driftGrid({ ...base, lo: -2, hi: 2 });
    expect(() => g.at(NaN)).toThrow(/w = NaN/);
    expect(g.at(-Infinity)).toBe(g.values[0]);
  });

  it("fitTheorem42Constants recovers constants from errors of any magnitude (1e-300 … 1e300)", () => {
    const settings = [
      { alpha: 1.5, theta: 0.5, h: 0.4, K: 30 }, { alpha: 1.5, theta: -0.5, h: 0.2, K: 10 },
      { alpha: 1.5, theta: 0.5, h: 0.05, K: 240 }, { alpha: 1.5, theta: -0.5, h: 0.1, K: 15 }, { alpha: 1.5, theta: 0, h: 0.1, K: 300 },
    ];
    for (const scale of [1e-300, 1e-150, 1, 1e150, 1e300]) {
      const c = { cTilde: 2 * scale, c0Prime: 0.3 * scale, c0DoublePrime: 0.1 * scale };
      const data = settings.map((s) => ({ ...s, error: theorem42Terms(s, c).total }));
      const fit = fitTheorem42Constants(data);
      expect(fit.cTilde / c.cTilde, `scale ${scale}`).toBeCloseTo(1, 6);
      expect(fit.c0Prime / c.c0Prime, `scale ${scale}`).toBeCloseTo(1, 6);
      expect(fit.c0DoublePrime / c.c0DoublePrime, `scale ${scale}`).toBeCloseTo(1, 6);
      expect(Number.isFinite(fit.rms)).toBe(true);
    }
  });

  it("fitTheorem42Constants handles settings whose terms span the double range (h = 1e-300)", () => {
    const fit = fitTheorem42Constants([
      { alpha: 1.5, theta: 0.5, h: 1e-300, K: 1, error: 0.1 },
      { alpha: 1.5, theta: 0.5, h: 0.1, K: 100, error: 0.01 },
    ]);
    for (const t of fit.fitted) expect(Number.isFinite(t.total)).toBe(true);
    expect(fit.fitted[0].total / 0.1).toBeCloseTo(1, 6);
    expect(fit.fitted[1].total / 0.01).toBeCloseTo(1, 6);
  });
});

/**
 * The operator Δ^{γ,−θ}_{h,K} of eq. (4.8) against the exact operator: the quadrature
 * reference is checked against mpmath (fixture) and against the Fourier symbol; then the
 * measured convergence orders in h (consistent 1, WSGD 2, literal 2 − α) and in K, and
 * the identities: linearity, reflection θ → −θ with x → −x, and γ = 0.
 */
import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import {
  rieszFeller,
  rieszFellerAt,
  rieszFellerExact,
  rieszFellerGaussianFourier,
  type OperatorVariant,
} from "../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };

/** ψ = φ′ for the Gaussian φ = e^{−x²/2}: the test function of the note. */
const psi = (x: number) => -x * Math.exp(-0.5 * x * x);
const XS = Array.from({ length: 41 }, (_, i) => -4 + 0.2 * i);
const HS = [0.2, 0.1, 0.05, 0.025, 0.0125];

/** Least-squares slope of log(err) against log(h). */
function slope(hs: number[], errs: number[]): number {
  const lx = hs.map(Math.log), ly = errs.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0, den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

function maxErrors(alpha: number, theta: number, variant: OperatorVariant): number[] {
  const gamma = alpha - 2;
  const ref = XS.map((x) => rieszFellerExact(psi, x, { gamma, theta }));
  return HS.map((h) => {
    const v = rieszFellerAt(psi, XS, { gamma, theta, h, K: Math.round(60 / h), variant });
    return Math.max(...Array.from(v, (y, i) => Math.abs(y - ref[i])));
  });
}

describe("exact reference operator", () => {
  it("quadrature agrees with mpmath (fixture) to 1e-10", () => {
    expectAllClose(
      reference.operator.map((r) => ({
        inputs: r,
        actual: rieszFellerExact(psi, r.x, { gamma: r.alpha - 2, theta: r.theta }),
        expected: r.value,
        tol: { abs: 1e-10 },
      })),
    );
  });

  it("quadrature agrees with the Fourier symbol |ξ|^γ(1 + iθ sgn ξ tan(γπ/2)) to 1e-11", () => {
    const cases = [];
    for (const [alpha, theta] of [[1.9, 0.5], [1.1, -0.8], [1.5, 0]]) {
      for (const x of [-3, -0.5, 0, 0.7, 2.2]) {
        const o = { gamma: alpha - 2, theta };
        cases.push({ inputs: { alpha, theta, x, d: 0 }, actual: rieszFellerExact((y) => Math.exp(-0.5 * y * y), x, o), expected: rieszFellerGaussianFourier(x, { ...o, derivative: 0 }), tol: { abs: 1e-11 } });
        cases.push({ inputs: { alpha, theta, x, d: 1 }, actual: rieszFellerExact(psi, x, o), expected: rieszFellerGaussianFourier(x, { ...o, derivative: 1 }), tol: { abs: 1e-11 } });
      }
    }
    expectAllClose(cases);
  });
});

describe("convergence in h (max error over x ∈ [−4, 4], h = 0.2 … 0.0125, Kh = 60)", () => {
  it.each([
    [1.9, 0.5],
    [1.5, -0.3],
    [1.1, 0.5],
  ])("α = %s, θ = %s: consistent form is order 1 (slope within 0.05), WSGD order 2 (within 0.1)", (alpha, theta) => {
    const c = maxErrors(alpha, theta, "consistent");
    const w = maxErrors(alpha, theta, "wsgd");
    expect(Math.abs(slope(HS, c) - 1), `consistent errors ${c}`).toBeLessThan(0.05);
    expect(Math.abs(slope(HS.slice(1), w.slice(1)) - 2), `wsgd errors ${w}`).toBeLessThan(0.1);
  });

  it("the literal reading (k = 0 once) converges only like h^{2−α}: α = 1.9 slope 0.1 ± 0.03, error stays > 0.19", () => {
    const l = maxErrors(1.9, 0.5, "literal");
    expect(Math.abs(slope(HS, l) - 0.1), `literal errors ${l}`).toBeLessThan(0.03);
    expect(Math.min(...l)).toBeGreaterThan(0.19);
  });

  it("at γ = 0 the consistent form is the identity and the literal form gives ψ/2", () => {
    for (const x of [-1.2, 0.3, 2]) {
      expectClose(rieszFeller(psi, x, { gamma: 0, theta: 0.4, h: 0.1, K: 50 }), psi(x), { abs: 1e-15 }, { x });
      expectClose(rieszFeller(psi, x, { gamma: 0, theta: 0.4, h: 0.1, K: 50, variant: "literal" }), psi(x) / 2, { abs: 1e-15 }, { x });
    }
  });
});

describe("convergence in K", () => {
  it("ψ = 1/(1+x²): truncation error decays like (Kh)^{−α} (WSGD, h = 0.01, Kh = 5 … 80; slope within 0.15 of α)", () => {
    const f = (x: number) => 1 / (1 + x * x);
    for (const [alpha, theta] of [[1.5, 0.3], [1.8, -0.5]]) {
      const gamma = alpha - 2;
      const x = 0.5;
      const ref = rieszFellerExact(f, x, { gamma, theta });
      const Ks = [500, 1000, 2000, 4000, 8000];
      const errs = Ks.map((K) => Math.abs(rieszFeller(f, x, { gamma, theta, h: 0.01, K, variant: "wsgd" }) - ref));
      expect(Math.abs(-slope(Ks, errs) - alpha), `errors ${errs}`).toBeLessThan(0.15);
    }
  });

  it("Gaussian test function: K with Kh ≥ 10 is already at the discretisation error", () => {
    const gamma = -0.5, theta = 0.5, h = 0.05;
    const ref = rieszFellerExact(psi, 0.3, { gamma, theta });
    const e200 = Math.abs(rieszFeller(psi, 0.3, { gamma, theta, h, K: 200 }) - ref);
    const e2000 = Math.abs(rieszFeller(psi, 0.3, { gamma, theta, h, K: 2000 }) - ref);
    expect(Math.abs(e200 - e2000) / e2000).toBeLessThan(0.05);
  });
});

describe("identities", () => {
  const opts = { gamma: -0.7, theta: 0.35, h: 0.03, K: 900 };
  const p1 = (x: number) => Math.exp(-0.5 * (x - 0.4) ** 2);
  const p2 = (x: number) => Math.sin(x) * Math.exp(-0.25 * x * x);

  it.each(["consistent", "literal", "wsgd"] as const)("linearity (%s): Δ(aψ₁ + bψ₂) = aΔψ₁ + bΔψ₂ (abs 1e-13)", (variant) => {
    const o = { ...opts, variant };
    for (const x of [-2, 0, 1.1]) {
      const lhs = rieszFeller((y) => 2.5 * p1(y) - 1.5 * p2(y), x, o);
      expectClose(lhs, 2.5 * rieszFeller(p1, x, o) - 1.5 * rieszFeller(p2, x, o), { abs: 1e-13 }, { x, variant });
    }
  });

  it.each(["consistent", "literal", "wsgd"] as const)("reflection (%s): Δ^{θ}ψ(x) = Δ^{−θ}ψ̌(−x), ψ̌(y) = ψ(−y) (abs 1e-13)", (variant) => {
    for (const x of [-2, 0, 1.1]) {
      const lhs = rieszFeller(p1, x, { ...opts, variant });
      const rhs = rieszFeller((y) => p1(-y), -x, { ...opts, theta: -opts.theta, variant });
      expectClose(lhs, rhs, { abs: 1e-13 }, { x, variant });
    }
  });

  it("θ enters linearly: Δ^{θ} = ½(1+θ)Δ^{1} + ½(1−θ)Δ^{−1}", () => {
    const x = 0.2;
    const v = rieszFeller(p1, x, opts);
    const a = rieszFeller(p1, x, { ...opts, theta: 1 }), b = rieszFeller(p1, x, { ...opts, theta: -1 });
    expectClose(v, 0.5 * (1 + opts.theta) * a + 0.5 * (1 - opts.theta) * b, { abs: 1e-13 });
  });
});

describe("validation", () => {
  it("names the parameter, value and range", () => {
    expect(() => rieszFeller(psi, 0, { gamma: -1.2, theta: 0, h: 0.1, K: 3 })).toThrow("gamma = -1.2 is outside the allowed range (-1, 0]");
    expect(() => rieszFeller(psi, 0, { gamma: -0.5, theta: 1.5, h: 0.1, K: 3 })).toThrow("theta = 1.5 is outside the allowed range [-1, 1]");
    expect(() => rieszFeller(psi, 0, { gamma: -0.5, theta: 0, h: 0, K: 3 })).toThrow("h = 0 is outside the allowed range (0, Infinity)");
    expect(() => rieszFeller(psi, NaN, { gamma: -0.5, theta: 0, h: 0.1, K: 3 })).toThrow("x = NaN");
    expect(() => rieszFeller(psi, 0, { gamma: -0.5, theta: 0, h: 0.1, K: 3, variant: "x" as never })).toThrow('variant = "x"');
  });
});

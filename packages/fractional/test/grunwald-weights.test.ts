/**
 * Grünwald–Letnikov weights against Γ-ratio values from mpmath (fixtures/reference.json,
 * made by fixtures/make_reference.py) and against two closed forms of the generating
 * function Σ g_k x^k = (1 − x)^γ.
 */
import { describe, expect, it } from "vitest";
import { expectAllClose, expectClose } from "@heavytails/test-utils";
import { grunwaldWeights, wsgdWeights } from "../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };

describe("grunwaldWeights", () => {
  it("matches Γ(k − γ)/(Γ(−γ)Γ(k+1)) from mpmath up to k = 10⁶ (rel 1e-9)", () => {
    const byGamma = new Map<number, Float64Array>();
    expectAllClose(
      reference.weights.map((r) => {
        if (!byGamma.has(r.gamma)) byGamma.set(r.gamma, grunwaldWeights(r.gamma, 1_000_000));
        return { inputs: r, actual: byGamma.get(r.gamma)![r.k], expected: r.g, tol: { rel: 1e-9 } };
      }),
    );
  });

  it("partial sums equal the weights of order γ − 1: Σ_{k≤K} g_k^{(γ)} = g_K^{(γ−1)} (rel 1e-12)", () => {
    for (const gamma of [-0.9, -0.37, -0.1]) {
      const g = grunwaldWeights(gamma, 5000);
      // order γ − 1 ∈ (−2, −1) is outside grunwaldWeights' domain (−1, 0]: the same recursion, written out
      const g1 = new Float64Array(5001);
      g1[0] = 1;
      for (let k = 1; k <= 5000; k++) g1[k] = g1[k - 1] * ((k - 1 - (gamma - 1)) / k);
      let s = 0;
      const cases = [];
      for (let k = 0; k <= 5000; k++) {
        s += g[k];
        if (k % 250 === 0) cases.push({ inputs: { gamma, k }, actual: s, expected: g1[k], tol: { rel: 1e-12 } });
      }
      expectAllClose(cases);
    }
  });

  it("generating function Σ g_k x^k = (1 − x)^γ at x = ½ (abs 1e-14)", () => {
    for (const gamma of [-0.9, -0.5, -0.1, 0]) {
      const g = grunwaldWeights(gamma, 200);
      let s = 0;
      for (let k = 200; k >= 0; k--) s = s * 0.5 + g[k];
      expectClose(s, Math.pow(0.5, gamma), { abs: 1e-14 }, { gamma });
    }
  });

  it("are positive and decreasing for γ ∈ (−1, 0); γ = 0 gives the identity stencil", () => {
    const g = grunwaldWeights(-0.4, 1000);
    for (let k = 1; k <= 1000; k++) expect(g[k] > 0 && g[k] < g[k - 1]).toBe(true);
    expect(Array.from(grunwaldWeights(0, 3))).toEqual([1, 0, 0, 0]);
  });

  it("WSGD weights: ω_j = (γ/2) g_{j+1} + (1 − γ/2) g_j and Σ_j ω_j x^j = (1 − x)^γ (γ/(2x) + 1 − γ/2)", () => {
    const gamma = -0.6;
    const w = wsgdWeights(gamma, 300);
    const x = 0.5;
    let s = 0;
    for (let j = 300; j >= -1; j--) s = s * x + w[j + 1];
    s /= x; // the j = −1 term carries x^{−1}
    expectClose(s, Math.pow(1 - x, gamma) * (gamma / (2 * x) + 1 - gamma / 2), { abs: 1e-13 });
  });

  it("rejects bad input with a RangeError naming the parameter", () => {
    expect(() => grunwaldWeights(NaN, 3)).toThrow("gamma = NaN is outside the allowed range (-1, 0]");
    expect(() => grunwaldWeights(-0.5, -1)).toThrow(RangeError);
    expect(() => grunwaldWeights(-0.5, 1.5)).toThrow("K = 1.5 is outside the allowed range");
  });
});

/**
 * `sample` against the package's own `cdf` (the lead's evaluator) for general (α, β):
 * two independent implementations must agree on the law, checked by KS and
 * Anderson–Darling at fixed seeds (p > 1e-3 each).
 */
import { describe, expect, it } from "vitest";
import { andersonDarlingTestUniform, ksTestUniform } from "../src/goodness-of-fit.js";
import { type StableParams, cdf, sample } from "../src/index.js";

const N = 10_000;

function pValues(x: Float64Array, params: StableParams): { ks: number; ad: number } {
  const u = cdf(x, params);
  return { ks: ksTestUniform(u).pValue, ad: andersonDarlingTestUniform(u).pValue };
}

describe("sample agrees with cdf (KS and Anderson–Darling, fixed seeds)", () => {
  const cases: StableParams[] = [
    { alpha: 1.5, beta: 0.5, scale: 2, loc: -1 },
    { alpha: 0.7, beta: -0.8, scale: 1.3, loc: 0.4, parameterization: "S0" },
    { alpha: 1.2, beta: 1 },
    { alpha: 1.9, beta: -0.5, scale: 0.5 },
    { alpha: 0.5, beta: 0.3, loc: 2 },
    { alpha: 1.05, beta: 0.9, parameterization: "S0" },
    { alpha: 1, beta: -0.7, scale: 0.5, loc: -1, parameterization: "S0" },
    // α = 1 in S1 with σ ≠ 1 needs μ₀ = μ₁ + (2/π)βσ log σ in the S0 ↔ S1 conversion
    { alpha: 1, beta: 0.5, scale: 2, loc: 0.3 },
  ];
  it.each(cases.map((p) => [JSON.stringify(p), p] as const))("%s", (_label, params) => {
    const x = sample(N, params, { seed: 2718 });
    const { ks, ad } = pValues(x, params);
    if (!(ks > 1e-3 && ad > 1e-3)) throw new Error(`${JSON.stringify(params)}: KS p = ${ks}, AD p = ${ad}`);
  });

  it("has power: draws with beta = 0.5 are rejected against beta = 0.4", () => {
    const x = sample(N, { alpha: 1.5, beta: 0.5 }, { seed: 2718 });
    expect(pValues(x, { alpha: 1.5, beta: 0.4 }).ks).toBeLessThan(1e-3);
  });
});

/**
 * Where the Zolotarev integrand's constants are small: ε₁ = π − α(π/2 + θ₀) next to α = 2 with
 * β near ∓1 on the light side, ε₁ or π − ε₁ next to α = 1, π/2 ± θ₀ next to a one-sided law,
 * (π/2)(1 − |β|) in the α = 1 integrand.
 * pdf, cdf, sf and logpdf pointwise (the Zolotarev integrals; bulk tables take their density nodes
 * from the fast form, which forms these constants separately) against fixtures/stable-eps1-cancellation.json
 * (mpmath Zolotarev quadrature at 30 digits, cross-checked by Fourier inversion;
 * make_stable_eps1_cancellation.py), with the accuracy tests' 1e-10 relative (logpdf 1e-10 absolute).
 *
 * Found at α = 1.999, β = −0.9999, x = 1.379 (S0), where the pointwise density was off by 4e-8:
 * with ε₁ ≈ 1.6e-7 the integrand has a boundary layer of that width at the upper end of the
 * interval (g falls to 0 within ψ ≲ ε₁), which the quadrature's nodes never saw; ε₁ itself was
 * also formed with cancellation. Its other rows found the same kind of error next to α = 1 and
 * on the short side of a nearly one-sided α < 1 law (π/2 ± θ₀, sin(φ + δ₀) next to π).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectAllClose, type Tolerance } from "@heavytails/test-utils";
import { cdf, logpdf, pdf, sf, type Parameterization } from "../src/index.js";

interface Row {
  group: string;
  alpha: number;
  beta: number;
  parameterization: Parameterization;
  x: number;
  pdf: number | string;
  cdf: number | string;
  sf: number | string;
  logpdf: number | null;
}
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/stable-eps1-cancellation.json", import.meta.url)), "utf8"),
) as { meta: { fourier_check: { points: number; max_relative_difference: number } }; rows: Row[] };

const TOL: Tolerance = { rel: 1e-10 };
const LOG_TOL: Tolerance = { abs: 1e-10 };
const FNS = [
  ["pdf", pdf],
  ["cdf", cdf],
  ["sf", sf],
] as const;
type Case = { inputs: unknown; actual: number; expected: number; tol: Tolerance };

const groups = [...new Set(fixture.rows.map((r) => r.group))];

describe("small ε₁, π − ε₁, π/2 ± θ₀ (α near 2 and 1, |β| near 1) against the mpmath reference", () => {
  it("has the reference rows, and its two mpmath methods agreed", () => {
    expect(fixture.rows.length).toBeGreaterThan(1000);
    expect(groups.length).toBe(5);
    expect(fixture.meta.fourier_check.points).toBeGreaterThan(40);
    expect(fixture.meta.fourier_check.max_relative_difference).toBeLessThan(1e-20);
  });

  for (const group of groups) {
    const rows = fixture.rows.filter((r) => r.group === group);
    it(`${group}: pdf, cdf, sf within 1e-10 relative and logpdf within 1e-10 pointwise`, () => {
      const cases: Case[] = [];
      for (const r of rows) {
        const law = { alpha: r.alpha, beta: r.beta, parameterization: r.parameterization };
        for (const [fn, f] of FNS) {
          const want = r[fn];
          // a string is a value below 1e-300 (or below exp(−1e25), not computed): any result below 1e-300
          const tol = typeof want === "number" ? TOL : { abs: 1e-300 };
          cases.push({ inputs: { ...law, x: r.x, fn }, actual: f(r.x, law), expected: typeof want === "number" ? want : 0, tol });
        }
        // where the density is below 1e-300 (a string) logpdf may underflow to −Infinity (a known limit)
        if (r.logpdf !== null && typeof r.pdf === "number") cases.push({ inputs: { ...law, x: r.x, fn: "logpdf" }, actual: logpdf(r.x, law), expected: r.logpdf, tol: LOG_TOL });
      }
      expectAllClose(cases);
    });
  }
});

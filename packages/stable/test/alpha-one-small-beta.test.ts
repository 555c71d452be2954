/**
 * α = 1 with a small skewness (0 < |β| ≤ 1e-3): pdf, cdf and sf, pointwise and in bulk, against
 * fixtures/stable-alpha1-small-beta.json (mpmath Zolotarev quadrature cross-checked by Fourier
 * inversion; make_stable_alpha1_small_beta.py). Below |β| = 1e-4 the package uses the Cauchy law
 * plus its β-expansion (the integral divides by β: it returned 0 at β = 1e-20 and NaN at
 * β = 4e-323, and lost 1e-17/|β| relative accuracy above that), above it the integral.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectAllClose, type Tolerance } from "@heavytails/test-utils";
import { cdf, pdf, sf, type Parameterization } from "../src/index.js";

interface Row {
  alpha: number;
  beta: number;
  x: number;
  pdf: number;
  cdf: number;
  sf: number;
}
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/stable-alpha1-small-beta.json", import.meta.url)), "utf8"),
) as { rows: Row[]; fourier_check: { points: number; max_relative_difference: number } };

describe("alpha = 1 with small beta against the mpmath reference", () => {
  it("has the reference grid, and its two mpmath methods agreed", () => {
    expect(fixture.rows.length).toBeGreaterThan(90);
    expect(fixture.fourier_check.max_relative_difference).toBeLessThan(1e-20);
  });
  for (const parameterization of ["S1", "S0"] as Parameterization[]) {
    it(`pdf, cdf, sf pointwise and in bulk within 1e-10 relative (${parameterization})`, () => {
      const cases: Array<{ inputs: unknown; actual: number; expected: number; tol: Tolerance }> = [];
      for (const beta of [...new Set(fixture.rows.map((r) => r.beta))]) {
        const g = fixture.rows.filter((r) => r.beta === beta);
        const law = { alpha: 1, beta, parameterization };
        const xs = new Float64Array(64);
        for (let i = 0; i < xs.length; i++) xs[i] = g[i % g.length].x;
        const bulk = { pdf: pdf(xs, law), cdf: cdf(xs, law), sf: sf(xs, law) };
        g.forEach((r, i) => {
          for (const [fn, f] of [["pdf", pdf], ["cdf", cdf], ["sf", sf]] as const) {
            cases.push({ inputs: { ...law, x: r.x, fn }, actual: f(r.x, law), expected: r[fn], tol: { rel: 1e-10 } });
            cases.push({ inputs: { ...law, x: r.x, fn, bulk: true }, actual: bulk[fn][i], expected: r[fn], tol: { rel: 1e-10 } });
          }
        });
      }
      expectAllClose(cases);
    });
  }
});

/**
 * pdf, cdf and sf against the independent high-precision reference in
 * fixtures/stable-reference-{S0,S1}.json (mpmath, see fixtures/README.md):
 * pdf within 1e-10 relative, cdf and sf within 1e-10 relative (which implies
 * 1e-10 absolute), for α ∈ [0.5, 2], β ∈ [−1, 1], |x| ≤ 100, both
 * parameterizations — pointwise (number input) and bulk (Float64Array, tables).
 * In S0 with 0 < |α − 1| < 0.02 (α ∈ {0.99, 0.999, 1.001, 1.01}) the tolerance adds the
 * effect of rounding ζ to double precision, computed from the reference alone (see
 * `s0Allowance`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectAllClose } from "@heavytails/test-utils";
import { cdf, pdf, sf, type Parameterization } from "../src/index.js";

interface Row {
  alpha: number;
  beta: number;
  parameterization: Parameterization;
  x: number;
  pdf: number | string;
  cdf: number | string;
  sf: number | string;
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), "utf8")) as T;
}

function load(param: Parameterization): Row[] {
  return fixture<{ rows: Row[] }>(`stable-reference-${param}.json`).rows;
}

const TOL = { rel: 1e-10 };

/**
 * d log pdf/dx of the standard S0 law from the reference method (mpmath, central difference;
 * fixtures/make_stable_reference_slope.py), at every S0 row with 0 < |α − 1| < 0.02, β ≠ 0
 * and a numeric pdf > 0. Keyed by `${alpha}:${beta}:${x}`.
 */
const S0_SLOPE = new Map(
  fixture<{ rows: Array<{ alpha: number; beta: number; x: number; dlogpdf_dx: number }> }>("stable-reference-slope.json").rows.map(
    (r) => [`${r.alpha}:${r.beta}:${r.x}`, r.dlogpdf_dx] as const,
  ),
);

/** Where the rounding of ζ is allowed for: S0, 0 < |α − 1| < 0.02 (α ∈ {0.99, 0.999, 1.001, 1.01}), β ≠ 0. */
function nearOneS0(param: Parameterization, r: Row): boolean {
  return param === "S0" && r.alpha !== 1 && Math.abs(r.alpha - 1) < 0.02 && r.beta !== 0;
}

/** A reference value as a number (strings are below 1e-300, or "<1e-300": 0). */
function value(v: number | string): number {
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Extra relative tolerance for S0 rows with 0 < |α − 1| < 0.02, β ≠ 0; 0 everywhere else.
 *
 * S0 is evaluated at x − ζ with ζ = −β tan(πα/2), which a double-precision implementation
 * rounds: πα/2 carries a relative error ≤ 2⁻⁵² and tan one more rounding, so
 * |δζ| ≤ 2⁻⁵²|β|(|tan(πα/2)| + (πα/2)/cos²(πα/2)) (≈ 1.4e-10|β| at α = 0.999 and 1.001). The
 * reference used the exact ζ, so any correct double evaluation may differ from it by
 * |δζ|·|d log v/dx| relative. The slope comes from the reference, never from the code under
 * test: for the pdf from the mpmath slope fixture, for the cdf and sf from the identities
 * d log F/dx = f/F and d log S/dx = −f/S with f, F, S the row's own reference values.
 *
 * At α = 1 there is no ζ (S0 and S1 are the same law), so no allowance. At the other grid α
 * (|α − 1| ≥ 0.1) |δζ| < 1.5e-14|β| and the rows are held to 1e-10 with no allowance. cos(πα/2) is taken as
 * sin(π|1 − α|/2) (1 − α is exact in double for α ∈ [0.5, 2]), which has no cancellation.
 */
function s0Allowance(fn: "pdf" | "cdf" | "sf", param: Parameterization, r: Row): number {
  if (!nearOneS0(param, r)) return 0;
  const h = (Math.PI * r.alpha) / 2;
  const c = Math.sin((Math.PI * Math.abs(1 - r.alpha)) / 2);
  const deltaZeta = 2 ** -52 * Math.abs(r.beta) * (Math.abs(Math.tan(h)) + h / (c * c));
  let slope: number;
  if (fn === "pdf") {
    const s = S0_SLOPE.get(`${r.alpha}:${r.beta}:${r.x}`);
    if (s === undefined) {
      if (typeof r.pdf === "number" && r.pdf > 0) throw new Error(`no reference slope for S0 row ${JSON.stringify(r)}: regenerate fixtures/stable-reference-slope.json`);
      return 0; // pdf 0 (outside the support: compared exactly) or below 1e-300 (not compared)
    }
    slope = Math.abs(s);
  } else {
    const v = value(r[fn]);
    slope = v > 0 ? value(r.pdf) / v : 0;
  }
  return deltaZeta * slope;
}

/** Reference values stored as strings are below 1e-300 (or not computed): compare only numbers. */
function numeric(v: number | string): v is number {
  return typeof v === "number";
}

/** Register the checks for one parameterization; `bulk` adds the Float64Array (table) path. */
export function referenceSuite(param: Parameterization, options: { pointwise: boolean; bulk: boolean }): void {
  const rows = load(param).filter((r) => Math.abs(r.x) <= 100 && r.alpha >= 0.5);
  describe(`stable law against the mpmath reference, ${param}`, () => {
    it("has a reference grid", () => {
      expect(rows.length).toBeGreaterThan(1000);
    });
    it("allows for the rounding of ζ only in S0 next to α = 1 (never at α = 1), and by at most 2e-7 relative", () => {
      let worst = 0;
      for (const r of rows)
        for (const fn of ["pdf", "cdf", "sf"] as const) {
          const a = s0Allowance(fn, param, r);
          if (a > 0) expect(nearOneS0(param, r)).toBe(true);
          worst = Math.max(worst, a);
        }
      // largest at α = 0.999, β = ±1, x = ∓5 (|d log f/dx| ≈ 977 by the reference): 1.4e-7
      expect(worst).toBeLessThan(2e-7);
      if (param === "S1") expect(worst).toBe(0);
    });
    for (const fn of ["pdf", "cdf", "sf"] as const) {
      const f = fn === "pdf" ? pdf : fn === "cdf" ? cdf : sf;
      it.runIf(options.pointwise)(`${fn} pointwise within 1e-10 relative`, () => {
        const cases = rows
          .filter((r) => numeric(r[fn]))
          .map((r) => ({
            inputs: { alpha: r.alpha, beta: r.beta, x: r.x, param },
            actual: f(r.x, { alpha: r.alpha, beta: r.beta, parameterization: param }),
            expected: r[fn] as number,
            tol: { rel: TOL.rel + s0Allowance(fn, param, r) },
          }));
        expectAllClose(cases);
      });
      // one test per α, so that no single test blocks the worker for long
      for (const alpha of [...new Set(rows.map((r) => r.alpha))]) {
        it.runIf(options.bulk)(`${fn} in bulk (tables) within 1e-10 relative, alpha = ${alpha}`, () => {
          const groups = new Map<string, Row[]>();
          for (const r of rows) {
            if (r.alpha !== alpha || !numeric(r[fn])) continue;
            const key = `${r.alpha}:${r.beta}`;
            const g = groups.get(key);
            if (g) g.push(r);
            else groups.set(key, [r]);
          }
          const cases: Array<{ inputs: unknown; actual: number; expected: number; tol: { rel: number } }> = [];
          for (const g of groups.values()) {
            const xs = new Float64Array(Math.max(64, g.length));
            for (let i = 0; i < xs.length; i++) xs[i] = g[i % g.length].x;
            const out = f(xs, { alpha: g[0].alpha, beta: g[0].beta, parameterization: param });
            g.forEach((r, i) =>
              cases.push({
                inputs: { alpha: r.alpha, beta: r.beta, x: r.x, param, bulk: true },
                actual: out[i],
                expected: r[fn] as number,
                tol: { rel: TOL.rel + s0Allowance(fn, param, r) },
              }),
            );
          }
          expectAllClose(cases);
        });
      }
    }
  });
}

/**
 * The far-tail / near-location reference (fixtures/stable-far-tails.json, made by
 * fixtures/make_stable_far_tails.py) and the bulk check shared by test/far-tails.test.ts and
 * test/long/far-tails-bulk.test.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expectAllClose, type Tolerance } from "@heavytails/test-utils";
import { cdf, logpdf, pdf, sf, type Parameterization } from "../src/index.js";

export type V = number | string | null;
export interface Row {
  alpha: number;
  beta: number;
  parameterization: Parameterization;
  x: number;
  pdf: V;
  cdf: V;
  sf: V;
  logpdf: V;
}

export const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/stable-far-tails.json", import.meta.url)), "utf8"),
) as { rows: Row[]; quadrature_check: { points: number; max_relative_difference: number } };
export const rows = fixture.rows;
export const REL = 1e-10;

/** A double reference value, or undefined (outside the double range / not computed). */
export function num(v: V): number | undefined {
  return typeof v === "number" ? v : undefined;
}
export function logNum(v: V): number | undefined {
  if (v === "-Infinity") return -Infinity;
  return typeof v === "number" ? v : undefined;
}

export const fns = { pdf, cdf, sf } as const;

/**
 * The light side of α > 1, |β| = 1 (S1 offset x − ζ of sign −β): no power tail, the density falls
 * like exp(−c|x|^{α/(α−1)}); its log below the smallest double is −Infinity by design (README,
 * known limits), so logpdf is compared there only where the density is a normal double.
 */
export function lightSideBelowRange(r: Row, logRef: number): boolean {
  if (!(r.alpha > 1 && Math.abs(r.beta) === 1) || logRef > -700) return false;
  const offset = r.parameterization === "S1" ? r.x : r.x + r.beta * Math.tan((Math.PI * r.alpha) / 2);
  return Math.sign(offset) === -r.beta;
}
export type Case = { inputs: unknown; actual: number; expected: number; tol: Tolerance };

/** Values of every row through the Float64Array (table) path, against the reference. */
export function bulkCheck(subset: Row[]): void {
  const groups = new Map<string, Row[]>();
  for (const r of subset) {
    const k = `${r.alpha}:${r.beta}:${r.parameterization}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const cases: Case[] = [];
  for (const g of groups.values()) {
    const law = { alpha: g[0].alpha, beta: g[0].beta, parameterization: g[0].parameterization };
    const xs = new Float64Array(Math.max(64, g.length));
    for (let i = 0; i < xs.length; i++) xs[i] = g[i % g.length].x;
    const out = { pdf: pdf(xs, law), cdf: cdf(xs, law), sf: sf(xs, law), logpdf: logpdf(xs, law) };
    g.forEach((r, i) => {
      for (const fn of ["pdf", "cdf", "sf"] as const) {
        const e = num(r[fn]);
        if (e === undefined) continue;
        cases.push({ inputs: { ...law, x: r.x, fn, bulk: true }, actual: out[fn][i], expected: e, tol: e === 0 ? { abs: 1e-300 } : { rel: REL } });
      }
      const le = logNum(r.logpdf);
      if (le !== undefined && le > -Infinity && !lightSideBelowRange(r, le)) cases.push({ inputs: { ...law, x: r.x, fn: "logpdf", bulk: true }, actual: out.logpdf[i], expected: le, tol: { abs: REL } });
    });
  }
  expectAllClose(cases);
}


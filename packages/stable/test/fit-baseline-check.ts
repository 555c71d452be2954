/**
 * Shared by test/fit-baseline.test.ts and test/long/fit-baseline-near-one.test.ts: today's fit of the
 * seeded data of fixtures/fit-baseline.json (cold, and warm from the nearby law's fit) must land on
 * the maxima that the fit of commit 1f0178d found (scripts/make-fit-baseline.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fit, sample } from "../src/index.js";

export interface BaselineRow {
  law: { alpha: number; beta: number };
  n: number;
  seed: number;
  cold: { alpha: number; beta: number; scale: number; logLikelihood: number; tablesBuilt: number };
  start: { alpha: number; beta: number; scale: number; loc: number };
  warm: { alpha: number; beta: number; scale: number; logLikelihood: number; tablesBuilt: number };
}

export const BASELINE: BaselineRow[] = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/fit-baseline.json", import.meta.url)), "utf8")).rows;

/** Same maximum: |Δα| ≤ 2e-3 (issue 11), |Δβ| ≤ 5e-3, relative |Δσ| ≤ 2e-3, log-likelihood within 5e-3. */
export const SAME_MAXIMUM = { alpha: 2e-3, beta: 5e-3, scale: 2e-3, logLikelihood: 5e-3 };

/** The differences that exceed SAME_MAXIMUM, as text (empty: the same maximum). */
export function differences(
  got: { alpha: number; beta: number; scale: number; logLikelihood: number },
  want: { alpha: number; beta: number; scale: number; logLikelihood: number },
): string[] {
  const out: string[] = [];
  const d = {
    alpha: Math.abs(got.alpha - want.alpha),
    beta: Math.abs(got.beta - want.beta),
    scale: Math.abs(got.scale - want.scale) / want.scale,
    logLikelihood: Math.abs(got.logLikelihood - want.logLikelihood),
  };
  for (const k of ["alpha", "beta", "scale", "logLikelihood"] as const) {
    if (!(d[k] <= SAME_MAXIMUM[k])) out.push(`${k}: got ${got[k]}, baseline ${want[k]}, difference ${d[k]} > ${SAME_MAXIMUM[k]}`);
  }
  return out;
}

/** Fit the row's data cold and warm; the differences from the baseline (empty when both match). */
export function compareRow(row: BaselineRow): string[] {
  const data = sample(row.n, { ...row.law, scale: 1, loc: 0 }, { seed: row.seed });
  const cold = fit(data, { fix: { loc: 0 } });
  const warm = fit(data, { fix: { loc: 0 }, start: row.start });
  const tag = `alpha=${row.law.alpha}, beta=${row.law.beta}`;
  return [
    ...differences(cold, row.cold).map((s) => `${tag} cold: ${s}`),
    ...differences(warm, row.warm).map((s) => `${tag} warm: ${s}`),
    ...(warm.warmStart ? [] : [`${tag} warm: the start was not used`]),
  ];
}

/** Rows next to α = 1 (slow: tens of Newton iterations on S1's curved ridge), for the long tests. */
export const nearOne = (row: BaselineRow): boolean => Math.abs(row.law.alpha - 1) < 0.1;

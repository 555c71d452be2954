/**
 * Density and log-density of S_α(σ, β, μ) (paper §2) in the S1 or S0
 * parameterization. A number gives a number; a Float64Array gives a
 * Float64Array and, from BULK_THRESHOLD points on, goes through a cached
 * per-(α, β) Chebyshev table (relative error ≲ 1e-12) instead of one
 * quadrature per point.
 */
import type { StableParams } from "./params.js";
import { stableTable } from "./stable-table.js";
import { standardLogPdf, standardPdf } from "./standard-stable.js";
import { BULK_THRESHOLD, checkInput, standardize } from "./standardize.js";

/** Probability density f(x). */
export function pdf(x: number, params: StableParams): number;
export function pdf(x: Float64Array, params: StableParams): Float64Array;
export function pdf(x: number | Float64Array, params: StableParams): number | Float64Array {
  checkInput("x", x);
  const s = standardize(params);
  const inv = 1 / s.scale;
  if (typeof x === "number") return standardPdf((x - s.loc0) * inv, s.alpha, s.beta) * inv;
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, "pdf");
    for (let i = 0; i < x.length; i++) out[i] = table.value((x[i] - s.loc0) * inv) * inv;
  } else {
    for (let i = 0; i < x.length; i++) out[i] = standardPdf((x[i] - s.loc0) * inv, s.alpha, s.beta) * inv;
  }
  return out;
}

/** log f(x); −Infinity outside the support. */
export function logpdf(x: number, params: StableParams): number;
export function logpdf(x: Float64Array, params: StableParams): Float64Array;
export function logpdf(x: number | Float64Array, params: StableParams): number | Float64Array {
  checkInput("x", x);
  const s = standardize(params);
  const inv = 1 / s.scale;
  const logScale = Math.log(s.scale);
  if (typeof x === "number") return standardLogPdf((x - s.loc0) * inv, s.alpha, s.beta) - logScale;
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, "pdf");
    for (let i = 0; i < x.length; i++) out[i] = table.logValue((x[i] - s.loc0) * inv) - logScale;
  } else {
    for (let i = 0; i < x.length; i++) out[i] = standardLogPdf((x[i] - s.loc0) * inv, s.alpha, s.beta) - logScale;
  }
  return out;
}


/**
 * Density and log-density of S_α(σ, β, μ) (paper §2) in the S1 or S0
 * parameterization. A number gives a number; a Float64Array gives a
 * Float64Array and, from BULK_THRESHOLD points on, goes through a cached
 * per-(α, β) Chebyshev table (relative error ≲ 1e-12) instead of one
 * quadrature per point.
 */
import type { StableParams } from "./params.js";
import { stableTable } from "./stable-table.js";
import { densityFromZeta, isNearOne, logDensityFromZeta, standardLogPdf, standardPdf } from "./standard-stable.js";
import { BULK_THRESHOLD, checkInput, outsideSupport, standardize, type Standardized } from "./standardize.js";

/** Probability density f(x). */
export function pdf(x: number, params: StableParams): number;
export function pdf(x: Float64Array, params: StableParams): Float64Array;
export function pdf(x: number | Float64Array, params: StableParams): number | Float64Array {
  checkInput("x", x);
  const s = standardize(params);
  const inv = 1 / s.scale;
  if (typeof x === "number") return pointPdf(x, s);
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, "pdf");
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      out[i] = outsideSupport(xi, s) ? 0 : table.value((xi - s.loc0) * inv) * inv;
    }
  } else {
    for (let i = 0; i < x.length; i++) out[i] = pointPdf(x[i], s);
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
  if (typeof x === "number") return pointLogPdf(x, s);
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, "pdf");
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      out[i] = outsideSupport(xi, s) ? -Infinity : table.logValue((xi - s.loc0) * inv) - logScale;
    }
  } else {
    for (let i = 0; i < x.length; i++) out[i] = pointLogPdf(x[i], s);
  }
  return out;
}

/** Pointwise density; for α ∉ {1, 2} through the exact offset (x − μ₁)/σ from ζ. */
function pointPdf(x: number, s: Standardized): number {
  const inv = 1 / s.scale;
  if (s.alpha === 2 || isNearOne(s.alpha)) return standardPdf((x - s.loc0) * inv, s.alpha, s.beta) * inv;
  return densityFromZeta((x - s.loc1) * inv, s.alpha, s.beta) * inv;
}

function pointLogPdf(x: number, s: Standardized): number {
  if (s.alpha === 2 || isNearOne(s.alpha)) return standardLogPdf((x - s.loc0) / s.scale, s.alpha, s.beta) - Math.log(s.scale);
  // log of the standard density minus log σ: finite where f/σ underflows (huge σ, far tails)
  return logDensityFromZeta((x - s.loc1) / s.scale, s.alpha, s.beta) - Math.log(s.scale);
}


/**
 * Quantile function (inverse cdf) of S_α(σ, β, μ). Solves log F(z) = log p for
 * p ≤ ½ and log(1 − F(z)) = log(1 − p) otherwise, by Newton's method on the
 * logarithm safeguarded by a bracket (bisection in asinh(z) when a step leaves
 * it), so both tails are inverted with relative accuracy. Bulk inputs use the
 * cached cdf/sf/pdf tables.
 */
import type { StableParams } from "./params.js";
import { stableTable } from "./stable-table.js";
import { standardCdf, standardPdf, standardSf } from "./standard-stable.js";
import { BULK_THRESHOLD, standardize } from "./standardize.js";
import { rangeError } from "./validate.js";

interface Evaluator {
  cdf(z: number): number;
  sf(z: number): number;
  pdf(z: number): number;
}

/** asinh(Number.MAX_VALUE): the bracket in u = asinh(z) never goes beyond ±MAX_VALUE. */
const U_MAX = Math.asinh(Number.MAX_VALUE);

/** Standard-law quantile for one probability (0 < p < 1). */
function standardQuantile(p: number, ev: Evaluator): number {
  const lower = p <= 0.5;
  const target = Math.log(lower ? p : 1 - p);
  // g(z) = log P − target, increasing in z for the cdf, decreasing for the sf
  const g = (z: number): number => Math.log(lower ? ev.cdf(z) : ev.sf(z)) - target;
  const sign = lower ? 1 : -1;
  // bracket in u = asinh(z)
  let uLo = -1;
  let uHi = 1;
  let gLo = sign * g(Math.sinh(uLo));
  let gHi = sign * g(Math.sinh(uHi));
  // expand the bracket up to ±U_MAX (z = ±MAX_VALUE); a root beyond it is a quantile outside the
  // double range: ±Infinity (a bracket end at z = ±Infinity would stall the iteration there)
  for (let i = 0; i < 200 && !(gLo < 0); i++) {
    if (uLo === -U_MAX) return -Infinity;
    uHi = uLo;
    gHi = gLo;
    uLo = Math.max(2 * uLo, -U_MAX);
    gLo = sign * g(Math.sinh(uLo));
  }
  for (let i = 0; i < 200 && !(gHi > 0); i++) {
    if (uHi === U_MAX) return Infinity;
    uLo = uHi;
    gLo = gHi;
    uHi = Math.min(2 * uHi, U_MAX);
    gHi = sign * g(Math.sinh(uHi));
  }
  // g = −Infinity below a support edge is a valid "below" value; +Infinity cannot occur
  let zLo = Math.sinh(uLo);
  let zHi = Math.sinh(uHi);
  let z = Math.sinh(0.5 * (uLo + uHi));
  for (let it = 0; it < 100; it++) {
    const P = lower ? ev.cdf(z) : ev.sf(z);
    const gz = sign * (Math.log(P) - target);
    if (gz === 0) return z;
    if (gz < 0) zLo = z;
    else zHi = z;
    // Newton on log P: d log P/dz = ±f/P
    const f = ev.pdf(z);
    let next = z - gz / (f / P);
    if (!(next > zLo && next < zHi) || !Number.isFinite(next)) {
      next = Math.sinh(0.5 * (Math.asinh(zLo) + Math.asinh(zHi)));
    }
    if (Math.abs(next - z) <= 4e-16 * Math.abs(z) + 1e-300 || zHi - zLo <= 4e-16 * Math.max(Math.abs(zLo), Math.abs(zHi))) {
      return next;
    }
    z = next;
  }
  return z;
}

function supportEnds(alpha: number, beta: number): [number, number] {
  if (alpha < 1 && beta === 1) return [-beta * Math.tan((Math.PI * alpha) / 2), Infinity];
  if (alpha < 1 && beta === -1) return [-Infinity, -beta * Math.tan((Math.PI * alpha) / 2)];
  return [-Infinity, Infinity];
}

/** Quantile function: the x with P(X ≤ x) = p, for p in [0, 1]. */
export function quantile(p: number, params: StableParams): number;
export function quantile(p: Float64Array, params: StableParams): Float64Array;
export function quantile(p: number | Float64Array, params: StableParams): number | Float64Array {
  if (typeof p !== "number" && !(p instanceof Float64Array)) throw new TypeError("p must be a number or a Float64Array");
  const s = standardize(params);
  const [zMin, zMax] = supportEnds(s.alpha, s.beta);
  const one = (q: number, ev: Evaluator): number => {
    if (!(q >= 0 && q <= 1)) throw rangeError("p", q, "[0, 1]");
    const z = q === 0 ? zMin : q === 1 ? zMax : standardQuantile(q, ev);
    return s.loc0 + s.scale * z;
  };
  const direct: Evaluator = {
    cdf: (z) => standardCdf(z, s.alpha, s.beta),
    sf: (z) => standardSf(z, s.alpha, s.beta),
    pdf: (z) => standardPdf(z, s.alpha, s.beta),
  };
  if (typeof p === "number") return one(p, direct);
  let ev = direct;
  if (p.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const tc = stableTable(s.alpha, s.beta, "cdf");
    const ts = stableTable(s.alpha, s.beta, "sf");
    const tp = stableTable(s.alpha, s.beta, "pdf");
    ev = { cdf: (z) => tc.value(z), sf: (z) => ts.value(z), pdf: (z) => tp.value(z) };
  }
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = one(p[i], ev);
  return out;
}

/**
 * Distribution function F(x) = P(X ≤ x) and survival function 1 − F(x) of
 * S_α(σ, β, μ), each computed from its own integral so that both tails keep
 * relative accuracy. Bulk Float64Array inputs use cached per-(α, β) tables.
 */
import type { StableParams } from "./params.js";
import { stableTable, type TableKind } from "./stable-table.js";
import { isNearOne, probabilityFromZeta, standardProbability } from "./standard-stable.js";
import { BULK_THRESHOLD, checkInput, outsideSupport, standardize } from "./standardize.js";

function probability(x: number | Float64Array, params: StableParams, kind: TableKind): number | Float64Array {
  checkInput("x", x);
  const s = standardize(params);
  const inv = 1 / s.scale;
  const lower = kind === "cdf";
  // outside a one-sided support: P(X ≤ x) is 0 below the edge of β = 1 and 1 above the edge of β = −1
  const outsideValue = (s.edge === 1) === lower ? 0 : 1;
  const point = (xi: number): number => {
    if (outsideSupport(xi, s)) return outsideValue;
    if (s.alpha === 2 || isNearOne(s.alpha)) return standardProbability((xi - s.loc0) * inv, s.alpha, s.beta, lower);
    return probabilityFromZeta((xi - s.loc1) * inv, s.alpha, s.beta, lower);
  };
  if (typeof x === "number") return point(x);
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, kind);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      out[i] = outsideSupport(xi, s) ? outsideValue : table.value((xi - s.loc0) * inv);
    }
  } else {
    for (let i = 0; i < x.length; i++) out[i] = point(x[i]);
  }
  return out;
}

/** Cumulative distribution function P(X ≤ x). */
export function cdf(x: number, params: StableParams): number;
export function cdf(x: Float64Array, params: StableParams): Float64Array;
export function cdf(x: number | Float64Array, params: StableParams): number | Float64Array {
  return probability(x, params, "cdf");
}

/** Survival function P(X > x), accurate in the right tail. */
export function sf(x: number, params: StableParams): number;
export function sf(x: Float64Array, params: StableParams): Float64Array;
export function sf(x: number | Float64Array, params: StableParams): number | Float64Array {
  return probability(x, params, "sf");
}

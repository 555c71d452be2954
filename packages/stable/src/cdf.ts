/**
 * Distribution function F(x) = P(X ≤ x) and survival function 1 − F(x) of
 * S_α(σ, β, μ), each computed from its own integral so that both tails keep
 * relative accuracy. Bulk Float64Array inputs use cached per-(α, β) tables.
 */
import type { StableParams } from "./params.js";
import { stableTable, type TableKind } from "./stable-table.js";
import { standardCdf, standardSf } from "./standard-stable.js";
import { BULK_THRESHOLD, checkInput, standardize } from "./standardize.js";

function probability(x: number | Float64Array, params: StableParams, kind: TableKind): number | Float64Array {
  checkInput("x", x);
  const s = standardize(params);
  const inv = 1 / s.scale;
  const direct = kind === "cdf" ? standardCdf : standardSf;
  if (typeof x === "number") return direct((x - s.loc0) * inv, s.alpha, s.beta);
  const out = new Float64Array(x.length);
  if (x.length >= BULK_THRESHOLD && s.alpha !== 2) {
    const table = stableTable(s.alpha, s.beta, kind);
    for (let i = 0; i < x.length; i++) out[i] = table.value((x[i] - s.loc0) * inv);
  } else {
    for (let i = 0; i < x.length; i++) out[i] = direct((x[i] - s.loc0) * inv, s.alpha, s.beta);
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

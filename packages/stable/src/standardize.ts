/**
 * Mapping between a user's S0/S1 law with scale and location and the standard
 * S0 law that the evaluators work on: X = σ Z + loc₀, Z ~ S_α(1, β, 0; S0).
 */
import { resolveStableParams, s0Location, type StableParams } from "./params.js";

export interface Standardized {
  alpha: number;
  beta: number;
  scale: number;
  /** Location of the S0 form of the law. */
  loc0: number;
}

export function standardize(params: StableParams): Standardized {
  const p = resolveStableParams(params);
  return { alpha: p.alpha, beta: p.beta, scale: p.scale, loc0: s0Location(p) };
}

/** Evaluate table-or-direct over a Float64Array: bulk inputs above this size build a table. */
export const BULK_THRESHOLD = 64;

/** Require x to be a number or a Float64Array. */
export function checkInput(name: string, x: unknown): void {
  if (typeof x !== "number" && !(x instanceof Float64Array)) {
    throw new TypeError(`${name} must be a number or a Float64Array`);
  }
}

/**
 * Mapping between a user's S0/S1 law with scale and location and the standard
 * S0 law that the evaluators work on: X = σ Z + loc₀, Z ~ S_α(1, β, 0; S0).
 */
import { resolveStableParams, s0Location, type StableParams } from "./params.js";
import { tanHalfPiAlpha } from "./zolotarev.js";

export interface Standardized {
  alpha: number;
  beta: number;
  scale: number;
  /** Location of the S0 form of the law. */
  loc0: number;
  /**
   * Location of the S1 form (α ≠ 1): (x − loc1)/σ is the offset x − ζ of the
   * standard law, exact for S1 input, and for α < 1, |β| = 1 the support edge.
   */
  loc1: number;
  /** +1: support [loc1, ∞); −1: support (−∞, loc1]; 0: the whole line. */
  edge: -1 | 0 | 1;
}

export function standardize(params: StableParams): Standardized {
  const p = resolveStableParams(params);
  const loc0 = s0Location(p);
  const loc1 =
    p.parameterization === "S1" ? p.loc : p.alpha === 1 ? loc0 : loc0 - p.beta * p.scale * tanHalfPiAlpha(p.alpha);
  const edge = p.alpha < 1 && (p.beta === 1 || p.beta === -1) ? (p.beta as 1 | -1) : 0;
  return { alpha: p.alpha, beta: p.beta, scale: p.scale, loc0, loc1, edge };
}

/** True when x lies outside the support (or on its edge, where the density is 0). */
export function outsideSupport(x: number, s: Standardized): boolean {
  return s.edge !== 0 && (x - s.loc1) * s.edge <= 0;
}

/** Evaluate table-or-direct over a Float64Array: bulk inputs above this size build a table. */
export const BULK_THRESHOLD = 64;

/** Require x to be a number or a Float64Array. */
export function checkInput(name: string, x: unknown): void {
  if (typeof x !== "number" && !(x instanceof Float64Array)) {
    throw new TypeError(`${name} must be a number or a Float64Array`);
  }
}

/**
 * Parameters of the α-stable law S_α(σ, β, μ) (paper §2, "Stable Distributions")
 * and the two parameterizations:
 *
 * - **S1** (Samorodnitsky–Taqqu 1994; the paper's and scipy's default):
 *   E e^{iξX} = exp(−σ^α|ξ|^α (1 − iβ sgn ξ tan(πα/2)) + iμξ) for α ≠ 1,
 *   exp(−σ|ξ| (1 + iβ (2/π) sgn ξ log|ξ|) + iμξ) for α = 1.
 * - **S0** (Nolan): jointly continuous in all four parameters;
 *   the S0 location is μ₀ = μ₁ + βσ tan(πα/2) for α ≠ 1 and μ₀ = μ₁ + β(2/π)σ log σ for
 *   α = 1 (Nolan, eq. 1.10): X = σZ₀ + μ₀ with Z₀ standard S0.
 */
import { checkClosed, checkFinite, checkLeftOpen, checkPositive, rangeError } from "./validate.js";

export type Parameterization = "S0" | "S1";

/** Parameters as users pass them: scale defaults to 1, loc to 0, parameterization to 'S1'. */
export interface StableParams {
  /** Tail index α ∈ (0, 2]. */
  alpha: number;
  /** Skewness β ∈ [−1, 1] (the paper's θ). */
  beta: number;
  /** Scale σ > 0 (default 1). */
  scale?: number;
  /** Location μ (default 0). */
  loc?: number;
  /** 'S1' (default) or 'S0'. */
  parameterization?: Parameterization;
}

/** Validated parameters with every default filled in. */
export interface ResolvedStableParams {
  alpha: number;
  beta: number;
  scale: number;
  loc: number;
  parameterization: Parameterization;
}

/** Validate and fill defaults; throws a RangeError naming any bad parameter. */
export function resolveStableParams(params: StableParams): ResolvedStableParams {
  if (params == null || typeof params !== "object") {
    throw new TypeError("params must be an object { alpha, beta, scale?, loc?, parameterization? }");
  }
  const alpha = checkLeftOpen("alpha", params.alpha, 0, 2);
  const beta = checkClosed("beta", params.beta, -1, 1);
  const scale = params.scale === undefined ? 1 : checkPositive("scale", params.scale);
  const loc = params.loc === undefined ? 0 : checkFinite("loc", params.loc);
  const parameterization = params.parameterization ?? "S1";
  if (parameterization !== "S0" && parameterization !== "S1") {
    throw rangeError("parameterization", parameterization, "{'S0', 'S1'}");
  }
  return { alpha, beta, scale, loc, parameterization };
}

/**
 * Location of the S0 form of the same law: X = σ Z₀ + loc0 with Z₀ standard S0.
 * For S1 input this is μ₁ + βσ tan(πα/2) (α ≠ 1) or μ₁ + β(2/π)σ log σ (α = 1).
 */
export function s0Location(p: ResolvedStableParams): number {
  if (p.parameterization === "S0") return p.loc;
  if (p.alpha === 1) return p.loc + p.beta * (2 / Math.PI) * p.scale * Math.log(p.scale);
  return p.loc + p.beta * p.scale * Math.tan((Math.PI * p.alpha) / 2);
}

/** Convert parameters to the requested parameterization (same law, other location). */
export function convertParameterization(params: StableParams, to: Parameterization): ResolvedStableParams {
  const p = resolveStableParams(params);
  if (p.parameterization === to) return p;
  const loc0 = s0Location(p);
  if (to === "S0") return { ...p, loc: loc0, parameterization: "S0" };
  const loc1 =
    p.alpha === 1
      ? loc0 - p.beta * (2 / Math.PI) * p.scale * Math.log(p.scale)
      : loc0 - p.beta * p.scale * Math.tan((Math.PI * p.alpha) / 2);
  return { ...p, loc: loc1, parameterization: "S1" };
}

/**
 * The standard stable law S_α(1, β, 0) in Nolan's S0 parameterization, evaluated
 * pointwise to near machine precision: density, log-density, cdf and survival
 * function. Special cases use closed forms (α = 2 normal with variance 2,
 * α = 1 β = 0 Cauchy); everything else goes through the Zolotarev integrals.
 */
import { erfc, logGamma } from "./special-functions.js";
import {
  DENSITY,
  EXP,
  ONE_MINUS_EXP,
  ZOLOTAREV_REL_TOL,
  tanHalfPiAlpha,
  theta0Of,
  zolotarevIntegralNotOne,
  zolotarevIntegralOne,
} from "./zolotarev.js";

const INV_PI = 1 / Math.PI;
const INV_2_SQRT_PI = 0.28209479177387814347;

/** Density at the point x = ζ, where the integral form degenerates (Nolan 1997). */
function densityAtZeta(alpha: number, beta: number): number {
  if (alpha < 1 && (beta === 1 || beta === -1)) return 0; // the edge of the support
  const zeta = -beta * tanHalfPiAlpha(alpha);
  const theta0 = theta0Of(alpha, beta);
  return Math.exp(logGamma(1 + 1 / alpha) - Math.log1p(zeta * zeta) / (2 * alpha)) * Math.cos(theta0) * INV_PI;
}

/**
 * Standard S0 density f(x; α, β). `relTol` is the quadrature tolerance (the
 * default aims at full double precision; table builders for fitting pass less).
 */
export function standardPdf(x: number, alpha: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  if (nearOne(alpha, beta)) return acrossOne(alpha, (a) => standardPdf(x, a, beta, relTol));
  if (Number.isNaN(x)) return NaN;
  if (alpha === 2) return INV_2_SQRT_PI * Math.exp(-0.25 * x * x);
  if (alpha === 1) {
    if (beta === 0) return INV_PI / (1 + x * x);
    if (!Number.isFinite(x)) return 0;
    const b = beta > 0 ? beta : -beta;
    const xo = beta > 0 ? x : -x;
    return zolotarevIntegralOne(DENSITY, xo, b, relTol) / (2 * b);
  }
  if (!Number.isFinite(x)) return 0;
  return densityFromZeta(x + beta * tanHalfPiAlpha(alpha), alpha, beta, relTol);
}

/**
 * Density of the standard law at signed offset `offset` = x − ζ from ζ = −β tan(πα/2),
 * for α ∉ {1, 2}. Taking the offset directly (it is (x − μ₁)/σ in S1 terms) avoids
 * the cancellation of forming x − ζ when |ζ| is large (α near 1) and puts the
 * support edge of a totally skewed law exactly at offset 0.
 */
export function densityFromZeta(offset: number, alpha: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  if (nearOne(alpha, beta)) return standardPdf(offset - beta * tanHalfPiAlpha(alpha), alpha, beta, relTol);
  if (Number.isNaN(offset)) return NaN;
  if (!Number.isFinite(offset)) return 0;
  let d = offset;
  let b = beta;
  if (d < 0) {
    d = -d;
    b = -beta;
  }
  if (d === 0) return densityAtZeta(alpha, beta);
  const integral = zolotarevIntegralNotOne(DENSITY, d, alpha, b, relTol);
  return (alpha * integral) / (Math.PI * Math.abs(alpha - 1) * d);
}

/**
 * Near α = 1 with β ≠ 0 the α ≠ 1 representation cancels terms of size
 * |α/(α−1)|, losing about 1e-16/|α−1| of relative accuracy (measured: 1e-10 at
 * |α−1| = 1e-3, O(1) at 1e-7). The S0 law is smooth in α across 1, so for
 * 0 < |α − 1| < NEAR_ONE values are interpolated in α from the nodes
 * 1 + kδ, k = −2…2 (δ = NEAR_ONE; the k = 0 node uses the α = 1 formulas): a
 * degree-4 interpolant of log f whose error is O(δ⁵): about 1e-12 in the body and 1e-8 in the
 * super-exponentially light tails (log f ≈ −600), measured against mpmath at α = 1 ± 1e-3.
 */
const NEAR_ONE = 5e-4;
const NODES_K = [-2, -1, 0, 1, 2];

function nearOne(alpha: number, beta: number): boolean {
  // the margin keeps the nodes 1 ± δ themselves (rounded) outside the interpolated band
  return alpha !== 1 && Math.abs(alpha - 1) < 0.999 * NEAR_ONE && Number.isFinite(beta);
}

/**
 * True where S0 coordinates should be used directly (α within NEAR_ONE of 1):
 * there |ζ| is so large that forming the offset x − ζ would cost accuracy.
 */
export function isNearOne(alpha: number): boolean {
  return Math.abs(alpha - 1) < 0.999 * NEAR_ONE;
}

const NODE_VALUES = new Float64Array(NODES_K.length);

/**
 * Lagrange interpolation in α over the nodes 1 + kδ of a positive function
 * evaluated exactly there, done on its logarithm (smooth in α even in the
 * super-exponentially light tails, where values change by many orders of
 * magnitude between nodes); on the values themselves if a node is 0.
 */
function acrossOne(alpha: number, f: (a: number) => number): number {
  const t = (alpha - 1) / NEAR_ONE;
  let positive = true;
  for (let i = 0; i < NODES_K.length; i++) {
    const v = f(1 + NODES_K[i] * NEAR_ONE);
    NODE_VALUES[i] = v;
    if (!(v > 0)) positive = false;
  }
  let sum = 0;
  for (let i = 0; i < NODES_K.length; i++) {
    let w = 1;
    for (let j = 0; j < NODES_K.length; j++) if (j !== i) w *= (t - NODES_K[j]) / (NODES_K[i] - NODES_K[j]);
    sum += w * (positive ? Math.log(NODE_VALUES[i]) : NODE_VALUES[i]);
  }
  return positive ? Math.exp(sum) : Math.max(0, sum);
}

const LOG_2_SQRT_PI = Math.log(2 * Math.sqrt(Math.PI));

/**
 * Standard S0 log-density, exact in closed-form cases (α = 2, Cauchy) so that it
 * stays finite where the density underflows; elsewhere log of `standardPdf`
 * (−Infinity only where the density is below the smallest double).
 */
export function standardLogPdf(x: number, alpha: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  if (alpha === 2) return -0.25 * x * x - LOG_2_SQRT_PI;
  if (alpha === 1 && beta === 0) return -Math.log(Math.PI) - Math.log1p(x * x);
  return Math.log(standardPdf(x, alpha, beta, relTol));
}

/**
 * Oriented tail probabilities for x > ζ (after reflection): `far` = P(X > x),
 * `near` = P(X ≤ x), each computed from its own integral so that both keep
 * relative accuracy.
 */
function orientedProbability(d: number, alpha: number, b: number, far: boolean): number {
  if (alpha > 1) {
    const t = INV_PI * zolotarevIntegralNotOne(EXP, d, alpha, b);
    return far ? t : 1 - t;
  }
  if (far) return INV_PI * zolotarevIntegralNotOne(ONE_MINUS_EXP, d, alpha, b);
  const theta0 = theta0Of(alpha, b);
  return (0.5 - theta0 * INV_PI) + INV_PI * zolotarevIntegralNotOne(EXP, d, alpha, b);
}

/** P(X ≤ x) when `lower`, else P(X > x), for the standard S0 law. */
export function standardProbability(x: number, alpha: number, beta: number, lower: boolean): number {
  if (nearOne(alpha, beta)) return acrossOne(alpha, (a) => standardProbability(x, a, beta, lower));
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return lower ? 1 : 0;
  if (x === -Infinity) return lower ? 0 : 1;
  if (alpha === 2) return 0.5 * erfc(lower ? -0.5 * x : 0.5 * x);
  if (alpha === 1) {
    if (beta === 0) {
      // Cauchy: atan form accurate in both tails
      const y = lower ? -x : x;
      return y > 0 ? INV_PI * Math.atan(1 / y) : 0.5 - INV_PI * Math.atan(y);
    }
    // oriented so that the skewness is positive
    const positive = beta > 0;
    const b = positive ? beta : -beta;
    const xo = positive ? x : -x;
    const wantCdfOriented = positive ? lower : !lower;
    return INV_PI * zolotarevIntegralOne(wantCdfOriented ? EXP : ONE_MINUS_EXP, xo, b);
  }
  return probabilityFromZeta(x + beta * tanHalfPiAlpha(alpha), alpha, beta, lower);
}

/** P(X ≤ x) when `lower`, else P(X > x), at signed offset x − ζ, for α ∉ {1, 2} (see densityFromZeta). */
export function probabilityFromZeta(offset: number, alpha: number, beta: number, lower: boolean): number {
  if (nearOne(alpha, beta)) return standardProbability(offset - beta * tanHalfPiAlpha(alpha), alpha, beta, lower);
  if (Number.isNaN(offset)) return NaN;
  if (offset === Infinity) return lower ? 1 : 0;
  if (offset === -Infinity) return lower ? 0 : 1;
  const d = offset;
  if (d === 0) {
    const theta0 = theta0Of(alpha, beta);
    const below = 0.5 - theta0 * INV_PI;
    return lower ? below : 1 - below;
  }
  if (d > 0) return orientedProbability(d, alpha, beta, !lower);
  // left of ζ: P(X ≤ x) = P(X' ≥ −x) with X' ~ S(α, −β)
  return orientedProbability(-d, alpha, -beta, lower);
}

/** Standard S0 cdf. */
export function standardCdf(x: number, alpha: number, beta: number): number {
  return standardProbability(x, alpha, beta, true);
}

/** Standard S0 survival function 1 − F, computed without cancellation. */
export function standardSf(x: number, alpha: number, beta: number): number {
  return standardProbability(x, alpha, beta, false);
}

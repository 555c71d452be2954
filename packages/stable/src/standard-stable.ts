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
  eps1Of,
  halfPiPlusMinusTheta0,
  logCOf,
  tanHalfPiAlpha,
  zolotarevIntegralNotOne,
  zolotarevIntegralOne,
} from "./zolotarev.js";
import { logTailSeries, logTailSeriesOne, nearZetaSeries } from "./tail-series.js";

const INV_PI = 1 / Math.PI;
const INV_2_SQRT_PI = 0.28209479177387814347;

/** Density at the point x = ζ, where the integral form degenerates (Nolan 1997). */
function densityAtZeta(alpha: number, beta: number): number {
  if (alpha < 1 && (beta === 1 || beta === -1)) return 0; // the edge of the support
  const zeta = -beta * tanHalfPiAlpha(alpha);
  // cos θ₀ = sin(π/2 − θ₀) = sin(π/2 + θ₀), from the smaller one
  const { minus, plus } = halfPiPlusMinusTheta0(alpha, beta);
  const cosTheta0 = Math.sin(Math.min(minus, plus));
  return Math.exp(logGamma(1 + 1 / alpha) - Math.log1p(zeta * zeta) / (2 * alpha)) * cosTheta0 * INV_PI;
}

/**
 * log f (`kind` 'pdf') or log P(X > ζ + d) ('sf') of the standard law with oriented skewness b at
 * S1 offset d > 0 from the tail series, or NaN where the series is not accurate (then use the integral).
 * The empty side of a one-sided law (α < 1, b = −1) has no series.
 */
function logTail(kind: "pdf" | "sf", d: number, alpha: number, b: number): number {
  if (alpha < 1 && b === -1) return NaN;
  const { eps1, delta } = eps1Of(alpha, b);
  return logTailSeries(kind, d, alpha, eps1, logCOf(alpha, b), delta);
}

/** The series at ζ for the density (`cdf` false) or F(ζ + d) − F(ζ), or NaN. Not on a one-sided law. */
function nearZeta(cdf: boolean, d: number, alpha: number, beta: number): number {
  if (alpha < 1 && (beta === 1 || beta === -1)) return NaN;
  const { minus, plus } = halfPiPlusMinusTheta0(alpha, beta);
  return nearZetaSeries(cdf, d, alpha, minus, plus, logCOf(alpha, beta));
}

/**
 * α = 1 with 0 < |β| ≤ SMALL_BETA: the Zolotarev representation divides by β (its peak sits at
 * −πx/(2β)) and loses about 1e-17/|β| relative accuracy (all of it below 1e-16). There the law is
 * the Cauchy law plus a series in β, from expanding exp(−iβ(2/π) t log t) in the inversion
 * integrals (s = 1 + ix, ψ(1) = −γ, ψ(2) = 1 − γ, ψ(3) = 3/2 − γ, ψ′(2) = π²/6 − 1, ψ′(3) = π²/6 − 5/4):
 *   f = (1/π) Re[1/s − iβ(2/π) I₁ − ½β²(2/π)² I₂],  I₁ = (ψ(2) − log s)/s²,  I₂ = 2[(ψ(3) − log s)² + ψ′(3)]/s³,
 *   F = F_Cauchy + (1/π) Im[iβ(2/π) J₁ + ½β²(2/π)² J₂],  J₁ = (ψ(1) − log s)/s,  J₂ = [(ψ(2) − log s)² + ψ′(2)]/s²,
 * with an error O(β³ log³|s|) (below 1e-13 relative for |β| ≤ 1e-4; measured against the integral: agreement to
 * 1e-16 (cdf) and 1e-11 (pdf, the integral's own noise) at β = 1e-4, |x| ≤ 45; the tails beyond use the tail series).
 */
export const SMALL_BETA = 1e-4;
const EULER = 0.5772156649015329;

function alphaOneSmallBeta(x: number, beta: number, kind: "pdf" | "cdf"): number {
  // complex helpers on [re, im]
  const mul = (a: number[], b: number[]): number[] => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
  const div = (a: number[], b: number[]): number[] => {
    const d = b[0] * b[0] + b[1] * b[1];
    return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
  };
  const s = [1, x];
  const logS = [0.5 * Math.log1p(x * x), Math.atan(x)];
  const g = (2 / Math.PI) * beta;
  if (kind === "pdf") {
    const s2 = mul(s, s);
    const a1 = [1 - EULER - logS[0], -logS[1]];
    const i1 = div(a1, s2);
    const a3 = [1.5 - EULER - logS[0], -logS[1]];
    const sq = mul(a3, a3);
    const i2 = div([2 * (sq[0] + Math.PI ** 2 / 6 - 1.25), 2 * sq[1]], mul(s2, s));
    // Re[−iβ' I₁] = β' Im I₁
    const re = 1 / (1 + x * x) + g * i1[1] - 0.5 * g * g * i2[0];
    return re * INV_PI;
  }
  const j1 = div([-EULER - logS[0], -logS[1]], s);
  const a2 = [1 - EULER - logS[0], -logS[1]];
  const sq = mul(a2, a2);
  const j2 = div([sq[0] + Math.PI ** 2 / 6 - 1, sq[1]], mul(s, s));
  // Im[iβ' J₁] = β' Re J₁
  const correction = INV_PI * (g * j1[0] + 0.5 * g * g * j2[1]);
  const cauchy = x < 0 ? INV_PI * Math.atan(-1 / x) : 0.5 + INV_PI * Math.atan(x);
  return cauchy + correction;
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
    const tail = logTailSeriesOne("pdf", Math.abs(x), x > 0 ? beta : -beta);
    if (tail === tail) return Math.exp(tail);
    if (Math.abs(beta) <= SMALL_BETA) return alphaOneSmallBeta(x, beta, "pdf");
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
  return densityOrLogFromZeta(offset, alpha, beta, relTol, false);
}

/** log f at signed offset x − ζ (see densityFromZeta); finite in the power tails where f underflows. */
export function logDensityFromZeta(offset: number, alpha: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  if (nearOne(alpha, beta)) return standardLogPdf(offset - beta * tanHalfPiAlpha(alpha), alpha, beta, relTol);
  return densityOrLogFromZeta(offset, alpha, beta, relTol, true);
}

function densityOrLogFromZeta(offset: number, alpha: number, beta: number, relTol: number, log: boolean): number {
  if (Number.isNaN(offset)) return NaN;
  if (!Number.isFinite(offset)) return log ? -Infinity : 0;
  let d = offset;
  let b = beta;
  if (d < 0) {
    d = -d;
    b = -beta;
  }
  let v: number;
  if (d === 0) v = densityAtZeta(alpha, beta);
  else {
    // far out in a power tail: the tail series (in logs, so nothing underflows)
    const tail = logTail("pdf", d, alpha, b);
    if (tail === tail) return log ? tail : Math.exp(tail);
    // next to ζ the integrand crowds an end of the interval: the series at ζ
    const near = nearZeta(false, offset, alpha, beta);
    if (near === near) v = near;
    else v = (alpha * zolotarevIntegralNotOne(DENSITY, d, alpha, b, relTol)) / (Math.PI * Math.abs(alpha - 1) * d);
  }
  return log ? Math.log(v) : v;
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

/** acrossOne for a log-value: Lagrange interpolation of the node logs (all finite), else log of acrossOne of the values. */
function acrossOneLog(alpha: number, logF: (a: number) => number): number {
  const t = (alpha - 1) / NEAR_ONE;
  const logs = NODES_K.map((k) => logF(1 + k * NEAR_ONE));
  if (!logs.every((v) => v > -Infinity && v < Infinity)) return Math.log(acrossOne(alpha, (a) => Math.exp(logF(a))));
  let sum = 0;
  for (let i = 0; i < NODES_K.length; i++) {
    let w = 1;
    for (let j = 0; j < NODES_K.length; j++) if (j !== i) w *= (t - NODES_K[j]) / (NODES_K[i] - NODES_K[j]);
    sum += w * logs[i];
  }
  return sum;
}

const LOG_2_SQRT_PI = Math.log(2 * Math.sqrt(Math.PI));

/**
 * Standard S0 log-density, exact in closed-form cases (α = 2, Cauchy) so that it
 * stays finite where the density underflows; elsewhere log of `standardPdf`
 * (−Infinity only where the density is below the smallest double).
 */
export function standardLogPdf(x: number, alpha: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  if (alpha === 2) return -0.25 * x * x - LOG_2_SQRT_PI;
  if (alpha === 1 && beta === 0) {
    // log(1 + x²) without overflowing x² far out
    const ax = Math.abs(x);
    return -Math.log(Math.PI) - (ax > 1 ? 2 * Math.log(ax) + Math.log1p(1 / (ax * ax)) : Math.log1p(x * x));
  }
  if (nearOne(alpha, beta)) return acrossOneLog(alpha, (a) => standardLogPdf(x, a, beta, relTol));
  if (alpha === 1 && Number.isFinite(x)) {
    const tail = logTailSeriesOne("pdf", Math.abs(x), x > 0 ? beta : -beta);
    if (tail === tail) return tail;
  }
  if (alpha !== 1 && !Number.isNaN(x)) return densityOrLogFromZeta(x + beta * tanHalfPiAlpha(alpha), alpha, beta, relTol, true);
  return Math.log(standardPdf(x, alpha, beta, relTol));
}

/**
 * Oriented tail probabilities for x > ζ (after reflection): `far` = P(X > x),
 * `near` = P(X ≤ x), each computed from its own integral so that both keep
 * relative accuracy.
 */
function orientedProbability(d: number, alpha: number, b: number, far: boolean): number {
  const tail = logTail("sf", d, alpha, b);
  if (tail === tail) return far ? Math.exp(tail) : -Math.expm1(tail);
  if (alpha > 1) {
    const t = INV_PI * zolotarevIntegralNotOne(EXP, d, alpha, b);
    return far ? t : 1 - t;
  }
  if (far) return INV_PI * zolotarevIntegralNotOne(ONE_MINUS_EXP, d, alpha, b);
  // F(ζ) = (π/2 − θ₀)/π, formed without cancellation (not as ½ − θ₀/π: next to b = 1, θ₀ → π/2)
  return halfPiPlusMinusTheta0(alpha, b).minus * INV_PI + INV_PI * zolotarevIntegralNotOne(EXP, d, alpha, b);
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
    // far tails: P(X > x) for x > 0, P(X ≤ x) = P(−X ≥ −x) for x < 0 from the series
    if (Number.isFinite(x)) {
      const tail = logTailSeriesOne("sf", Math.abs(x), x > 0 ? beta : -beta);
      if (tail === tail) return lower === x < 0 ? Math.exp(tail) : -Math.expm1(tail);
    }
    // P(X > x; β) = P(X ≤ −x; −β)
    if (Math.abs(beta) <= SMALL_BETA) return lower ? alphaOneSmallBeta(x, beta, "cdf") : alphaOneSmallBeta(-x, -beta, "cdf");
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
  // F(ζ) = (π/2 − θ₀)/π and 1 − F(ζ) = (π/2 + θ₀)/π, each to full relative accuracy
  const { minus, plus } = halfPiPlusMinusTheta0(alpha, beta);
  if (d === 0) return lower ? minus * INV_PI : plus * INV_PI;
  // next to ζ: F(ζ) plus the series at ζ
  const near = nearZeta(true, d, alpha, beta);
  if (near === near) return lower ? minus * INV_PI + near : plus * INV_PI - near;
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

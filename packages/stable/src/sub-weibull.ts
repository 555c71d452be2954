/**
 * Symmetric sub-Weibull law with tail parameter r (paper Definition 3.2; Fig. 3 uses
 * r = 0.8, 1, 2).
 *
 * Definition 3.2 names a class (‖X‖_m ≲ m^r, equivalently P(|X| > x) ≤ 2e^{−(x/C)^{1/r}}),
 * not one law. As its concrete member we take X = loc + S·Y with S a random sign and
 * Y ≥ 0 Weibull with shape 1/r: P(Y > y) = exp(−(y/scale)^{1/r}), so
 *   f(x) = (1/(2 r scale)) (|x − loc|/scale)^{1/r − 1} exp(−(|x − loc|/scale)^{1/r}).
 * Why this one: it attains the tail bound of Definition 3.2 (P(|X − loc| > x) =
 * e^{−(x/scale)^{1/r}}), its moments ‖X‖_m = scale·Γ(1 + m r)^{1/m} grow exactly like m^r,
 * so it is sub-Weibull(r) and not sub-Weibull(r′) for any r′ < r, and it is the example
 * of Vladimirova et al. (2020). r = 1 is the Laplace law, r = ½ has Gaussian-type tails
 * e^{−x²/scale²}. For r > 1 the density is infinite at loc (|x|^{1/r − 1}).
 */
import { type Rng, resolveRng } from "./rng.js";
import { checkInput } from "./standardize.js";
import { checkSampleSize, checkFinite, checkPositive } from "./validate.js";
import { mapInput, standardizeValue } from "./location-scale.js";

export interface SubWeibullParams {
  /** Tail parameter r > 0 (Weibull shape 1/r); larger r means heavier tails. */
  r: number;
  /** Scale > 0 (default 1). */
  scale?: number;
  /** Centre of symmetry (default 0). */
  loc?: number;
}

function resolve(params: SubWeibullParams): { r: number; scale: number; loc: number } {
  if (params == null || typeof params !== "object") throw new TypeError("params must be an object { r, scale?, loc? }");
  const r = checkPositive("r", params.r);
  const scale = params.scale === undefined ? 1 : checkPositive("scale", params.scale);
  const loc = params.loc === undefined ? 0 : checkFinite("loc", params.loc);
  return { r, scale, loc };
}


/** Density f(x) (+Infinity at x = loc when r > 1). */
export function subWeibullPdf(x: number, params: SubWeibullParams): number;
export function subWeibullPdf(x: Float64Array, params: SubWeibullParams): Float64Array;
export function subWeibullPdf(x: number | Float64Array, params: SubWeibullParams): number | Float64Array {
  checkInput("x", x);
  const { r, scale, loc } = resolve(params);
  const k = 1 / r;
  const c = 1 / (2 * r * scale);
  const logC = -Math.log(2 * r) - Math.log(scale);
  return mapInput(x, (v) => {
    const y = Math.abs(standardizeValue(v, loc, scale));
    if (y === 0) return k === 1 ? c : k < 1 ? Infinity : 0;
    if (y === Infinity) return 0;
    // y^k by pow (exact for k = 1, 2): exp(−y^k) is only as accurate as y^k
    const e = (k - 1) * Math.log(y) - Math.pow(y, k);
    // c may overflow (subnormal scale): then through logs, never Infinity·0
    return Number.isFinite(c) ? c * Math.exp(e) : Math.exp(logC + e);
  });
}

/** log f(x). */
export function subWeibullLogpdf(x: number, params: SubWeibullParams): number;
export function subWeibullLogpdf(x: Float64Array, params: SubWeibullParams): Float64Array;
export function subWeibullLogpdf(x: number | Float64Array, params: SubWeibullParams): number | Float64Array {
  checkInput("x", x);
  const { r, scale, loc } = resolve(params);
  const k = 1 / r;
  const c = -Math.log(2 * r) - Math.log(scale);
  return mapInput(x, (v) => {
    const y = Math.abs(standardizeValue(v, loc, scale));
    if (y === 0) return k === 1 ? c : k < 1 ? Infinity : -Infinity;
    if (y === Infinity) return -Infinity;
    return c + (k - 1) * Math.log(y) - Math.pow(y, k);
  });
}

/** P(X ≤ x) = ½ e^{−t} below loc and 1 − ½ e^{−t} above, t = (|x − loc|/scale)^{1/r}. */
export function subWeibullCdf(x: number, params: SubWeibullParams): number;
export function subWeibullCdf(x: Float64Array, params: SubWeibullParams): Float64Array;
export function subWeibullCdf(x: number | Float64Array, params: SubWeibullParams): number | Float64Array {
  checkInput("x", x);
  const { r, scale, loc } = resolve(params);
  const k = 1 / r;
  return mapInput(x, (v) => {
    const d = standardizeValue(v, loc, scale);
    const t = Math.pow(Math.abs(d), k);
    return d < 0 ? 0.5 * Math.exp(-t) : d >= 0 ? 0.5 - 0.5 * Math.expm1(-t) : NaN;
  });
}

/** P(X > x) = 1 − cdf(x), accurate in the right tail. */
export function subWeibullSf(x: number, params: SubWeibullParams): number;
export function subWeibullSf(x: Float64Array, params: SubWeibullParams): Float64Array;
export function subWeibullSf(x: number | Float64Array, params: SubWeibullParams): number | Float64Array {
  checkInput("x", x);
  const { r, scale, loc } = resolve(params);
  const k = 1 / r;
  return mapInput(x, (v) => {
    const d = standardizeValue(v, loc, scale);
    const t = Math.pow(Math.abs(d), k);
    return d > 0 ? 0.5 * Math.exp(-t) : d <= 0 ? 0.5 - 0.5 * Math.expm1(-t) : NaN;
  });
}

/** n draws loc ± scale·W^r with W ~ Exp(1) and a fair random sign; `{ seed }` or an Rng to advance. */
export function subWeibullSample(n: number, params: SubWeibullParams, opts?: { seed?: number } | Rng): Float64Array {
  checkSampleSize("n", n);
  const { r, scale, loc } = resolve(params);
  const rng = resolveRng(opts);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = scale * Math.pow(rng.exponential(), r);
    out[i] = rng.uint32() >>> 31 ? loc + y : loc - y;
  }
  return out;
}

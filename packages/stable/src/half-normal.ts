/**
 * The half-normal law: X = loc + scale·|Z|, Z ~ N(0, 1); density
 * √(2/π)/scale · exp(−y²/2) for y = (x − loc)/scale ≥ 0 and 0 below loc.
 */
import { type Rng, resolveRng } from "./rng.js";
import { erf, erfc } from "./special-functions.js";
import { checkInput } from "./standardize.js";
import { checkSampleSize, checkFinite, checkSample, describeValue } from "./validate.js";
import { mapInput, powerOfTwoScale, resolveLocationScale, scaledExp, standardizeValue } from "./location-scale.js";

export interface HalfNormalParams {
  /** Scale > 0 (default 1). */
  scale?: number;
  /** Left end of the support (default 0). */
  loc?: number;
}

/** Maximum-likelihood estimate of the scale with loc held fixed. */
export interface HalfNormalFit {
  scale: number;
  loc: number;
  logLikelihood: number;
}

const LOG_SQRT_2_OVER_PI = -0.2257913526447274323630976; // log √(2/π)



/** Density; 0 below loc. */
export function halfNormalPdf(x: number, params?: HalfNormalParams): number;
export function halfNormalPdf(x: Float64Array, params?: HalfNormalParams): Float64Array;
export function halfNormalPdf(x: number | Float64Array, params?: HalfNormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = Math.sqrt(2 / Math.PI) / scale;
  const logC = LOG_SQRT_2_OVER_PI - Math.log(scale);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? scaledExp(c, logC, 0.5 * y * y) : y < 0 ? 0 : NaN;
  });
}

/** log density; −Infinity below loc. */
export function halfNormalLogpdf(x: number, params?: HalfNormalParams): number;
export function halfNormalLogpdf(x: Float64Array, params?: HalfNormalParams): Float64Array;
export function halfNormalLogpdf(x: number | Float64Array, params?: HalfNormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = LOG_SQRT_2_OVER_PI - Math.log(scale);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? c - 0.5 * y * y : y < 0 ? -Infinity : NaN;
  });
}

/** P(X ≤ x) = erf(y/√2) for y ≥ 0, else 0. */
export function halfNormalCdf(x: number, params?: HalfNormalParams): number;
export function halfNormalCdf(x: Float64Array, params?: HalfNormalParams): Float64Array;
export function halfNormalCdf(x: number | Float64Array, params?: HalfNormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? erf(y * Math.SQRT1_2) : y < 0 ? 0 : NaN;
  });
}

/** P(X > x) = erfc(y/√2) for y ≥ 0, else 1 (accurate in the tail). */
export function halfNormalSf(x: number, params?: HalfNormalParams): number;
export function halfNormalSf(x: Float64Array, params?: HalfNormalParams): Float64Array;
export function halfNormalSf(x: number | Float64Array, params?: HalfNormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? erfc(y * Math.SQRT1_2) : y < 0 ? 1 : NaN;
  });
}

/** n draws loc + scale·|Z|; `{ seed }` for reproducible draws or an Rng to advance. */
export function halfNormalSample(n: number, params?: HalfNormalParams, opts?: { seed?: number } | Rng): Float64Array {
  checkSampleSize("n", n);
  const { loc, scale } = resolveLocationScale(params);
  const out = resolveRng(opts).fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) out[i] = loc + scale * Math.abs(out[i]);
  return out;
}

/**
 * Maximum likelihood for the scale with loc fixed (default 0): scale² = mean((x − loc)²).
 * Every value must be ≥ loc and at least one must differ from it.
 */
export function halfNormalFit(data: ArrayLike<number>, options: { loc?: number } = {}): HalfNormalFit {
  checkSample("data", data, 1);
  const loc = options.loc === undefined ? 0 : checkFinite("loc", options.loc);
  const n = data.length;
  // sums of (y/k)², k a power of two ≥ max|y| (exact): no overflow or underflow of the squares
  const k = powerOfTwoScale(data, loc);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const y = standardizeValue(data[i], loc, k);
    if (y < 0) {
      throw new RangeError(`data[${i}] = ${describeValue(data[i])} is below loc = ${loc}: the half-normal support is [loc, Infinity)`);
    }
    ss += y * y;
  }
  if (!(ss > 0)) throw new RangeError(`all data equal loc = ${loc}: the scale estimate would be 0 (outside (0, Infinity))`);
  const scale = Math.sqrt(ss / n) * k;
  const logLikelihood = n * (LOG_SQRT_2_OVER_PI - Math.log(scale) - 0.5);
  return { scale, loc, logLikelihood };
}

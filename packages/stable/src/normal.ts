/**
 * The normal law N(loc, scale²), the Gaussian comparison family of the paper (Figs 3–4;
 * α = 2 of S_α is N(μ, 2σ²)). Density φ((x − loc)/scale)/scale; cdf and sf through erfc,
 * so both tails keep relative accuracy.
 */
import { type Rng, resolveRng } from "./rng.js";
import { erfc } from "./special-functions.js";
import { checkInput } from "./standardize.js";
import { checkSampleSize, checkSample } from "./validate.js";
import { mapInput, powerOfTwoScale, resolveLocationScale, scaledExp, standardizeValue } from "./location-scale.js";

export interface NormalParams {
  /** Mean (default 0). */
  loc?: number;
  /** Standard deviation > 0 (default 1). */
  scale?: number;
}

/** Maximum-likelihood estimate of a normal law. */
export interface NormalFit {
  loc: number;
  scale: number;
  /** Log-likelihood at the estimate. */
  logLikelihood: number;
}

const LOG_SQRT_2PI = 0.9189385332046727417803297;



/** Density φ((x − loc)/scale)/scale. */
export function normalPdf(x: number, params?: NormalParams): number;
export function normalPdf(x: Float64Array, params?: NormalParams): Float64Array;
export function normalPdf(x: number | Float64Array, params?: NormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = 1 / (scale * Math.sqrt(2 * Math.PI));
  const logC = -Math.log(scale) - LOG_SQRT_2PI;
  return mapInput(x, (v) => {
    const z = standardizeValue(v, loc, scale);
    return scaledExp(c, logC, 0.5 * z * z);
  });
}

/** log density: −z²/2 − log scale − log √(2π), z = (x − loc)/scale. */
export function normalLogpdf(x: number, params?: NormalParams): number;
export function normalLogpdf(x: Float64Array, params?: NormalParams): Float64Array;
export function normalLogpdf(x: number | Float64Array, params?: NormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = -Math.log(scale) - LOG_SQRT_2PI;
  return mapInput(x, (v) => {
    const z = standardizeValue(v, loc, scale);
    return c - 0.5 * z * z;
  });
}

/** P(X ≤ x) = ½ erfc(−z/√2). */
export function normalCdf(x: number, params?: NormalParams): number;
export function normalCdf(x: Float64Array, params?: NormalParams): Float64Array;
export function normalCdf(x: number | Float64Array, params?: NormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => 0.5 * erfc(-standardizeValue(v, loc, scale) * Math.SQRT1_2));
}

/** P(X > x) = ½ erfc(z/√2). */
export function normalSf(x: number, params?: NormalParams): number;
export function normalSf(x: Float64Array, params?: NormalParams): Float64Array;
export function normalSf(x: number | Float64Array, params?: NormalParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => 0.5 * erfc(standardizeValue(v, loc, scale) * Math.SQRT1_2));
}

/** n draws of N(loc, scale²) (ziggurat); `{ seed }` for reproducible draws or an Rng to advance. */
export function normalSample(n: number, params?: NormalParams, opts?: { seed?: number } | Rng): Float64Array {
  checkSampleSize("n", n);
  const { loc, scale } = resolveLocationScale(params);
  const out = resolveRng(opts).fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) out[i] = loc + scale * out[i];
  return out;
}

/**
 * Maximum likelihood: loc = sample mean, scale = √(mean of squared deviations) (divisor n).
 * Needs ≥ 2 finite values that are not all equal.
 */
export function normalFit(data: ArrayLike<number>): NormalFit {
  checkSample("data", data, 2);
  const n = data.length;
  // work on data/k, k a power of two ≥ max|x| (exact): sums and squares stay in range for data near ±1e308 or 1e-300
  const k = powerOfTwoScale(data);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += data[i] / k;
  mean /= n;
  // two-pass with the correction term of Chan, Golub & LeVeque (1983)
  let ss = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = data[i] / k - mean;
    ss += d * d;
    s += d;
  }
  mean += s / n;
  const variance = (ss - (s * s) / n) / n;
  if (!(variance > 0)) {
    throw new RangeError("data are all equal: the normal scale estimate would be 0 (outside (0, Infinity))");
  }
  const scale = Math.sqrt(variance) * k;
  mean *= k;
  const logLikelihood = -n * (Math.log(scale) + LOG_SQRT_2PI + 0.5);
  return { loc: mean, scale, logLikelihood };
}

/**
 * The half-Cauchy law: X = loc + scale·|C|, C standard Cauchy; density
 * 2 / (π scale (1 + y²)) for y = (x − loc)/scale ≥ 0, cdf (2/π) arctan y.
 */
import { type Rng, resolveRng } from "./rng.js";
import { checkInput } from "./standardize.js";
import { checkSampleSize, checkFinite, checkSample, describeValue } from "./validate.js";
import { mapInput, powerOfTwoScale, resolveLocationScale, standardizeValue } from "./location-scale.js";

export interface HalfCauchyParams {
  /** Scale > 0 (default 1). */
  scale?: number;
  /** Left end of the support (default 0). */
  loc?: number;
}

/** Maximum-likelihood estimate of the scale with loc held fixed. */
export interface HalfCauchyFit {
  scale: number;
  loc: number;
  logLikelihood: number;
  /** Iterations of the safeguarded Newton solve. */
  iterations: number;
}

const LOG_2_OVER_PI = -0.4515827052894548647261952; // log(2/π)



/** Density; 0 below loc. */
export function halfCauchyPdf(x: number, params?: HalfCauchyParams): number;
export function halfCauchyPdf(x: Float64Array, params?: HalfCauchyParams): Float64Array;
export function halfCauchyPdf(x: number | Float64Array, params?: HalfCauchyParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = 2 / (Math.PI * scale);
  const logC = LOG_2_OVER_PI - Math.log(scale);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    if (!(y >= 0)) return y < 0 ? 0 : NaN;
    if (y === Infinity) {
      // (x − loc)/σ overflows (subnormal σ): f ≈ (2/π) σ/(x − loc)², formed without the ratio
      const d = v - loc;
      return Number.isFinite(d) ? (2 / Math.PI) * (scale / d / d) : 0;
    }
    // c/(1 + y²) with c possibly overflowing (subnormal scale) or y² overflowing: through logs then
    if (Number.isFinite(c) && y < 1e150) return c / (1 + y * y);
    return Math.exp(logC - (y < 1e150 ? Math.log1p(y * y) : 2 * Math.log(y)));
  });
}

/** log density; −Infinity below loc. */
export function halfCauchyLogpdf(x: number, params?: HalfCauchyParams): number;
export function halfCauchyLogpdf(x: Float64Array, params?: HalfCauchyParams): Float64Array;
export function halfCauchyLogpdf(x: number | Float64Array, params?: HalfCauchyParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  const c = LOG_2_OVER_PI - Math.log(scale);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    if (!(y >= 0)) return y < 0 ? -Infinity : NaN;
    // log(1 + y²) without overflow of y² for huge y
    return c - (y < 1e150 ? Math.log1p(y * y) : 2 * Math.log(y));
  });
}

/** P(X ≤ x) = (2/π) arctan y for y ≥ 0, else 0. */
export function halfCauchyCdf(x: number, params?: HalfCauchyParams): number;
export function halfCauchyCdf(x: Float64Array, params?: HalfCauchyParams): Float64Array;
export function halfCauchyCdf(x: number | Float64Array, params?: HalfCauchyParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? (2 / Math.PI) * Math.atan(y) : y < 0 ? 0 : NaN;
  });
}

/** P(X > x) = (2/π) arctan(1/y) for y ≥ 0, else 1 (accurate in the tail). */
export function halfCauchySf(x: number, params?: HalfCauchyParams): number;
export function halfCauchySf(x: Float64Array, params?: HalfCauchyParams): Float64Array;
export function halfCauchySf(x: number | Float64Array, params?: HalfCauchyParams): number | Float64Array {
  checkInput("x", x);
  const { loc, scale } = resolveLocationScale(params);
  return mapInput(x, (v) => {
    const y = standardizeValue(v, loc, scale);
    return y >= 0 ? (2 / Math.PI) * Math.atan(1 / y) : y < 0 ? 1 : NaN;
  });
}

/**
 * n draws loc + scale·tan(πU/2), computed as sin(πU/2)/sin(π(1 − U)/2) so that draws near
 * U = 1 (the tail) keep full relative accuracy. `{ seed }` or an Rng to advance.
 */
export function halfCauchySample(n: number, params?: HalfCauchyParams, opts?: { seed?: number } | Rng): Float64Array {
  checkSampleSize("n", n);
  const { loc, scale } = resolveLocationScale(params);
  const out = resolveRng(opts).fillUniform(new Float64Array(n));
  const h = Math.PI / 2;
  for (let i = 0; i < n; i++) {
    const u = out[i];
    out[i] = loc + (scale * Math.sin(h * u)) / Math.sin(h * (1 - u));
  }
  return out;
}

/**
 * Maximum likelihood for the scale with loc fixed (default 0). The likelihood equation
 * Σ y_i² / (σ² + y_i²) = n/2 (y_i = x_i − loc) has a strictly decreasing left side in σ, so
 * its root is unique; it exists iff more than half of the y_i are > 0. Solved in log σ by
 * Newton steps safeguarded by bisection inside a bracket that always holds the root.
 */
export function halfCauchyFit(data: ArrayLike<number>, options: { loc?: number } = {}): HalfCauchyFit {
  checkSample("data", data, 1);
  const loc = options.loc === undefined ? 0 : checkFinite("loc", options.loc);
  const n = data.length;
  const y: number[] = [];
  let yMin = Infinity;
  let yMax = 0;
  // the equation is scale-free: solve it for y/k, k a power of two ≥ max y (exact), so y² and e^{2s} stay in range
  const k = powerOfTwoScale(data, loc);
  for (let i = 0; i < n; i++) {
    const v = standardizeValue(data[i], loc, k);
    if (v < 0) {
      throw new RangeError(`data[${i}] = ${describeValue(data[i])} is below loc = ${loc}: the half-Cauchy support is [loc, Infinity)`);
    }
    if (v > 0) {
      y.push(v);
      if (v < yMin) yMin = v;
      if (v > yMax) yMax = v;
    }
  }
  if (!(y.length > n / 2)) {
    throw new RangeError(
      `${n - y.length} of ${n} values equal loc = ${loc}; with at least half of them there the scale MLE is 0 (outside (0, Infinity))`,
    );
  }
  const half = n / 2;
  // g(s) = Σ 1/(1 + e^{2s}/y²) − n/2, decreasing in s = log σ; g′(s) = −2 Σ q(1 − q), q = the terms.
  const g = (s: number): [number, number] => {
    const t = Math.exp(2 * s);
    let sum = 0;
    let deriv = 0;
    for (let i = 0; i < y.length; i++) {
      const q = 1 / (1 + t / (y[i] * y[i]));
      sum += q;
      deriv += q * (1 - q);
    }
    return [sum - half, -2 * deriv];
  };
  let hi = Math.log(yMax); // every term ≤ ½ there, so g ≤ 0
  let lo = Math.log(yMin); // every positive term ≥ ½; step down while g ≤ 0 (only with ties at loc)
  while (g(lo)[0] <= 0) lo -= 1;
  let s = 0.5 * (lo + hi);
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    const [gs, dg] = g(s);
    if (gs === 0) break;
    if (gs > 0) lo = s;
    else hi = s;
    let next = s - gs / dg;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - s) <= 1e-15 * Math.max(1, Math.abs(s)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(s))) {
      s = next;
      break;
    }
    s = next;
  }
  const scaled = Math.exp(s);
  const scale = scaled * k;
  let logLikelihood = n * (LOG_2_OVER_PI - s - Math.log(k));
  for (let i = 0; i < y.length; i++) {
    const z = y[i] / scaled;
    logLikelihood -= z < 1e150 ? Math.log1p(z * z) : 2 * Math.log(z);
  }
  return { scale, loc, logLikelihood, iterations: iterations + 1 };
}

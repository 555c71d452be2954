/**
 * Goodness-of-fit tests of a sample against a fully specified continuous distribution:
 * Kolmogorov–Smirnov (two-sided; asymptotic p-value from the Kolmogorov distribution) and
 * Anderson–Darling (p-value from Marsaglia & Marsaglia 2004: the ADinf series plus the
 * finite-n errfix).
 *
 * Each test has two forms: `xxxTest(data, cdf)` evaluates a scalar cdf at the data; the
 * `xxxTestUniform(u)` form takes the probability-integral transforms u_i = F(x_i) directly
 * (handy with vectorised cdfs). Parameters estimated from the same data make both
 * p-values conservative (too large).
 */
import { erfc } from "./special-functions.js";
import { checkSample, describeValue } from "./validate.js";

export interface GoodnessOfFit {
  /** D = sup |F_n − F| (KS) or A² (Anderson–Darling). */
  statistic: number;
  /** Probability, under the null hypothesis, of a statistic at least this large. */
  pValue: number;
  /** Sample size. */
  n: number;
}

// ---- Kolmogorov distribution ------------------------------------------------------------

/**
 * Kolmogorov distribution K(λ) = P(sup_t |B(t)| ≤ λ), B a Brownian bridge:
 * for λ < 1 the theta series (√(2π)/λ) Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)), else
 * 1 − 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²). Both converge to double precision in ≤ 6 terms.
 */
export function kolmogorovCdf(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 0;
  if (lambda < 1) return kolmogorovSmall(lambda);
  return 1 - kolmogorovLarge(lambda);
}

/** 1 − K(λ), accurate (relative) in the upper tail: the asymptotic KS p-value at λ = √n D. */
export function kolmogorovSf(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) return 1 - kolmogorovSmall(lambda);
  return kolmogorovLarge(lambda);
}

function kolmogorovSmall(lambda: number): number {
  const w = -(Math.PI * Math.PI) / (8 * lambda * lambda);
  let s = 0;
  for (let k = 1; k <= 8; k++) {
    const t = Math.exp((2 * k - 1) * (2 * k - 1) * w);
    s += t;
    if (t <= 1e-17 * s) break;
  }
  return (Math.sqrt(2 * Math.PI) / lambda) * s;
}

function kolmogorovLarge(lambda: number): number {
  const w = -2 * lambda * lambda;
  let s = 0;
  for (let k = 1; k <= 20; k++) {
    const t = Math.exp(k * k * w);
    s += k % 2 === 1 ? t : -t;
    if (t <= 1e-17 * s) break;
  }
  return 2 * s;
}

// ---- helpers -----------------------------------------------------------------------------

function sortedTransforms(data: ArrayLike<number>, cdf: (x: number) => number): Float64Array {
  checkSample("data", data, 1);
  if (typeof cdf !== "function") throw new TypeError("cdf must be a function (x: number) => number");
  const u = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) u[i] = cdf(data[i]);
  return checkedSorted(u, "cdf(data[i])", data);
}

function checkedSorted(u: ArrayLike<number>, what: string, data?: ArrayLike<number>): Float64Array {
  const v = Float64Array.from(u as ArrayLike<number>);
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) {
      const at = data ? ` (data[${i}] = ${describeValue(data[i])})` : "";
      throw new RangeError(`${what.replace("[i]", `[${i}]`)} = ${describeValue(v[i])}${at} is not a probability in [0, 1]`);
    }
  }
  return v.sort();
}

// ---- Kolmogorov–Smirnov ----------------------------------------------------------------

/** KS statistic D = max(D⁺, D⁻) of sorted probabilities u_(1) ≤ … ≤ u_(n). */
function ksStatistic(u: Float64Array): number {
  const n = u.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const plus = (i + 1) / n - u[i];
    const minus = u[i] - i / n;
    if (plus > d) d = plus;
    if (minus > d) d = minus;
  }
  return d;
}

/**
 * Two-sided one-sample Kolmogorov–Smirnov test of `data` against a continuous `cdf`.
 * p-value: kolmogorovSf(√n D), as scipy.stats.kstest(..., method='asymp'); accurate for
 * n ≳ 100, conservative-ish below.
 */
export function ksTest(data: ArrayLike<number>, cdf: (x: number) => number): GoodnessOfFit {
  return ksFromSorted(sortedTransforms(data, cdf));
}

/** KS test of u_i = F(x_i) against Uniform(0, 1). */
export function ksTestUniform(u: ArrayLike<number>): GoodnessOfFit {
  checkSample("u", u, 1);
  return ksFromSorted(checkedSorted(u, "u[i]"));
}

function ksFromSorted(u: Float64Array): GoodnessOfFit {
  const n = u.length;
  const statistic = ksStatistic(u);
  return { statistic, pValue: kolmogorovSf(Math.sqrt(n) * statistic), n };
}

// ---- Anderson–Darling -------------------------------------------------------------------

/** One term of Marsaglia & Marsaglia's (2004) series for ADinf (their `ADf`). */
function adf(z: number, j: number): number {
  const t = ((4 * j + 1) * (4 * j + 1) * 1.23370055013617) / z; // π²/8 (4j+1)²/z
  if (t > 150) return 0;
  let a = (2.22144146907918 * Math.exp(-t)) / Math.sqrt(t); // π/√2
  let b = 3.9374024864306 * erfc(Math.sqrt(t)); // π^{3/2}/√2
  let r = z * 0.125;
  let f = a + b * r;
  for (let i = 1; i < 200; i++) {
    const c = ((i - 0.5 - t) * b + t * a) / i;
    a = b;
    b = c;
    r *= z / (8 * i + 8);
    if (Math.abs(r) < 1e-40 || Math.abs(c) < 1e-40) return f;
    const next = f + c * r;
    if (next === f) return f;
    f = next;
  }
  return f;
}

/**
 * Limiting cdf of A² (Anderson & Darling 1954) by Marsaglia & Marsaglia's full series
 * `ADinf` (agrees with a 40-digit evaluation to ~1e-15). Their short `adinf` polynomial
 * is not used: it is off by up to 2e-5 and, beyond z ≈ 10, by orders of magnitude in the tail.
 */
function adInfCdf(z: number): number {
  if (z < 0.01) return 0; // ADinf(0.01) ≈ 5e-53
  if (z > 20) return 1 - adInfSf(z); // the series loses its accuracy (and diverges) for large z
  let r = 1 / z;
  let ad = r * adf(z, 0);
  for (let j = 1; j < 100; j++) {
    r *= (0.5 - j) / j;
    const next = ad + (4 * j + 1) * r * adf(z, j);
    if (next === ad) return ad;
    ad = next;
  }
  return ad;
}

/**
 * 1 − ADinf(z): the series for z ≤ 20 (relative error ≲ 4e-6 there), beyond it the tail
 * √3 erfc(√z)(1 + 0.3/z) (largest weight ½ of A² = Σ χ²₁/(j(j+1)), Π_{j≥2}(1 − 2/(j(j+1)))^{−½} = √3;
 * the 0.3/z term fitted to the exact series, relative error ≲ 1e-4 for z ≥ 20).
 */
function adInfSf(z: number): number {
  if (z <= 20) return 1 - adInfCdf(z);
  return Math.sqrt(3) * erfc(Math.sqrt(z)) * (1 + 0.3 / z);
}

/** Marsaglia & Marsaglia's `errfix(n, x)`: P(A²_n ≤ z) ≈ x + errfix(n, x), x = ADinf(z). */
function errfix(n: number, x: number): number {
  if (x > 0.8) {
    return (-130.2137 + (745.2337 - (1705.091 - (1950.646 - (1116.36 - 255.7844 * x) * x) * x) * x) * x) / n;
  }
  const c = 0.01265 + 0.1757 / n;
  if (x < c) {
    let t = x / c;
    t = Math.sqrt(t) * (1 - t) * (49 * t - 102);
    return (t * (0.0037 / (n * n) + 0.00078 / n + 0.00006)) / n;
  }
  let t = (x - c) / (0.8 - c);
  t = -0.00022633 + (6.54034 - (14.6538 - (14.458 - (8.259 - 1.91864 * t) * t) * t) * t) * t;
  return (t * (0.04213 + 0.01365 / n)) / n;
}

/**
 * errfix(n, x) with x = ADinf(z) and sf = 1 − x, tapered linearly to 0 on x ∈ [0.999, 1]:
 * the fitted polynomial does not vanish at x = 1 (it gives −6e-4/n there), which would put
 * a floor under small p-values.
 */
function finiteNCorrection(n: number, x: number, sf: number): number {
  return sf >= 0.001 ? errfix(n, x) : (errfix(n, 0.999) * sf) / 0.001;
}

function checkN(n: number): void {
  if (n !== Infinity && (!Number.isSafeInteger(n) || n < 1)) {
    throw new RangeError(`n = ${describeValue(n)} is outside the allowed range {1, 2, ..., Infinity}`);
  }
}

/**
 * P(A²_n ≤ z) for n iid uniforms: ADinf(z) + errfix(n, ADinf(z)) (Marsaglia & Marsaglia
 * 2004; the correction is a fit good to about 1e-4/n; they advise n ≥ 7).
 * n = Infinity (the default) gives the limiting law ADinf.
 */
export function andersonDarlingCdf(z: number, n = Infinity): number {
  checkN(n);
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  const x = adInfCdf(z);
  return n === Infinity ? x : Math.min(1, Math.max(0, x + finiteNCorrection(n, x, adInfSf(z))));
}

/**
 * The p-value P(A²_n > z), computed from the upper tail directly so that small p-values
 * keep their relative accuracy (≲ 1e-4 in the limiting law; plus ~1e-4/n absolute from the
 * finite-n fit). n = Infinity (the default) gives the limiting law.
 */
export function andersonDarlingPValue(z: number, n = Infinity): number {
  checkN(n);
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 0;
  const sf = adInfSf(z);
  return n === Infinity ? sf : Math.min(1, Math.max(0, sf - finiteNCorrection(n, adInfCdf(z), sf)));
}

/** A² = −n − (1/n) Σ (2i − 1) [log u_(i) + log(1 − u_(n+1−i))]; Infinity if some u is 0 or 1. */
function adStatistic(u: Float64Array): number {
  const n = u.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += (2 * i + 1) * (Math.log(u[i]) + Math.log1p(-u[n - 1 - i]));
  }
  return -n - s / n;
}

/**
 * Anderson–Darling test of `data` against a fully specified continuous `cdf`.
 * p-value = 1 − ADinf(A²) − errfix(n, ·) (Marsaglia & Marsaglia 2004): the limiting tail is
 * accurate (relative ≲ 1e-4), the finite-n correction to about 1e-4/n absolute.
 */
export function andersonDarlingTest(data: ArrayLike<number>, cdf: (x: number) => number): GoodnessOfFit {
  return adFromSorted(sortedTransforms(data, cdf));
}

/** Anderson–Darling test of u_i = F(x_i) against Uniform(0, 1). */
export function andersonDarlingTestUniform(u: ArrayLike<number>): GoodnessOfFit {
  checkSample("u", u, 1);
  return adFromSorted(checkedSorted(u, "u[i]"));
}

function adFromSorted(u: Float64Array): GoodnessOfFit {
  const n = u.length;
  const statistic = adStatistic(u);
  if (statistic === Infinity) return { statistic, pValue: 0, n };
  return { statistic, pValue: andersonDarlingPValue(statistic, n), n };
}

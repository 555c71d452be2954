/**
 * Sample skewness and excess kurtosis with the meaning of scipy.stats.skew(x) and
 * scipy.stats.kurtosis(x) (bias=True, fisher=True): with central moments
 * m_k = (1/n) Σ (x_i − x̄)^k,
 *   skewness = m₃ / m₂^{3/2},   kurtosis = m₄ / m₂² − 3.
 * Where scipy returns NaN (numerically constant data: m₂ ≤ (1e-14·x̄)²), these throw.
 */
import { checkSample } from "./validate.js";
import { powerOfTwoScale } from "./location-scale.js";

/**
 * Central moments m₂, m₃, m₄ by two passes. The mean is carried as a double-double
 * (x̄ = hi + lo, lo from the first-pass residuals), so deviations stay exact to ~1 ulp even
 * for data with a large common offset.
 */
function centralMoments(data: ArrayLike<number>, what: string): { m2: number; m3: number; m4: number } {
  checkSample("data", data, 2);
  const n = data.length;
  // moments of data/k, k a power of two ≥ max|x| (exact, and the ratios below are scale-free):
  // no overflow of sums or of d⁴ for data near ±1e308, no underflow for data near 1e-300
  const k = powerOfTwoScale(data);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i] / k;
  const hi = sum / n;
  let resid = 0;
  for (let i = 0; i < n; i++) resid += data[i] / k - hi;
  const lo = resid / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = data[i] / k - hi - lo;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const eps = 1e-14 * (hi + lo); // scipy: 10 × float64 resolution × mean
  if (!(m2 > eps * eps) || !(m2 > 0)) {
    throw new RangeError(`data are numerically constant (variance ${m2 * k * k}, mean ${(hi + lo) * k}): the ${what} is undefined`);
  }
  return { m2, m3, m4 };
}

/** Sample skewness m₃/m₂^{3/2} (scipy.stats.skew, bias=True). Needs ≥ 2 finite, not all equal values. */
export function skewness(data: ArrayLike<number>): number {
  const { m2, m3 } = centralMoments(data, "skewness");
  return m3 / (m2 * Math.sqrt(m2));
}

/** Sample excess kurtosis m₄/m₂² − 3 (scipy.stats.kurtosis, fisher=True, bias=True). Normal data give ≈ 0. */
export function kurtosis(data: ArrayLike<number>): number {
  const { m2, m4 } = centralMoments(data, "kurtosis");
  return m4 / (m2 * m2) - 3;
}

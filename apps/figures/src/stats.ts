/** Small summaries over seeds. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  std: number;
  n: number;
}

export function spread(xs: readonly number[]): Spread {
  return { mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs), std: std(xs), n: xs.length };
}

/** Round to `digits` significant digits for JSON (the plotted numbers keep this precision). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/** Every value strictly above (direction 1) or below (−1) the one before it. */
export function strictlyMonotone(xs: readonly number[], direction: 1 | -1): boolean {
  return xs.every((v, i) => i === 0 || direction * (v - xs[i - 1]!) > 0);
}

/** Two-sided 95% critical values t_{0.975, df} of Student's t for df = 1 … 30 (4 decimals). */
const T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423];

/**
 * t_{0.975, df}: a mean of n paired differences is 'beyond noise' when it exceeds tCritical95(n − 1) standard
 * errors. df > 30: linear in 1/df towards the normal 1.95996 (within 1e-3). df < 1: Infinity (one sample
 * says nothing about its spread).
 */
export function tCritical95(df: number): number {
  if (!(df >= 1)) return Infinity;
  const k = Math.floor(df);
  if (k <= 30) return T975[k - 1]!;
  return 1.959964 + (T975[29]! - 1.959964) * (30 / k);
}

/** Mean, standard error and count of paired differences, and whether the mean exceeds t_{0.975, n−1} standard errors in the given direction. */
export function pairedChange(d: readonly number[], direction: 1 | -1): { mean: number; se: number; n: number; t: number; beyondNoise: boolean } {
  const s = spread(d);
  const se = d.length > 1 ? s.std / Math.sqrt(d.length) : Infinity;
  const t = tCritical95(d.length - 1);
  return { mean: s.mean, se, n: d.length, t, beyondNoise: Number.isFinite(s.mean) && direction * s.mean > t * se };
}

/**
 * McCulloch's (1986) quantile estimator of (α, β, σ, μ): matches the sample
 * functionals ν_α = (x95 − x05)/(x75 − x25) and ν_β = (x95 + x05 − 2 x50)/(x95 − x05)
 * to a table of the same functionals of the standard S0 law (generated from
 * this package's own quantile function, see scripts/make-mcculloch-table.ts),
 * then σ = (x75 − x25)/iqr(α, β) and the S0 location from the median. Used as
 * the starting point (and fallback) of the maximum-likelihood fit. Valid for
 * α ∈ [0.5, 2]; smaller tail indices are reported as 0.5.
 */
import {
  MCCULLOCH_ALPHAS,
  MCCULLOCH_BETAS,
  MCCULLOCH_IQR,
  MCCULLOCH_MEDIAN,
  MCCULLOCH_NU_ALPHA,
  MCCULLOCH_NU_BETA,
} from "./mcculloch-table.js";
import { convertParameterization, type Parameterization } from "./params.js";
import { checkSample } from "./validate.js";

export interface QuantileEstimate {
  alpha: number;
  beta: number;
  scale: number;
  loc: number;
  parameterization: Parameterization;
}

const NB = MCCULLOCH_BETAS.length;

/** Linear interpolation of ys at x over increasing xs (clamped to the ends). */
function interp(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let i = 1;
  while (xs[i] < x) i++;
  const t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

function row(table: ArrayLike<number>, i: number): number[] {
  return Array.from({ length: NB }, (_, j) => table[i * NB + j]);
}

/** β in [0, 1] on row i where ν_β reaches nb (the last crossing; 1 beyond the row's range). */
function betaOnRow(i: number, nb: number): number {
  const nus = row(MCCULLOCH_NU_BETA, i);
  if (nb <= nus[0]) return 0;
  for (let j = 1; j < NB; j++) {
    if (nus[j] >= nb) {
      const t = (nb - nus[j - 1]) / (nus[j] - nus[j - 1]);
      return MCCULLOCH_BETAS[j - 1] + t * (MCCULLOCH_BETAS[j] - MCCULLOCH_BETAS[j - 1]);
    }
  }
  return 1;
}

/** Bilinear interpolation of a table at (α, |β|). */
function bilinear(table: ArrayLike<number>, alpha: number, absBeta: number): number {
  const na = MCCULLOCH_ALPHAS.length;
  let i = 1;
  while (i < na - 1 && MCCULLOCH_ALPHAS[i] < alpha) i++;
  const ta = Math.min(1, Math.max(0, (alpha - MCCULLOCH_ALPHAS[i - 1]) / (MCCULLOCH_ALPHAS[i] - MCCULLOCH_ALPHAS[i - 1])));
  const lo = interp(MCCULLOCH_BETAS, row(table, i - 1), absBeta);
  const hi = interp(MCCULLOCH_BETAS, row(table, i), absBeta);
  return lo + ta * (hi - lo);
}

/** Sample quantile by linear interpolation between order statistics (type 7). */
function sampleQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** McCulloch's estimator; the location is reported in `parameterization` (default S1). */
export function mccullochEstimate(data: ArrayLike<number>, options: { parameterization?: Parameterization } = {}): QuantileEstimate {
  checkSample("data", data, 5);
  const sorted = Float64Array.from(data).sort();
  const [q05, q25, q50, q75, q95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => sampleQuantile(sorted, p));
  const iqrSample = q75 - q25;
  if (!(iqrSample > 0) || !(q95 - q05 > 0)) {
    throw new RangeError("data: the interquartile range is 0 (too many tied values) so no stable law can be fitted");
  }
  const nuA = (q95 - q05) / iqrSample;
  const nuBSigned = (q95 + q05 - 2 * q50) / (q95 - q05);
  const sign = nuBSigned < 0 ? -1 : 1;
  const nb = Math.abs(nuBSigned);
  // along each α-row find the β matching ν_β, then the α at which ν_α matches
  const na = MCCULLOCH_ALPHAS.length;
  const betas = new Float64Array(na);
  const nuAs = new Float64Array(na);
  for (let i = 0; i < na; i++) {
    betas[i] = betaOnRow(i, nb);
    nuAs[i] = interp(MCCULLOCH_BETAS, row(MCCULLOCH_NU_ALPHA, i), betas[i]);
  }
  let alpha: number;
  let absBeta: number;
  if (nuA >= nuAs[0]) {
    alpha = MCCULLOCH_ALPHAS[0];
    absBeta = betas[0];
  } else if (nuA <= nuAs[na - 1]) {
    alpha = 2;
    absBeta = 0;
  } else {
    let i = 1;
    while (i < na - 1 && nuAs[i] > nuA) i++;
    const t = (nuAs[i - 1] - nuA) / (nuAs[i - 1] - nuAs[i]);
    alpha = MCCULLOCH_ALPHAS[i - 1] + t * (MCCULLOCH_ALPHAS[i] - MCCULLOCH_ALPHAS[i - 1]);
    absBeta = betas[i - 1] + t * (betas[i] - betas[i - 1]);
  }
  absBeta = Math.min(1, Math.max(0, absBeta));
  const beta = alpha === 2 ? 0 : sign * absBeta;
  const scale = iqrSample / bilinear(MCCULLOCH_IQR, alpha, absBeta);
  const loc0 = q50 - scale * sign * bilinear(MCCULLOCH_MEDIAN, alpha, absBeta);
  const p = convertParameterization({ alpha, beta, scale, loc: loc0, parameterization: "S0" }, options.parameterization ?? "S1");
  return { alpha, beta, scale, loc: p.loc, parameterization: p.parameterization };
}

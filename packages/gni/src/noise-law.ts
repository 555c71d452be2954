/**
 * The law of one layer's implicit-effect gradient noise ∇E_L (Section 4, Figs 4, 8, A.4): a
 * univariate S_α(σ, β, 0) fitted by maximum likelihood (Nolan 2001), or a Gaussian (S_α with
 * α = 2), to a seeded random subset of the layer's non-zero noise entries.
 */
import { fit, mccullochEstimate, type Rng } from "@heavytails/stable";
import { checkAllFinite, checkInt, checkOneOf } from "./validate.js";

export interface NoiseLawOptions {
  /** 'stable' (default): S_α(σ, β, 0); 'gaussian': the same law with α fixed at 2. */
  distribution?: "stable" | "gaussian";
  /** 'mle' (default, as the paper) or McCulloch's quantile estimator (fast, robust). */
  estimator?: "mle" | "quantile";
  /** At most this many entries enter the fit (a seeded random subset; default 2000). */
  maxSamples?: number;
  /** Draws the subset. */
  rng: Rng;
}

export interface NoiseLaw {
  alpha: number;
  beta: number;
  /** 0 when fewer than MIN_FIT_SAMPLES entries were non-zero (no law to fit). */
  scale: number;
  /** Non-zero entries that entered the fit. */
  samples: number;
}

/** Fewer non-zero entries than this: no fit (scale 0). */
export const MIN_FIT_SAMPLES = 10;

/** A seeded random subset of k entries (all of them when k ≥ length). */
function subsample(v: Float64Array, k: number, rng: Rng): Float64Array {
  if (v.length <= k) return v;
  const idx = new Int32Array(v.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.uniform() * (v.length - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
    out[i] = v[idx[i]!]!;
  }
  return out;
}

/**
 * Fit the law of gradient-noise entries `values`, location fixed at 0. Exact zeros are left out:
 * they are weights that get no gradient at all (dead ReLU units, blank input pixels under
 * multiplicative noise), carry no implicit-effect noise and would make the law degenerate.
 * - gaussian: S_2(σ, ·, 0) = N(0, 2σ²), whose MLE is closed-form, σ̂² = mean(x²)/2;
 * - stable, 'mle': @heavytails/stable's fit; 'quantile': McCulloch's estimator (its α, β, σ).
 */
export function fitNoiseLaw(name: string, values: ArrayLike<number>, options: NoiseLawOptions): NoiseLaw {
  const distribution = checkOneOf("distribution", options.distribution ?? "stable", ["stable", "gaussian"] as const);
  const estimator = checkOneOf("estimator", options.estimator ?? "mle", ["mle", "quantile"] as const);
  const maxSamples = checkInt("maxSamples", options.maxSamples ?? 2000, MIN_FIT_SAMPLES);
  // a diverging run reaches here with non-finite gradients: say so, rather than let the fit reject the data
  checkAllFinite(name, values);
  const nonzero = Float64Array.from(values).filter((v) => v !== 0);
  if (nonzero.length < MIN_FIT_SAMPLES) return { alpha: 2, beta: 0, scale: 0, samples: nonzero.length };
  const x = subsample(nonzero, maxSamples, options.rng);
  if (distribution === "gaussian") {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return { alpha: 2, beta: 0, scale: Math.sqrt(s / x.length / 2), samples: x.length };
  }
  const f = estimator === "mle" ? fit(x, { fix: { loc: 0 } }) : mccullochEstimate(x);
  return { alpha: f.alpha, beta: f.beta, scale: f.scale, samples: x.length };
}

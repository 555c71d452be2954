/**
 * The Gibbs density π(w) ∝ e^{−f(w)/ε^α} (Theorem 4.1), normalised numerically, and the L1
 * distance between the histogram of samples and π: Σ_bins |n_b/N − π(bin b)| plus the
 * difference of the masses outside [lo, hi], i.e. 2× the total-variation distance of the
 * binned laws (the statistic of notes/fractional-drift.md).
 */
import { rangeError } from "@heavytails/stable";
import { type PotentialSpec, resolvePotential } from "./potential.js";

export interface GibbsOptions {
  alpha: number;
  epsilon: number;
  /** Integration range for the normalising constant (default [−10, 10]); it must hold the mass. */
  lo?: number;
  hi?: number;
  /** Simpson panels (default 20 000, at most 10⁷). */
  panels?: number;
}

export interface GibbsDensity {
  /** Normalised density. */
  pdf: (w: number) => number;
  /** π([a, b]) by Simpson's rule. */
  mass: (a: number, b: number) => number;
  /** log of the normalising constant of e^{−(f − f_min)/ε^α}, and f_min. */
  logZ: number;
  fMin: number;
}

function simpson(g: (x: number) => number, a: number, b: number, n: number): number {
  if (n % 2) n++;
  const h = (b - a) / n;
  let s = g(a) + g(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(a + i * h);
  return (s * h) / 3;
}

/** Size limits of gibbsDensity and histogramL1 (documented in the README). */
export const GIBBS_LIMITS = {
  /** Simpson panels of gibbsDensity (time, not memory: f is evaluated about 2·panels times). */
  panels: 10_000_000,
  /** Bins of histogramL1 (one Float64Array). */
  bins: 1_000_000,
} as const;

/** π ∝ e^{−f/ε^α} on [lo, hi], computed relative to min f (no overflow). */
export function gibbsDensity(potential: PotentialSpec, options: GibbsOptions): GibbsDensity {
  const { f } = resolvePotential(potential);
  if (options == null || typeof options !== "object") throw new TypeError("gibbsDensity needs options { alpha, epsilon }");
  const { alpha, epsilon } = options;
  if (!(alpha > 0 && alpha <= 2)) throw rangeError("alpha", alpha, "(0, 2]");
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw rangeError("epsilon", epsilon, "(0, Infinity)");
  const inv = Math.pow(epsilon, -alpha);
  if (!Number.isFinite(inv)) {
    throw rangeError("epsilon", epsilon, `[${Math.pow(Number.MAX_VALUE, -1 / alpha).toPrecision(3)}, Infinity) (epsilon^-alpha must be finite for alpha = ${alpha})`);
  }
  const lo = options.lo ?? -10, hi = options.hi ?? 10;
  if (!Number.isFinite(lo)) throw rangeError("lo", lo, "(-Infinity, Infinity)");
  if (!(hi > lo) || !Number.isFinite(hi)) throw rangeError("hi", hi, `(${lo}, Infinity)`);
  const panels = options.panels ?? 20000;
  if (!Number.isSafeInteger(panels) || panels < 2 || panels > GIBBS_LIMITS.panels) throw rangeError("panels", panels, `{2, 3, ...} up to ${GIBBS_LIMITS.panels}`);
  let fMin = Infinity;
  for (let i = 0; i <= panels; i++) {
    const w = lo + ((hi - lo) * i) / panels;
    const v = f(w);
    if (Number.isNaN(v) || v === -Infinity) throw rangeError(`f(${w})`, v, "(-Infinity, Infinity] (the potential must be a number on [lo, hi])");
    if (v < fMin) fMin = v;
  }
  if (!Number.isFinite(fMin)) throw rangeError("min f on [lo, hi]", fMin, "(-Infinity, Infinity)");
  const un = (w: number) => {
    const v = f(w);
    if (Number.isNaN(v)) throw rangeError(`f(${w})`, v, "(-Infinity, Infinity]");
    return Math.exp(-inv * (v - fMin));
  };
  const Z = simpson(un, lo, hi, panels);
  if (!(Z > 0) || !Number.isFinite(Z)) throw new RangeError(`the normalising constant of e^{-f/epsilon^alpha} on [${lo}, ${hi}] is ${Z}; widen [lo, hi] or raise panels`);
  const pdf = (w: number) => un(w) / Z;
  return {
    pdf,
    mass: (a: number, b: number) => simpson(pdf, a, b, Math.max(16, Math.ceil((panels * (b - a)) / (hi - lo)))),
    logZ: Math.log(Z),
    fMin,
  };
}

export interface HistogramL1Options {
  lo?: number;
  hi?: number;
  bins?: number;
}

/** Σ_b |n_b/N − π(b)| + |N_out/N − π(outside)| with `bins` equal bins on [lo, hi] (default [−3, 3], 60 bins). */
export function histogramL1(samples: ArrayLike<number>, target: GibbsDensity, options: HistogramL1Options = {}): number {
  const lo = options.lo ?? -3, hi = options.hi ?? 3, bins = options.bins ?? 60;
  if (!(hi > lo)) throw rangeError("hi", hi, `(${lo}, Infinity)`);
  if (!Number.isSafeInteger(bins) || bins < 1 || bins > GIBBS_LIMITS.bins) throw rangeError("bins", bins, `{1, 2, ...} up to ${GIBBS_LIMITS.bins}`);
  const n = samples.length;
  if (n < 1) throw rangeError("samples.length", n, "{1, 2, ...}");
  const counts = new Float64Array(bins);
  let outside = 0;
  const w = (hi - lo) / bins;
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    if (Number.isNaN(v)) throw rangeError(`samples[${i}]`, v, "numbers");
    const b = Math.floor((v - lo) / w);
    if (b >= 0 && b < bins) counts[b]++;
    else outside++;
  }
  let l1 = 0, inside = 0;
  for (let b = 0; b < bins; b++) {
    const p = target.mass(lo + b * w, lo + (b + 1) * w);
    inside += p;
    l1 += Math.abs(counts[b] / n - p);
  }
  return l1 + Math.abs(outside / n - (1 - inside));
}

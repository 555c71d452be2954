/**
 * The law of one layer's implicit-effect gradient noise ∇E_L (Section 4, Figs 4, 8, A.4): a
 * univariate S_α(σ, β, 0) fitted by maximum likelihood (Nolan 2001), or a Gaussian (S_α with
 * α = 2), to a seeded random subset of the layer's non-zero noise entries.
 *
 * Four switches (all off by default) reproduce the fit of the authors' Fig 4 code,
 * `InjectingStableNoise.ipynb` cell 7 (`fit_levy_custom`, `estimate_all_params`, PyLevy 1.0):
 * `centre` (x − mean(x)), `keepZeros` (every entry of the gradient), `parameterization: 'S0'`
 * (PyLevy's par='0', Nolan's S0, location fixed at 0 in it), `alphaBounds: [0.5, 2]`
 * (PyLevy's table range, the L-BFGS-B bounds on α) and `scaleBounds: [1e-6, 1e10]` (PyLevy's bounds on σ).
 */
import { fit, logpdf, mccullochEstimate, sample, type Rng } from "@heavytails/stable";
import { checkAllFinite, checkInt, checkOneOf, rangeError } from "./validate.js";

export interface NoiseLawOptions {
  /** 'stable' (default): S_α(σ, β, 0); 'gaussian': the same law with α fixed at 2. */
  distribution?: "stable" | "gaussian";
  /** 'mle' (default, as the paper) or McCulloch's quantile estimator (fast, robust). */
  estimator?: "mle" | "quantile";
  /** At most this many entries enter the fit (a seeded random subset; default 2000; `Infinity`: all of them). */
  maxSamples?: number;
  /** Draws the subset. */
  rng: Rng;
  /**
   * Subtract the mean of the entries (after zeros are dropped, unless `keepZeros`; before the subset is
   * drawn) and fit the law, location still fixed at 0, to the residuals. Default false.
   * Source: InjectingStableNoise.ipynb cell 7, `fit_levy_custom`: `x = x - x.mean()`.
   */
  centre?: boolean;
  /**
   * Keep exact zeros (weights with no gradient: dead ReLU units) among the fitted entries. Default false.
   * Source: cell 7, `estimate_all_params(wg.reshape(-1))` fits every entry of the weight gradient.
   */
  keepZeros?: boolean;
  /**
   * Parameterization of the fitted law, whose location is fixed at 0 in it: 'S1' (default) or 'S0'.
   * For β ≠ 0 and α ≠ 1, S0 with μ₀ = 0 is S1 with μ₁ = −βσ tan(πα/2). Draw from the returned law in the same
   * parameterization. Source: cell 7, `fit_levy_custom(x, par='0', mu=0)` (PyLevy's '0' is Nolan's S0).
   */
  parameterization?: "S0" | "S1";
  /**
   * α restricted to [lo, hi], 0.1 ≤ lo ≤ hi ≤ 2 (default: none beyond the fit's own range [0.1, 2]).
   * MLE: the unrestricted fit, and when its α falls outside, the fit with α held at the bound it crossed
   * (reported in `alphaAtBound`). Quantile estimator: its α clamped to the bounds.
   * Source: cell 7, `_lower`/`_upper`/`par_bounds`: L-BFGS-B with α ∈ [0.5, 2] (PyLevy's table range).
   */
  alphaBounds?: readonly [number, number];
  /**
   * σ restricted to [lo, hi], 0 < lo ≤ hi (default: none), held at the bound it crosses as α is.
   * Source: cell 7, `par_bounds`: σ ∈ [1e-6, 1e10] (PyLevy 1.0's bounds, in the units of the raw gradient).
   */
  scaleBounds?: readonly [number, number];
  /**
   * A previous fit of the same noise (e.g. the same layer at the previous step): the MLE's Newton search
   * starts there instead of at McCulloch's estimate (stable's `fit` `start`), landing on the same maximum
   * in fewer table builds. Used by the MLE path only (ignored by the quantile estimator, the Gaussian law
   * and tied data), and only when its scale is > 0 and finite; its α, β are in this fit's parameterization.
   */
  start?: { alpha: number; beta: number; scale: number };
}

export interface NoiseLaw {
  alpha: number;
  beta: number;
  /** 0 when fewer than MIN_FIT_SAMPLES entries were non-zero (no law to fit). */
  scale: number;
  /** Entries that entered the fit (non-zero ones unless `keepZeros`). */
  samples: number;
  /** The parameterization of the law (location 0 in it); present when the option was given. */
  parameterization?: "S0" | "S1";
  /** The mean subtracted before the fit; present when `centre`. */
  centredBy?: number;
  /** Exact zeros among all the entries (before the subset); present when `keepZeros`. */
  zeros?: number;
  /** Which α bound holds the estimate (present only when one does). */
  alphaAtBound?: "lower" | "upper";
  /** The α of the unrestricted fit, when it fell outside `alphaBounds`. */
  unboundedAlpha?: number;
  /** Which σ bound holds the estimate (present only when one does). */
  scaleAtBound?: "lower" | "upper";
  /** The σ of the fit before σ was held, when it fell outside `scaleBounds`. */
  unboundedScale?: number;
  /**
   * true: more than about half the fitted entries were tied (zeros kept), so McCulloch's quantile range was 0 and
   * stable's fit could not start; the law is the likelihood maximum found by Nelder–Mead inside the bounds instead.
   */
  tiedFit?: boolean;
  /**
   * true: the entries had tied values (`keepZeros` with zeros present) and a Nelder–Mead search started from
   * stable's estimate found a higher likelihood inside the bounds; the law is that point.
   */
  polished?: boolean;
}

/** Fewer non-zero entries than this: no fit (scale 0). */
export const MIN_FIT_SAMPLES = 10;

/** The smallest α @heavytails/stable's `fit` searches and accepts as fixed. */
const STABLE_FIT_ALPHA_MIN = 0.1;

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

/** Validate `alphaBounds`: two numbers with 0.1 ≤ lo ≤ hi ≤ 2. */
export function checkAlphaBounds(name: string, b: unknown): readonly [number, number] {
  const ok =
    Array.isArray(b) &&
    b.length === 2 &&
    typeof b[0] === "number" &&
    typeof b[1] === "number" &&
    b[0] >= STABLE_FIT_ALPHA_MIN &&
    b[0] <= b[1] &&
    b[1] <= 2;
  if (!ok) throw rangeError(name, Array.isArray(b) ? `[${b.join(", ")}]` : b, `[lo, hi] with ${STABLE_FIT_ALPHA_MIN} ≤ lo ≤ hi ≤ 2`);
  return [b[0], b[1]] as const;
}

/** Validate `scaleBounds`: two numbers with 0 < lo ≤ hi < Infinity. */
export function checkScaleBounds(name: string, b: unknown): readonly [number, number] {
  const ok = Array.isArray(b) && b.length === 2 && typeof b[0] === "number" && typeof b[1] === "number" && b[0] > 0 && b[0] <= b[1] && b[1] < Infinity;
  if (!ok) throw rangeError(name, Array.isArray(b) ? `[${b.join(", ")}]` : b, "[lo, hi] with 0 < lo ≤ hi < Infinity");
  return [b[0], b[1]] as const;
}

/** `maxSamples`: an integer ≥ MIN_FIT_SAMPLES, or Infinity (every entry). */
export function checkMaxSamples(name: string, v: unknown): number {
  return v === Infinity ? Infinity : checkInt(name, v, MIN_FIT_SAMPLES);
}

/**
 * Does McCulloch's estimator (the start of stable's fit, and the quantile estimator) refuse these data? On finite
 * data of ≥ MIN_FIT_SAMPLES entries it does only when a quantile range is 0: more than about half the entries tied.
 */
function mccullochRefuses(x: Float64Array, par: "S0" | "S1"): boolean {
  try {
    mccullochEstimate(x, { parameterization: par });
    return false;
  } catch (e) {
    if (e instanceof RangeError) return true;
    throw e;
  }
}

/**
 * Maximum likelihood by Nelder–Mead on (α, β, log σ), location 0, inside the bounds (points projected onto them).
 * Used (a) for data stable's fit cannot start on: more than about half the entries tied (exact zeros of dead units
 * under `keepZeros`), so McCulloch's quantile range is 0 — started from α = 1.5, β = 0 (PyLevy's x0, cell 7) and
 * σ = half the 5–95% range of the distinct values (PyLevy starts at σ = 1 in raw units); (b) to polish stable's
 * estimate on data with tied entries, where its Newton search can stop far from the maximum (seen: α̂ = 2 at a
 * log-likelihood 350 below that of α = 1.5 on 400 points with 10% zeros) — started from that estimate.
 * Ties enter once with their count. Returns the best point and its negative log-likelihood.
 */
function nelderMeadFit(
  x: Float64Array,
  par: "S0" | "S1",
  aB: readonly [number, number],
  sB: readonly [number, number] | undefined,
  from?: { alpha: number; beta: number; scale: number },
): { alpha: number; beta: number; scale: number; nll: number; nllFrom: number } {
  const sorted = Float64Array.from(x).sort();
  const vals: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (vals.length > 0 && vals[vals.length - 1] === v) counts[counts.length - 1]!++;
    else {
      vals.push(v);
      counts.push(1);
    }
  }
  const v = Float64Array.from(vals);
  const spread = v.length > 1 ? (v[Math.floor(0.95 * (v.length - 1))]! - v[Math.floor(0.05 * (v.length - 1))]!) / 2 : 0;
  const s0 = spread > 0 ? spread : Math.max(Math.abs(v[0]!), 1e-300);
  const sLo = Math.log(sB ? sB[0] : Number.MIN_VALUE);
  const sHi = Math.log(sB ? sB[1] : Number.MAX_VALUE);
  const project = (p: number[]): number[] => [
    Math.min(aB[1], Math.max(aB[0], p[0]!)),
    Math.min(1, Math.max(-1, p[1]!)),
    Math.min(sHi, Math.max(sLo, p[2]!)),
  ];
  const nll = (p: number[]): number => {
    const l = logpdf(v, { alpha: p[0]!, beta: p[1]!, scale: Math.exp(p[2]!), loc: 0, parameterization: par });
    let sum = 0;
    for (let i = 0; i < l.length; i++) sum -= counts[i]! * l[i]!;
    return Number.isNaN(sum) ? Infinity : sum;
  };
  const start = project(from ? [from.alpha, from.beta, Math.log(from.scale)] : [1.5, 0, Math.log(s0)]);
  let simplex = [start, project([start[0]! - 0.3, start[1]!, start[2]!]), project([start[0]!, start[1]! + 0.3, start[2]!]), project([start[0]!, start[1]!, start[2]! - 1])];
  let f = simplex.map(nll);
  const nllFrom = f[0]!;
  for (let it = 0; it < 400; it++) {
    const order = f.map((_, i) => i).sort((a, b) => f[a]! - f[b]!);
    simplex = order.map((i) => simplex[i]!);
    f = order.map((i) => f[i]!);
    if (Math.abs(f[3]! - f[0]!) < 1e-7 * (1 + Math.abs(f[0]!))) break;
    const c = [0, 1, 2].map((k) => (simplex[0]![k]! + simplex[1]![k]! + simplex[2]![k]!) / 3);
    const at = (t: number): number[] => project(c.map((ck, k) => ck + t * (simplex[3]![k]! - ck)));
    const r = at(-1);
    const fr = nll(r);
    if (fr < f[0]!) {
      const e = at(-2);
      const fe = nll(e);
      [simplex[3], f[3]] = fe < fr ? [e, fe] : [r, fr];
    } else if (fr < f[2]!) {
      [simplex[3], f[3]] = [r, fr];
    } else {
      const k = at(fr < f[3]! ? -0.5 : 0.5);
      const fk = nll(k);
      if (fk < Math.min(fr, f[3]!)) [simplex[3], f[3]] = [k, fk];
      else {
        for (let i = 1; i < 4; i++) {
          simplex[i] = project(simplex[i]!.map((p, j) => simplex[0]![j]! + 0.5 * (p - simplex[0]![j]!)));
          f[i] = nll(simplex[i]!);
        }
      }
    }
  }
  const best = f.indexOf(Math.min(...f));
  const p = simplex[best]!;
  return { alpha: p[0]!, beta: p[1]!, scale: Math.exp(p[2]!), nll: f[best]!, nllFrom };
}

/**
 * Fit the law of gradient-noise entries `values`, location fixed at 0. By default exact zeros are
 * left out: they are weights that get no gradient at all (dead ReLU units, blank input pixels under
 * multiplicative noise), carry no implicit-effect noise and would make the law degenerate.
 * - gaussian: S_2(σ, ·, 0) = N(0, 2σ²), whose MLE is closed-form, σ̂² = mean(x²)/2;
 * - stable, 'mle': @heavytails/stable's fit; 'quantile': McCulloch's estimator (its α, β, σ).
 * See NoiseLawOptions for `centre`, `keepZeros`, `parameterization`, `alphaBounds`, `scaleBounds` (the authors'
 * Fig 4 fit). The Gaussian law: α = 2 (its bounds ignored), σ̂ in closed form, clamped to `scaleBounds`.
 */
export function fitNoiseLaw(name: string, values: ArrayLike<number>, options: NoiseLawOptions): NoiseLaw {
  const distribution = checkOneOf("distribution", options.distribution ?? "stable", ["stable", "gaussian"] as const);
  const estimator = checkOneOf("estimator", options.estimator ?? "mle", ["mle", "quantile"] as const);
  const maxSamples = checkMaxSamples("maxSamples", options.maxSamples ?? 2000);
  const parameterization = options.parameterization === undefined ? undefined : checkOneOf("parameterization", options.parameterization, ["S0", "S1"] as const);
  const bounds = options.alphaBounds === undefined ? undefined : checkAlphaBounds("alphaBounds", options.alphaBounds);
  const scaleBounds = options.scaleBounds === undefined ? undefined : checkScaleBounds("scaleBounds", options.scaleBounds);
  const centre = options.centre ?? false;
  const keepZeros = options.keepZeros ?? false;
  if (typeof centre !== "boolean") throw rangeError("centre", centre, "{true, false}");
  if (typeof keepZeros !== "boolean") throw rangeError("keepZeros", keepZeros, "{true, false}");
  // a diverging run reaches here with non-finite gradients: say so, rather than let the fit reject the data
  checkAllFinite(name, values);
  const all = Float64Array.from(values);
  const nonzero = all.filter((v) => v !== 0);
  const entries = keepZeros ? all : nonzero;
  const extra: Partial<NoiseLaw> = {};
  if (parameterization !== undefined) extra.parameterization = parameterization;
  if (keepZeros) extra.zeros = all.length - nonzero.length;
  if (nonzero.length < MIN_FIT_SAMPLES) return { alpha: 2, beta: 0, scale: 0, samples: entries.length, ...extra };
  if (centre) {
    let mean = 0;
    for (let i = 0; i < entries.length; i++) mean += entries[i]!;
    mean /= entries.length;
    for (let i = 0; i < entries.length; i++) entries[i] = entries[i]! - mean;
    extra.centredBy = mean;
  }
  const x = subsample(entries, maxSamples, options.rng);
  if (distribution === "gaussian") {
    // S_2 is the same law in S0 and S1 (tan π = 0); β has no effect
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    let scale = Math.sqrt(s / x.length / 2);
    // the likelihood is unimodal in σ: the restricted MLE is the clamped one
    if (scaleBounds && (scale < scaleBounds[0] || scale > scaleBounds[1])) {
      extra.unboundedScale = scale;
      extra.scaleAtBound = scale < scaleBounds[0] ? "lower" : "upper";
      scale = scale < scaleBounds[0] ? scaleBounds[0] : scaleBounds[1];
    }
    return { alpha: 2, beta: 0, scale, samples: x.length, ...extra };
  }
  const par = parameterization ?? "S1";
  if (mccullochRefuses(x, par)) {
    // McCulloch's start (of both estimators) is undefined on these data: likelihood by Nelder–Mead instead
    extra.tiedFit = true;
    const aB = bounds ?? ([STABLE_FIT_ALPHA_MIN, 2] as const);
    const t = nelderMeadFit(x, par, aB, scaleBounds);
    if (bounds && (t.alpha <= aB[0] || t.alpha >= aB[1])) extra.alphaAtBound = t.alpha <= aB[0] ? "lower" : "upper";
    if (scaleBounds && (t.scale <= scaleBounds[0] || t.scale >= scaleBounds[1])) extra.scaleAtBound = t.scale <= scaleBounds[0] ? "lower" : "upper";
    return { alpha: t.alpha, beta: t.beta, scale: t.scale, samples: x.length, ...extra };
  }
  if (estimator === "quantile") {
    const q = mccullochEstimate(x, { parameterization: par });
    let alpha = q.alpha;
    if (bounds && alpha < bounds[0]) {
      extra.unboundedAlpha = alpha;
      extra.alphaAtBound = "lower";
      alpha = bounds[0];
    } else if (bounds && alpha > bounds[1]) {
      extra.unboundedAlpha = alpha;
      extra.alphaAtBound = "upper";
      alpha = bounds[1];
    }
    let scale = q.scale;
    if (scaleBounds && (scale < scaleBounds[0] || scale > scaleBounds[1])) {
      extra.unboundedScale = scale;
      extra.scaleAtBound = scale < scaleBounds[0] ? "lower" : "upper";
      scale = scale < scaleBounds[0] ? scaleBounds[0] : scaleBounds[1];
    }
    return { alpha, beta: q.beta, scale, samples: x.length, ...extra };
  }
  // Bounds by an active set: fit; if α (or σ) lies outside its bounds, hold it at the bound it crossed
  // and fit the rest again; at most one round per parameter. The result is the restricted maximum when
  // the profile likelihood is unimodal in the held parameter (where L-BFGS-B's projected search ends too).
  const fix: { loc: number; alpha?: number; scale?: number } = { loc: 0 };
  const prev = options.start;
  const start =
    prev && prev.scale > 0 && Number.isFinite(prev.scale) ? { alpha: prev.alpha, beta: prev.beta, scale: prev.scale, loc: 0 } : undefined;
  let f = fit(x, { parameterization: par, fix, ...(start ? { start } : {}) });
  for (let round = 0; round < 2; round++) {
    if (bounds && fix.alpha === undefined && (f.alpha < bounds[0] || f.alpha > bounds[1])) {
      extra.unboundedAlpha = f.alpha;
      fix.alpha = f.alpha < bounds[0] ? bounds[0] : bounds[1];
    } else if (scaleBounds && fix.scale === undefined && (f.scale < scaleBounds[0] || f.scale > scaleBounds[1])) {
      extra.unboundedScale = f.scale;
      fix.scale = f.scale < scaleBounds[0] ? scaleBounds[0] : scaleBounds[1];
    } else break;
    f = fit(x, { parameterization: par, fix, ...(start ? { start } : {}) });
  }
  let law = { alpha: fix.alpha ?? f.alpha, beta: f.beta, scale: fix.scale ?? f.scale };
  if (keepZeros && (extra.zeros ?? 0) > 0) {
    // tied entries: polish stable's estimate by Nelder–Mead inside the bounds; keep it only if it is better
    const t = nelderMeadFit(x, par, bounds ?? [STABLE_FIT_ALPHA_MIN, 2], scaleBounds, law);
    if (t.nll < t.nllFrom - 1e-9 * Math.abs(t.nllFrom)) {
      law = { alpha: t.alpha, beta: t.beta, scale: t.scale };
      extra.polished = true;
    }
  }
  if (bounds && (law.alpha <= bounds[0] || law.alpha >= bounds[1])) extra.alphaAtBound = law.alpha <= bounds[0] ? "lower" : "upper";
  if (scaleBounds && (law.scale <= scaleBounds[0] || law.scale >= scaleBounds[1])) extra.scaleAtBound = law.scale <= scaleBounds[0] ? "lower" : "upper";
  return { ...law, samples: x.length, ...extra };
}

/**
 * n independent draws from a fitted law: S_α(σ, β) with location 0 in the law's own parameterization
 * ('S1' when it names none, as fitNoiseLaw's default). With parameterization 'S0' this is PyLevy's
 * `s * levy.random(a, b, shape)` (InjectingStableNoise.ipynb cell 7): a standard S0 draw scaled by σ, not shifted;
 * S1 draws with μ₁ = 0 would sit βσ tan(πα/2) away from them.
 */
export function sampleNoiseLaw(law: Pick<NoiseLaw, "alpha" | "beta" | "scale" | "parameterization">, n: number, rng: Rng): Float64Array {
  return sample(n, { alpha: law.alpha, beta: law.beta, scale: law.scale, loc: 0, parameterization: law.parameterization ?? "S1" }, rng);
}

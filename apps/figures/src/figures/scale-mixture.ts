/**
 * Helpers of Fig. D.1 ("Is the heavy tail a scale mixture?"):
 * - the part of ∇_W L̃ linear in the injected noise, exactly: the directional derivative of the weight gradient
 *   along a noise direction u = σz at the noise-free point (ε = 0 additive, ε = 1 multiplicative), computed by
 *   forward-mode differentiation of an MLP's backward pass in float64 with the ReLU masks of the noise-free pass;
 * - per-weight moment accumulators over noise draws, in groups, and the statistics made from them (per-weight
 *   kurtosis, the pooled kurtosis / skewness after per-weight standardisation), with delete-a-group jackknife
 *   standard errors;
 * - the claim decisions, as pure functions (tested in test/gradient-noise-checks.test.ts).
 *
 * Why not a finite difference in σ: with ReLU the gradient jumps wherever a pre-activation changes sign, and the
 * Figure-2 network has 200 × 1025 (example, unit) pairs, so a central difference (g(+hσz) − g(−hσz)) / 2h crosses
 * kinks at every h that float32 can resolve: measured on the additive network, successive h = 10⁻¹ … 10⁻⁵ disagree
 * by 40–100 % (relative L2) and the across-weight kurtosis of dense4 goes 4, 35, 580, 990, 1360. The exact
 * derivative with the masks held (the derivative almost everywhere) has no step to choose.
 */
import type { NoiseType } from "@heavytails/gni";
import { pairedChange, tCritical95 } from "../stats.js";

/** An MLP's parameters as the noise-free forward pass needs them: W_i row-major [fanIn, fanOut], b_i [fanOut]. */
export interface MlpWeights {
  sizes: number[];
  weights: Float64Array[];
  biases: Float64Array[];
}

/** Noise-free pass of an MLP (ReLU hidden layers, linear output, MSE averaged over examples and outputs), kept for tangents. */
export interface CleanPass {
  n: number;
  type: NoiseType;
  /** h̃_i at the noise-free point, i = 0 … L−1 (site 0 = the input). */
  h: Float64Array[];
  /** ReLU masks of hidden layers 1 … L−1 (index i−1). */
  masks: Uint8Array[];
  /** Backward signals ∂L/∂a_i, i = 1 … L (index i−1). */
  deltas: Float64Array[];
  /** ∂L/∂h̃_i for sites 1 … L−1 (index i−1). */
  gh: Float64Array[];
  /** ∇_{W_i} L at the noise-free point (the clean gradient), i = 1 … L. */
  grads: Float64Array[];
  /** The network's output f at the noise-free point (n × outputs), for noise on the output site. */
  f: Float64Array;
}

/** out[n×o] (+)= a[n×k] · b[k×o] */
function matmul(a: Float64Array, b: Float64Array, n: number, k: number, o: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const ro = r * o;
    for (let c = 0; c < k; c++) {
      const v = a[r * k + c]!;
      if (v === 0) continue;
      const bo = c * o;
      for (let j = 0; j < o; j++) out[ro + j]! += v * b[bo + j]!;
    }
  }
}

/** out[n×k] = d[n×o] · Wᵀ, W [k×o] */
function matmulT(d: Float64Array, w: Float64Array, n: number, k: number, o: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const ro = r * o;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const wo = c * o;
      for (let j = 0; j < o; j++) s += d[ro + j]! * w[wo + j]!;
      out[r * k + c] = s;
    }
  }
}

/** out[k×o] += hᵀ[k×n] · d[n×o] */
function outer(h: Float64Array, d: Float64Array, n: number, k: number, o: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const ro = r * o;
    for (let c = 0; c < k; c++) {
      const v = h[r * k + c]!;
      if (v === 0) continue;
      const oo = c * o;
      for (let j = 0; j < o; j++) out[oo + j]! += v * d[ro + j]!;
    }
  }
}

/** The noise-free forward and backward pass (additive: ε = 0; multiplicative: ε = 1, which is the same pass). */
export function cleanPass(w: MlpWeights, x: ArrayLike<number>, y: ArrayLike<number>, type: NoiseType): CleanPass {
  const L = w.weights.length;
  const s = w.sizes;
  const n = x.length / s[0]!;
  const h: Float64Array[] = [Float64Array.from(x)];
  const masks: Uint8Array[] = [];
  let a = new Float64Array(0);
  for (let i = 1; i <= L; i++) {
    a = new Float64Array(n * s[i]!);
    for (let r = 0; r < n; r++) a.set(w.biases[i - 1]!, r * s[i]!);
    matmul(h[i - 1]!, w.weights[i - 1]!, n, s[i - 1]!, s[i]!, a);
    if (i < L) {
      const m = new Uint8Array(a.length);
      const hi = new Float64Array(a.length);
      for (let j = 0; j < a.length; j++) if (a[j]! > 0) { m[j] = 1; hi[j] = a[j]!; }
      masks.push(m);
      h.push(hi);
    }
  }
  const out = s[L]!;
  const df = new Float64Array(n * out);
  for (let j = 0; j < df.length; j++) df[j] = (2 * (a[j]! - y[j]!)) / (n * out);
  const deltas: Float64Array[] = new Array(L);
  const gh: Float64Array[] = new Array(L - 1);
  deltas[L - 1] = df;
  for (let i = L - 1; i >= 1; i--) {
    const g = new Float64Array(n * s[i]!);
    matmulT(deltas[i]!, w.weights[i]!, n, s[i]!, s[i + 1]!, g);
    gh[i - 1] = g;
    const d = new Float64Array(g.length);
    const m = masks[i - 1]!;
    for (let j = 0; j < g.length; j++) if (m[j]) d[j] = g[j]!;
    deltas[i - 1] = d;
  }
  const grads = w.weights.map((_, i) => {
    const G = new Float64Array(s[i]! * s[i + 1]!);
    outer(h[i]!, deltas[i]!, n, s[i]!, s[i + 1]!, G);
    return G;
  });
  return { n, type, h, masks, deltas, gh, grads, f: a };
}

/**
 * d/dt ∇_{W_i} L̃(ε₀ + t·u) at t = 0 for every layer i: the part of the weight gradient linear in the noise.
 * `u[i]` is the noise direction at site i (n × width_i; u = σ·z for a draw z), ε₀ = 0 (additive: h̃ = h + ε)
 * or 1 (multiplicative: h̃ = h·ε). ReLU masks are those of the noise-free pass (ReLU′(0) = 0, as tfjs).
 * With L sites (0 … L−1) the output is not noised; with L + 1, `u[L]` is the direction at the output f
 * (the authors' Fig. 2 notebook noises the output too: make_noisy_pred, SkewKurtosisGradients.ipynb cell 6).
 */
export function linearPart(w: MlpWeights, p: CleanPass, u: Float64Array[]): Float64Array[] {
  const L = w.weights.length;
  const s = w.sizes;
  const n = p.n;
  const mult = p.type === "multiplicative";
  const dh: Float64Array[] = [];
  // site 0: h̃₀ = x + ε₀ or x·ε₀
  const d0 = new Float64Array(n * s[0]!);
  for (let j = 0; j < d0.length; j++) d0[j] = mult ? p.h[0]![j]! * u[0]![j]! : u[0]![j]!;
  dh.push(d0);
  let da = new Float64Array(0);
  for (let i = 1; i <= L; i++) {
    da = new Float64Array(n * s[i]!);
    matmul(dh[i - 1]!, w.weights[i - 1]!, n, s[i - 1]!, s[i]!, da);
    if (i < L) {
      const m = p.masks[i - 1]!;
      const hi = p.h[i]!;
      const ui = u[i]!;
      const d = new Float64Array(da.length);
      for (let j = 0; j < d.length; j++) d[j] = (m[j] ? da[j]! : 0) + (mult ? hi[j]! * ui[j]! : ui[j]!);
      dh.push(d);
    }
  }
  const out = s[L]!;
  const ddelta: Float64Array[] = new Array(L);
  const df = new Float64Array(n * out);
  const uo = u.length > L ? u[L]! : null;
  if (uo === null) {
    for (let j = 0; j < df.length; j++) df[j] = (2 * da[j]!) / (n * out);
  } else if (!mult) {
    // f̃ = f + ε: ∂L/∂f = 2(f̃ − y)/(n·out), its tangent 2(df + u)/(n·out)
    for (let j = 0; j < df.length; j++) df[j] = (2 * (da[j]! + uo[j]!)) / (n * out);
  } else {
    // f̃ = f·ε: ∂L/∂f = 2(f̃ − y)ε/(n·out), its tangent 2(df + f·u)/(n·out) + 2(f − y)u/(n·out)
    const d0 = p.deltas[L - 1]!;
    for (let j = 0; j < df.length; j++) df[j] = (2 * (da[j]! + p.f[j]! * uo[j]!)) / (n * out) + d0[j]! * uo[j]!;
  }
  ddelta[L - 1] = df;
  for (let i = L - 1; i >= 1; i--) {
    const g = new Float64Array(n * s[i]!);
    matmulT(ddelta[i]!, w.weights[i]!, n, s[i]!, s[i + 1]!, g);
    const m = p.masks[i - 1]!;
    const gh = p.gh[i - 1]!;
    const ui = u[i]!;
    const d = new Float64Array(g.length);
    // ∂L/∂h_i = ∂L/∂h̃_i (additive) or ∂L/∂h̃_i · ε_i (multiplicative): its tangent gains ∂L/∂h̃_i · u_i
    for (let j = 0; j < g.length; j++) if (m[j]) d[j] = g[j]! + (mult ? gh[j]! * ui[j]! : 0);
    ddelta[i - 1] = d;
  }
  return w.weights.map((_, i) => {
    const G = new Float64Array(s[i]! * s[i + 1]!);
    outer(dh[i]!, p.deltas[i]!, n, s[i]!, s[i + 1]!, G);
    outer(p.h[i]!, ddelta[i]!, n, s[i]!, s[i + 1]!, G);
    return G;
  });
}

/** Per-weight power sums Σv, Σv², Σv³, Σv⁴ of (value − shift) over the draws of one group. */
export class PowerSums {
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly s3: Float64Array;
  readonly s4: Float64Array;
  count = 0;
  constructor(readonly size: number) {
    this.s1 = new Float64Array(size);
    this.s2 = new Float64Array(size);
    this.s3 = new Float64Array(size);
    this.s4 = new Float64Array(size);
  }
  add(values: ArrayLike<number>, shift?: ArrayLike<number>): void {
    for (let j = 0; j < this.size; j++) {
      const v = values[j]! - (shift ? shift[j]! : 0);
      const v2 = v * v;
      this.s1[j]! += v;
      this.s2[j]! += v2;
      this.s3[j]! += v2 * v;
      this.s4[j]! += v2 * v2;
    }
    this.count++;
  }
}

export interface PerWeightStats {
  /** Draws the statistics are made from. */
  draws: number;
  /** Weights with a positive across-draw variance (the others — e.g. fed by a dead unit under multiplicative noise — are left out). */
  used: number;
  excluded: number;
  /** Per-weight excess kurtosis and skewness over the draws (scipy bias=True), for the used weights. */
  kurtosis: Float64Array;
  skewness: Float64Array;
  /**
   * Kurtosis and skewness of all (draw, weight) values after each weight is standardised by its own across-draw
   * mean and s.d.: exactly the mean over weights of the per-weight statistics.
   */
  pooledKurtosis: number;
  pooledSkewness: number;
}

/** Per-weight statistics over the draws of the given groups (all groups when `skip` is undefined, else all but group `skip`). */
export function perWeightStats(groups: readonly PowerSums[], skip?: number): PerWeightStats {
  const size = groups[0]!.size;
  let n = 0;
  for (let g = 0; g < groups.length; g++) if (g !== skip) n += groups[g]!.count;
  const m2s = new Float64Array(size);
  const m3s = new Float64Array(size);
  const m4s = new Float64Array(size);
  let meanM2 = 0;
  for (let j = 0; j < size; j++) {
    let a = 0, b = 0, c = 0, d = 0;
    for (let g = 0; g < groups.length; g++) {
      if (g === skip) continue;
      const G = groups[g]!;
      a += G.s1[j]!; b += G.s2[j]!; c += G.s3[j]!; d += G.s4[j]!;
    }
    const mu = a / n;
    const e2 = b / n, e3 = c / n, e4 = d / n;
    const m2 = e2 - mu * mu;
    m2s[j] = m2;
    m3s[j] = e3 - 3 * mu * e2 + 2 * mu * mu * mu;
    m4s[j] = e4 - 4 * mu * e3 + 6 * mu * mu * e2 - 3 * mu ** 4;
    meanM2 += Math.max(m2, 0) / size;
  }
  // a weight whose gradient never moves (variance at rounding level) has no per-weight law to standardise
  const floor = 1e-12 * meanM2;
  const kurt: number[] = [];
  const skew: number[] = [];
  for (let j = 0; j < size; j++) {
    const m2 = m2s[j]!;
    if (!(m2 > floor)) continue;
    kurt.push(m4s[j]! / (m2 * m2) - 3);
    skew.push(m3s[j]! / (m2 * Math.sqrt(m2)));
  }
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((s, v) => s + v, 0) / xs.length : NaN);
  return { draws: n, used: kurt.length, excluded: size - kurt.length, kurtosis: Float64Array.from(kurt), skewness: Float64Array.from(skew), pooledKurtosis: mean(kurt), pooledSkewness: mean(skew) };
}

/** E[sample excess kurtosis (bias=True)] of n Gaussian draws: −6/(n + 1). The standardised kurtosis is measured against it. */
export function gaussianKurtosisNull(n: number): number {
  return -6 / (n + 1);
}

export interface JackknifeEstimate {
  /** The statistic on all draws (minus its Gaussian null for the kurtosis). */
  estimate: number;
  /** Delete-a-group jackknife standard error over the G groups of independent draws. */
  se: number;
  groups: number;
  /** t_{0.975, G−1}. */
  t: number;
}

/** Delete-a-group jackknife: the statistic on all groups, and its s.e. from the G leave-one-group-out values. */
export function jackknife(all: number, leaveOut: readonly number[]): JackknifeEstimate {
  const G = leaveOut.length;
  const m = leaveOut.reduce((s, v) => s + v, 0) / G;
  const se = Math.sqrt(((G - 1) / G) * leaveOut.reduce((s, v) => s + (v - m) ** 2, 0));
  return { estimate: all, se, groups: G, t: tCritical95(G - 1) };
}

/** The standardised excess kurtosis (minus the Gaussian null of its draw count) of a layer, with its jackknife s.e. */
export function standardisedKurtosis(groups: readonly PowerSums[]): JackknifeEstimate & { used: number; excluded: number } {
  const all = perWeightStats(groups);
  const leave = groups.map((_, g) => {
    const s = perWeightStats(groups, g);
    return s.pooledKurtosis - gaussianKurtosisNull(s.draws);
  });
  return { ...jackknife(all.pooledKurtosis - gaussianKurtosisNull(all.draws), leave), used: all.used, excluded: all.excluded };
}

/** The pooled skewness after per-weight standardisation, with its jackknife s.e. */
export function standardisedSkewness(groups: readonly PowerSums[]): JackknifeEstimate {
  const all = perWeightStats(groups);
  return jackknife(all.pooledSkewness, groups.map((_, g) => perWeightStats(groups, g).pooledSkewness));
}

/** Mean over independent draws with s.e. = s.d./√R and t_{0.975, R−1}. */
export function replicationMean(reps: readonly number[]): JackknifeEstimate {
  const r = pairedChange(reps, 1);
  return { estimate: r.mean, se: r.se, groups: r.n, t: r.t };
}

/** The whole 95% interval estimate ± t·se lies inside (−margin, margin). */
export function insideMargin(e: JackknifeEstimate, margin: number): boolean {
  return Number.isFinite(e.se) && Math.abs(e.estimate) + e.t * e.se < margin;
}

/** The whole 95% interval lies above the margin. */
export function aboveMargin(e: JackknifeEstimate, margin: number): boolean {
  return Number.isFinite(e.se) && e.estimate - e.t * e.se > margin;
}

export interface LayerEvidence {
  /** Across-weight excess kurtosis of ∇E_L, one value per independent draw. */
  rawKurtosisPerDraw: readonly number[];
  /** Excess kurtosis after per-weight standardisation, minus its Gaussian null, with its jackknife s.e. */
  standardised: JackknifeEstimate;
}

export type LayerVerdict = "vanishes" | "persists" | "undecided" | "not heavy-tailed";

/**
 * One layer of one network: is its across-weight heavy tail there (mean raw excess kurtosis > 0 beyond the
 * draws' noise), and after per-weight standardisation does it vanish (the 95% interval of the standardised excess
 * kurtosis inside ±margin) or persist (the interval above margin)?
 */
export function layerVerdict(e: LayerEvidence, margin: number): LayerVerdict {
  const raw = replicationMean(e.rawKurtosisPerDraw);
  if (!(raw.estimate - raw.t * raw.se > 0)) return "not heavy-tailed";
  if (insideMargin(e.standardised, margin)) return "vanishes";
  if (aboveMargin(e.standardised, margin)) return "persists";
  return "undecided";
}

/**
 * The claim of Fig. D.1 for one noise type: every layer (of every network) that is heavy-tailed across weights
 * has the expected verdict ('vanishes' for additive, 'persists' for multiplicative), and at least one layer is
 * heavy-tailed (otherwise there is nothing to explain and the claim fails).
 */
export function scaleMixtureClaim(verdicts: readonly LayerVerdict[], expected: "vanishes" | "persists"): boolean {
  const applicable = verdicts.filter((v) => v !== "not heavy-tailed");
  return applicable.length > 0 && applicable.every((v) => v === expected);
}

/** Per-weight sample excess kurtosis of `draws` Gaussian draws, for `columns` weights: the null the histogram is drawn against. */
export function gaussianPerWeightKurtosis(draws: number, columns: number, normal: () => number): Float64Array {
  const out = new Float64Array(columns);
  const v = new Float64Array(draws);
  for (let c = 0; c < columns; c++) {
    let m = 0;
    for (let d = 0; d < draws; d++) { v[d] = normal(); m += v[d]!; }
    m /= draws;
    let m2 = 0, m4 = 0;
    for (let d = 0; d < draws; d++) { const e = (v[d]! - m) ** 2; m2 += e; m4 += e * e; }
    m2 /= draws; m4 /= draws;
    out[c] = m4 / (m2 * m2) - 3;
  }
  return out;
}

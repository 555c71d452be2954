/**
 * One stationary-density sub-run of the double-well experiments (Fig. 6, T4.1): an ensemble of
 * chains of the Euler scheme (4.4) or the fractional scheme (4.6) for one (α, θ, seed), reduced
 * to what is plotted and measured (KDE, L1 distance to Gibbs, mean, mode, safeguard counts).
 */
import type { OperatorVariant } from "@heavytails/fractional";
import { gibbsDensity, histogramL1, kde, simulate, type Scheme } from "@heavytails/sde";
import { sig } from "./stats.js";

export const DOUBLE_WELL = "w^4/4 - w^2/2";

export interface LangevinSetting {
  potential: string;
  epsilon: number;
  stepSize: number;
  steps: number;
  burnIn: number;
  recordEvery: number;
  particles: number;
  kde: { lo: number; hi: number; points: number };
  l1: { lo: number; hi: number; bins: number };
  /** Fractional scheme only. */
  h?: number;
  /**
   * Known-wrong variants, for the tests that show a claim check fails on wrong code (never set by the CLI):
   * `operator: "literal"` runs the fractional scheme with the paper's sum read literally (k = 0 weight 1,
   * inconsistent), `ignoreTheta: true` drives every panel with symmetric noise (θ = 0) whatever its θ.
   * Absent in the figures' own settings, so their cache keys do not mention them.
   */
  operator?: OperatorVariant;
  ignoreTheta?: boolean;
}

export interface LangevinRun {
  scheme: Scheme;
  alpha: number;
  theta: number;
  seed: number;
  l1: number;
  /**
   * Counts of the recorded iterates in the L1 bins (setting.l1: `bins` equal bins on [lo, hi]) followed by the count
   * outside [lo, hi]; their total is the number of recorded iterates. The seeds' replications of these give the
   * sampling noise of the histogram (T4.1's noise floor).
   */
  counts: number[];
  /**
   * The same counts per group of chains (CHAIN_GROUPS groups of consecutive particles, fewer when there are fewer
   * chains): the chains are independent, so the groups are independent replications of the histogram, with the
   * real covariance of correlated iterates (T4.1's noise floor).
   */
  groupCounts: number[][];
  mean: number;
  mode: number;
  kde: { x: number[]; density: number[]; bandwidth: number };
  safeguardFraction: number;
  outsideGrid: number;
  maxAbsRecorded: number;
  wallSeconds: number;
}

/** The simulator seed of a figure seed: seed s of the figure uses stream seed 1 + s in every panel. */
export function simulatorSeed(seed: number): number {
  return 1 + seed;
}

export function runLangevin(s: LangevinSetting, scheme: Scheme, alpha: number, theta: number, seed: number): LangevinRun {
  const r = simulate({
    potential: s.potential,
    alpha,
    theta: s.ignoreTheta ? 0 : theta,
    epsilon: s.epsilon,
    stepSize: s.stepSize,
    steps: s.steps,
    burnIn: s.burnIn,
    recordEvery: s.recordEvery,
    particles: s.particles,
    seed: simulatorSeed(seed),
    scheme,
    ...(scheme === "fractional" && s.h !== undefined ? { h: s.h } : {}),
    ...(scheme === "fractional" && s.operator !== undefined ? { variant: s.operator } : {}),
  });
  const gibbs = gibbsDensity(s.potential, { alpha, epsilon: s.epsilon });
  const est = kde(r.samples, { lo: s.kde.lo, hi: s.kde.hi, points: s.kde.points });
  let m = 0;
  for (const v of r.samples) m += v;
  m /= r.samples.length;
  let argmax = 0;
  for (let i = 1; i < est.density.length; i++) if (est.density[i] > est.density[argmax]) argmax = i;
  return {
    scheme,
    alpha,
    theta,
    seed,
    l1: histogramL1(r.samples, gibbs, s.l1),
    counts: binCounts(r.samples, s.l1),
    groupCounts: groupBinCounts(r.samples, s.particles, s.l1),
    mean: m,
    mode: est.x[argmax],
    kde: { x: Array.from(est.x, (v) => sig(v)), density: Array.from(est.density, (v) => sig(v)), bandwidth: est.bandwidth },
    safeguardFraction: r.diagnostics.safeguardFraction,
    outsideGrid: r.diagnostics.outsideGrid,
    maxAbsRecorded: r.diagnostics.maxAbsRecorded,
    wallSeconds: r.diagnostics.wallSeconds,
  };
}

/** Counts in `bins` equal bins on [lo, hi] (the bins of histogramL1), then the count outside. */
export function binCounts(samples: ArrayLike<number>, o: { lo: number; hi: number; bins: number }): number[] {
  const counts = new Array<number>(o.bins + 1).fill(0);
  const w = (o.hi - o.lo) / o.bins;
  for (let i = 0; i < samples.length; i++) {
    const b = Math.floor((samples[i]! - o.lo) / w);
    counts[b >= 0 && b < o.bins ? b : o.bins]!++;
  }
  return counts;
}

/** Chain groups per run (LangevinRun.groupCounts). */
export const CHAIN_GROUPS = 20;

/** binCounts per group of consecutive chains; samples laid out [record][particle] (one coordinate). */
export function groupBinCounts(samples: ArrayLike<number>, particles: number, o: { lo: number; hi: number; bins: number }): number[][] {
  const groups = Math.min(CHAIN_GROUPS, particles);
  const counts = Array.from({ length: groups }, () => new Array<number>(o.bins + 1).fill(0));
  const groupOf = Array.from({ length: particles }, (_, p) => Math.floor((p * groups) / particles));
  const w = (o.hi - o.lo) / o.bins;
  for (let i = 0; i < samples.length; i++) {
    const b = Math.floor((samples[i]! - o.lo) / w);
    counts[groupOf[i % particles]!]![b >= 0 && b < o.bins ? b : o.bins]!++;
  }
  return counts;
}

/** Probabilities of the Gibbs law e^{−f/ε^α} in the L1 bins, then of the outside (same layout as LangevinRun.counts). */
export function gibbsBinProbabilities(s: Pick<LangevinSetting, "potential" | "epsilon" | "l1">, alpha: number): number[] {
  const g = gibbsDensity(s.potential, { alpha, epsilon: s.epsilon });
  const w = (s.l1.hi - s.l1.lo) / s.l1.bins;
  const p: number[] = [];
  for (let b = 0; b < s.l1.bins; b++) p.push(g.mass(s.l1.lo + b * w, s.l1.lo + (b + 1) * w));
  p.push(Math.max(0, 1 - p.reduce((a, v) => a + v, 0)));
  return p;
}

/** The Gibbs density e^{−f/ε^α} (normalised) on the KDE grid. */
export function gibbsCurve(s: LangevinSetting, alpha: number): { x: number[]; density: number[] } {
  const g = gibbsDensity(s.potential, { alpha, epsilon: s.epsilon });
  const x: number[] = [];
  const density: number[] = [];
  for (let i = 0; i < s.kde.points; i++) {
    const w = s.kde.lo + (i * (s.kde.hi - s.kde.lo)) / (s.kde.points - 1);
    x.push(sig(w));
    density.push(sig(g.pdf(w)));
  }
  return { x, density };
}

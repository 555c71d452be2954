/** Small summaries over seeds. */
import { createRng, normalCdf } from "@heavytails/stable";
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

/**
 * The effective number of independent draws behind a histogram, from independent replications of it
 * (one histogram per seed, same bins): N_eff = Σ_b p̄_b(1 − p̄_b) / Σ_b s²_b, with p̄_b the mean and s²_b the
 * variance over replications of the proportion in bin b. For n i.i.d. draws per replication this estimates
 * n; for correlated draws (iterates of a chain) it is smaller. Clamped to [1, draws per replication].
 * Fewer than 2 replications: NaN (one histogram says nothing about its own noise).
 */
export function effectiveDraws(counts: readonly (readonly number[])[]): number {
  if (counts.length < 2) return NaN;
  const props = counts.map((c) => {
    const n = c.reduce((s, v) => s + v, 0);
    return c.map((v) => v / n);
  });
  const nMin = Math.min(...counts.map((c) => c.reduce((s, v) => s + v, 0)));
  let num = 0, den = 0;
  for (let b = 0; b < props[0]!.length; b++) {
    const s = spread(props.map((p) => p[b]!));
    num += s.mean * (1 - s.mean);
    den += s.std * s.std;
  }
  if (den === 0) return nMin;
  return Math.min(nMin, Math.max(1, num / den));
}

/** L1 distance Σ_b |c_b/n − p_b| between counts and probabilities (same layout: bins, then the outside). */
export function countsL1(counts: readonly number[], p: readonly number[]): number {
  const n = counts.reduce((s, v) => s + v, 0);
  return counts.reduce((s, c, b) => s + Math.abs(c / n - p[b]!), 0);
}

export interface L1Floor {
  /** Draws the floor is for. */
  draws: number;
  /** Draws per simulated replication (at most `draws`; see l1NoiseFloor), or the number of groups (replicationL1Floor). */
  simulated: number;
  replications: number;
  /** Mean and standard deviation over replications of the L1 distance of a histogram of `draws` exact draws to the law. */
  mean: number;
  std: number;
  /** One-sided 95% limit, mean + 1.645·std (an L1 summed over many bins is close to normal): above it = beyond the sampling noise. */
  q95: number;
}

/**
 * The sampling-noise floor of the L1 statistic: L1 distances to p of histograms of `draws` exact i.i.d. draws
 * from p (bin probabilities, the last entry the outside), by simulation with `replications` replications from
 * the seeded stream `rngSeed` (inverse-CDF draws of the bin; drawing a value and binning it gives the same
 * counts). Above `maxSimulated` draws the replications use maxSimulated draws and the L1 is scaled by
 * √(maxSimulated / draws): the L1 of a multinomial falls like n^{−1/2} once the bins' expected counts are large
 * (bins with expected counts below 1 at maxSimulated make it slightly conservative; tested against direct
 * simulation in test/claim-checks.test.ts).
 */
export function l1NoiseFloor(p: readonly number[], draws: number, options: { replications?: number; rngSeed?: number; maxSimulated?: number } = {}): L1Floor {
  const reps = options.replications ?? 100;
  const rng = createRng(options.rngSeed ?? 20210701);
  const n = Math.max(1, Math.round(draws));
  const nSim = Math.min(n, options.maxSimulated ?? 100_000);
  const scale = Math.sqrt(nSim / n);
  const cdf = new Float64Array(p.length);
  let acc = 0;
  p.forEach((v, i) => (cdf[i] = acc += v));
  for (let i = 0; i < cdf.length; i++) cdf[i] /= acc;
  const l1s: number[] = [];
  const u = new Float64Array(Math.min(nSim, 65536));
  const counts = new Array<number>(p.length);
  for (let r = 0; r < reps; r++) {
    counts.fill(0);
    for (let done = 0; done < nSim; ) {
      const m = Math.min(u.length, nSim - done);
      rng.fillUniform(u);
      for (let j = 0; j < m; j++) {
        const x = u[j]!;
        let lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (x <= cdf[mid]!) hi = mid;
          else lo = mid + 1;
        }
        counts[lo]!++;
      }
      done += m;
    }
    l1s.push(scale * countsL1(counts, p));
  }
  const s = spread(l1s);
  return { draws: n, simulated: nSim, replications: reps, mean: s.mean, std: s.std, q95: s.mean + 1.645 * s.std };
}

/** The standard normal quantile Φ^{−1}(q), q in (0, 1), by bisection on @heavytails/stable's normalCdf (to 1e-12). */
export function normalQuantile(q: number): number {
  if (!(q > 0 && q < 1)) return q === 1 ? Infinity : q === 0 ? -Infinity : NaN;
  let lo = -40, hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if ((normalCdf(mid) as number) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The sampling-noise floor of the L1 distance between a pooled histogram and its law, from independent replications
 * of the histogram (`groups`: counts per replication, same bins, e.g. groups of independent chains): a Gaussian
 * multiplier bootstrap. Each replication r draws ξ_g ~ N(0, 1) and forms Z = √(G/(G−1)) (1/G) Σ_g ξ_g (P_g − P̄),
 * P_g the proportions of group g and P̄ their mean, whose covariance is that of the noise of P̄ (the scheme's bias,
 * common to every group, cancels); the floor is the distribution of Σ_b |Z_b|. Unlike a floor of i.i.d. draws it has
 * the real covariance of correlated iterates (a chain that stays in one well moves many bins together).
 * Fewer than 2 groups: NaN.
 */
export function replicationL1Floor(groups: readonly (readonly number[])[], options: { replications?: number; rngSeed?: number } = {}): L1Floor {
  const reps = options.replications ?? 400;
  const G = groups.length;
  const draws = groups.reduce((s, c) => s + c.reduce((a, v) => a + v, 0), 0);
  if (G < 2) return { draws, simulated: G, replications: 0, mean: NaN, std: NaN, q95: NaN };
  const props = groups.map((c) => {
    const n = c.reduce((a, v) => a + v, 0);
    return c.map((v) => v / n);
  });
  const B = props[0]!.length;
  const pbar = new Float64Array(B);
  for (const p of props) for (let b = 0; b < B; b++) pbar[b] += p[b]! / G;
  const dev = props.map((p) => p.map((v, b) => v - pbar[b]!));
  const rng = createRng(options.rngSeed ?? 20210702);
  const c = Math.sqrt(G / (G - 1)) / G;
  const l1s: number[] = [];
  const z = new Float64Array(B);
  for (let r = 0; r < reps; r++) {
    z.fill(0);
    for (let g = 0; g < G; g++) {
      const xi = rng.normal();
      const d = dev[g]!;
      for (let b = 0; b < B; b++) z[b] += xi * d[b]!;
    }
    let l1 = 0;
    for (let b = 0; b < B; b++) l1 += Math.abs(c * z[b]!);
    l1s.push(l1);
  }
  const s = spread(l1s);
  return { draws, simulated: G, replications: reps, mean: s.mean, std: s.std, q95: s.mean + 1.645 * s.std };
}

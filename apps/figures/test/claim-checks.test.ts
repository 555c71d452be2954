/**
 * Every claim check fed constructed inputs that must pass and inputs that must fail (issue 13): a check proves
 * something only if it can fail. The failing inputs are the known-wrong patterns the audit found passing before:
 * T4.1 with an L1 a little above the sampling noise (the literal operator), Fig. 6 with θ ignored (all |θ| groups
 * identical), T4.2 with an order h^{0.5}, Fig. 7 "lower in the mean and in both seeds" at a paired t below
 * t_{0.975, 1}, Fig. 4 "tracks" by a point comparison inside the noise, Fig. 8 with one seed.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "@heavytails/stable";
import { checkFig4Panel } from "../src/figures/fig4.js";
import { checkFig5Panel } from "../src/figures/fig5.js";
import { checkFig6, type Fig6Cell } from "../src/figures/fig6.js";
import { checkFig7 } from "../src/figures/fig7.js";
import { checkFig8Block } from "../src/figures/fig8.js";
import { checkT41, type T41Row, type T41SchemeStats } from "../src/figures/t41.js";
import { checkT42, type T42Orders } from "../src/figures/t42.js";
import { DOUBLE_WELL, gibbsBinProbabilities } from "../src/langevin.js";
import { countsL1, effectiveDraws, l1NoiseFloor, normalQuantile, replicationL1Floor } from "../src/stats.js";

/** A floor whose limit at the Bonferroni z of 3 panels (2.128) is `limit`. */
const floor = (limit: number) => ({ draws: 100_000, simulated: 100_000, replications: 100, mean: limit * 0.76, std: (limit * 0.24) / 2.128, q95: limit * 0.76 + (1.645 * limit * 0.24) / 2.128 });
const scheme = (l1: number[], pooledL1: number, q95: number): T41SchemeStats => ({ l1, pooledL1, effectiveDraws: 50_000, floor: floor(q95), iidFloor: floor(q95) });

describe("stats: noise floor from exact draws and effective draws from replications", () => {
  const p = [0.1, 0.2, 0.3, 0.25, 0.15];
  /** One histogram of n draws from p, each draw repeated `repeat` times (correlated iterates). */
  const histogram = (seed: number, n: number, repeat: number) => {
    const rng = createRng(seed);
    const c = new Array<number>(p.length).fill(0);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform(), b = 0;
      while (b < p.length - 1 && u > p[b]!) u -= p[b++]!;
      c[b]! += repeat;
    }
    return c;
  };

  it("l1NoiseFloor: mean near √(2/π) Σ √(p(1−p)/n) (normal approximation), q95 above the mean", () => {
    const n = 20_000;
    const f = l1NoiseFloor(p, n, { replications: 400 });
    const approx = Math.sqrt(2 / Math.PI) * p.reduce((s, q) => s + Math.sqrt((q * (1 - q)) / n), 0);
    expect(Math.abs(f.mean / approx - 1)).toBeLessThan(0.05);
    expect(f.q95).toBeGreaterThan(f.mean + f.std);
    expect(countsL1([10, 20, 30, 25, 15], p)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(1 - 0.05 / 8)).toBeCloseTo(2.497705, 5); // scipy.stats.norm.ppf(1 - 0.05/8)
  });

  it("l1NoiseFloor: simulating fewer draws and scaling by n^{−1/2} agrees with direct simulation (T4.1's Gibbs bins at α = 1.9)", () => {
    const q = gibbsBinProbabilities({ potential: DOUBLE_WELL, epsilon: 1, l1: { lo: -3, hi: 3, bins: 60 } }, 1.9);
    const direct = l1NoiseFloor(q, 300_000, { replications: 30, maxSimulated: 300_000 });
    const scaled = l1NoiseFloor(q, 300_000, { replications: 100, maxSimulated: 50_000, rngSeed: 3 });
    expect(scaled.simulated).toBe(50_000);
    // s.e. of each mean ≈ 2%; the scaled floor may only err on the lenient (larger) side
    expect(scaled.mean / direct.mean - 1).toBeGreaterThan(-0.06);
    expect(scaled.mean / direct.mean - 1).toBeLessThan(0.1);
  });

  it("replicationL1Floor: i.i.d. groups give the exact-draw floor of all their draws", () => {
    const groups = Array.from({ length: 40 }, (_, g) => histogram(g + 500, 2000, 1));
    const boot = replicationL1Floor(groups, { replications: 400 });
    const exact = l1NoiseFloor(p, 80_000, { replications: 200 });
    expect(Math.abs(boot.mean / exact.mean - 1)).toBeLessThan(0.15);
  });

  it("replicationL1Floor: groups that move many bins together (a chain stuck in one well) give the larger floor they should", () => {
    // group g: p + ε_g v with v = +p on the first half of the bins, −p on the second (mass moving between 'wells')
    const q = [0.1, 0.15, 0.25, 0.25, 0.15, 0.1];
    const v = q.map((x, b) => (b < 3 ? x : -x));
    const rng = createRng(11);
    const G = 60, sigma = 0.05;
    const groups = Array.from({ length: G }, () => {
      const e = sigma * rng.normal();
      return q.map((x, b) => Math.round(1e6 * (x + e * v[b]!)));
    });
    const boot = replicationL1Floor(groups, { replications: 400 });
    const expected = Math.sqrt(2 / Math.PI) * (sigma / Math.sqrt(G)) * v.reduce((a, x) => a + Math.abs(x), 0);
    expect(Math.abs(boot.mean / expected - 1)).toBeLessThan(0.2);
    expect(boot.mean).toBeGreaterThan(3 * l1NoiseFloor(q, G * 1e6, { replications: 20 }).mean); // i.i.d. draws: far smaller
    expect(replicationL1Floor([groups[0]!]).mean).toBeNaN();
  });

  it("effectiveDraws: n for i.i.d. draws, n / r when every draw is repeated r times, NaN from one replication", () => {
    const iid = effectiveDraws(Array.from({ length: 12 }, (_, s) => histogram(s + 1, 4000, 1)));
    expect(iid).toBeGreaterThan(2500);
    expect(iid).toBeLessThanOrEqual(4000);
    const repeated = effectiveDraws(Array.from({ length: 12 }, (_, s) => histogram(s + 100, 4000, 10)));
    expect(repeated).toBeGreaterThan(2500);
    expect(repeated).toBeLessThan(6000); // 40 000 iterates, 4000 independent
    expect(effectiveDraws([histogram(7, 100, 1)])).toBeNaN();
  });
});

describe("T4.1: checkT41", () => {
  const good = (alpha: number, theta: number, eulerL1: number): T41Row => ({
    alpha, theta,
    fractional: scheme([0.011, 0.010, 0.013], 0.008, 0.009),
    euler: scheme([eulerL1, eulerL1 + 0.003, eulerL1 - 0.002], eulerL1 - 0.004, 0.009),
  });
  const rows = [good(1.9, 0, 0.02), good(1.9, 0.9, 0.07), good(1.1, 0.5, 1.2)];

  it("passes: fractional within its floor everywhere, not worse than Euler, Euler shifted somewhere", () => {
    const v = checkT41(rows);
    expect(v.z).toBeCloseTo(2.128, 3);
    expect(v.ok).toBe(true);
    expect(v.eulerShiftedPanels).toBe(3);
  });

  it("fails: the literal operator's L1 (0.09 where the floor is 0.011) in one panel", () => {
    const bad = [...rows];
    bad[0] = { ...rows[0]!, fractional: scheme([0.09, 0.091, 0.088], 0.089, 0.011) };
    const v = checkT41(bad);
    expect(v.ok).toBe(false);
    expect(v.recovered).toBe(false);
    expect(v.notWorseThanEuler).toBe(false); // 0.09 vs Euler's 0.02: worse beyond noise too
  });

  it("fails: fractional a little above its floor though far better than Euler (the old fixed 0.1 limit passed it)", () => {
    const bad = rows.map((r) => ({ ...r, fractional: scheme(r.fractional.l1, 0.03, 0.012) }));
    expect(checkT41(bad).ok).toBe(false);
  });

  it("fails: Euler shifted nowhere (nothing to contrast), or fractional worse than Euler beyond noise", () => {
    const flat = rows.map((r) => ({ ...r, euler: scheme([0.012, 0.011, 0.012], 0.008, 0.009) }));
    expect(checkT41(flat).ok).toBe(false);
    const worse = rows.map((r) => ({ ...r, euler: scheme([0.005, 0.004, 0.007], 0.004, 0.009) }));
    expect(checkT41(worse).notWorseThanEuler).toBe(false);
  });

  it("fails with one seed: no floor", () => {
    const one = rows.map((r) => ({ ...r, fractional: { ...r.fractional, l1: [0.01], effectiveDraws: NaN, floor: { ...floor(NaN), draws: NaN } } }));
    expect(checkT41(one).ok).toBe(false);
  });
});

describe("Fig. 6: checkFig6", () => {
  const thetas = [-0.5, 0, 0.5, 0.9];
  /** Per-seed values: L1 and E w growing with |θ| (and larger at α = 1.1), seed noise shared across θ. */
  const cells = (grow: number, noise: number[]): Fig6Cell[] => [1.9, 1.1].flatMap((alpha) => thetas.map((theta) => {
    const base = alpha === 1.1 ? 0.3 : 0.02;
    return {
      alpha, theta,
      l1: noise.map((e, s) => base + grow * Math.abs(theta) + e + 0.001 * s * theta),
      mean: noise.map((e) => -Math.sign(theta || 1) * (grow * Math.abs(theta) + 0.004 + e / 2)),
    };
  }));

  it("passes: both measures increase with |θ| beyond noise, and L1 is larger at the smaller α", () => {
    const v = checkFig6(cells(0.08, [0.001, -0.002, 0.0015]));
    expect(v.ok).toBe(true);
    expect(v.perAlpha.every((p) => p.l1Grows && p.shiftGrows)).toBe(true);
  });

  it("fails: θ ignored (every |θ| group identical within a seed)", () => {
    const v = checkFig6(cells(0, [0.001, -0.002, 0.0015]));
    expect(v.ok).toBe(false);
    expect(v.perAlpha.some((p) => p.shiftGrows)).toBe(false);
  });

  it("fails: a growth smaller than the seed-to-seed noise of the differences (was 'not significantly decreasing')", () => {
    const c = cells(0.08, [0.001, -0.002, 0.0015]).map((x) =>
      x.theta === 0.9 ? { ...x, l1: x.l1.map((v, s) => v - 0.08 * 0.4 + [0.03, -0.03, 0.0][s]!), mean: x.mean.map((v, s) => v + 0.08 * 0.4 + [0.03, -0.03, 0][s]!) } : x);
    expect(checkFig6(c).ok).toBe(false);
  });

  it("fails with one seed", () => {
    expect(checkFig6(cells(0.08, [0.001])).ok).toBe(false);
  });
});

describe("T4.2: checkT42", () => {
  const hs = [0.4, 0.2, 0.1, 0.05];
  const offsets = [0.004, -0.003, 0.001]; // per seed, common to every h (common random numbers)
  const orders = (order: number, wiggle = 0, byHK = [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }, { hK: 3, error: 0.03 }]): T42Orders => ({
    series: [
      { name: "w", exact: 0, h: hs, perSeed: hs.map((h, j) => offsets.map((o, s) => -0.05 * h + o + wiggle * Math.sin(7 * j + 3 * s))) },
      { name: "w²", exact: 0.8, h: hs, perSeed: hs.map((h, j) => offsets.map((o, s) => 0.8 + 0.1 * h ** order + o + wiggle * Math.cos(5 * j + 2 * s))) },
    ],
    byHK,
  });

  it("passes: first order in h for both observables, error grows as hK shrinks", () => {
    const v = checkT42(orders(1));
    expect(v.ok).toBe(true);
    expect(v.observables[1]!.orderFromDifferences).toBeCloseTo(1, 6);
  });

  it("passes: faster than first order (the bound is an upper bound)", () => {
    expect(checkT42(orders(1.5)).ok).toBe(true);
  });

  it("fails: order h^{0.5} in the even observable (the literal operator's symmetric error), though g(w) = w is first order", () => {
    const v = checkT42(orders(0.5));
    expect(v.ok).toBe(false);
    expect(v.observables[0]!.firstOrder).toBe(true);
    expect(v.observables[1]!.orderFromDifferences).toBeCloseTo(0.5, 6);
  });

  it("fails: differences lost in the noise (the order estimate would be noise)", () => {
    expect(checkT42(orders(1, 0.01)).ok).toBe(false);
  });

  it("fails: no growth as hK shrinks", () => {
    expect(checkT42(orders(1, 0, [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.012 }, { hK: 3, error: 0.011 }])).ok).toBe(false);
  });
});

describe("Fig. 7: checkFig7 (paired Student t, the rule of Figs 5 and 8)", () => {
  it("passes: Noise − Exp Reg beyond t_{0.975, n−1} standard errors", () => {
    expect(checkFig7([{ data: "mnist", standIn: true, explicit: [1.0, 1.1, 0.9], noise: [1.2, 1.32, 1.09] }]).ok).toBe(true);
  });

  it("fails: lower in the mean and in both seeds, paired t 1.5 < t_{0.975, 1} = 12.7 (passed the old rule)", () => {
    const v = checkFig7([{ data: "mnist", standIn: true, explicit: [1.0, 1.0], noise: [1.2, 2.0] }]);
    expect(v.ok).toBe(false);
    expect(v.verdicts[0]!.tStatistic).toBeCloseTo(1.5, 6);
  });

  it("fails: one data set lost, or a diverged Exp Reg run", () => {
    expect(checkFig7([
      { data: "mnist", standIn: true, explicit: [1.0, 1.1, 0.9], noise: [1.2, 1.32, 1.09] },
      { data: "svhn", standIn: false, explicit: [1.0, 1.1, 0.9], noise: [0.9, 1.0, 0.8] },
    ]).ok).toBe(false);
    expect(checkFig7([{ data: "mnist", standIn: true, explicit: [1.0, Infinity, 0.9], noise: [1.2, 1.32, 1.09] }]).ok).toBe(false);
  });
});

describe("Fig. 4: checkFig4Panel (tracks = closer beyond noise, per seed)", () => {
  it("passes: the S_α run sits at M = 1's loss and the Gaussian run at M = 16's, in every seed", () => {
    const v = checkFig4Panel({ M1: [1.0, 1.1, 0.95], M16: [0.5, 0.52, 0.47], "M16+stable": [0.98, 1.12, 0.93], "M16+gaussian": [0.51, 0.5, 0.48] });
    expect(v.stableTracksM1 && v.gaussianTracksM16).toBe(true);
    expect(v.m1MinusM16.beyondNoise).toBe(true);
  });

  it("fails: M = 1 and M = 16 differ by 0.05% (the plateau), so closeness is noise (the old point comparison passed it)", () => {
    const v = checkFig4Panel({ M1: [0.1, 0.2, 0.15], M16: [0.10005, 0.19990, 0.15004], "M16+stable": [0.10001, 0.19993, 0.15003], "M16+gaussian": [0.10004, 0.19996, 0.14999] });
    expect(v.stableTracksM1).toBe(false);
    expect(v.gaussianTracksM16).toBe(false);
  });

  it("fails: a diverged replacement run tracks nothing; two seeds need t > 12.7", () => {
    expect(checkFig4Panel({ M1: [1.0, 1.1, 0.95], M16: [0.5, 0.52, 0.47], "M16+stable": [0.98, null, 0.93], "M16+gaussian": [0.51, 0.5, 0.48] }).stableTracksM1).toBe(false);
    expect(checkFig4Panel({ M1: [1.0, 1.1], M16: [0.5, 0.52], "M16+stable": [0.6, 1.08], "M16+gaussian": [0.51, 0.5] }).stableTracksM1).toBe(false);
  });
});

describe("Fig. 5: checkFig5Panel", () => {
  const M = [1, 2, 4, 8, 16];
  it("passes: loss falls with M, smallest minus largest M beyond noise", () => {
    expect(checkFig5Panel(M, [[1.0, 1.1, 1.05], [0.9, 1.0, 0.95], [0.8, 0.85, 0.82], [0.7, 0.75, 0.71], [0.6, 0.66, 0.62]], -0.8).ok).toBe(true);
  });
  it("fails: the right order in the means but within the noise of the paired differences", () => {
    expect(checkFig5Panel(M, [[1.0, 1.5, 1.05], [0.99, 1.49, 1.04], [0.98, 1.48, 1.03], [0.97, 1.47, 1.02], [0.6, 1.6, 1.04]], -0.8).ok).toBe(false);
  });
  it("fails: no trend in M", () => {
    expect(checkFig5Panel(M, [[1, 1, 1], [0.9, 0.9, 0.9], [1.1, 1.1, 1.1], [0.95, 0.95, 0.95], [1.05, 1.05, 1.05]], -0.8).ok).toBe(false);
  });
});

describe("Fig. 8: checkFig8Block (standard errors from seeds, never from dependent (step, layer) fits)", () => {
  const good = {
    sigma2: [0.1, 0.5, 1],
    alphaBySeed: [[1.9, 1.88, 1.91], [1.8, 1.79, 1.82], [1.7, 1.68, 1.72]],
    absThetaBySeed: [[0.1, 0.12, 0.09], [0.2, 0.21, 0.19], [0.3, 0.33, 0.29]],
    gapBySeed: [[0.0, 0.01, -0.01], [0.05, 0.06, 0.04], [0.1, 0.12, 0.09]],
  };
  it("passes: α falls, |θ| rises and the gap grows, each beyond the seeds' noise", () => {
    const v = checkFig8Block(good);
    expect(v.heavierAndMoreSkewed && v.largerMWinsMore).toBe(true);
  });
  it("fails with one seed (thousands of (step, layer) fits of one run are not replications)", () => {
    const one = { sigma2: good.sigma2, alphaBySeed: good.alphaBySeed.map((x) => [x[0]!]), absThetaBySeed: good.absThetaBySeed.map((x) => [x[0]!]), gapBySeed: good.gapBySeed.map((x) => [x[0]!]) };
    const v = checkFig8Block(one);
    expect(v.heavierAndMoreSkewed || v.largerMWinsMore).toBe(false);
  });
  it("fails: the change in α within the seeds' noise; the gap not growing", () => {
    const v = checkFig8Block({ ...good, alphaBySeed: [[1.9, 1.7, 1.85], [1.85, 1.75, 1.84], [1.84, 1.8, 1.8]], gapBySeed: [[0.1, 0.12, 0.09], [0.1, 0.1, 0.1], [0.09, 0.13, 0.08]] });
    expect(v.heavierAndMoreSkewed).toBe(false);
    expect(v.largerMWinsMore).toBe(false);
  });
});

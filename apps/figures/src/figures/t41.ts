/** T4.1 (beyond the paper): the fractional Langevin scheme (4.6) recovers Gibbs where Euler (4.4) is shifted. */
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import type { LangevinRun } from "../langevin.js";
import { gibbsBinProbabilities } from "../langevin.js";
import { countsL1, effectiveDraws, l1NoiseFloor, normalQuantile, pairedChange, replicationL1Floor, sig, type L1Floor } from "../stats.js";
import { type PanelSummary, type StationaryConfig, panelRuns, stationaryConfig, stationaryCurves, stationaryPanel, stationaryRuns, summarise } from "../stationary.js";
import type { CurvePoint } from "../plot.js";

export interface T41Data {
  panels: Array<{ scheme: "euler" | "fractional"; alpha: number; curves: CurvePoint[] }>;
  summary: PanelSummary[];
  /** Per (α, θ): both schemes' per-seed and pooled L1 to Gibbs and their noise floors (the claim check's input). */
  rows: T41Row[];
  runs: Array<Omit<LangevinRun, "kde" | "groupCounts">>;
}

/** One scheme in one (α, θ) panel: what T4.1's check decides on. */
export interface T41SchemeStats {
  /** L1 to Gibbs of each seed's histogram (seeds in the same order for both schemes: they share streams). */
  l1: number[];
  /** L1 to Gibbs of the histogram pooled over the seeds. */
  pooledL1: number;
  /**
   * The noise floor of pooledL1 (decides): Gaussian multiplier bootstrap over the independent replications of the
   * histogram, the groups of chains of every seed (stats.replicationL1Floor).
   */
  floor: L1Floor;
  /** Effective number of independent draws per seed, from the seeds' replications (stats.effectiveDraws). */
  effectiveDraws: number;
  /**
   * For reference, not deciding: L1 of (seeds × effectiveDraws) exact i.i.d. Gibbs draws. It understates the noise of
   * chain iterates (their fluctuations move many bins together): with 400 chains it failed the consistent scheme.
   */
  iidFloor: L1Floor;
}

export interface T41Row {
  alpha: number;
  theta: number;
  euler: T41SchemeStats;
  fractional: T41SchemeStats;
}

/** Replications of the bootstrap and exact-draw floors, and the streams they come from (not figure seeds). */
const FLOOR_REPLICATIONS = 400;
const IID_REPLICATIONS = 50;
const FLOOR_RNG_SEED = 4_1_2021;

/** Per-seed and pooled L1 and the noise floors of one scheme in one panel. */
export function schemeStats(runs: LangevinRun[], gibbsBins: number[]): T41SchemeStats {
  const pooled = gibbsBins.map((_, b) => runs.reduce((s, r) => s + r.counts[b]!, 0));
  const nEff = effectiveDraws(runs.map((r) => r.counts));
  const iidFloor = Number.isFinite(nEff)
    ? l1NoiseFloor(gibbsBins, runs.length * nEff, { replications: IID_REPLICATIONS, rngSeed: FLOOR_RNG_SEED })
    : { draws: NaN, simulated: 0, replications: 0, mean: NaN, std: NaN, q95: NaN };
  // one seed: its chain groups are replications too, but the check asks for 2 seeds (a seed's stream is one draw)
  const floor = runs.length >= 2 ? replicationL1Floor(runs.flatMap((r) => r.groupCounts), { replications: FLOOR_REPLICATIONS, rngSeed: FLOOR_RNG_SEED }) : { draws: NaN, simulated: 0, replications: 0, mean: NaN, std: NaN, q95: NaN };
  return { l1: runs.map((r) => r.l1), pooledL1: countsL1(pooled, gibbsBins), floor, effectiveDraws: nEff, iidFloor };
}

export interface T41Verdict {
  alpha: number;
  theta: number;
  fractionalPooledL1: number;
  /** The floor's limit: mean + z·std of the exact-draw L1, z for a 5% family-wise level over the panels (Bonferroni). */
  fractionalFloor95: number;
  /** The fractional scheme's pooled L1 within the 95% noise floor of as many exact Gibbs draws. */
  recovered: boolean;
  eulerPooledL1: number;
  eulerFloor95: number;
  /** Euler's pooled L1 beyond its noise floor: Euler visibly shifted in this panel. */
  eulerShifted: boolean;
  /** Per-seed L1 fractional − Euler (paired: same streams): mean, standard error, t_{0.975, n−1}, and whether fractional is worse beyond noise. */
  fractionalMinusEuler: { mean: number; se: number; t: number; worseBeyondNoise: boolean };
}

/**
 * T4.1's claim check, a pure function of the per-panel statistics. Pass requires, in every (α, θ) panel, the
 * fractional scheme's pooled L1 within its sampling-noise floor (recovered: below mean + z·std
 * of the floor's L1, z = Φ^{−1}(1 − 0.05 / panels), so that an exact sampler fails at most 5% of the time) and not worse
 * than Euler's beyond noise (paired by seed, t_{0.975, n−1}); and at least one panel where Euler's pooled L1 is
 * beyond its own noise floor (the shift the claim contrasts with). Fewer than 2 seeds cannot pass (no floor).
 */
export function checkT41(rows: T41Row[]): { ok: boolean; panels: T41Verdict[]; recovered: boolean; notWorseThanEuler: boolean; eulerShiftedPanels: number; z: number } {
  const z = normalQuantile(1 - 0.05 / Math.max(1, rows.length));
  const limit = (f: L1Floor) => f.mean + z * f.std;
  const panels = rows.map((r): T41Verdict => {
    const d = pairedChange(r.fractional.l1.map((v, i) => v - r.euler.l1[i]!), 1);
    return {
      alpha: r.alpha,
      theta: r.theta,
      fractionalPooledL1: r.fractional.pooledL1,
      fractionalFloor95: limit(r.fractional.floor),
      recovered: r.fractional.pooledL1 <= limit(r.fractional.floor),
      eulerPooledL1: r.euler.pooledL1,
      eulerFloor95: limit(r.euler.floor),
      eulerShifted: r.euler.pooledL1 > limit(r.euler.floor),
      fractionalMinusEuler: { mean: d.mean, se: d.se, t: d.t, worseBeyondNoise: d.beyondNoise },
    };
  });
  const recovered = panels.length > 0 && panels.every((p) => p.recovered);
  const notWorseThanEuler = panels.every((p) => !p.fractionalMinusEuler.worseBeyondNoise);
  const eulerShiftedPanels = panels.filter((p) => p.eulerShifted).length;
  return { ok: recovered && notWorseThanEuler && eulerShiftedPanels > 0, panels, recovered, notWorseThanEuler, eulerShiftedPanels, z };
}

function check(cfg: StationaryConfig, rows: T41Row[]): ClaimCheck {
  const v = checkT41(rows);
  const f = (x: number) => sig(x, 3);
  return {
    claim: "Theorem 4.1: the fractional Langevin scheme (4.6) with drift b_{h,K} has the Gibbs measure as its stationary law, where the Euler scheme (4.4) is shifted.",
    measured: {
      panels: v.panels.map((p, i) => ({
        alpha: p.alpha, theta: p.theta,
        fractional: { pooledL1: f(p.fractionalPooledL1), floorLimit: f(p.fractionalFloor95), floorMean: f(rows[i]!.fractional.floor.mean), perSeedL1: rows[i]!.fractional.l1.map(f), recovered: p.recovered, iidExactDrawFloorMean: f(rows[i]!.fractional.iidFloor.mean), effectiveDrawsPerSeed: Math.round(rows[i]!.fractional.effectiveDraws) },
        euler: { pooledL1: f(p.eulerPooledL1), floorLimit: f(p.eulerFloor95), floorMean: f(rows[i]!.euler.floor.mean), perSeedL1: rows[i]!.euler.l1.map(f), shifted: p.eulerShifted },
        fractionalMinusEulerPerSeed: { mean: f(p.fractionalMinusEuler.mean), se: f(p.fractionalMinusEuler.se), t: f(p.fractionalMinusEuler.t), worseBeyondNoise: p.fractionalMinusEuler.worseBeyondNoise },
      })),
      recovered: v.recovered, notWorseThanEuler: v.notWorseThanEuler, eulerShiftedPanels: v.eulerShiftedPanels, z: sig(v.z, 4),
    },
    outcome: v.ok ? "pass" : "fail",
    details:
      `L1 distance to Gibbs of the iterates' histogram (${cfg.setting.l1.bins} bins on [${cfg.setting.l1.lo}, ${cfg.setting.l1.hi}] plus the outside), pooled over the ${cfg.seeds.length} seeds, per (α, θ) and scheme. ` +
      `Noise floor: mean + z standard deviations (z = ${sig(v.z, 3)}: 5% family-wise over the ${v.panels.length} panels, Bonferroni) of the L1 of the pooled histogram's sampling noise, by a Gaussian multiplier bootstrap (${FLOOR_REPLICATIONS} replications) over its independent replications: ` +
      `the chains of each seed in ${rows[0]?.fractional.floor.simulated ? Math.round(rows[0].fractional.floor.simulated / cfg.seeds.length) : 0} groups, every group of every seed (the scheme's bias is common to the groups and cancels; stats.replicationL1Floor). ` +
      `For reference (not deciding): the floor of as many exact i.i.d. Gibbs draws as the histogram's effective number of draws (iidExactDrawFloorMean): it understates the noise of chain iterates, which move many bins together. ` +
      `Pass requires: in every panel the fractional scheme's pooled L1 within its floor (${v.recovered}); in every panel the fractional scheme not worse than Euler beyond noise (per-seed L1 differences paired by seed, beyond t_{0.975, n−1} standard errors: ${v.notWorseThanEuler}); ` +
      `and Euler beyond its floor in at least one panel (${v.eulerShiftedPanels} of ${v.panels.length}). Fewer than 2 seeds cannot pass (no floor). ` +
      `Recovered: ${v.panels.map((p) => `α = ${p.alpha}, θ = ${p.theta}: ${f(p.fractionalPooledL1)} vs floor ${f(p.fractionalFloor95)} (Euler ${f(p.eulerPooledL1)} vs ${f(p.eulerFloor95)})`).join("; ")}. ` +
      `The bias of the scheme at this h and η (first order in h) counts against it: a pass says it is below the sampling noise at this size.`,
  };
}

export const t41: ImplementedFigure<StationaryConfig, T41Data> = {
  id: "T4.1",
  title: "Theorem 4.1: the fractional scheme (4.6) recovers the Gibbs density where Euler (4.4) is shifted",
  origin: "beyond",
  caption: "Not in the paper. The panels of Figure 6 (top row, Euler scheme (4.4)) beside the same panels with the asymmetric fractional Langevin scheme (4.6), drift b_{h,K} of (4.8) (bottom row). Dashed black: the Gibbs density e^{−f} (ε = 1).",
  claim: "The fractional scheme (4.6) recovers the Gibbs density for every α and θ, where the Euler scheme (4.4) is shifted.",
  implemented: true,
  protocols: [],
  version: 3,
  paperScale: "The paper proves Theorem 4.1 but shows no simulation of (4.6).",
  config(options: RunOptions): StationaryConfig {
    return stationaryConfig(options.preset, options.seeds, true);
  },
  describe(cfg: StationaryConfig): string {
    const s = cfg.setting;
    return `Same chains as Figure 6 (Euler runs shared through the cache: f = ${s.potential}, ε = ${s.epsilon}, η = ${s.stepSize}, ${s.steps.toLocaleString("en")} steps, burn-in ${s.burnIn.toLocaleString("en")}, every ${s.recordEvery}th kept, ${s.particles.toLocaleString("en")} chains, seeds ${cfg.seeds.join(", ")}), ` +
      `and the fractional scheme (4.6) with the consistent Grünwald–Letnikov drift (k = 0 weight 2, see notes/fractional-drift.md), h = ${s.h}, K covering the drift grid [−8, 8] plus 4, same seeds. Curves: mean KDE over seeds, shading min–max.`;
  },
  async run(cfg: StationaryConfig, ctx: FigureContext): Promise<FigureOutput<T41Data>> {
    // both schemes requested at once, so that their sub-runs can run concurrently
    const [euler, frac] = await Promise.all([stationaryRuns(cfg, "euler", ctx), stationaryRuns(cfg, "fractional", ctx)]);
    const runs = [...euler, ...frac];
    const summary = summarise(runs);
    const panels = (["euler", "fractional"] as const).flatMap((scheme) => cfg.alphas.map((alpha) => ({ scheme, alpha, curves: stationaryCurves(cfg, runs, scheme, alpha) })));
    const rows = cfg.alphas.flatMap((alpha) => {
      const bins = gibbsBinProbabilities(cfg.setting, alpha);
      return cfg.thetas.map((theta): T41Row => ({
        alpha, theta,
        euler: schemeStats(panelRuns(runs, "euler", alpha, theta, cfg.seeds), bins),
        fractional: schemeStats(panelRuns(runs, "fractional", alpha, theta, cfg.seeds), bins),
      }));
    });
    return { data: { panels, summary, rows, runs: runs.map(({ kde: _k, groupCounts: _g, ...rest }) => rest) }, claim: check(cfg, rows) };
  },
  spec(out: FigureOutput<T41Data>, cfg: StationaryConfig): Record<string, unknown> {
    const row = (scheme: "euler" | "fractional") => ({
      hconcat: out.data.panels.filter((p) => p.scheme === scheme).map((p) => {
        const l1 = out.data.summary.filter((s) => s.scheme === scheme && s.alpha === p.alpha).map((s) => s.l1.mean);
        return stationaryPanel(cfg, p.curves, `${scheme === "euler" ? "Euler (4.4)" : "fractional (4.6)"}, α = ${p.alpha}: L1 to Gibbs ${Math.min(...l1).toFixed(3)}–${Math.max(...l1).toFixed(3)}`);
      }),
    });
    return { vconcat: [row("euler"), row("fractional")], resolve: { scale: { color: "shared" } } };
  },
};

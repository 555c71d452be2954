/** T4.2 (beyond the paper): measured weak error of the fractional scheme against h and K beside the bound (4.9). */
import { fitTheorem42Constants, theorem42Terms } from "@heavytails/fractional";
import { simulate, weightedAverage } from "@heavytails/sde";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { DOUBLE_WELL, simulatorSeed } from "../langevin.js";
import { type Preset, seedList } from "../presets.js";
import { sig, spread, type Spread } from "../stats.js";
import { COLORS } from "../plot.js";

export interface T42Config {
  potential: string;
  alpha: number;
  theta: number;
  epsilon: number;
  stepSize: number;
  steps: number;
  burnIn: number;
  recordEvery: number;
  particles: number;
  /** (h, K) settings; the first `hSeries` share Kh and halve h. */
  settings: Array<[number, number]>;
  hSeries: number;
  seeds: number[];
}

interface SubRun {
  h: number;
  K: number;
  seed: number;
  /** ν̃_N(w), signed; the Gibbs value is 0 by symmetry. */
  nu: number;
  safeguardFraction: number;
  wallSeconds: number;
}

export interface T42Data {
  points: Array<{ h: number; K: number; hK: number; error: number; perSeedAbs: Spread; discretisation: number; truncation: number; bound: number }>;
  constants: { cTilde: number; c0Prime: number; c0DoublePrime: number; rms: number };
  /** Slope of log error against log h over the h-series (raw; the seeds' sampling noise adds to every point). */
  orderInH: number;
  /**
   * Slope of log |ν̃(h) − ν̃(h/2)| against log h over the h-series, differences taken within a seed and
   * averaged over seeds: all settings of a seed share its random stream, so the sampling noise (common
   * to them) cancels and the discretisation error remains (a Richardson-type order estimate).
   */
  orderInHFromDifferences: number;
  /** Standard deviation over seeds of ν̃_N at the finest h of the series (the sampling noise of one seed). */
  seedNoise: number;
  runs: SubRun[];
}

function size(preset: Preset) {
  if (preset === "tiny") return { steps: 1200, burnIn: 400, recordEvery: 8, particles: 80, seeds: 1 };
  if (preset === "quick") return { steps: 12_000, burnIn: 4_000, recordEvery: 8, particles: 2000, seeds: 3 };
  return { steps: 12_000, burnIn: 4_000, recordEvery: 8, particles: 4000, seeds: 5 };
}

/** Least-squares slope of log y against log x. */
function slope(x: number[], y: number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const n = lx.length;
  const mx = lx.reduce((s, v) => s + v, 0) / n, my = ly.reduce((s, v) => s + v, 0) / n;
  return lx.reduce((s, v, j) => s + (v - mx) * (ly[j] - my), 0) / lx.reduce((s, v) => s + (v - mx) ** 2, 0);
}

function check(cfg: T42Config, d: T42Data): ClaimCheck {
  const at = (h: number, K: number) => d.points.find((p) => p.h === h && p.K === K)!;
  const series = d.points.slice(0, cfg.hSeries);
  const orderOk = Math.abs(d.orderInHFromDifferences - 1) < 0.3;
  const ref = at(0.1, 120);
  const smallHK = d.points.filter((p) => p.h === 0.1 && p.hK < 12 - 1e-9);
  const growsOk = smallHK.length > 0 && smallHK.every((p) => p.error > ref.error) && smallHK.some((p) => p.error > 5 * ref.error);
  const termRatios = series.map((p) => sig(p.discretisation / p.error, 3));
  const termOk = termRatios.every((r) => r > 0.5 && r < 2);
  const below = d.points.map((p) => ({ h: p.h, K: p.K, measured: sig(p.error, 3), bound: sig(p.bound, 3), boundAboveMeasured: p.bound >= p.error }));
  const ok = orderOk && growsOk;
  return {
    claim: "Theorem 4.2: the weak error of (4.6) is bounded by C̃·O(h) + C₀/(hK)-type truncation: order 1 in h when hK is large, and larger when hK is small.",
    measured: { orderInHFromDifferences: sig(d.orderInHFromDifferences, 3), orderInHRaw: sig(d.orderInH, 3), seedNoise: sig(d.seedNoise, 3), errors: below, hTermOverMeasured: termRatios, constants: d.constants },
    outcome: ok ? "pass" : "fail",
    details:
      `Weak error |ν(w) − ν̃_N(w)| with g(w) = w (Gibbs value 0 by symmetry), ν̃_N pooled over chains and averaged (signed) over ${cfg.seeds.length} seed(s) before the absolute value; all settings of a seed share its random stream. ` +
      `Pass requires: the order in h over the Kh = ${cfg.settings[0][0] * cfg.settings[0][1]} series within 1 ± 0.3, estimated from successive differences ν̃(h) − ν̃(h/2) within each seed (common random numbers cancel the sampling noise; ${sig(d.orderInHFromDifferences, 3)}: ${orderOk}); ` +
      `at h = 0.1, every smaller hK worse than hK = 12 and one at least 5× worse (${growsOk}). ` +
      `Not used for the outcome: the raw slope of the plotted errors (${sig(d.orderInH, 3)}), flattened at small h where the sampling noise of ν̃_N (std over seeds ${sig(d.seedNoise, 2)}) is comparable to the error; ` +
      `the first term of (4.9) with the fitted C̃ within a factor 2 of the measurement on that series (${termOk}). ` +
      `Constants fitted by fitTheorem42Constants (relative least squares) are fitted, not proven: the 1/(hK) term's shape does not fit both ends (the truncation error falls faster than 1/(hK) on this potential), so where 'boundAboveMeasured' is false the fitted bound sits below the measurement; that is reported, not hidden.`,
  };
}

export const t42: ImplementedFigure<T42Config, T42Data> = {
  id: "T4.2",
  title: "Theorem 4.2: weak error of the fractional scheme (4.6) against h and hK, beside the bound (4.9)",
  origin: "beyond",
  caption: "Not in the paper. Weak error |ν(w) − ν̃_N(w)| of the fractional scheme (4.6) on f = w⁴/4 − w²/2 (α = 1.5, θ = 0.5, ε = 1, η = 10⁻³) [left] against h at fixed Kh = 12, [right] against hK at h = 0.1 and 0.2, beside the terms of the bound (4.9) with constants fitted to the measurements.",
  claim: "The weak error of (4.6) is first order in h when the truncation is negligible and grows as hK shrinks, as the two terms of (4.9) say.",
  implemented: true,
  version: 2,
  paperScale: "The paper proves Theorem 4.2 and gives no numbers.",
  config(options: RunOptions): T42Config {
    const s = size(options.preset);
    return {
      potential: DOUBLE_WELL, alpha: 1.5, theta: 0.5, epsilon: 1, stepSize: 1e-3,
      steps: s.steps, burnIn: s.burnIn, recordEvery: s.recordEvery, particles: s.particles,
      settings: [[0.4, 30], [0.2, 60], [0.1, 120], [0.05, 240], [0.2, 10], [0.1, 15], [0.1, 30]],
      hSeries: 4,
      seeds: seedList(options.seeds ?? s.seeds),
    };
  },
  describe(cfg: T42Config): string {
    return `Fractional scheme (4.6), consistent b_{h,K}, α = ${cfg.alpha}, θ = ${cfg.theta}, ε = ${cfg.epsilon}, η = ${cfg.stepSize}, ${cfg.particles.toLocaleString("en")} chains × ${cfg.steps.toLocaleString("en")} steps (burn-in ${cfg.burnIn.toLocaleString("en")}, every ${cfg.recordEvery}th kept), ` +
      `(h, K) ∈ {${cfg.settings.map(([h, K]) => `(${h}, ${K})`).join(", ")}}, seeds ${cfg.seeds.join(", ")}. Points: error of the seed-averaged ν̃_N; bars: min–max over seeds of the per-seed |ν̃_N|. Same design as packages/sde/test/long/theorem-4-2.test.ts.`;
  },
  async run(cfg: T42Config, ctx: FigureContext): Promise<FigureOutput<T42Data>> {
    const runs: SubRun[] = [];
    let i = 0;
    const total = cfg.settings.length * cfg.seeds.length;
    for (const [h, K] of cfg.settings) {
      for (const seed of cfg.seeds) {
        i++;
        const key = { potential: cfg.potential, alpha: cfg.alpha, theta: cfg.theta, epsilon: cfg.epsilon, stepSize: cfg.stepSize, steps: cfg.steps, burnIn: cfg.burnIn, recordEvery: cfg.recordEvery, particles: cfg.particles, h, K, seed, version: 1 };
        runs.push(await ctx.subRun("t42-weak-error", key, `${i}/${total} h=${h} K=${K} seed ${seed}`, () => {
          const r = simulate({ potential: cfg.potential, alpha: cfg.alpha, theta: cfg.theta, epsilon: cfg.epsilon, stepSize: cfg.stepSize, steps: cfg.steps, burnIn: cfg.burnIn, recordEvery: cfg.recordEvery, particles: cfg.particles, seed: simulatorSeed(seed), scheme: "fractional", h, K });
          return { h, K, seed, nu: weightedAverage(r, (w) => w), safeguardFraction: r.diagnostics.safeguardFraction, wallSeconds: r.diagnostics.wallSeconds };
        }));
      }
    }
    const measured = cfg.settings.map(([h, K]) => {
      const rs = runs.filter((r) => r.h === h && r.K === K);
      const nu = rs.reduce((s, r) => s + r.nu, 0) / rs.length;
      return { h, K, error: Math.abs(nu), perSeedAbs: spread(rs.map((r) => Math.abs(r.nu))) };
    });
    const fit = fitTheorem42Constants(measured.map((m) => ({ alpha: cfg.alpha, theta: cfg.theta, h: m.h, K: m.K, error: Math.max(m.error, 1e-12) })));
    const points = measured.map((m) => {
      const t = theorem42Terms({ alpha: cfg.alpha, theta: cfg.theta, h: m.h, K: m.K }, fit);
      return { ...m, hK: sig(m.h * m.K), error: sig(m.error), discretisation: sig(t.discretisation), truncation: sig(t.truncation), bound: sig(t.total) };
    });
    const series = points.slice(0, cfg.hSeries);
    const orderInH = slope(series.map((p) => p.h), series.map((p) => p.error));
    const diffs = series.slice(0, -1).map((p, j) => {
      const next = series[j + 1];
      const d = cfg.seeds.map((seed) => {
        const a = runs.find((r) => r.h === p.h && r.K === p.K && r.seed === seed)!;
        const b = runs.find((r) => r.h === next.h && r.K === next.K && r.seed === seed)!;
        return a.nu - b.nu;
      });
      return Math.abs(d.reduce((s, v) => s + v, 0) / d.length);
    });
    const orderInHFromDifferences = slope(series.slice(0, -1).map((p) => p.h), diffs);
    const last = series[series.length - 1];
    const seedNoise = spread(runs.filter((r) => r.h === last.h && r.K === last.K).map((r) => r.nu)).std;
    const data: T42Data = { points, constants: { cTilde: fit.cTilde, c0Prime: fit.c0Prime, c0DoublePrime: fit.c0DoublePrime, rms: fit.rms }, orderInH, orderInHFromDifferences, seedNoise, runs };
    return { data, claim: check(cfg, data) };
  },
  spec(out: FigureOutput<T42Data>, cfg: T42Config): Record<string, unknown> {
    const MEAS = "measured |ν̃_N(w)| (bars: min–max of per-seed |ν̃_N|)", TOT = "(4.9) with fitted constants: total", DISC = "(4.9): discretisation term ∝ h", TRUNC = "(4.9): truncation term ∝ 1/(hK)";
    const domain = [MEAS, TOT, DISC, TRUNC];
    const color = { field: "series", type: "nominal", title: null, scale: { domain, range: [COLORS.black, COLORS.blue, COLORS.green, COLORS.orange] }, legend: { orient: "bottom", columns: 1, labelLimit: 500 } };
    const panel = (title: string, pts: T42Data["points"], xField: "h" | "hK", xTitle: string, byH: boolean) => {
      const lines = pts.flatMap((p) => [
        { x: p[xField], group: byH ? `${p.h}` : "all", series: TOT, y: p.bound },
        { x: p[xField], group: byH ? `${p.h}` : "all", series: DISC, y: p.discretisation },
        { x: p[xField], group: byH ? `${p.h}` : "all", series: TRUNC, y: p.truncation },
      ]);
      const meas = pts.map((p) => ({ x: p[xField], series: MEAS, y: p.error, lo: Math.max(p.perSeedAbs.min, 1e-6), hi: Math.max(p.perSeedAbs.max, 1e-6), label: `h=${p.h}, K=${p.K}` }));
      const x = { field: "x", type: "quantitative", title: xTitle, scale: { type: "log", nice: false, padding: 12 } };
      const y = { type: "quantitative", title: "weak error", scale: { type: "log" }, axis: { format: "~e" } };
      return {
        title, width: 300, height: 220,
        layer: [
          { data: { values: lines }, mark: { type: "line", point: true, strokeDash: [4, 2] }, encoding: { x, y: { ...y, field: "y" }, color, detail: { field: "group" } } },
          { data: { values: meas }, mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
          { data: { values: meas }, mark: { type: "point", filled: true, size: 60 }, encoding: { x, y: { ...y, field: "y" }, color, tooltip: [{ field: "label" }] } },
        ],
      };
    };
    const series = out.data.points.slice(0, cfg.hSeries);
    const byHK = out.data.points.filter((p) => p.h === 0.1 || p.h === 0.2).filter((p) => p.h * p.K !== 0);
    return {
      hconcat: [
        panel(`hK = ${series[0].hK}: order in h ${out.data.orderInHFromDifferences.toFixed(2)} (differences), ${out.data.orderInH.toFixed(2)} (raw)`, series, "h", "h", false),
        panel("h = 0.1 and h = 0.2: against hK", byHK, "hK", "hK", true),
      ],
      resolve: { scale: { color: "shared" } },
    };
  },
};

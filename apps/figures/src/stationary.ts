/** Configuration, sub-runs and panels shared by Fig. 6 and T4.1 (stationary densities on the double well). */
import type { Scheme } from "@heavytails/sde";
import type { FigureContext } from "./figure.js";
import { type LangevinRun, type LangevinSetting, DOUBLE_WELL, gibbsCurve, runLangevin } from "./langevin.js";
import { type Preset, seedList } from "./presets.js";
import { sig, spread, type Spread } from "./stats.js";
import { COLORS, PALETTE, densityPanel, type CurvePoint } from "./plot.js";

export interface StationaryConfig {
  setting: LangevinSetting;
  alphas: number[];
  thetas: number[];
  seeds: number[];
}

export function stationaryConfig(preset: Preset, seeds: number | undefined, withH: boolean): StationaryConfig {
  const base = { potential: DOUBLE_WELL, epsilon: 1, stepSize: 1e-3, kde: { lo: -3, hi: 3, points: 121 }, l1: { lo: -3, hi: 3, bins: 60 } };
  const size =
    preset === "tiny" ? { steps: 1500, burnIn: 500, recordEvery: 10, particles: 60, seeds: 2 }
    : preset === "quick" ? { steps: 10_000, burnIn: 2_500, recordEvery: 10, particles: 2000, seeds: 3 }
    : { steps: 10_000, burnIn: 2_500, recordEvery: 5, particles: 4000, seeds: 5 };
  return {
    setting: { ...base, steps: size.steps, burnIn: size.burnIn, recordEvery: size.recordEvery, particles: size.particles, ...(withH ? { h: 0.01 } : {}) },
    alphas: [1.9, 1.1],
    thetas: [-0.5, 0, 0.5, 0.9],
    seeds: seedList(seeds ?? size.seeds),
  };
}

export interface PanelSummary {
  scheme: Scheme;
  alpha: number;
  theta: number;
  l1: Spread;
  mean: Spread;
  mode: Spread;
  safeguardFraction: number;
}

/** All (α, θ, seed) sub-runs of one scheme, each checkpointed on its own. */
export async function stationaryRuns(cfg: StationaryConfig, scheme: Scheme, ctx: FigureContext): Promise<LangevinRun[]> {
  const runs: Array<Promise<LangevinRun>> = [];
  const setting = scheme === "fractional" ? cfg.setting : { ...cfg.setting, h: undefined, operator: undefined };
  const total = cfg.alphas.length * cfg.thetas.length * cfg.seeds.length;
  let i = 0;
  for (const alpha of cfg.alphas) {
    for (const theta of cfg.thetas) {
      for (const seed of cfg.seeds) {
        i++;
        const key = { setting: JSON.parse(JSON.stringify(setting)) as LangevinSetting, scheme, alpha, theta, seed, version: 3 };
        runs.push(ctx.subRun("langevin", key, `${i}/${total} ${scheme} α=${alpha} θ=${theta} seed ${seed}`));
      }
    }
  }
  return Promise.all(runs);
}

/** The `langevin` sub-run (tasks.ts): one (scheme, α, θ, seed) chain ensemble. */
export function langevinTask(t: { setting: LangevinSetting; scheme: Scheme; alpha: number; theta: number; seed: number }): LangevinRun {
  return runLangevin(t.setting, t.scheme, t.alpha, t.theta, t.seed);
}

export function summarise(runs: LangevinRun[]): PanelSummary[] {
  const keys = [...new Set(runs.map((r) => `${r.scheme}|${r.alpha}|${r.theta}`))];
  return keys.map((k) => {
    const rs = runs.filter((r) => `${r.scheme}|${r.alpha}|${r.theta}` === k);
    return {
      scheme: rs[0].scheme,
      alpha: rs[0].alpha,
      theta: rs[0].theta,
      l1: spread(rs.map((r) => r.l1)),
      mean: spread(rs.map((r) => r.mean)),
      mode: spread(rs.map((r) => r.mode)),
      safeguardFraction: Math.max(...rs.map((r) => r.safeguardFraction)),
    };
  });
}

export const GIBBS = "Gibbs e^{−f} (normalised)";
export const thetaLabel = (t: number) => `θ = ${t}`;

/** KDE curves (mean over seeds, shading min–max) per θ for one (scheme, α), plus the Gibbs density. */
export function stationaryCurves(cfg: StationaryConfig, runs: LangevinRun[], scheme: Scheme, alpha: number): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const theta of cfg.thetas) {
    const rs = runs.filter((r) => r.scheme === scheme && r.alpha === alpha && r.theta === theta);
    const x = rs[0].kde.x;
    for (let i = 0; i < x.length; i++) {
      const s = spread(rs.map((r) => r.kde.density[i]));
      out.push({ x: x[i], series: thetaLabel(theta), y: sig(s.mean), lo: sig(s.min), hi: sig(s.max) });
    }
  }
  const g = gibbsCurve(cfg.setting, alpha);
  g.x.forEach((x, i) => out.push({ x, series: GIBBS, y: g.density[i], lo: g.density[i], hi: g.density[i] }));
  return out;
}

export function stationaryPanel(cfg: StationaryConfig, curves: CurvePoint[], title: string): Record<string, unknown> {
  const colors: Record<string, string> = { [GIBBS]: COLORS.black };
  cfg.thetas.forEach((t, i) => (colors[thetaLabel(t)] = PALETTE[i % PALETTE.length]));
  return densityPanel({ title, xTitle: "w", yTitle: "stationary density (KDE)", curves, log: false, domain: [cfg.setting.kde.lo, cfg.setting.kde.hi], colors, emphasise: GIBBS, width: 300, height: 200 });
}

/** The runs of one (scheme, α, θ), ordered by seed (the seeds pair panels: every panel of a seed uses the same stream). */
export function panelRuns(runs: LangevinRun[], scheme: Scheme, alpha: number, theta: number, seeds: number[]): LangevinRun[] {
  return seeds.map((seed) => runs.find((r) => r.scheme === scheme && r.alpha === alpha && r.theta === theta && r.seed === seed)!);
}

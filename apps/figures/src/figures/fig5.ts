/**
 * Fig. 5: training loss against the number M of noise samples in L̃_M (eq. 4.5): the Figure-2 network on
 * the sinusoids with additive GNIs, and a 784 → 256 → 256 → 10 ELU network on MNIST with multiplicative
 * GNIs; full-batch gradient descent, so the only gradient noise is the implicit effect (Remark 4.1).
 */
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { PALETTE, seedMeanCurve, type CurvePoint } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { pairedChange, sig, spread, strictlyMonotone, type Spread } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { GNI_SIGMA } from "./gradient-noise.js";
import { lossPanel, sinusoidPanel, trainOne, type TrainPanelConfig, type TrainRun } from "./training.js";

export interface Fig5Config {
  M: number[];
  panels: TrainPanelConfig[];
  seeds: number[];
  /** Final loss = mean of the clean loss over the last finalFraction of the evaluations. */
  finalFraction: number;
  /** Pass needs Spearman ρ(M, mean final loss) ≤ this in every panel. */
  rhoMax: number;
}

export interface Fig5Data {
  tfjs: TfjsBackend;
  panels: Array<{
    name: string;
    curves: CurvePoint[];
    finalLoss: Array<{ M: number; loss: Spread }>;
    spearman: number;
    /** Final loss at the smallest M minus at the largest, paired by seed: mean, standard error, t, and mean relative to the smallest-M loss. */
    improvement: { mean: number; se: number; t: number; beyondNoise: boolean; relative: number };
    ok: boolean;
  }>;
  runs: TrainRun[];
}

function ranks(xs: number[]): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  order.forEach(([, i], k) => (r[i] = k + 1));
  return r;
}

/** Spearman's ρ (no ties expected). */
export function spearman(x: number[], y: number[]): number {
  const rx = ranks(x), ry = ranks(y);
  const n = x.length;
  const d2 = rx.reduce((s, v, i) => s + (v - ry[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/**
 * Fig. 5's claim check for one panel, a pure function of the per-seed final losses (per M ascending, per seed in
 * the same order; a diverged run is Infinity): Spearman ρ(M, mean final loss) ≤ rhoMax, and the loss at the
 * smallest M minus at the largest, paired by seed, beyond t_{0.975, n−1} standard errors (one seed cannot pass).
 */
export function checkFig5Panel(M: number[], lossBySeed: number[][], rhoMax: number): { spearman: number; improvement: ReturnType<typeof pairedChange> & { relative: number }; ok: boolean } {
  const means = lossBySeed.map((l) => spread(l).mean);
  const rho = spearman(M, means);
  const d = pairedChange(lossBySeed[0]!.map((v, i) => v - lossBySeed.at(-1)![i]!), 1);
  const improvement = { ...d, relative: d.mean / means[0]! };
  return { spearman: rho, improvement, ok: rho <= rhoMax && improvement.beyondNoise };
}

export const MLABEL = (M: number) => `M = ${M}`;

export const fig5: ImplementedFigure<Fig5Config, Fig5Data> = {
  id: "5",
  title: "Training loss against the number M of noise samples (sinusoids additive, MNIST multiplicative)",
  origin: "paper",
  caption: "Figure 5. We train the networks in Figure 2 on L̃_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and MNIST with multiplicative GNIs [right]. We plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
  claim: "Training loss improves gradually as M increases: the implicit effect degrades performance.",
  implemented: true,
  version: 2,
  paperScale: "M ∈ {1, 2, 4, 8, 16}; the Figure-2 network (4 × 256) on the sinusoids with additive GNIs, and MNIST with multiplicative GNIs; 5 seeds; learning rate, number of steps, σ and the MNIST network are not stated in the supplied text.",
  config(options: RunOptions): Fig5Config {
    const pr = options.preset;
    const tiny = pr === "tiny";
    return {
      M: [1, 2, 4, 8, 16],
      panels: [
        sinusoidPanel(pr, "additive", GNI_SIGMA),
        {
          name: "mnist",
          data: { kind: "mnist", examples: tiny ? 32 : pr === "quick" ? 256 : 2000 },
          hidden: tiny ? [16, 16] : [256, 256],
          activation: "elu",
          loss: "cross-entropy",
          noise: { type: "multiplicative", sigma: GNI_SIGMA },
          learningRate: 0.1,
          steps: tiny ? 6 : pr === "quick" ? 100 : 1000,
          evalEvery: tiny ? 2 : 5,
          chunk: tiny ? 16 : pr === "quick" ? 16 : 4,
        },
      ],
      seeds: seedList(options.seeds ?? (tiny ? 1 : pr === "quick" ? 2 : 5)),
      finalFraction: 0.1,
      rhoMax: -0.8,
    };
  },
  describe(cfg: Fig5Config, preset: Preset): string {
    const [s, m] = cfg.panels as [TrainPanelConfig, TrainPanelConfig];
    const n = (p: TrainPanelConfig) => (p.data.kind === "sinusoids" ? `${p.data.points} sinusoid grid points` : `the first ${p.data.examples} digits of the mnist package's 10 000 real MNIST digits (shuffled with seed 0)`);
    return `M ∈ {${cfg.M.join(", ")}}, seeds ${cfg.seeds.join(", ")} (network init 1000·s + 1, noise 1000·s + 7), full-batch gradient descent on L̃_M (no batching noise). ` +
      `Left: 1 → ${s.hidden.join("×")} → 1 ReLU, MSE, ${n(s)}, additive GNIs σ = √0.1, learning rate ${s.learningRate}, ${s.steps} steps. ` +
      `Right: 784 → ${m.hidden.join("×")} → 10 ELU, softmax cross-entropy, ${n(m)}, multiplicative GNIs σ = √0.1, learning rate ${m.learningRate}, ${m.steps} steps. ` +
      `Plotted: the clean training loss L(D; w) every ${s.evalEvery} / ${m.evalEvery} steps (log y), mean over seeds, shading min–max over seeds (the paper shades ± 1 s.d.). ` +
      `Differences from the paper: learning rates, steps, σ and the MNIST network are not stated in the supplied text, so they are our choices (σ² = 0.1 as in Fig. 7; the MNIST net is Fig. 8's 2 × 256 ELU); ` +
      (preset === "tiny" ? "tiny preset: small networks, a few steps (test size; outcome meaningless)." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds instead of 5, ${s.steps} / ${m.steps} steps, 100 sinusoid grid points instead of 200, MNIST on ${m.data.kind === "mnist" ? m.data.examples : 0} digits.` : `paper preset: 5 seeds, ${s.steps} / ${m.steps} steps, MNIST on ${m.data.kind === "mnist" ? m.data.examples : 0} digits full batch.`);
  },
  async run(cfg: Fig5Config, ctx: FigureContext): Promise<FigureOutput<Fig5Data>> {
    const tfjs = await tfjsBackend();
    const runs: TrainRun[] = [];
    for (const p of cfg.panels) {
      for (const seed of cfg.seeds) {
        for (const M of cfg.M) {
          const key = { kind: "train-lm", panel: p, M, seed, finalFraction: cfg.finalFraction, backend: tfjs.backend, version: 1 };
          runs.push(await ctx.subRun("train", key, `${p.name} M=${M} seed ${seed}`, () => trainOne(p, M, seed, cfg.finalFraction)));
        }
      }
    }
    const panels = cfg.panels.map((p) => {
      const curves: CurvePoint[] = [];
      for (const M of cfg.M) {
        const rs = runs.filter((r) => r.panel === p.name && r.M === M);
        curves.push(...seedMeanCurve(rs.map((r) => r.loss), MLABEL(M))); // a seed that diverged ends the curve
      }
      // a diverged run has no final loss: it counts as +∞ (worst), and is listed in the claim details
      const finalLoss = cfg.M.map((M) => ({ M, loss: spread(runs.filter((r) => r.panel === p.name && r.M === M).map((r) => r.finalLoss ?? Infinity)) }));
      const at = (M: number, seed: number) => runs.find((r) => r.panel === p.name && r.M === M && r.seed === seed)?.finalLoss ?? Infinity;
      const v = checkFig5Panel(cfg.M, cfg.M.map((M) => cfg.seeds.map((seed) => at(M, seed))), cfg.rhoMax);
      return { name: p.name, curves, finalLoss, spearman: v.spearman, improvement: v.improvement, ok: v.ok };
    });
    const ok = panels.every((p) => p.ok);
    const claim: ClaimCheck = {
      claim: "The final training loss decreases as the number M of noise samples grows (the implicit effect degrades training).",
      measured: Object.fromEntries(panels.map((p) => [p.name, {
        finalLossMeanByM: Object.fromEntries(p.finalLoss.map((f) => [String(f.M), sig(f.loss.mean, 4)])),
        finalLossRangeByM: Object.fromEntries(p.finalLoss.map((f) => [String(f.M), [sig(f.loss.min, 4), sig(f.loss.max, 4)]])),
        spearmanRho: sig(p.spearman, 3),
        improvementSmallestToLargestM: { mean: sig(p.improvement.mean, 3), se: sig(p.improvement.se, 3), t: sig(p.improvement.t, 4), beyondNoise: p.improvement.beyondNoise, relativeToSmallestM: sig(p.improvement.relative, 3) },
        monotoneDecreasing: strictlyMonotone(p.finalLoss.map((f) => f.loss.mean), -1),
        ok: p.ok,
      }])),
      outcome: ok ? "pass" : "fail",
      details: `Final loss = mean clean training loss over the last ${Math.round(cfg.finalFraction * 100)}% of the evaluations of a run, then mean over ${cfg.seeds.length} seeds. ` +
        `Pass requires, in both panels, Spearman ρ(M, final loss) ≤ ${cfg.rhoMax} and the M = ${cfg.M[0]} final loss above the M = ${cfg.M.at(-1)} one by more than t_{0.975, n−1} standard errors of the per-seed difference over the n = ${cfg.seeds.length} seeds (t = ${sig(panels[0]!.improvement.t, 4)}; one seed cannot pass). ` +
        panels.map((p) => `${p.name}: ρ = ${p.spearman.toFixed(2)}, improvement ${sig(p.improvement.mean, 2)}, standard error ${sig(p.improvement.se, 2)} (${sig(100 * p.improvement.relative, 2)}% of the M = ${cfg.M[0]} loss), ${p.ok ? "holds" : "does not hold"}`).join("; ") + ". " +
        `The size of the effect is part of the result: a pass with an improvement of a fraction of a percent says the ordering is real, not that it matters. ` +
        `Diverged runs (counted as the worst loss): ${runs.filter((r) => r.finalLoss === null).map((r) => `${r.panel} M=${r.M} seed ${r.seed} at step ${r.divergedAt}`).join(", ") || "none"}.`,
    };
    return { data: { tfjs, panels, runs }, claim };
  },
  spec(out: FigureOutput<Fig5Data>, cfg: Fig5Config): Record<string, unknown> {
    const colors = Object.fromEntries(cfg.M.map((M, i) => [MLABEL(M), PALETTE[i % PALETTE.length]!]));
    return {
      hconcat: out.data.panels.map((p, i) =>
        lossPanel(p.name === "sinusoids" ? "sinusoids, additive GNIs" : "MNIST, multiplicative GNIs", p.curves, cfg.panels[i]!.steps, colors),
      ),
    };
  },
};

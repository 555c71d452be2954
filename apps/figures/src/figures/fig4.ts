/**
 * Fig. 4: M = 1 and M = 16 models, and M = 16 models with draws from a univariate S_α (or Gaussian) fitted to
 * the M = 1 implicit-effect gradient noise at each step added to their gradients (gni's gradientNoise), on the
 * sinusoids with additive and multiplicative GNIs. The plain M = 1 / M = 16 additive runs are Figure 5's
 * (same sub-run keys, so they are computed once).
 */
import type { GradientNoiseReplacement } from "@heavytails/gni";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { COLORS, seedMeanCurve, type CurvePoint } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { pairedChange, sig, spread, type Spread } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { GNI_SIGMA } from "./gradient-noise.js";
import { INPUT_NOISE_NOTE, lossPanel, sinusoidPanel, trainOne, type TrainPanelConfig, type TrainRun } from "./training.js";

type Variant = "M1" | "M16" | "M16+stable" | "M16+gaussian";
const VARIANTS: Variant[] = ["M1", "M16", "M16+stable", "M16+gaussian"];
const LABEL: Record<Variant, string> = { M1: "M = 1", M16: "M = 16", "M16+stable": "M = 16 + S_α gradient noise", "M16+gaussian": "M = 16 + Gaussian gradient noise" };
const COLOR: Record<Variant, string> = { M1: COLORS.blue, M16: COLORS.orange, "M16+stable": COLORS.green, "M16+gaussian": COLORS.red };

export interface Fig4Config {
  panels: TrainPanelConfig[];
  seeds: number[];
  /** How the replacement laws are fitted each step (gni's gradientNoise, sourceM = 1). */
  replacement: { estimator: "mle" | "quantile"; maxFitSamples: number };
  finalFraction: number;
}

export interface Fig4Data {
  tfjs: TfjsBackend;
  panels: Array<{ name: string; curves: CurvePoint[]; finalLoss: Record<Variant, Spread>; stableTracksM1: boolean; gaussianTracksM16: boolean; verdict: Fig4PanelVerdict; diverged: string[] }>;
  runs: Array<TrainRun & { variant: Variant }>;
}

function replacement(cfg: Fig4Config, v: Variant): GradientNoiseReplacement | undefined {
  if (v === "M16+stable" || v === "M16+gaussian") return { distribution: v === "M16+stable" ? "stable" : "gaussian", sourceM: 1, maxFitSamples: cfg.replacement.maxFitSamples, estimator: cfg.replacement.estimator };
  return undefined;
}

type Change = ReturnType<typeof pairedChange>;

export interface Fig4PanelVerdict {
  /** Per seed |log S_α − log M16| − |log S_α − log M1| (final losses): positive = the S_α run is closer to M = 1. */
  stableCloserToM1: Change;
  /** Per seed |log Gauss − log M1| − |log Gauss − log M16|: positive = the Gaussian run is closer to M = 16. */
  gaussianCloserToM16: Change;
  /** Per seed log M1 − log M16 (reported: if M = 1 and M = 16 do not differ beyond noise, nothing can track one of them). */
  m1MinusM16: Change;
  stableTracksM1: boolean;
  gaussianTracksM16: boolean;
}

/**
 * Fig. 4's claim check for one panel, a pure function of the per-seed final losses of the four variants (same
 * seed order; a diverged run is Infinity or null). "Tracks" is decided on per-seed paired values: the S_α run
 * tracks M = 1 when its log-distance to M = 16 exceeds its log-distance to M = 1, as a mean of per-seed differences
 * beyond t_{0.975, n−1} standard errors (pairedChange, the rule of Figs 5, 7 and 8; one seed cannot pass); likewise
 * the Gaussian run and M = 16. A diverged run tracks nothing.
 */
export function checkFig4Panel(finalLoss: Record<Variant, Array<number | null>>): Fig4PanelVerdict {
  const lg = (v: Variant) => finalLoss[v].map((x) => (x === null || !(x > 0) || !Number.isFinite(x) ? NaN : Math.log(x)));
  const [m1, m16, st, ga] = [lg("M1"), lg("M16"), lg("M16+stable"), lg("M16+gaussian")];
  const stableCloserToM1 = pairedChange(st.map((v, i) => Math.abs(v - m16[i]!) - Math.abs(v - m1[i]!)), 1);
  const gaussianCloserToM16 = pairedChange(ga.map((v, i) => Math.abs(v - m1[i]!) - Math.abs(v - m16[i]!)), 1);
  const m1MinusM16 = pairedChange(m1.map((v, i) => v - m16[i]!), 1);
  return { stableCloserToM1, gaussianCloserToM16, m1MinusM16, stableTracksM1: stableCloserToM1.beyondNoise, gaussianTracksM16: gaussianCloserToM16.beyondNoise };
}

export const fig4: ImplementedFigure<Fig4Config, Fig4Data> = {
  id: "4",
  title: "Training loss with implicit-effect gradients replaced by fitted S_α or Gaussian draws (M = 1 vs 16)",
  origin: "paper",
  caption: "Figure 4. We train the networks in Figure 2 on L_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and multiplicative GNIs [right]. We fit univariate S_α and univariate N via maximum likelihood (Nolan, 2001) to ∇E_L(·) for M=1 models at each training step. We add draws from these distributions to the gradients of M=16 models and plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
  claim: "M = 16 models with Gaussian gradient noise outperform M = 1 models, while S_α gradient noise degrades them like the implicit effect does.",
  implemented: true,
  version: 3,
  paperScale: "The Figure-2 network on the sinusoids, additive and multiplicative GNIs; M = 1, M = 16, M = 16 + S_α / N draws fitted by MLE to the M = 1 ∇E_L at every step; 5 seeds; learning rate, steps and σ not stated in the supplied text.",
  config(options: RunOptions): Fig4Config {
    const pr = options.preset;
    return {
      panels: [sinusoidPanel(pr, "additive", GNI_SIGMA), sinusoidPanel(pr, "multiplicative", GNI_SIGMA)],
      seeds: seedList(options.seeds ?? (pr === "tiny" ? 1 : pr === "quick" ? 2 : 5)),
      replacement: { estimator: pr === "paper" ? "mle" : "quantile", maxFitSamples: pr === "tiny" ? 200 : 2000 },
      finalFraction: 0.1,
    };
  },
  describe(cfg: Fig4Config, preset: Preset): string {
    const p = cfg.panels[0]!;
    return `1 → ${p.hidden.join("×")} → 1 ReLU, MSE, ${p.data.kind === "sinusoids" ? p.data.points : 0} sinusoid grid points, σ = √0.1 after each ReLU, full-batch gradient descent, learning rate ${p.learningRate}, ${p.steps} steps; seeds ${cfg.seeds.join(", ")} (init 1000·s + 1, noise 1000·s + 7; the plain additive runs are Figure 5's). ` +
      `Replacement: at every step the M = 1 implicit-effect noise ∇L̃_1 − ∇L̃_16 of each layer (non-zero entries, at most ${cfg.replacement.maxFitSamples}, seeded subset) is fitted by ${cfg.replacement.estimator === "mle" ? "maximum likelihood" : "McCulloch's quantile estimator"} (S_α, μ = 0; Gaussian = α fixed at 2) and a draw per weight is added to the M = 16 gradient. ` +
      `Plotted: clean training loss every ${p.evalEvery} steps, log y, mean over seeds with min–max shading (the paper shades ± 1 s.d.); the mean is drawn only at steps every seed reached: a run that diverged (gni throws on a non-finite value) ends its variant's curve, and the panel subtitle says where. ` +
      `${INPUT_NOISE_NOTE} ` +
      `Differences from the paper: learning rate, steps and σ are our choices (not in the supplied text); ` +
      (preset === "paper" ? "5 seeds, MLE fits as in the paper." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds, ${p.steps} steps, 100 grid points instead of 200, quantile fits instead of MLE (MLE per layer per step is ~1.5 s here).` : "tiny preset: small network, a few steps (test size; outcome meaningless).");
  },
  async run(cfg: Fig4Config, ctx: FigureContext): Promise<FigureOutput<Fig4Data>> {
    const tfjs = await tfjsBackend();
    const runs: Fig4Data["runs"] = [];
    for (const p of cfg.panels) {
      for (const seed of cfg.seeds) {
        for (const v of VARIANTS) {
          const M = v === "M1" ? 1 : 16;
          const rep = replacement(cfg, v);
          // plain runs: exactly Figure 5's key, so they are shared
          const key = { kind: "train-lm", panel: p, M, seed, finalFraction: cfg.finalFraction, backend: tfjs.backend, version: 1, ...(rep ? { gradientNoise: rep } : {}) };
          const r = await ctx.subRun("train", key, `${p.name} ${LABEL[v]} seed ${seed}`, () => trainOne(p, M, seed, cfg.finalFraction, rep));
          runs.push({ ...r, variant: v });
        }
      }
    }
    const panels = cfg.panels.map((p) => {
      const curves: CurvePoint[] = [];
      const finalLoss = {} as Record<Variant, Spread>;
      for (const v of VARIANTS) {
        const rs = runs.filter((r) => r.panel === p.name && r.variant === v);
        curves.push(...seedMeanCurve(rs.map((r) => r.loss), LABEL[v])); // a seed that diverged ends the curve (see the panel title)
        finalLoss[v] = spread(rs.map((r) => r.finalLoss ?? Infinity));
      }
      const perSeed = Object.fromEntries(VARIANTS.map((v) => [v, cfg.seeds.map((seed) => runs.find((r) => r.panel === p.name && r.variant === v && r.seed === seed)?.finalLoss ?? null)])) as Record<Variant, Array<number | null>>;
      const verdict = checkFig4Panel(perSeed);
      return {
        name: p.name,
        curves,
        finalLoss,
        stableTracksM1: verdict.stableTracksM1,
        gaussianTracksM16: verdict.gaussianTracksM16,
        verdict,
        diverged: VARIANTS.flatMap((v) => {
          const rs = runs.filter((r) => r.panel === p.name && r.variant === v && r.finalLoss === null);
          return rs.length === 0 ? [] : [`${LABEL[v].replace("M = 16 + ", "").replace(" gradient noise", "")} diverged in ${rs.length}/${cfg.seeds.length} seeds (step ${rs.map((r) => r.divergedAt).join(", ")})`];
        }),
      };
    });
    const ok = panels.every((p) => p.stableTracksM1 && p.gaussianTracksM16);
    const diverged = runs.filter((r) => r.finalLoss === null);
    const ch = (c: Change) => ({ mean: sig(c.mean, 3), se: sig(c.se, 3), tCritical: sig(c.t, 4), seeds: c.n, beyondNoise: c.beyondNoise });
    const claim: ClaimCheck = {
      claim: "The M = 16 run with fitted S_α gradient noise tracks the M = 1 run, while the one with fitted Gaussian gradient noise tracks the M = 16 run.",
      measured: Object.fromEntries(panels.map((p) => [p.name, {
        finalLossMean: Object.fromEntries(VARIANTS.map((v) => [LABEL[v], sig(p.finalLoss[v].mean, 4)])),
        finalLossRange: Object.fromEntries(VARIANTS.map((v) => [LABEL[v], [sig(p.finalLoss[v].min, 4), sig(p.finalLoss[v].max, 4)]])),
        stableCloserToM1PerSeed: ch(p.verdict.stableCloserToM1),
        gaussianCloserToM16PerSeed: ch(p.verdict.gaussianCloserToM16),
        logM1MinusLogM16PerSeed: ch(p.verdict.m1MinusM16),
        stableTracksM1: p.stableTracksM1,
        gaussianTracksM16: p.gaussianTracksM16,
        meanFittedAlphaPerLayer: Object.fromEntries((runs.find((r) => r.panel === p.name && r.variant === "M16+stable")?.fits ?? []).map((f) => [f.layer, sig(f.alpha, 3)])),
      }])),
      outcome: ok ? "pass" : "fail",
      details: `Final loss = mean clean training loss over the last ${Math.round(cfg.finalFraction * 100)}% of the evaluations, mean over ${cfg.seeds.length} seeds. ` +
        `"Tracks" = closer in log final loss, beyond noise: per seed, the S_α run's distance |Δ log loss| to M = 16 minus its distance to M = 1 (and the Gaussian run's distance to M = 1 minus its distance to M = 16), ` +
        `mean over seeds above t_{0.975, n−1} standard errors of those per-seed values (n = ${cfg.seeds.length}; the rule of Figs 5, 7 and 8; one seed cannot pass). Pass requires both, in both panels; a diverged run counts as tracking neither. ` +
        `Reported beside it: log M = 1 minus log M = 16 per seed (when M = 1 and M = 16 do not differ beyond noise, no run can track one rather than the other). ` +
        `Diverged runs: ${diverged.map((r) => `${r.panel} ${LABEL[r.variant]} seed ${r.seed} at step ${r.divergedAt} (${r.divergence ?? ""})`).join("; ") || "none"}. ` +
        `meanFittedAlphaPerLayer: the fitted α of the S_α replacement, averaged over steps (seed ${cfg.seeds[0]}).`,
    };
    return { data: { tfjs, panels, runs }, claim };
  },
  spec(out: FigureOutput<Fig4Data>, cfg: Fig4Config): Record<string, unknown> {
    const colors = Object.fromEntries(VARIANTS.map((v) => [LABEL[v], COLOR[v]]));
    return {
      hconcat: out.data.panels.map((p, i) =>
        lossPanel(
          { text: i === 0 ? "sinusoids, additive GNIs" : "sinusoids, multiplicative GNIs", subtitle: p.diverged.length > 0 ? p.diverged.join("; ") : "no run diverged" },
          p.curves,
          cfg.panels[i]!.steps,
          colors,
        ),
      ),
    };
  },
};

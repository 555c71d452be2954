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
import { type Protocol, renderSettings, type SourcedSetting } from "../protocol.js";
import { authorsSinusoidPanel, INPUT_NOISE_NOTE, lossPanel, sinusoidPanel, type TrainPanelConfig, type TrainRun } from "./training.js";

type Variant = "M1" | "M16" | "M16+stable" | "M16+gaussian";
const VARIANTS: Variant[] = ["M1", "M16", "M16+stable", "M16+gaussian"];
const LABEL: Record<Variant, string> = { M1: "M = 1", M16: "M = 16", "M16+stable": "M = 16 + S_α gradient noise", "M16+gaussian": "M = 16 + Gaussian gradient noise" };
const COLOR: Record<Variant, string> = { M1: COLORS.blue, M16: COLORS.orange, "M16+stable": COLORS.green, "M16+gaussian": COLORS.red };

export interface Fig4Config {
  /** Absent in configurations made before protocols existed (= paper); kept absent under `paper` so their cache keys stay valid. */
  protocol?: Protocol;
  panels: TrainPanelConfig[];
  seeds: number[];
  /**
   * How the replacement laws are fitted each step (gni's gradientNoise, sourceM = 1); `protocol: "authors"` =
   * the authors' fit (InjectingStableNoise.ipynb cells 6–7: weights only, centred, zeros kept, S0, α ∈ [0.5, 2]).
   */
  replacement: { estimator: "mle" | "quantile"; maxFitSamples: number; protocol?: "authors"; keepZeros?: boolean };
  finalFraction: number;
}

export interface Fig4Data {
  tfjs: TfjsBackend;
  panels: Array<{ name: string; curves: CurvePoint[]; finalLoss: Record<Variant, Spread>; stableTracksM1: boolean; gaussianTracksM16: boolean; verdict: Fig4PanelVerdict; diverged: string[] }>;
  runs: Array<TrainRun & { variant: Variant }>;
}

function replacement(cfg: Fig4Config, v: Variant): GradientNoiseReplacement | undefined {
  if (v === "M16+stable" || v === "M16+gaussian") {
    return { distribution: v === "M16+stable" ? "stable" : "gaussian", sourceM: 1, maxFitSamples: cfg.replacement.maxFitSamples, estimator: cfg.replacement.estimator, ...(cfg.replacement.protocol ? { protocol: cfg.replacement.protocol } : {}), ...(cfg.replacement.keepZeros !== undefined ? { keepZeros: cfg.replacement.keepZeros } : {}) };
  }
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

const STABLE_NB = "InjectingStableNoise.ipynb";

function describeAuthors(cfg: Fig4Config, preset: Preset): string {
  const [a, m] = cfg.panels as [TrainPanelConfig, TrainPanelConfig];
  const settings: SourcedSetting[] = [
    { setting: "network", value: `1 → ${a.hidden.join("×")} → 1 ReLU, PyTorch default init`, source: `${STABLE_NB}, cells 5 and 12 (DEPTH 6, WIDTH 256)` },
    { setting: "data", value: `${a.data.kind === "sinusoids" ? a.data.points : 0} grid points, q = 5, 10, …, 50, phases redrawn per seed`, source: `${STABLE_NB}, cells 3, 12 and 15` },
    { setting: "noise", value: `after each ReLU only (no input noise): additive σ = ${a.noise.sigma}, multiplicative σ = ${m.noise.sigma} (standard deviations)`, source: `${STABLE_NB}, cell 6 (make_noisy_pred), cells 18–35 (sig 0.1 add, 0.5 mult)` },
    { setting: "optimiser", value: `full-batch SGD, lr ${a.learningRate}, ${a.steps} steps, clean loss every ${a.evalEvery}`, source: `${STABLE_NB}, cells 7 and 12 (LR 0.0003, NUM_ITER 60 000, REC_FRQ 100)` },
    { setting: "series", value: "M = 1 (noise), M = 16 (their 'exp_reg' flag: L̃_16, not the explicit regulariser), M = 16 + S_α draws, M = 16 + Gaussian draws", source: `${STABLE_NB}, cells 7 (train_model), 18–35` },
    { setting: "replacement", value: `every step on the M = 16 model: E_L = L̃_1 − L̃_16 back-propagated; per layer (all ${a.hidden.length + 1}) the weight gradient entries, zeros kept, centred, fitted by S_α in S0 with μ = 0, α ∈ [0.5, 2], β ∈ [−1, 1]; draws σ·S0(α, β) added to the weight gradients only (biases none)`, source: `${STABLE_NB}, cells 6–7 (extract_grads, fit_levy_custom, estimate_all_params, inject_noise_grads)` },
    { setting: "fit", value: cfg.replacement.estimator === "mle" ? `maximum likelihood on every entry (theirs: L-BFGS-B on PyLevy's tables)` : `McCulloch's quantile estimator on ≤ ${cfg.replacement.maxFitSamples} non-zero entries per layer and step (below the paper preset; theirs: L-BFGS-B maximum likelihood on PyLevy's tables over all entries, zeros included — with zeros kept most entries of the multiplicative panel are tied zeros, McCulloch's estimate is undefined and a likelihood fit costs seconds per layer and step here)`, source: `${STABLE_NB}, cell 7` },
    { setting: "Gaussian path", value: "the same fit with α fixed at 2 (theirs cannot run as committed: fmin_l_bfgs_b gets a start of length 3 for 2 free parameters)", source: `${STABLE_NB}, cells 7, 20, 28` },
    { setting: "repeats", value: `${cfg.seeds.length} seeds (${cfg.seeds.join(", ")})`, source: `${STABLE_NB}: 5 (S_α, noise, M = 16), 3 (Gaussian)` },
  ];
  return `${renderSettings("authors", settings)} Seeds: init 1000·s + 1, noise 1000·s + 7, phases 1000·s + 3. ` +
    `Plotted: clean training loss, log y, mean over seeds with min–max shading (their shading is seaborn's 95% bootstrap band); every series is the run its label says (their multiplicative panel plotted the M = 1 run as "M=16, S_α"). ` +
    (preset === "paper" ? "paper preset: their scale (60 000 steps, every entry fitted by MLE each step: days on 2 cores)." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds, ${a.steps} steps, 100 grid points instead of 200 (q = 50 then sits at the grid's Nyquist frequency), quantile fits.` : "tiny preset: small network, a few steps (test size; outcome meaningless).");
}

export const fig4: ImplementedFigure<Fig4Config, Fig4Data> = {
  id: "4",
  title: "Training loss with implicit-effect gradients replaced by fitted S_α or Gaussian draws (M = 1 vs 16)",
  origin: "paper",
  caption: "Figure 4. We train the networks in Figure 2 on L_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and multiplicative GNIs [right]. We fit univariate S_α and univariate N via maximum likelihood (Nolan, 2001) to ∇E_L(·) for M=1 models at each training step. We add draws from these distributions to the gradients of M=16 models and plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
  claim: "M = 16 models with Gaussian gradient noise outperform M = 1 models, while S_α gradient noise degrades them like the implicit effect does.",
  implemented: true,
  protocols: ["authors", "paper"],
  version: 3,
  paperScale: "The Figure-2 network on the sinusoids, additive and multiplicative GNIs; M = 1, M = 16, M = 16 + S_α / N draws fitted by MLE to the M = 1 ∇E_L at every step; 5 seeds; learning rate, steps and σ not stated in the supplied text.",
  config(options: RunOptions): Fig4Config {
    const pr = options.preset;
    if (options.protocol === "authors") {
      return {
        protocol: "authors",
        panels: [authorsSinusoidPanel(pr, "sinusoids", "additive", 0.1), authorsSinusoidPanel(pr, "sinusoids-multiplicative", "multiplicative", 0.5)],
        seeds: seedList(options.seeds ?? (pr === "tiny" ? 1 : pr === "quick" ? 2 : 5)),
        // below the paper preset, exact zeros are left out of the fits: with them kept, most entries of the multiplicative
        // panel's gradients are tied zeros, McCulloch's estimate is undefined, and gni's Nelder–Mead likelihood fit takes
        // seconds per layer and step
        replacement: pr === "paper" ? { estimator: "mle", maxFitSamples: Infinity, protocol: "authors" } : { estimator: "quantile", maxFitSamples: pr === "tiny" ? 200 : 2000, protocol: "authors", keepZeros: false },
        finalFraction: 0.1,
      };
    }
    return {
      panels: [sinusoidPanel(pr, "additive", GNI_SIGMA), sinusoidPanel(pr, "multiplicative", GNI_SIGMA)],
      seeds: seedList(options.seeds ?? (pr === "tiny" ? 1 : pr === "quick" ? 2 : 5)),
      replacement: { estimator: pr === "paper" ? "mle" : "quantile", maxFitSamples: pr === "tiny" ? 200 : 2000 },
      finalFraction: 0.1,
    };
  },
  describe(cfg: Fig4Config, preset: Preset): string {
    const p = cfg.panels[0]!;
    if (cfg.protocol === "authors") return describeAuthors(cfg, preset);
    return `1 → ${p.hidden.join("×")} → 1 ReLU, MSE, ${p.data.kind === "sinusoids" ? p.data.points : 0} sinusoid grid points, σ = √0.1 after each ReLU, full-batch gradient descent, learning rate ${p.learningRate}, ${p.steps} steps; seeds ${cfg.seeds.join(", ")} (init 1000·s + 1, noise 1000·s + 7; the plain additive runs are Figure 5's). ` +
      `Replacement: at every step the M = 1 implicit-effect noise ∇L̃_1 − ∇L̃_16 of each layer (non-zero entries, at most ${cfg.replacement.maxFitSamples}, seeded subset) is fitted by ${cfg.replacement.estimator === "mle" ? "maximum likelihood" : "McCulloch's quantile estimator"} (S_α, μ = 0; Gaussian = α fixed at 2) and a draw per weight is added to the M = 16 gradient. ` +
      `Plotted: clean training loss every ${p.evalEvery} steps, log y, mean over seeds with min–max shading (the paper shades ± 1 s.d.); the mean is drawn only at steps every seed reached: a run that diverged (gni throws on a non-finite value) ends its variant's curve, and the panel subtitle says where. ` +
      `${INPUT_NOISE_NOTE} ` +
      `Differences from the paper: learning rate, steps and σ are our choices (not in the supplied text); ` +
      (preset === "paper" ? "5 seeds, MLE fits as in the paper." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds, ${p.steps} steps, 100 grid points instead of 200, quantile fits instead of MLE (MLE per layer per step is ~1.5 s here).` : "tiny preset: small network, a few steps (test size; outcome meaningless).");
  },
  async run(cfg: Fig4Config, ctx: FigureContext): Promise<FigureOutput<Fig4Data>> {
    const tfjs = await tfjsBackend();
    const pending: Array<Promise<Fig4Data["runs"][number]>> = [];
    for (const p of cfg.panels) {
      for (const seed of cfg.seeds) {
        for (const v of VARIANTS) {
          const M = v === "M1" ? 1 : 16;
          const rep = replacement(cfg, v);
          // plain runs: exactly Figure 5's key, so they are shared
          const key = { kind: "train-lm", panel: p, M, seed, finalFraction: cfg.finalFraction, backend: tfjs.backend, version: 1, ...(rep ? { gradientNoise: rep } : {}) };
          pending.push(ctx.subRun("train", key, `${p.name} ${LABEL[v]} seed ${seed}`).then((r) => ({ ...r, variant: v })));
        }
      }
    }
    const runs = await Promise.all(pending);
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
          { text: `${i === 0 ? "sinusoids, additive GNIs" : "sinusoids, multiplicative GNIs"}${cfg.protocol === "authors" ? ` (authors' 6 × 256, σ = ${cfg.panels[i]!.noise.sigma})` : ""}`, subtitle: p.diverged.length > 0 ? p.diverged.join("; ") : "no run diverged" },
          p.curves,
          cfg.panels[i]!.steps,
          colors,
        ),
      ),
    };
  },
};

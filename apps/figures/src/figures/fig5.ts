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
import { type Protocol, renderSettings, type SourcedSetting } from "../protocol.js";
import { authorsSinusoidPanel, INPUT_NOISE_NOTE, learningSinusoidPanel, lossPanel, panelDataset, sinusoidPanel, targetVariance, type TrainPanelConfig, type TrainRun } from "./training.js";

export interface Fig5Config {
  protocol: Protocol;
  M: number[];
  panels: TrainPanelConfig[];
  seeds: number[];
  /** Final loss = mean of the clean loss over the last finalFraction of the evaluations. */
  finalFraction: number;
  /** Pass needs Spearman ρ(M, mean final loss) ≤ this in every panel. */
  rhoMax: number;
  /** A regression panel "learns" when every run's final loss is at most this fraction of its first recorded loss. */
  learnsAt: number;
  /** The authors' protocol only: their sinusoid network at M = 1 and several learning rates, first seed (does it learn at all?). */
  lrSweep?: { panel: TrainPanelConfig; learningRates: number[] };
}

export interface Fig5PanelData {
  name: string;
  curves: CurvePoint[];
  finalLoss: Array<{ M: number; loss: Spread }>;
  spearman: number;
  /** Final loss at the smallest M minus at the largest, paired by seed: mean, standard error, t, and mean relative to the smallest-M loss. */
  improvement: { mean: number; se: number; t: number; beyondNoise: boolean; relative: number };
  ok: boolean;
  /** Regression panels: Var(λ) of the targets (mean over seeds) and the fraction of it the runs explain at the end, 1 − final loss / Var(λ). */
  targetVariance?: number;
  explained?: { min: number; max: number };
  /** Every run's final loss over its first recorded loss (max over runs), and whether all are ≤ learnsAt. */
  finalOverFirst: number;
  learns: boolean;
}

export interface Fig5Data {
  tfjs: TfjsBackend;
  panels: Fig5PanelData[];
  runs: TrainRun[];
  lrSweep?: Array<{ learningRate: number; targetVariance: number; loss: Array<[number, number]>; finalOverVariance: number | null }>;
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

const MNIST_NB = "ImplicitEffectMarginal.ipynb";

/** The authors' MNIST panel (ImplicitEffectMarginal.ipynb, cells 6, 7, 14, 24–29): 784 → 32 → 10 ReLU, raw 0–255 pixels, CE, multiplicative σ = 0.1 after the ReLU, full-batch SGD at 3e-4. */
function authorsMnistPanel(pr: Preset): TrainPanelConfig {
  const tiny = pr === "tiny";
  return {
    name: "mnist",
    data: { kind: "mnist", examples: tiny ? 32 : 500, rawPixels: true },
    hidden: tiny ? [8] : [32],
    activation: "relu",
    loss: "cross-entropy",
    noise: { type: "multiplicative", sigma: 0.1, sites: ["hidden"] },
    init: "torch-default",
    learningRate: 3e-4,
    steps: tiny ? 6 : pr === "quick" ? 200 : 60_000,
    evalEvery: tiny ? 2 : pr === "quick" ? 10 : 100,
    chunk: 16,
  };
}

function authorsSettings(cfg: Fig5Config): SourcedSetting[] {
  const [s, m, l] = cfg.panels as [TrainPanelConfig, TrainPanelConfig, TrainPanelConfig];
  return [
    { setting: "sinusoid network", value: `1 → ${s.hidden.join("×")} → 1 ReLU, PyTorch default init (W, b ~ U(±1/√fan_in))`, source: `${MNIST_NB}, cells 5 and 12 (DEPTH 6, WIDTH 256); nn.Linear defaults` },
    { setting: "sinusoid data", value: `${s.data.kind === "sinusoids" ? s.data.points : 0} grid points t = k/N, λ = Σ_{q=5,10,…,50} sin(2πqt + 2πφ_q), φ redrawn per seed`, source: `${MNIST_NB}, cells 3, 12 (N = 200) and 14 (PHI redrawn per repeat)` },
    { setting: "sinusoid noise", value: `multiplicative σ = ${s.noise.sigma} (s.d.) after each ReLU, no input noise`, source: `${MNIST_NB}, cells 6 (make_noisy_pred; input line commented out) and 17–21 (noise_type 'mult', sig 0.1). The caption says additive; the plotted *_new.pickle files are written by no cell` },
    { setting: "M", value: cfg.M.join(", "), source: `${MNIST_NB}, cells 17–21 (NUM_EXP 1, 2, 4, 8, 16)` },
    { setting: "optimiser", value: `full-batch SGD, lr ${s.learningRate}, ${s.steps} steps, clean loss every ${s.evalEvery}`, source: `${MNIST_NB}, cells 7 and 12 (LR 0.0003, NUM_ITER 60 000, REC_FRQ 100)` },
    { setting: "MNIST network", value: `784 → ${m.hidden.join("×")} → 10 ReLU, PyTorch default init, cross-entropy`, source: `${MNIST_NB}, cell 24 (WIDTH 32, DEPTH 1)` },
    { setting: "MNIST data", value: `${m.data.kind === "mnist" ? m.data.examples : 0} digits, raw 0–255 pixels (the mnist package's 10 000 real digits shuffled with seed 0: the package stores them sorted by class, so its first 500 would be zeros)`, source: `${MNIST_NB}, cells 14 and 24 (N = 500, no scaling visible; their loader cannot run as committed)` },
    { setting: "MNIST noise and optimiser", value: `multiplicative σ = ${m.noise.sigma} after the ReLU; full-batch SGD, lr ${m.learningRate}, ${m.steps} steps`, source: `${MNIST_NB}, cells 24–29` },
    { setting: "repeats", value: `${cfg.seeds.length} seeds (${cfg.seeds.join(", ")})`, source: `${MNIST_NB}: 4 repeats (sinusoids, cells 17–21), 5 (MNIST, cells 25–29)` },
    { setting: "learns variant (ours)", value: `the same 6 × 256 network with He-normal weights, q ∈ {${l.data.kind === "sinusoids" ? (l.data.frequencies ?? []).join(", ") : ""}}, lr ${l.learningRate}, ${l.steps} steps, the same noise`, source: "this project (issue 9): the authors' setting sits on the Var(λ) plateau" },
  ];
}

function paperSettings(cfg: Fig5Config): SourcedSetting[] {
  const [s, m, l] = cfg.panels as [TrainPanelConfig, TrainPanelConfig, TrainPanelConfig];
  return [
    { setting: "sinusoid network", value: `1 → ${s.hidden.join("×")} → 1 ReLU ("the networks in Figure 2"), Glorot-uniform weights, zero biases`, source: "paper, Fig. 5 caption and Fig. 2 caption (4 layers × 256); init: ours" },
    { setting: "sinusoid noise", value: `additive σ = √0.1 after each ReLU; ${INPUT_NOISE_NOTE}`, source: "paper, Fig. 5 caption (additive); σ² = 0.1 as in Fig. 7; input noise: ours" },
    { setting: "MNIST network", value: `784 → ${m.hidden.join("×")} → 10 ELU, multiplicative σ = √0.1, softmax cross-entropy`, source: "not stated in the paper: Fig. 8's 2 × 256 ELU network" },
    { setting: "optimiser", value: `full-batch gradient descent, lr ${s.learningRate} / ${m.learningRate}, ${s.steps} / ${m.steps} steps`, source: "paper, Remark 4.1 (full batch); lr and steps: ours (not stated)" },
    { setting: "M", value: cfg.M.join(", "), source: "paper, Fig. 5" },
    { setting: "learns variant (ours)", value: `1 → ${l.hidden.join("×")} → 1 ReLU, He-normal weights, q ∈ {${l.data.kind === "sinusoids" ? (l.data.frequencies ?? []).join(", ") : ""}}, lr ${l.learningRate}, ${l.steps} steps, additive σ = ${l.noise.sigma} after each ReLU (with the paper's σ² = 0.1 it ends at 0.85–0.90 of its first loss: the noise smooths the deep net's output too much to learn in this budget)`, source: "this project (issue 9)" },
  ];
}

export const fig5: ImplementedFigure<Fig5Config, Fig5Data> = {
  id: "5",
  title: "Training loss against the number M of noise samples (sinusoids, MNIST, and a sinusoid net that learns)",
  origin: "paper",
  caption: "Figure 5. We train the networks in Figure 2 on L̃_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and MNIST with multiplicative GNIs [right]. We plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
  claim: "Training loss improves gradually as M increases: the implicit effect degrades performance.",
  implemented: true,
  protocols: ["authors", "paper"],
  version: 4,
  paperScale: "M ∈ {1, 2, 4, 8, 16}; the Figure-2 network on the sinusoids with additive GNIs, and MNIST with multiplicative GNIs; 5 seeds. The authors' code: 6 × 256 ReLU (sinusoids) and 784 → 32 → 10 ReLU (MNIST), lr 3e-4, 60 000 full-batch steps.",
  config(options: RunOptions): Fig5Config {
    const pr = options.preset;
    const tiny = pr === "tiny";
    const protocol = options.protocol ?? "paper";
    if (protocol === "authors") {
      const sweepPanel = { ...authorsSinusoidPanel(pr, "lr-sweep", "multiplicative", 0.1), steps: tiny ? 10 : pr === "quick" ? 300 : 3000, evalEvery: tiny ? 2 : 10 };
      return {
        protocol,
        M: pr === "quick" ? [1, 4, 16] : [1, 2, 4, 8, 16],
        panels: [authorsSinusoidPanel(pr, "sinusoids", "multiplicative", 0.1), authorsMnistPanel(pr), learningSinusoidPanel(pr, "multiplicative", 0.1)],
        seeds: seedList(options.seeds ?? (tiny ? 1 : pr === "quick" ? 2 : 5)),
        finalFraction: 0.1,
        rhoMax: -0.8,
        learnsAt: 0.5,
        lrSweep: { panel: sweepPanel, learningRates: [3e-4, 0.01, 0.05, 0.2] },
      };
    }
    return {
      protocol,
      M: pr === "quick" ? [1, 4, 16] : [1, 2, 4, 8, 16],
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
        // σ = 0.1 (s.d.), not the paper's √0.1: with σ² = 0.1 after each of 6 ReLU layers the noised objective smooths the
        // output so much that the net ends at 0.85–0.90 of its first loss in the quick budget (measured, M = 1 and 16)
        learningSinusoidPanel(pr, "additive", 0.1),
      ],
      seeds: seedList(options.seeds ?? (tiny ? 1 : pr === "quick" ? 2 : 5)),
      finalFraction: 0.1,
      rhoMax: -0.8,
      learnsAt: 0.5,
    };
  },
  describe(cfg: Fig5Config, preset: Preset): string {
    const settings = renderSettings(cfg.protocol, cfg.protocol === "authors" ? authorsSettings(cfg) : paperSettings(cfg));
    return `${settings} Seeds ${cfg.seeds.join(", ")} (network init 1000·s + 1, noise 1000·s + 7, phases 1000·s + 3 where redrawn per seed). ` +
      `Plotted: the clean training loss L(D; w) (log y), mean over seeds, shading min–max over seeds (the paper's shading is seaborn's 95% bootstrap band). ` +
      `The third panel is not the paper's: a clearly labelled variant of the sinusoid task in which the networks do learn, so that the claim is also tested where training happens. ` +
      (cfg.lrSweep ? `Beside it: the authors' sinusoid network at M = 1 (seed ${cfg.seeds[0]}) for learning rates ${cfg.lrSweep.learningRates.join(", ")} over ${cfg.lrSweep.panel.steps} steps, loss as a fraction of Var(λ) against learning rate × steps: does it learn at all? ` : "") +
      (preset === "tiny" ? "tiny preset: small networks, a few steps (test size; outcome meaningless)." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds instead of 5, M ∈ {${cfg.M.join(", ")}}, ${cfg.panels.map((p) => `${p.name} ${p.steps} steps`).join(", ")}, 100 sinusoid grid points instead of 200.` : `paper preset: ${cfg.seeds.length} seeds, ${cfg.panels.map((p) => `${p.name} ${p.steps} steps`).join(", ")}.`);
  },
  async run(cfg: Fig5Config, ctx: FigureContext): Promise<FigureOutput<Fig5Data>> {
    const tfjs = await tfjsBackend();
    const pending: Array<Promise<TrainRun>> = [];
    for (const p of cfg.panels) {
      for (const seed of cfg.seeds) {
        for (const M of cfg.M) {
          const key = { kind: "train-lm", panel: p, M, seed, finalFraction: cfg.finalFraction, backend: tfjs.backend, version: 1 };
          pending.push(ctx.subRun("train", key, `${p.name} M=${M} seed ${seed}`));
        }
      }
    }
    // the learning-rate sweep is requested at the same time, so that every sub-run can run concurrently
    const sweepRuns = (cfg.lrSweep?.learningRates ?? []).map((lr) => {
      const p = { ...cfg.lrSweep!.panel, learningRate: lr };
      const key = { kind: "train-lm", panel: p, M: 1, seed: cfg.seeds[0]!, finalFraction: cfg.finalFraction, backend: tfjs.backend, version: 1 };
      return ctx.subRun("train", key, `authors' net lr ${lr} seed ${cfg.seeds[0]!}`);
    });
    const runs = await Promise.all(pending);
    const sweep = await Promise.all(sweepRuns);
    const panels = cfg.panels.map((p): Fig5PanelData => {
      const curves: CurvePoint[] = [];
      for (const M of cfg.M) {
        const rs = runs.filter((r) => r.panel === p.name && r.M === M);
        curves.push(...seedMeanCurve(rs.map((r) => r.loss), MLABEL(M))); // a seed that diverged ends the curve
      }
      // a diverged run has no final loss: it counts as +∞ (worst), and is listed in the claim details
      const finalLoss = cfg.M.map((M) => ({ M, loss: spread(runs.filter((r) => r.panel === p.name && r.M === M).map((r) => r.finalLoss ?? Infinity)) }));
      const at = (M: number, seed: number) => runs.find((r) => r.panel === p.name && r.M === M && r.seed === seed)?.finalLoss ?? Infinity;
      const v = checkFig5Panel(cfg.M, cfg.M.map((M) => cfg.seeds.map((seed) => at(M, seed))), cfg.rhoMax);
      const ratios = runs.filter((r) => r.panel === p.name).map((r) => (r.finalLoss === null || r.loss.length === 0 ? Infinity : r.finalLoss / r.loss[0]![1]));
      const finalOverFirst = Math.max(...ratios);
      const out: Fig5PanelData = { name: p.name, curves, finalLoss, spearman: v.spearman, improvement: v.improvement, ok: v.ok, finalOverFirst, learns: finalOverFirst <= cfg.learnsAt };
      if (p.loss === "mse") {
        const variances = cfg.seeds.map((seed) => targetVariance(panelDataset(p, seed)));
        const explained = runs.filter((r) => r.panel === p.name).map((r) => (r.finalLoss === null ? -Infinity : 1 - r.finalLoss / variances[cfg.seeds.indexOf(r.seed)]!));
        out.targetVariance = spread(variances).mean;
        out.explained = { min: Math.min(...explained), max: Math.max(...explained) };
      }
      return out;
    });
    let lrSweep: Fig5Data["lrSweep"];
    if (cfg.lrSweep) {
      const seed = cfg.seeds[0]!;
      const variance = targetVariance(panelDataset(cfg.lrSweep.panel, seed));
      lrSweep = cfg.lrSweep.learningRates.map((lr, i) => {
        const r = sweep[i]!;
        return { learningRate: lr, targetVariance: variance, loss: r.loss, finalOverVariance: r.finalLoss === null ? null : r.finalLoss / variance };
      });
    }
    const ok = panels.every((p) => p.ok);
    const plateau = (p: Fig5PanelData) => p.explained !== undefined && p.explained.max < 0.1;
    const claim: ClaimCheck = {
      claim: "The final training loss decreases as the number M of noise samples grows (the implicit effect degrades training).",
      measured: {
        ...Object.fromEntries(panels.map((p) => [p.name, {
          finalLossMeanByM: Object.fromEntries(p.finalLoss.map((f) => [String(f.M), sig(f.loss.mean, 4)])),
          finalLossRangeByM: Object.fromEntries(p.finalLoss.map((f) => [String(f.M), [sig(f.loss.min, 4), sig(f.loss.max, 4)]])),
          spearmanRho: sig(p.spearman, 3),
          improvementSmallestToLargestM: { mean: sig(p.improvement.mean, 3), se: sig(p.improvement.se, 3), t: sig(p.improvement.t, 4), beyondNoise: p.improvement.beyondNoise, relativeToSmallestM: sig(p.improvement.relative, 3) },
          monotoneDecreasing: strictlyMonotone(p.finalLoss.map((f) => f.loss.mean), -1),
          finalOverFirstRecordedMax: sig(p.finalOverFirst, 3),
          learns: p.learns,
          ...(p.explained ? { targetVariance: sig(p.targetVariance!, 4), fractionOfVarianceExplained: [sig(p.explained.min, 3), sig(p.explained.max, 3)], onPlateau: plateau(p) } : {}),
          ok: p.ok,
        }])),
        ...(lrSweep ? { authorsNetworkLearningRateSweep: lrSweep.map((s) => ({ learningRate: s.learningRate, steps: s.loss.at(-1)?.[0] ?? 0, finalLossOverVarLambda: s.finalOverVariance === null ? null : sig(s.finalOverVariance, 4) })) } : {}),
      },
      outcome: ok ? "pass" : "fail",
      details: `Protocol ${cfg.protocol}. Final loss = mean clean training loss over the last ${Math.round(cfg.finalFraction * 100)}% of the evaluations of a run, then mean over ${cfg.seeds.length} seeds. ` +
        `Pass requires, in every panel (the paper's two and our learning variant), Spearman ρ(M, final loss) ≤ ${cfg.rhoMax} and the M = ${cfg.M[0]} final loss above the M = ${cfg.M.at(-1)} one by more than t_{0.975, n−1} standard errors of the per-seed difference over the n = ${cfg.seeds.length} seeds (t = ${sig(panels[0]!.improvement.t, 4)}; one seed cannot pass). ` +
        panels.map((p) => `${p.name}: ρ = ${p.spearman.toFixed(2)}, improvement ${sig(p.improvement.mean, 2)}, standard error ${sig(p.improvement.se, 2)} (${sig(100 * p.improvement.relative, 2)}% of the M = ${cfg.M[0]} loss), ${p.ok ? "holds" : "does not hold"}` +
          (p.explained ? `; the runs explain ${sig(100 * p.explained.min, 2)}–${sig(100 * p.explained.max, 2)}% of Var(λ) = ${sig(p.targetVariance!, 3)}${plateau(p) ? " — a comparison made on the Var(λ) plateau, where the network has barely started to learn" : ""}` : "") +
          `; final/first recorded loss ≤ ${sig(p.finalOverFirst, 3)} (${p.learns ? "learns" : "does not learn"} by our ≤ ${cfg.learnsAt} criterion)`).join("; ") + ". " +
        (lrSweep ? `The authors' sinusoid network at M = 1 ends at ${lrSweep.map((s) => `${s.finalOverVariance === null ? "diverged" : sig(s.finalOverVariance, 3)} × Var(λ) for lr ${s.learningRate}`).join(", ")} after ${lrSweep[0]!.loss.at(-1)?.[0] ?? 0} steps. ` : "") +
        `The size of the effect is part of the result: a pass with an improvement of a fraction of a percent says the ordering is real, not that it matters. ` +
        `Diverged runs (counted as the worst loss): ${runs.filter((r) => r.finalLoss === null).map((r) => `${r.panel} M=${r.M} seed ${r.seed} at step ${r.divergedAt}`).join(", ") || "none"}.`,
    };
    return { data: { tfjs, panels, runs, ...(lrSweep ? { lrSweep } : {}) }, claim };
  },
  spec(out: FigureOutput<Fig5Data>, cfg: Fig5Config): Record<string, unknown> {
    const colors = Object.fromEntries(cfg.M.map((M, i) => [MLABEL(M), PALETTE[i % PALETTE.length]!]));
    const title = (name: string) => name === "sinusoids" ? `sinusoids, ${cfg.panels[0]!.noise.type} GNIs${cfg.protocol === "authors" ? " (authors' 6 × 256)" : ""}` :
      name === "mnist" ? `MNIST, multiplicative GNIs${cfg.protocol === "authors" ? " (authors' 784 → 32 → 10)" : ""}` : "our variant that learns: He init, q ∈ {1, 2, 3}";
    const charts: Record<string, unknown>[] = out.data.panels.map((p, i) => lossPanel(title(p.name), p.curves, cfg.panels[i]!.steps, colors));
    if (out.data.lrSweep) {
      const values = out.data.lrSweep.flatMap((s) => s.loss.filter(([step]) => step > 0).map(([step, loss]) => ({ x: s.learningRate * step, y: 1 - loss / s.targetVariance, series: `lr = ${s.learningRate}` })));
      charts.push({
        title: "authors' sinusoid net, M = 1: does it learn?",
        width: 320, height: 220,
        data: { values },
        mark: { type: "line", clip: true },
        encoding: {
          x: { field: "x", type: "quantitative", title: "learning rate × steps", scale: { type: "log" } },
          y: { field: "y", type: "quantitative", title: "fraction of Var(λ) explained, 1 − 𝓛_train / Var(λ)", axis: { format: ".1e" } },
          color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } },
        },
      });
    }
    // the sweep's lr series are not in the M panels' colour domain: resolve colours per panel
    return { hconcat: charts, resolve: { scale: { color: "independent" } } };
  },
};

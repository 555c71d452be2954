/**
 * One training run of Figs 4 and 5: an MLP trained by full-batch gradient descent on L̃_M (eq. 4.5), optionally
 * with the implicit effect replaced by fitted S_α / Gaussian draws (gni's gradientNoise), recording the clean
 * training loss L(D; w). A run that diverges is recorded up to the divergence, never dropped.
 */
import { createMlp, loadMnist, sinusoids, train, type Activation, type Dataset, type GradientNoiseReplacement, type InitScheme, type LossName, type NoiseSite, type NoiseType, type StepInfo } from "@heavytails/gni";
import { densityPanel, PLAIN_FORMAT, type CurvePoint } from "../plot.js";

export interface TrainPanelConfig {
  name: string;
  /**
   * sinusoids: `frequencies` (default 5, 10, …, 50) and phases drawn once (seed 0) or per training seed
   * (`phasesPerSeed`, as the authors redraw them per repeat); mnist: the first `examples` of the shuffled digits,
   * pixels in [0, 1] or ×255 (`rawPixels`, the authors' unscaled 0–255).
   */
  data: { kind: "sinusoids"; points: number; frequencies?: number[]; phasesPerSeed?: boolean } | { kind: "mnist"; examples: number; rawPixels?: boolean };
  hidden: number[];
  activation: Activation;
  loss: LossName;
  /** `sites` absent: gni's default (input and hidden activations). */
  noise: { type: NoiseType; sigma: number; sites?: NoiseSite[] };
  /** Initialisation; absent: gni's default (Glorot-uniform weights, zero biases). */
  init?: InitScheme;
  learningRate: number;
  steps: number;
  /** The clean training loss L(D; w) is evaluated every evalEvery steps. */
  evalEvery: number;
  /** Chunk of replicas per batched pass (memory only; same value). */
  chunk: number;
}

export interface TrainRun {
  panel: string;
  M: number;
  seed: number;
  backend: string;
  seconds: number;
  /** (steps done, clean loss after them). */
  loss: Array<[number, number]>;
  /** Mean clean loss over the last finalFraction of the evaluations; null when the run diverged. */
  finalLoss: number | null;
  /** Step at which the run diverged (gni throws on non-finite values), else null (absent in entries cached before it existed). */
  divergedAt?: number | null;
  divergence?: string;
  /** With gradient-noise replacement: per layer, mean over steps of the fitted α and |β|. */
  fits?: Array<{ layer: string; alpha: number; absBeta: number }>;
}

/** The training data of panel `p` for training seed `seed`. */
export function panelDataset(p: TrainPanelConfig, seed: number): Dataset {
  if (p.data.kind === "sinusoids") {
    return sinusoids({ n: p.data.points, seed: p.data.phasesPerSeed ? 1000 * seed + 3 : 0, ...(p.data.frequencies ? { frequencies: p.data.frequencies } : {}) });
  }
  const d = loadMnist({ limit: p.data.examples, seed: 0 });
  return p.data.rawPixels ? { ...d, x: d.x.map((v) => v * 255) } : d;
}

/** Var(λ) of a regression panel's targets: the loss of the best constant prediction, the plateau an untrained net sits on. */
export function targetVariance(d: Dataset): number {
  const y = d.y;
  const m = y.reduce((a, v) => a + v, 0) / y.length;
  return y.reduce((a, v) => a + (v - m) ** 2, 0) / y.length;
}

/** The `train` sub-run (tasks.ts): one training run of Figs 4 / 5 (its checkpoint key). */
export function trainTask(t: { panel: TrainPanelConfig; M: number; seed: number; finalFraction: number; gradientNoise?: GradientNoiseReplacement }): TrainRun {
  return trainOne(t.panel, t.M, t.seed, t.finalFraction, t.gradientNoise);
}

export function trainOne(p: TrainPanelConfig, M: number, seed: number, finalFraction: number, gradientNoise?: GradientNoiseReplacement): TrainRun {
  const data = panelDataset(p, seed);
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const net = createMlp({ inputSize, outputSize: data.targetSize, hidden: p.hidden, activation: p.activation, seed: 1000 * seed + 1, ...(p.init ? { init: p.init } : {}) });
  const hist: StepInfo[] = [];
  let divergedAt: number | null = null;
  let divergence: string | undefined;
  let backend = "unknown";
  const t0 = performance.now();
  try {
    const r = train(net, data, {
      noise: p.noise, M, chunk: Math.min(M, p.chunk), loss: p.loss, learningRate: p.learningRate, steps: p.steps,
      seed: 1000 * seed + 7, evalEvery: p.evalEvery, ...(gradientNoise ? { gradientNoise } : {}), onStep: (s) => hist.push(s),
    });
    backend = r.backend;
  } catch (e) {
    divergedAt = hist.length;
    divergence = e instanceof Error ? e.message : String(e);
  } finally {
    net.dispose();
  }
  const loss = hist.filter((s) => s.loss !== undefined).map((s): [number, number] => [s.step + 1, s.loss!]);
  const k = Math.max(1, Math.round(finalFraction * loss.length));
  const finalLoss = divergedAt !== null || loss.length === 0 ? null : loss.slice(-k).reduce((s, [, v]) => s + v, 0) / k;
  const run: TrainRun = { panel: p.name, M, seed, backend, seconds: (performance.now() - t0) / 1000, loss, finalLoss, divergedAt };
  if (divergence !== undefined) run.divergence = divergence;
  const withFits = hist.filter((s) => s.fits);
  if (withFits.length > 0) {
    run.fits = withFits[0]!.fits!.map((f0, j) => ({
      layer: f0.layer,
      alpha: withFits.reduce((s, h) => s + h.fits![j]!.alpha, 0) / withFits.length,
      absBeta: withFits.reduce((s, h) => s + Math.abs(h.fits![j]!.beta), 0) / withFits.length,
    }));
  }
  return run;
}

/**
 * The sinusoid panel of Figs 4 and 5 under the paper's text (the Figure-2 network, 4 × 256, full-batch GD); `name`
 * "sinusoids" for additive GNIs. Noise on the input x ∈ [0, 1) is off unless `inputNoise`: the noised objective
 * averages λ(x + σz) over z, which damps the component of frequency q by exp(−2π²q²σ²) (e^{−49} for q = 5, σ² = 0.1),
 * so with input noise nothing of the target is learnable (see INPUT_NOISE_NOTE).
 */
export function sinusoidPanel(preset: "tiny" | "quick" | "paper", noise: NoiseType, sigma: number, inputNoise = false): TrainPanelConfig {
  const tiny = preset === "tiny";
  return {
    name: noise === "additive" ? "sinusoids" : "sinusoids-multiplicative",
    data: { kind: "sinusoids", points: tiny ? 50 : preset === "quick" ? 100 : 200 },
    hidden: tiny ? [16, 16, 16, 16] : [256, 256, 256, 256],
    activation: "relu",
    loss: "mse",
    noise: { type: noise, sigma, sites: inputNoise ? ["input", "hidden"] : ["hidden"] },
    learningRate: 0.05,
    steps: tiny ? 10 : preset === "quick" ? 300 : 3000,
    evalEvery: tiny ? 2 : 10,
    chunk: 16,
  };
}

/** Why the paper protocol's sinusoid panels inject no input noise by default (the damping of each frequency). */
export const INPUT_NOISE_NOTE = "No noise on the input x ∈ [0, 1) (the authors' notebooks comment it out): with additive input noise of s.d. σ the expected objective fits E_z λ(x + σz), in which the component of frequency q is damped by exp(−2π²q²σ²) — e^{−49} for q = 5 and σ² = 0.1 — so nothing of the target would be learnable.";

/** The authors' sinusoid network (InjectingStableNoise.ipynb and ImplicitEffectMarginal.ipynb, cells 5 and 12): 1 → 6 × 256 → 1 ReLU, PyTorch's default initialisation, noise after each ReLU only, full-batch SGD at lr 3e-4, the clean loss recorded every 100 steps, phases redrawn per repeat. */
export function authorsSinusoidPanel(preset: "tiny" | "quick" | "paper", name: string, noise: NoiseType, sigma: number): TrainPanelConfig {
  const tiny = preset === "tiny";
  return {
    name,
    data: { kind: "sinusoids", points: tiny ? 50 : preset === "quick" ? 100 : 200, phasesPerSeed: true },
    hidden: tiny ? [16, 16, 16, 16, 16, 16] : [256, 256, 256, 256, 256, 256],
    activation: "relu",
    loss: "mse",
    noise: { type: noise, sigma, sites: ["hidden"] },
    init: "torch-default",
    learningRate: 3e-4,
    steps: tiny ? 10 : preset === "quick" ? 100 : 60_000,
    evalEvery: tiny ? 2 : preset === "quick" ? 10 : 100,
    chunk: 16,
  };
}

/**
 * Not the paper's nor the authors' setting: the authors' 6 × 256 ReLU network made to learn within the quick
 * budget — He-normal weights (the authors' PyTorch default shrinks the signal ~6× per layer, so their net starts
 * with an almost constant output), the low-frequency target q ∈ {1, 2, 3} (ReLU nets learn frequency q in time
 * growing with q), learning rate 0.003; 50 grid points at quick (q ≤ 3 needs few). Chosen on a numpy pilot and one gni
 * run (200 points, M = 1: 0.94 → 0.27 in 300 steps).
 */
export function learningSinusoidPanel(preset: "tiny" | "quick" | "paper", noise: NoiseType, sigma: number): TrainPanelConfig {
  const tiny = preset === "tiny";
  return {
    name: "sinusoids-learns",
    data: { kind: "sinusoids", points: tiny ? 50 : preset === "quick" ? 50 : 200, frequencies: [1, 2, 3], phasesPerSeed: true },
    hidden: tiny ? [16, 16, 16, 16, 16, 16] : [256, 256, 256, 256, 256, 256],
    activation: "relu",
    loss: "mse",
    noise: { type: noise, sigma, sites: ["hidden"] },
    init: "he-normal",
    learningRate: 0.003,
    steps: tiny ? 10 : preset === "quick" ? 300 : 3000,
    evalEvery: tiny ? 2 : 10,
    chunk: 16,
  };
}

/**
 * The training-loss panel of Figs 4 and 5: the training loss 𝓛_train (the paper's name, Figs 4 and 5 captions)
 * against the training step on a log y axis with plain tick labels (4.5, not 4.5e+0), the band the spread over
 * seeds. A plateau spans a tiny range, so the axis hugs the data there; curves spanning decades keep decade ticks.
 */
export function lossPanel(title: unknown, curves: CurvePoint[], steps: number, colors: Record<string, string>): Record<string, unknown> {
  return densityPanel({
    title: title as string,
    xTitle: "training step",
    yTitle: "training loss 𝓛_train (log scale)",
    curves,
    log: true,
    logNice: Math.max(...curves.map((c) => c.hi)) / Math.min(...curves.map((c) => c.lo)) > 10,
    domain: [0, steps],
    yFormat: PLAIN_FORMAT,
    colors,
    width: 320,
    height: 220,
  });
}

/**
 * One training run of Figs 4 and 5: an MLP trained by full-batch gradient descent on L̃_M (eq. 4.5), optionally
 * with the implicit effect replaced by fitted S_α / Gaussian draws (gni's gradientNoise), recording the clean
 * training loss L(D; w). A run that diverges is recorded up to the divergence, never dropped.
 */
import { createMlp, loadMnist, sinusoids, train, type Activation, type Dataset, type GradientNoiseReplacement, type LossName, type NoiseType, type StepInfo } from "@heavytails/gni";
import { densityPanel, PLAIN_FORMAT, type CurvePoint } from "../plot.js";

export interface TrainPanelConfig {
  name: string;
  data: { kind: "sinusoids"; points: number } | { kind: "mnist"; examples: number };
  hidden: number[];
  activation: Activation;
  loss: LossName;
  noise: { type: NoiseType; sigma: number };
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

function dataset(p: TrainPanelConfig): Dataset {
  return p.data.kind === "sinusoids" ? sinusoids({ n: p.data.points, seed: 0 }) : loadMnist({ limit: p.data.examples, seed: 0 });
}

export function trainOne(p: TrainPanelConfig, M: number, seed: number, finalFraction: number, gradientNoise?: GradientNoiseReplacement): TrainRun {
  const data = dataset(p);
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const net = createMlp({ inputSize, outputSize: data.targetSize, hidden: p.hidden, activation: p.activation, seed: 1000 * seed + 1 });
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

/** The sinusoid panel of Figs 4 and 5 (the Figure-2 network, full-batch GD); `name` "sinusoids" for additive GNIs. */
export function sinusoidPanel(preset: "tiny" | "quick" | "paper", noise: NoiseType, sigma: number): TrainPanelConfig {
  const tiny = preset === "tiny";
  return {
    name: noise === "additive" ? "sinusoids" : "sinusoids-multiplicative",
    data: { kind: "sinusoids", points: tiny ? 50 : preset === "quick" ? 100 : 200 },
    hidden: tiny ? [16, 16, 16, 16] : [256, 256, 256, 256],
    activation: "relu",
    loss: "mse",
    noise: { type: noise, sigma },
    learningRate: 0.05,
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

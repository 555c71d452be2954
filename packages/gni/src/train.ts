/**
 * Gradient descent on L̃_M (eq. 4.5), full batch or mini-batch SGD (eq. 2.3),
 * with optional gradient-noise replacement (Fig. 4): each layer's gradient gets
 * draws from an S_α (or a Gaussian: S_α with α fixed at 2) fitted by maximum
 * likelihood to that layer's implicit-effect gradient noise
 * ∇E_L = ∇L̃_{M_src} − ∇L̃_M (Remark 4.1) at the same step and weights; ∇L̃_M itself
 * (independent noise) serves as the estimate of ∇E_ε[L̃].
 *
 * `gradientNoise.protocol: 'authors'` replaces as the authors' Fig 4 code did (InjectingStableNoise.ipynb,
 * cells 6–7): per layer, the weight gradient's entries of ∇L̃_1 − ∇L̃_16 (zeros kept, centred) are fitted by
 * S_α in S0 with μ₀ = 0, α ∈ [0.5, 2] and σ ∈ [1e-6, 1e10], and S0 draws are added to the weight gradients only.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Rng } from "@heavytails/stable";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { dataTensors } from "./forward.js";
import { meanLoss } from "./loss.js";
import type { Network } from "./network.js";
import { objectiveGradTensors, resolveObjective, type ObjectiveOptions, type ResolvedObjective } from "./objective.js";
import { checkAlphaBounds, checkMaxSamples, checkScaleBounds, fitNoiseLaw, type NoiseLaw, sampleNoiseLaw } from "./noise-law.js";
import { scoped } from "./scoped.js";
import { checkAllFinite, checkInt, checkOneOf, checkPositive, rangeError } from "./validate.js";

export interface GradientNoiseReplacement {
  /** 'stable': S_α(σ, β, 0) fitted by MLE; 'gaussian': the same fit with α fixed at 2. */
  distribution: "stable" | "gaussian";
  /** M of the model whose implicit-effect noise is modelled (default 1). */
  sourceM?: number;
  /**
   * At most this many gradient-noise entries per layer enter each fit (a seeded random subset; default 2000,
   * under protocol 'authors' `Infinity`: every entry, as InjectingStableNoise.ipynb cell 7 fits `wg.reshape(-1)`).
   */
  maxFitSamples?: number;
  /** How S_α is fitted: 'mle' (default, as the paper) or McCulloch's 'quantile' estimator (fast, robust). */
  estimator?: "mle" | "quantile";
  /**
   * Defaults of the six switches below: 'heavytails' (default; this package's own choice, unchanged) or
   * 'authors' (the replacement of the authors' Fig 4 code, InjectingStableNoise.ipynb cells 6–7, `train_model`
   * with `opt.alpha_sim`). A switch given explicitly wins over the protocol. See GRADIENT_NOISE_PROTOCOLS.
   */
  protocol?: "heavytails" | "authors";
  /**
   * Fit each layer's law to its weight entries only and add draws to the weights only; biases keep ∇L̃_M.
   * heavytails: false (W and b share one law and both get draws); authors: true (cell 6, `extract_grads` and
   * `inject_noise_grads` touch `layer.weight.grad` only).
   */
  weightsOnly?: boolean;
  /** Subtract the mean of the fitted entries before the fit. heavytails: false; authors: true (cell 7, `fit_levy_custom`: `x = x - x.mean()`). */
  centre?: boolean;
  /** Keep exact zeros among the fitted entries. heavytails: false; authors: true (cell 7, `estimate_all_params(wg.reshape(-1))`). */
  keepZeros?: boolean;
  /**
   * Parameterization of the fitted law (location 0 in it) and of the draws. heavytails: 'S1'; authors: 'S0'
   * (cell 7: `fit_levy_custom(x, par='0', mu=0)`; `s * levy.random(a, b, shape)` is a standard PyLevy S0 draw
   * scaled by s, i.e. S0 with μ₀ = 0). For β ≠ 0 the two differ by a shift βσ tan(πα/2).
   */
  parameterization?: "S0" | "S1";
  /**
   * α ∈ [lo, hi] (see fitNoiseLaw). heavytails: none (the fit's own [0.1, 2]); authors: [0.5, 2] (cell 7,
   * `_lower`/`_upper`/`par_bounds`, the bounds of `optimize.fmin_l_bfgs_b`).
   */
  alphaBounds?: readonly [number, number];
  /**
   * σ ∈ [lo, hi] (see fitNoiseLaw). heavytails: none; authors: [1e-6, 1e10] (cell 7, `par_bounds`, PyLevy 1.0's
   * bounds on σ; the gradients are fitted raw, so the bound is in their units and can bind late in training).
   */
  scaleBounds?: readonly [number, number];
}

/** The switches' values under each protocol of GradientNoiseReplacement (an explicit switch overrides them). */
export const GRADIENT_NOISE_PROTOCOLS = {
  heavytails: { weightsOnly: false, centre: false, keepZeros: false, parameterization: "S1", alphaBounds: null, scaleBounds: null, maxFitSamples: 2000 },
  authors: { weightsOnly: true, centre: true, keepZeros: true, parameterization: "S0", alphaBounds: [0.5, 2], scaleBounds: [1e-6, 1e10], maxFitSamples: Infinity },
} as const satisfies Record<
  "heavytails" | "authors",
  { weightsOnly: boolean; centre: boolean; keepZeros: boolean; parameterization: "S0" | "S1"; alphaBounds: readonly [number, number] | null;
    scaleBounds: readonly [number, number] | null;
    maxFitSamples: number;
  }
>;

export interface TrainOptions extends ObjectiveOptions {
  learningRate: number;
  /** Mini-batch size; default: the whole data set (no batching noise, Remark 4.1). */
  batchSize?: number;
  gradientNoise?: GradientNoiseReplacement;
  /** Evaluate the clean loss L(D; w) after every `evalEvery` steps (default 0: never). */
  evalEvery?: number;
}

/** The law fitted to one layer's implicit-effect gradient noise at a step: fitNoiseLaw's result (see NoiseLaw) and the layer's name. */
export interface LayerFit extends NoiseLaw {
  layer: string;
}

export interface StepInfo {
  step: number;
  /** L̃_M on the batch before the update. */
  objective: number;
  /** Clean loss on the whole data set after the update (when evaluated this step). */
  loss?: number;
  /** Fitted laws of each layer's implicit-effect gradient noise (gradient-noise replacement only). */
  fits?: LayerFit[];
}

export interface Trainer {
  readonly backend: string;
  /** One gradient step; returns the objective before it. */
  step(): StepInfo;
  /** Release the tensors the trainer holds (not the network). */
  dispose(): void;
}

interface ResolvedReplacement {
  distribution: "stable" | "gaussian";
  estimator: "mle" | "quantile";
  sourceM: number;
  maxFitSamples: number;
  weightsOnly: boolean;
  /** Passed to fitNoiseLaw; undefined: its default (today's behaviour, unchanged). */
  centre: boolean | undefined;
  keepZeros: boolean | undefined;
  parameterization: "S0" | "S1" | undefined;
  alphaBounds: readonly [number, number] | undefined;
  scaleBounds: readonly [number, number] | undefined;
}

function checkBoolean(name: string, v: unknown): boolean | undefined {
  if (v !== undefined && typeof v !== "boolean") throw rangeError(name, v, "{true, false}");
  return v;
}

function resolveReplacement(g: GradientNoiseReplacement | undefined): ResolvedReplacement | null {
  if (g === undefined) return null;
  const protocol = checkOneOf("gradientNoise.protocol", g.protocol ?? "heavytails", ["heavytails", "authors"] as const);
  const authors = protocol === "authors" ? GRADIENT_NOISE_PROTOCOLS.authors : undefined;
  const parameterization = g.parameterization ?? authors?.parameterization;
  const alphaBounds = g.alphaBounds ?? authors?.alphaBounds;
  const scaleBounds = g.scaleBounds ?? authors?.scaleBounds;
  return {
    distribution: checkOneOf("gradientNoise.distribution", g.distribution, ["stable", "gaussian"] as const),
    estimator: checkOneOf("gradientNoise.estimator", g.estimator ?? "mle", ["mle", "quantile"] as const),
    sourceM: checkInt("gradientNoise.sourceM", g.sourceM ?? 1, 1),
    maxFitSamples: checkMaxSamples("gradientNoise.maxFitSamples", g.maxFitSamples ?? (authors ? authors.maxFitSamples : 2000)),
    weightsOnly: checkBoolean("gradientNoise.weightsOnly", g.weightsOnly) ?? authors?.weightsOnly ?? false,
    centre: checkBoolean("gradientNoise.centre", g.centre) ?? authors?.centre,
    keepZeros: checkBoolean("gradientNoise.keepZeros", g.keepZeros) ?? authors?.keepZeros,
    parameterization: parameterization === undefined ? undefined : checkOneOf("gradientNoise.parameterization", parameterization, ["S0", "S1"] as const),
    alphaBounds: alphaBounds === undefined ? undefined : checkAlphaBounds("gradientNoise.alphaBounds", alphaBounds),
    scaleBounds: scaleBounds === undefined ? undefined : checkScaleBounds("gradientNoise.scaleBounds", scaleBounds),
  };
}

/**
 * Group variable indices by layer: W and b of a layer share one fitted law; with `weightsOnly`, only W
 * (a layer's first variable) is fitted and noised.
 */
function layerGroups(net: Network, weightsOnly: boolean): { name: string; vars: number[] }[] {
  const groups: { name: string; vars: number[] }[] = [];
  let k = 0;
  for (const l of net.layers) {
    const vars = [k++];
    if (l.bias) {
      if (!weightsOnly) vars.push(k);
      k++;
    }
    groups.push({ name: l.name, vars });
  }
  return groups;
}

/** Replace the implicit effect: g ← g_M + draws from the law fitted to g_src − g_M, per layer. */
function replacementNoise(
  net: Network,
  gM: tf.Tensor[],
  gSrc: tf.Tensor[],
  rep: ResolvedReplacement,
  rng: Rng,
  previous: Map<string, LayerFit>,
): { add: tf.Tensor[]; fits: LayerFit[] } {
  const add: tf.Tensor[] = [];
  const fits: LayerFit[] = [];
  for (const { name, vars } of layerGroups(net, rep.weightsOnly)) {
    const parts = vars.map((i) => scoped(() => tf.sub(gSrc[i]!, gM[i]!).dataSync() as Float32Array));
    const total = parts.reduce((a, p) => a + p.length, 0);
    const all = new Float64Array(total);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    // the previous step's fit of this layer warm-starts the MLE (same maximum, fewer table builds)
    const prev = previous.get(name);
    const law = fitNoiseLaw(`gradient noise of layer ${name} (training diverged)`, all, {
      ...(prev && prev.scale > 0 ? { start: { alpha: prev.alpha, beta: prev.beta, scale: prev.scale } } : {}),
      distribution: rep.distribution,
      estimator: rep.estimator,
      maxSamples: rep.maxFitSamples,
      rng,
      ...(rep.centre !== undefined ? { centre: rep.centre } : {}),
      ...(rep.keepZeros !== undefined ? { keepZeros: rep.keepZeros } : {}),
      ...(rep.parameterization !== undefined ? { parameterization: rep.parameterization } : {}),
      ...(rep.alphaBounds !== undefined ? { alphaBounds: rep.alphaBounds } : {}),
      ...(rep.scaleBounds !== undefined ? { scaleBounds: rep.scaleBounds } : {}),
    });
    fits.push({ layer: name, ...law });
    previous.set(name, { layer: name, ...law });
    if (law.scale === 0) {
      for (const i of vars) add[i] = tf.zeros(net.variables()[i]!.shape);
      continue;
    }
    // location 0 in the fitted law's own parameterization (S0 draws differ from S1 draws by βσ tan(πα/2))
    const draws = sampleNoiseLaw(law, total, rng);
    checkAllFinite(`gradient-noise draws (${name})`, draws);
    let off = 0;
    for (const i of vars) {
      const v = net.variables()[i]!;
      add[i] = tf.tensor(Float32Array.from(draws.subarray(off, off + v.size)), v.shape, "float32");
      off += v.size;
    }
  }
  return { add, fits };
}

/** A stateful trainer: each `step()` draws fresh noise (and a fresh mini-batch), differentiates L̃_M and updates the weights. */
export function createTrainer(net: Network, data: Dataset, options: TrainOptions): Trainer {
  checkDataset("data", data);
  const r: ResolvedObjective = resolveObjective(net, options);
  const lr = checkPositive("learningRate", options.learningRate);
  const batchSize = checkInt("batchSize", options.batchSize ?? data.n, 1, data.n);
  const evalEvery = checkInt("evalEvery", options.evalEvery ?? 0, 0);
  const rep = resolveReplacement(options.gradientNoise);
  const { x, y } = dataTensors(data);
  const vars = net.variables();
  const backend = currentBackend();
  let k = 0;
  let disposed = false;
  /** Each layer's last fitted law (gradient-noise replacement): the next step's warm start. */
  const previousFits = new Map<string, LayerFit>();

  const pickBatch = (): { bx: tf.Tensor; by: tf.Tensor; own: boolean } => {
    if (batchSize === data.n) return { bx: x, by: y, own: false };
    const idx = new Int32Array(batchSize);
    const chosen = new Set<number>();
    for (let j = 0; j < batchSize; ) {
      const i = Math.floor(r.rng.uniform() * data.n);
      if (!chosen.has(i)) {
        chosen.add(i);
        idx[j++] = i;
      }
    }
    return tf.tidy(() => {
      const it = tf.tensor1d(idx, "int32");
      return { bx: tf.gather(x, it), by: tf.gather(y, it), own: true };
    });
  };

  return {
    backend,
    step(): StepInfo {
      if (disposed) throw new Error("trainer was disposed");
      const { bx, by, own } = pickBatch();
      const { value, grads } = objectiveGradTensors(net, bx, by, r);
      const objectiveValue = value.dataSync()[0]!;
      const info: StepInfo = { step: k, objective: objectiveValue };
      let extra: tf.Tensor[] = [];
      if (rep) {
        const src = objectiveGradTensors(net, bx, by, r, rep.sourceM);
        const { add, fits } = replacementNoise(net, grads, src.grads, rep, r.rng, previousFits);
        info.fits = fits;
        extra = add;
        tf.dispose([src.value, ...src.grads]);
      }
      tf.tidy(() => {
        vars.forEach((v, i) => {
          const g = extra[i] ? tf.add(grads[i]!, extra[i]!) : grads[i]!;
          v.assign(tf.sub(v, tf.mul(g, lr)));
        });
      });
      tf.dispose([value, ...grads, ...extra]);
      if (own) tf.dispose([bx, by]);
      checkAllFinite(`objective at step ${k}`, [objectiveValue]);
      k++;
      if (evalEvery > 0 && k % evalEvery === 0) {
        info.loss = tf.tidy(() => {
          let h = x;
          for (let i = 0; i < net.layers.length; i++) h = net.stage(i, h);
          return meanLoss(h, y, r.loss).dataSync()[0]!;
        });
        checkAllFinite(`loss after step ${k}`, [info.loss]);
      }
      return info;
    },
    dispose(): void {
      if (!disposed) tf.dispose([x, y]);
      disposed = true;
    },
  };
}

export interface TrainResult {
  backend: string;
  steps: StepInfo[];
  /** L̃_M per step (before each update). */
  objective: Float64Array;
  seconds: number;
}

/** Run `steps` steps of `createTrainer` and collect the history. */
export function train(net: Network, data: Dataset, options: TrainOptions & { steps: number; onStep?: (s: StepInfo) => void }): TrainResult {
  const steps = checkInt("steps", options.steps, 0);
  const trainer = createTrainer(net, data, options);
  const t0 = performance.now();
  const hist: StepInfo[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const s = trainer.step();
      hist.push(s);
      options.onStep?.(s);
    }
  } finally {
    trainer.dispose();
  }
  return {
    backend: trainer.backend,
    steps: hist,
    objective: Float64Array.from(hist, (s) => s.objective),
    seconds: (performance.now() - t0) / 1000,
  };
}

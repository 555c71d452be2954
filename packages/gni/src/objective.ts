/**
 * The M-sample objective of eq. (4.5),
 *   L̃_M(D; w, ε) = (1/M) Σ_m L̃(D; w, ε_m),
 * computed in one batched pass: the batch is replicated M times and each copy
 * gets its own noise draw. Large M can be split into chunks of replicas (same
 * value, less memory).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Rng } from "@heavytails/stable";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { regularizerTerms } from "./explicit-regularizer.js";
import { cleanActivationsFor, dataTensors, drawSiteEps, forwardWith, noisedOutputEps, replicate, resolveNoiseFor, resolveRandom, type RandomSource } from "./forward.js";
import { LOSSES, meanLoss, type LossName } from "./loss.js";
import type { Network } from "./network.js";
import type { NoiseConfig, NoiseType } from "./noise.js";
import { checkAllFinite, checkInt, checkOneOf } from "./validate.js";

export interface ObjectiveOptions extends RandomSource {
  noise: NoiseConfig;
  /** Number of noise samples M (default 1: ordinary training with GNIs). */
  M?: number;
  loss: LossName;
  /** Replicas per batched pass when M is large (default M: one pass). */
  chunk?: number;
  /**
   * 'noise' (default): the noised objective L̃_M. 'explicit': no noise, the clean loss plus the
   * second-order explicit regulariser R of the same noise (Camuto et al. 2020; Fig. 7 "Exp Reg").
   */
  mode?: "noise" | "explicit";
}

/** Internal, resolved form. */
export interface ResolvedObjective {
  type: NoiseType;
  /** σ at all L + 1 sites (input, hidden…, output). */
  sigmas: number[];
  M: number;
  chunk: number;
  loss: LossName;
  rng: Rng;
  mode: "noise" | "explicit";
}

/** Largest number of noise samples M (larger M only makes sense split into chunks; see MAX_REPLICATED_VALUES). */
export const MAX_NOISE_SAMPLES = 1_000_000;

export function resolveObjective(net: Network, o: ObjectiveOptions): ResolvedObjective {
  const { type, sigmas } = resolveNoiseFor(net, o.noise);
  const M = checkInt("M", o.M ?? 1, 1, MAX_NOISE_SAMPLES);
  const chunk = checkInt("chunk", o.chunk ?? M, 1);
  const loss = checkOneOf("loss", o.loss, LOSSES);
  const mode = checkOneOf("mode", o.mode ?? "noise", ["noise", "explicit"] as const);
  if (mode === "explicit") return { type, sigmas, M: 1, chunk: 1, loss, rng: resolveRandom(o), mode }; // no noise is drawn
  return { type, sigmas, M, chunk: Math.min(chunk, M), loss, rng: resolveRandom(o), mode };
}

/** L̃_m for m replicas as a scalar tensor (call inside tidy or a gradient function). */
export function objectiveTensor(net: Network, x: tf.Tensor, y: tf.Tensor, r: ResolvedObjective, m: number): tf.Scalar {
  if (r.mode === "explicit") {
    const clean = meanLoss(forwardWith(net, x, (_i, h) => h), y, r.loss);
    const terms = regularizerTerms(net, x, r.type, r.sigmas, r.loss).filter((t): t is tf.Scalar => t !== null);
    return (terms.length > 0 ? tf.addN([clean, ...terms]) : clean) as tf.Scalar;
  }
  const xr = replicate(x, m);
  const yr = replicate(y, m);
  const eps = drawSiteEps(net, xr.shape[0]!, r.type, r.sigmas, r.rng);
  // heteroscedastic kinds: the clean activations of the n rows, computed once and replicated with the batch
  const clean = cleanActivationsFor(net, x, r.type)?.map((h) => replicate(h, m)) ?? null;
  return meanLoss(noisedOutputEps(net, xr, r.type, eps, clean), yr, r.loss);
}

/**
 * ∇_w L̃_M and L̃_M for tensors x, y: gradients in `net.variables()` order.
 * The caller owns (and must dispose) the returned tensors.
 */
export function objectiveGradTensors(net: Network, x: tf.Tensor, y: tf.Tensor, r: ResolvedObjective, M = r.M): { value: tf.Scalar; grads: tf.Tensor[] } {
  const vars = net.variables();
  let value: tf.Scalar | null = null;
  let grads: tf.Tensor[] | null = null;
  for (let done = 0; done < M; ) {
    const m = Math.min(r.chunk, M - done);
    const w = m / M;
    const prevValue: tf.Scalar | null = value;
    const prevGrads: tf.Tensor[] | null = grads;
    const next: { value: tf.Scalar; grads: tf.Tensor[] } = tf.tidy((): { value: tf.Scalar; grads: tf.Tensor[] } => {
      const res = tf.variableGrads(() => objectiveTensor(net, x, y, r, m), vars);
      const g = vars.map((v) => res.grads[v.name]!);
      if (m === M) return { value: res.value, grads: g };
      const v1 = tf.mul(res.value, w) as tf.Scalar;
      const g1 = g.map((t) => tf.mul(t, w));
      if (prevValue === null || prevGrads === null) return { value: v1, grads: g1 };
      return { value: tf.add(prevValue, v1) as tf.Scalar, grads: prevGrads.map((a: tf.Tensor, i: number) => tf.add(a, g1[i]!)) };
    });
    if (prevValue && prevGrads) tf.dispose([prevValue, ...prevGrads]);
    value = next.value;
    grads = next.grads;
    done += m;
  }
  return { value: value!, grads: grads! };
}

export interface ObjectiveResult {
  /** L̃_M(D; w, ε) (eq. 4.5). */
  value: number;
  backend: string;
}

/** L̃_M(D; w, ε) (eq. 4.5) on the whole data set, forward pass only. */
export function objective(net: Network, data: Dataset, options: ObjectiveOptions): ObjectiveResult {
  checkDataset("data", data);
  const r = resolveObjective(net, options);
  const value = tf.tidy(() => {
    const { x, y } = dataTensors(data);
    let acc = 0;
    for (let done = 0; done < r.M; done += r.chunk) {
      const m = Math.min(r.chunk, r.M - done);
      acc += (m / r.M) * objectiveTensor(net, x, y, r, m).dataSync()[0]!;
    }
    return acc;
  });
  checkAllFinite("objective", [value]);
  return { value, backend: currentBackend() };
}

export interface GradientResult extends ObjectiveResult {
  /** ∇_w L̃_M, one array per variable in `net.variables()` order (W₁, b₁, W₂, …). */
  grads: Float32Array[];
}

/** L̃_M (eq. 4.5) and its gradient with respect to every weight. */
export function objectiveGradients(net: Network, data: Dataset, options: ObjectiveOptions): GradientResult {
  checkDataset("data", data);
  const r = resolveObjective(net, options);
  const { x, y } = dataTensors(data);
  try {
    const { value, grads } = objectiveGradTensors(net, x, y, r);
    const out = { value: value.dataSync()[0]!, grads: grads.map((g) => Float32Array.from(g.dataSync() as Float32Array)), backend: currentBackend() };
    tf.dispose([value, ...grads]);
    checkAllFinite("objective", [out.value]);
    return out;
  } finally {
    tf.dispose([x, y]);
  }
}

/** The clean loss L(D; w) (eq. 2.1), no noise. */
export function evaluateLoss(net: Network, data: Dataset, options: { loss: LossName }): ObjectiveResult {
  checkDataset("data", data);
  const loss = checkOneOf("loss", options.loss, LOSSES);
  const value = tf.tidy(() => {
    const { x, y } = dataTensors(data);
    let h = x;
    for (let i = 0; i < net.layers.length; i++) h = net.stage(i, h);
    return meanLoss(h, y, loss).dataSync()[0]!;
  });
  checkAllFinite("loss", [value]);
  return { value, backend: currentBackend() };
}

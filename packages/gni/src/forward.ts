/** The noised forward pass of eq. (2.8), with the noise drawn per site from a seeded stream. */
import * as tf from "@tensorflow/tfjs-core";
import { createRng, type Rng } from "@heavytails/stable";
import type { Dataset } from "./dataset.js";
import type { Network } from "./network.js";
import { applyEps, injectNoise, needsCleanActivations, noiseMean, normalTensor, resolveAllSigmas, resolveSites, type NoiseConfig, type NoiseType } from "./noise.js";

/** Where random numbers come from: a seed, or a live stream (advanced by the call). */
export interface RandomSource {
  seed?: number;
  rng?: Rng;
}

export function resolveRandom(o: RandomSource): Rng {
  return o.rng ?? createRng(o.seed ?? 0);
}

/** Per-example shapes of all L + 1 noise sites: input, hidden…, output. */
export function allSiteShapes(net: Network): number[][] {
  return [...net.siteShapes, [net.outputSize]];
}

/**
 * Run the network, letting `perSite(i, hᵢ)` replace the activation at each of the L + 1 noise
 * sites (i = 0 input, 1 … L−1 hidden, L the output f; the value returned at site L is the result).
 * `inputGrad` false: no gradient with respect to the input is needed (training passes).
 */
export function forwardWith(net: Network, x: tf.Tensor, perSite: (i: number, h: tf.Tensor) => tf.Tensor, inputGrad = true): tf.Tensor {
  let h = x;
  const L = net.layers.length;
  for (let i = 0; i < L; i++) {
    h = perSite(i, h);
    h = net.stage(i, h, i > 0 || inputGrad);
  }
  return perSite(L, h);
}

/** The clean activations hᵢ at all L + 1 sites (the last is the output), differentiable in the weights. */
export function cleanActivations(net: Network, x: tf.Tensor): tf.Tensor[] {
  const acts: tf.Tensor[] = [];
  forwardWith(
    net,
    x,
    (_i, h) => {
      acts.push(h);
      return h;
    },
    false,
  );
  return acts;
}

/** Clean activations for the kinds whose noise scale is set by them (`heteroscedastic`, `exp-reg-mult`), else null. */
export function cleanActivationsFor(net: Network, x: tf.Tensor, type: NoiseType): tf.Tensor[] | null {
  return needsCleanActivations(type) ? cleanActivations(net, x) : null;
}

/** Standard-normal tensors z_i of shape [rows, …shape of site i] for the sites with σᵢ > 0 (null elsewhere); all L + 1 sites. */
export function drawSiteNoise(net: Network, rows: number, sigmas: number[], rng: Rng): (tf.Tensor | null)[] {
  return allSiteShapes(net).map((shape, i) => (sigmas[i]! > 0 ? normalTensor(rng, [rows, ...shape], 0, 1) : null));
}

/** The noise εᵢ itself for the sites with σᵢ > 0: N(1, σᵢ²) (multiplicative) or N(0, σᵢ²) (every other kind), shape [rows, …shape of site i]. */
export function drawSiteEps(net: Network, rows: number, type: NoiseType, sigmas: number[], rng: Rng): (tf.Tensor | null)[] {
  const mean = noiseMean(type);
  return allSiteShapes(net).map((shape, i) => (sigmas[i]! > 0 ? normalTensor(rng, [rows, ...shape], mean, sigmas[i]!) : null));
}

/** The noised output for given draws ε of `drawSiteEps` (training passes); `clean`: the clean activations of the same rows when the kind needs them. */
export function noisedOutputEps(net: Network, x: tf.Tensor, type: NoiseType, eps: (tf.Tensor | null)[], clean: tf.Tensor[] | null = null): tf.Tensor {
  return forwardWith(
    net,
    x,
    (i, h) => {
      const e = eps[i];
      return e ? applyEps(h, type, e, clean ? clean[i]! : null) : h;
    },
    false,
  );
}

/** The noised output for given standard-normal draws (eq. 2.8); `sign` = −1 reflects them (antithetic). */
export function noisedOutput(net: Network, x: tf.Tensor, type: NoiseType, sigmas: number[], z: (tf.Tensor | null)[], sign = 1, clean: tf.Tensor[] | null = null): tf.Tensor {
  return forwardWith(
    net,
    x,
    (i, h) => {
      const zi = z[i];
      return zi ? injectNoise(h, type, sign * sigmas[i]!, zi, clean ? clean[i]! : null) : h;
    },
    false,
  );
}

/** Replicate the rows of a [n, …] tensor M times: [M·n, …] (the batched pass of eq. 4.5). */
/** Largest tensor (values) a batched pass of M replicas may build: 2²⁷ float32 values = 512 MiB. */
export const MAX_REPLICATED_VALUES = 2 ** 27;

export function replicate(t: tf.Tensor, M: number): tf.Tensor {
  if (M === 1) return t;
  if (M * t.size > MAX_REPLICATED_VALUES) {
    throw new RangeError(`chunk = ${M}: ${M} replicas of a [${t.shape.join(", ")}] tensor would hold ${M * t.size} values, above the limit ${MAX_REPLICATED_VALUES} (MAX_REPLICATED_VALUES); pass a chunk of at most ${Math.max(1, Math.floor(MAX_REPLICATED_VALUES / t.size))} replicas per pass`);
  }
  const reps = [M, ...t.shape.slice(1).map(() => 1)];
  return tf.tile(t, reps);
}

/** Inputs and targets of a Dataset as tensors [n, …inputShape] and [n, targetSize]. */
export function dataTensors(d: Dataset): { x: tf.Tensor; y: tf.Tensor } {
  return {
    x: tf.tensor(d.x, [d.n, ...d.inputShape], "float32"),
    y: tf.tensor(d.y, [d.n, d.targetSize], "float32"),
  };
}

/** The noise kind, σ for all L + 1 sites (0 where none is injected) and whether the output site is selected. */
export function resolveNoiseFor(net: Network, noise: NoiseConfig): { type: NoiseType; sigmas: number[]; output: boolean } {
  if (noise == null || typeof noise !== "object") throw new TypeError("noise must be { type, sigma, sites?, injectInput? }");
  return { type: noise.type, sigmas: resolveAllSigmas(noise, net.siteShapes.length), output: resolveSites(noise).has("output") };
}

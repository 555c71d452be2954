/** The noised forward pass of eq. (2.8), with the noise drawn per site from a seeded stream. */
import * as tf from "@tensorflow/tfjs-core";
import { createRng, type Rng } from "@heavytails/stable";
import type { Dataset } from "./dataset.js";
import type { Network } from "./network.js";
import { injectNoise, normalTensor, resolveSigmas, type NoiseConfig, type NoiseType } from "./noise.js";

/** Where random numbers come from: a seed, or a live stream (advanced by the call). */
export interface RandomSource {
  seed?: number;
  rng?: Rng;
}

export function resolveRandom(o: RandomSource): Rng {
  return o.rng ?? createRng(o.seed ?? 0);
}

/**
 * Run the network, letting `perSite(i, hᵢ)` replace the activation at each noise site.
 * `inputGrad` false: no gradient with respect to the input is needed (training passes).
 */
export function forwardWith(net: Network, x: tf.Tensor, perSite: (i: number, h: tf.Tensor) => tf.Tensor, inputGrad = true): tf.Tensor {
  let h = x;
  for (let i = 0; i < net.layers.length; i++) {
    h = perSite(i, h);
    h = net.stage(i, h, i > 0 || inputGrad);
  }
  return h;
}

/** Standard-normal tensors z_i of shape [rows, …siteShapes[i]] for the sites with σᵢ > 0 (null elsewhere). */
export function drawSiteNoise(net: Network, rows: number, sigmas: number[], rng: Rng): (tf.Tensor | null)[] {
  return net.siteShapes.map((shape, i) => (sigmas[i]! > 0 ? normalTensor(rng, [rows, ...shape], 0, 1) : null));
}

/** The noise εᵢ itself for the sites with σᵢ > 0: N(0, σᵢ²) (additive) or N(1, σᵢ²) (multiplicative), shape [rows, …siteShapes[i]]. */
export function drawSiteEps(net: Network, rows: number, type: NoiseType, sigmas: number[], rng: Rng): (tf.Tensor | null)[] {
  const mean = type === "additive" ? 0 : 1;
  return net.siteShapes.map((shape, i) => (sigmas[i]! > 0 ? normalTensor(rng, [rows, ...shape], mean, sigmas[i]!) : null));
}

/** The noised output h̃ = ĥ + ε or ĥ·ε (eq. 2.8) for given draws ε of `drawSiteEps` (training passes). */
export function noisedOutputEps(net: Network, x: tf.Tensor, type: NoiseType, eps: (tf.Tensor | null)[]): tf.Tensor {
  return forwardWith(
    net,
    x,
    (i, h) => {
      const e = eps[i];
      if (!e) return h;
      return type === "additive" ? tf.add(h, e) : tf.mul(h, e);
    },
    false,
  );
}

/** The noised output for given standard-normal draws (eq. 2.8); `sign` = −1 reflects them (antithetic). */
export function noisedOutput(net: Network, x: tf.Tensor, type: NoiseType, sigmas: number[], z: (tf.Tensor | null)[], sign = 1): tf.Tensor {
  return forwardWith(
    net,
    x,
    (i, h) => {
      const zi = z[i];
      return zi ? injectNoise(h, type, sign * sigmas[i]!, zi) : h;
    },
    false,
  );
}

/** Replicate the rows of a [n, …] tensor M times: [M·n, …] (the batched pass of eq. 4.5). */
export function replicate(t: tf.Tensor, M: number): tf.Tensor {
  if (M === 1) return t;
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

export function resolveNoiseFor(net: Network, noise: NoiseConfig): { type: NoiseType; sigmas: number[] } {
  if (noise == null || typeof noise !== "object") throw new TypeError("noise must be { type, sigma, injectInput? }");
  return { type: noise.type, sigmas: resolveSigmas(noise, net.siteShapes.length) };
}

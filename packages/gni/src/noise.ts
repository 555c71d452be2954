/**
 * Gaussian noise injections (eq. 2.8): h̃ᵢ = ĥᵢ ∘ εᵢ with
 * additive εᵢ ~ N(0, σᵢ²) (h̃ = ĥ + ε) or multiplicative εᵢ ~ N(1, σᵢ²) (h̃ = ĥ·ε),
 * at every noise site except the output; the input site is included by default.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Rng } from "@heavytails/stable";
import { checkNonNegative, checkOneOf } from "./validate.js";

export type NoiseType = "additive" | "multiplicative";

export interface NoiseConfig {
  type: NoiseType;
  /** Standard deviation σ of the injected noise: one value for every site, or one per site (site 0 = input). */
  sigma: number | number[];
  /** Inject into the input layer too (default true). */
  injectInput?: boolean;
}

/** σᵢ for each of the `sites` noise sites (0 where no noise is injected). */
export function resolveSigmas(noise: NoiseConfig, sites: number): number[] {
  checkOneOf("noise.type", noise.type, ["additive", "multiplicative"] as const);
  let s: number[];
  if (Array.isArray(noise.sigma)) {
    if (noise.sigma.length !== sites) {
      throw new RangeError(`noise.sigma has ${noise.sigma.length} values; the network has ${sites} noise sites (input + hidden layers)`);
    }
    s = noise.sigma.map((v, i) => checkNonNegative(`noise.sigma[${i}]`, v));
  } else {
    const v = checkNonNegative("noise.sigma", noise.sigma);
    s = Array.from({ length: sites }, () => v);
  }
  if (noise.injectInput === false) s[0] = 0;
  return s;
}

/** Scratch buffer reused by `normalTensor` (normals are drawn in float64, stored as float32). */
let scratch = new Float64Array(0);

/** A float32 tensor of N(mean, sd²) draws from `rng` (reproducible for a given rng state). */
export function normalTensor(rng: Rng, shape: number[], mean: number, sd: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (scratch.length < n) scratch = new Float64Array(n);
  const buf = scratch.subarray(0, n);
  rng.fillNormal(buf);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + sd * buf[i]!;
  return tf.tensor(out, shape, "float32");
}

/** h̃ = ĥ + σz (additive) or ĥ·(1 + σz) (multiplicative), z standard normal: eq. (2.8). */
export function injectNoise(h: tf.Tensor, type: NoiseType, sigma: number, z: tf.Tensor): tf.Tensor {
  if (sigma === 0) return h;
  return type === "additive" ? tf.add(h, tf.mul(z, sigma)) : tf.mul(h, tf.add(tf.mul(z, sigma), 1));
}

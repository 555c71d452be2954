/**
 * The accumulated forward noise of eq. (2.9), 𝓔ᵢ(x; w, ε) = h̃ᵢ(x) − hᵢ(x):
 * at each noise site, the noised activation minus the clean one, with the noise
 * of that site and of every earlier site.
 */
import * as tf from "@tensorflow/tfjs-core";
import { kurtosis, skewness } from "@heavytails/stable";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { dataTensors, drawSiteNoise, forwardWith, replicate, resolveNoiseFor, resolveRandom, type RandomSource } from "./forward.js";
import type { Network } from "./network.js";
import { injectNoise, type NoiseConfig } from "./noise.js";
import { scoped } from "./scoped.js";
import { checkAllFinite, checkInt } from "./validate.js";

export interface AccumulatedNoiseOptions extends RandomSource {
  noise: NoiseConfig;
  /** Noise draws per example (default 1). */
  M?: number;
}

export interface SiteNoise {
  /** 0 = input, i = hidden layer i. */
  site: number;
  /** 𝓔ᵢ for every (draw, example, unit), draw-major. */
  values: Float64Array;
  skewness: number;
  /** Excess kurtosis (scipy bias=True). */
  kurtosis: number;
}

export interface AccumulatedNoiseResult {
  backend: string;
  sites: SiteNoise[];
}

/** 𝓔ᵢ = h̃ᵢ − hᵢ (eq. 2.9) at every noise site, over M draws of the noise for each example. */
export function accumulatedNoise(net: Network, data: Dataset, options: AccumulatedNoiseOptions): AccumulatedNoiseResult {
  checkDataset("data", data);
  const { type, sigmas } = resolveNoiseFor(net, options.noise);
  const M = checkInt("M", options.M ?? 1, 1);
  const rng = resolveRandom(options);
  const arrays = scoped(() => {
    const x = replicate(dataTensors(data).x, M);
    const clean: tf.Tensor[] = [];
    forwardWith(net, x, (_i, h) => {
      clean.push(h);
      return h;
    });
    const z = drawSiteNoise(net, x.shape[0]!, sigmas, rng);
    const noised: tf.Tensor[] = [];
    forwardWith(net, x, (i, h) => {
      const zi = z[i];
      const ht = zi ? injectNoise(h, type, sigmas[i]!, zi) : h;
      noised.push(ht);
      return ht;
    });
    return noised.map((n, i) => Float64Array.from(tf.sub(n, clean[i]!).dataSync() as Float32Array));
  });
  const sites = arrays.map((values, site) => {
    checkAllFinite(`accumulated noise at site ${site}`, values);
    return { site, values, skewness: skewness(values), kurtosis: kurtosis(values) };
  });
  return { backend: currentBackend(), sites };
}

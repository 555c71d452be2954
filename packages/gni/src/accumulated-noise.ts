/**
 * The accumulated forward noise of eq. (2.9), 𝓔ᵢ(x; w, ε) = h̃ᵢ(x) − hᵢ(x):
 * at each noise site, the noised activation minus the clean one, with the noise
 * of that site and of every earlier site.
 */
import * as tf from "@tensorflow/tfjs-core";
import { kurtosis, skewness } from "@heavytails/stable";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { cleanActivations, dataTensors, drawSiteNoise, forwardWith, replicate, resolveNoiseFor, resolveRandom, type RandomSource } from "./forward.js";
import type { Network } from "./network.js";
import { injectNoise, type NoiseConfig } from "./noise.js";
import { MAX_NOISE_SAMPLES } from "./objective.js";
import { scoped } from "./scoped.js";
import { checkAllFinite, checkInt } from "./validate.js";

export interface AccumulatedNoiseOptions extends RandomSource {
  noise: NoiseConfig;
  /** Noise draws per example (default 1). */
  M?: number;
}

export interface SiteNoise {
  /** 0 = input, i = hidden layer i, L = the output (reported only when "output" is among the noise sites). */
  site: number;
  /** 𝓔ᵢ for every (draw, example, unit), draw-major. */
  values: Float64Array;
  /** Sample skewness; NaN when no noise reaches the site (every value is 0: e.g. the input site when it is not noised). */
  skewness: number;
  /** Excess kurtosis (scipy bias=True); NaN as the skewness. */
  kurtosis: number;
}

export interface AccumulatedNoiseResult {
  backend: string;
  sites: SiteNoise[];
}

/** 𝓔ᵢ = h̃ᵢ − hᵢ (eq. 2.9) at every noise site, over M draws of the noise for each example. */
export function accumulatedNoise(net: Network, data: Dataset, options: AccumulatedNoiseOptions): AccumulatedNoiseResult {
  checkDataset("data", data);
  const { type, sigmas, output } = resolveNoiseFor(net, options.noise);
  const M = checkInt("M", options.M ?? 1, 1, MAX_NOISE_SAMPLES);
  const rng = resolveRandom(options);
  const arrays = scoped(() => {
    const x = replicate(dataTensors(data).x, M);
    const clean = cleanActivations(net, x);
    const z = drawSiteNoise(net, x.shape[0]!, sigmas, rng);
    const noised: tf.Tensor[] = [];
    forwardWith(net, x, (i, h) => {
      const zi = z[i];
      const ht = zi ? injectNoise(h, type, sigmas[i]!, zi, clean[i]!) : h;
      noised.push(ht);
      return ht;
    });
    const sites = output ? noised.length : noised.length - 1; // the output only when it is a selected site
    return noised.slice(0, sites).map((n, i) => Float64Array.from(tf.sub(n, clean[i]!).dataSync() as Float32Array));
  });
  const sites = arrays.map((values, site) => {
    checkAllFinite(`accumulated noise at site ${site}`, values);
    const silent = values.every((v) => v === 0); // no noise reaches this site (none injected here or upstream)
    return { site, values, skewness: silent ? NaN : skewness(values), kurtosis: silent ? NaN : kurtosis(values) };
  });
  return { backend: currentBackend(), sites };
}

/**
 * The implicit-effect gradient noise (eq. 3.2, Remark 4.1)
 *   ∇E_L(D; w, ε) = ∇L̃(D; w, ε) − ∇E_ε[L̃(D; w, ε)],
 * with the expectation estimated by the M_ref-sample objective L̃_{M_ref} (4.5)
 * on independent noise. Over the whole data set there is no batching noise, so
 * this is all of the gradient noise U_k = −∇E_L (Remark 4.1).
 */
import * as tf from "@tensorflow/tfjs-core";
import { kurtosis, skewness } from "@heavytails/stable";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { dataTensors } from "./forward.js";
import type { Network } from "./network.js";
import { MAX_NOISE_SAMPLES, objectiveGradTensors, resolveObjective, type ObjectiveOptions } from "./objective.js";
import { checkAllFinite, checkInt } from "./validate.js";

export interface ImplicitNoiseOptions extends ObjectiveOptions {
  /** Noise samples of the reference gradient ∇L̃_{M_ref} ≈ ∇E_ε[L̃] (default 64). */
  mRef?: number;
}

export interface LayerGradientNoise {
  layer: string;
  /** ∇E_L for each weight of the layer (row-major, as the weight tensor). */
  weight: Float64Array;
  /** ∇E_L for each bias (null without biases). */
  bias: Float64Array | null;
  /** Sample skewness of `weight` (scipy bias=True). */
  skewness: number;
  /** Sample excess kurtosis of `weight` (scipy bias=True, Fisher). */
  kurtosis: number;
}

export interface ImplicitNoiseResult {
  backend: string;
  /** Value of L̃_M at the drawn noise. */
  objective: number;
  layers: LayerGradientNoise[];
}

/** ∇E_L per layer: the M-sample gradient (M = 1 by default) minus an independent M_ref-sample gradient. */
export function implicitGradientNoise(net: Network, data: Dataset, options: ImplicitNoiseOptions): ImplicitNoiseResult {
  checkDataset("data", data);
  const r = resolveObjective(net, options);
  const mRef = checkInt("mRef", options.mRef ?? 64, 1, MAX_NOISE_SAMPLES);
  const { x, y } = dataTensors(data);
  try {
    const one = objectiveGradTensors(net, x, y, r, r.M);
    const ref = objectiveGradTensors(net, x, y, r, mRef);
    const diff = one.grads.map((g, i) => tf.tidy(() => tf.sub(g, ref.grads[i]!)));
    const values = diff.map((d) => Float64Array.from(d.dataSync() as Float32Array));
    const objectiveValue = one.value.dataSync()[0]!;
    tf.dispose([one.value, ref.value, ...one.grads, ...ref.grads, ...diff]);
    let k = 0;
    const layers = net.layers.map((l) => {
      const weight = values[k++]!;
      const bias = l.bias ? values[k++]! : null;
      checkAllFinite(`gradient noise of ${l.name}`, weight);
      return { layer: l.name, weight, bias, skewness: skewness(weight), kurtosis: kurtosis(weight) };
    });
    return { backend: currentBackend(), objective: objectiveValue, layers };
  } finally {
    tf.dispose([x, y]);
  }
}

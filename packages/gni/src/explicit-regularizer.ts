/**
 * The explicit effect of GNIs (Section 3), E_ε[ΔL(D; w, ε)] = E_ε[L̃(D; w, ε)] − L(D; w):
 * - `explicitRegularizerMC`: the Monte-Carlo estimate (1/M) Σ_m L̃(D; w, ε_m) − L(D; w),
 *   with antithetic pairs (ε, −ε around the noise mean) by default, which cancel the
 *   first-order term exactly;
 * - `explicitRegularizer`: the second-order approximation of Camuto et al. (2020),
 *   R = ½ Σᵢ σᵢ² E_x Tr(Jᵢᵀ H Jᵢ), Jᵢ = ∂f/∂hᵢ (output w.r.t. site i's activation),
 *   H = ∂²ℓ/∂f² (loss w.r.t. the output). For multiplicative noise the perturbation of
 *   unit j is hᵢⱼ(εᵢⱼ − 1), so each column of Jᵢ is weighted by hᵢⱼ; the same holds for the
 *   `heteroscedastic` (σ|hᵢⱼ|z) and `exp-reg-mult` (σhᵢⱼz) kinds, whose variance is σ²hᵢⱼ² too,
 *   with hᵢⱼ the clean activation — this is exp_reg_GNIs' `calc_tikhonov_reg`
 *   (src_tf2/networks.py: `if noise_mode == 'mult': J = a * J`, ½·var·Σ H_L ∘ JᵀJ). The compounding
 *   of `multiplicative` noise across sites only enters at order σ⁴ (cross terms have mean 0).
 *   Every kind and every site is supported; at the output site Jᵢ = I, so for MSE R is exact.
 * R drops the term ∂ℓ/∂f · ∂²f/∂h², which vanishes for ReLU networks (piecewise linear)
 * and for the last hidden site of any network; there R is exact to O(σ⁴).
 */
import * as tf from "@tensorflow/tfjs-core";
import { currentBackend } from "./backend.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { cleanActivationsFor, dataTensors, drawSiteNoise, forwardWith, noisedOutput, replicate, resolveNoiseFor, resolveRandom, type RandomSource } from "./forward.js";
import { LOSSES, meanLoss, type LossName } from "./loss.js";
import type { Network } from "./network.js";
import type { NoiseConfig, NoiseType } from "./noise.js";
import { checkAllFinite, checkInt, checkOneOf } from "./validate.js";

export interface ExplicitMcOptions extends RandomSource {
  noise: NoiseConfig;
  loss: LossName;
  /** Noise samples (default 64; rounded up to an even number with antithetic pairs). */
  samples?: number;
  /** Use antithetic pairs (default true). */
  antithetic?: boolean;
  /** Samples per batched pass (default 16). */
  chunk?: number;
}

export interface ExplicitMcResult {
  backend: string;
  /** Estimate of E_ε[ΔL]. */
  value: number;
  /** Its standard error (over independent samples, or over antithetic pairs). */
  standardError: number;
  /** L(D; w), no noise. */
  cleanLoss: number;
  samples: number;
}

/** Monte-Carlo estimate of the explicit regulariser E_ε[ΔL(D; w, ε)]. */
export function explicitRegularizerMC(net: Network, data: Dataset, options: ExplicitMcOptions): ExplicitMcResult {
  checkDataset("data", data);
  const { type, sigmas } = resolveNoiseFor(net, options.noise);
  const loss = checkOneOf("loss", options.loss, LOSSES);
  const antithetic = options.antithetic ?? true;
  let samples = checkInt("samples", options.samples ?? 64, 2);
  if (antithetic && samples % 2 === 1) samples++;
  const chunk = checkInt("chunk", options.chunk ?? 16, 1);
  const rng = resolveRandom(options);
  const draws = antithetic ? samples / 2 : samples;
  const units: number[] = []; // one value per independent unit (a pair or a sample)
  const cleanLoss = tf.tidy(() => {
    const { x, y } = dataTensors(data);
    const clean = meanLoss(forwardWith(net, x, (_i, h) => h), y, loss).dataSync()[0]!;
    for (let done = 0; done < draws; ) {
      const m = Math.min(chunk, draws - done);
      tf.tidy(() => {
        const xr = replicate(x, m);
        const yr = replicate(y, m);
        const z = drawSiteNoise(net, xr.shape[0]!, sigmas, rng);
        const acts = cleanActivationsFor(net, xr, type);
        const perRow = (sign: number) => {
          const out = noisedOutput(net, xr, type, sigmas, z, sign, acts);
          const l = loss === "mse" ? tf.mean(tf.squaredDifference(out, yr), -1) : tf.neg(tf.sum(tf.mul(yr, tf.logSoftmax(out)), -1));
          return tf.mean(tf.reshape(l, [m, data.n]), 1).dataSync() as Float32Array;
        };
        const a = perRow(1);
        const b = antithetic ? perRow(-1) : null;
        for (let j = 0; j < m; j++) units.push((b ? (a[j]! + b[j]!) / 2 : a[j]!) - clean);
      });
      done += m;
    }
    return clean;
  });
  checkAllFinite("Monte-Carlo regulariser samples", units);
  const n = units.length;
  const mean = units.reduce((s, v) => s + v, 0) / n;
  const variance = units.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  return { backend: currentBackend(), value: mean, standardError: Math.sqrt(variance / n), cleanLoss, samples };
}

export interface ExplicitRegularizerOptions {
  noise: NoiseConfig;
  loss: LossName;
}

export interface ExplicitRegularizerResult {
  backend: string;
  /** R = ½ Σᵢ σᵢ² E_x Tr(Jᵢᵀ H Jᵢ). */
  value: number;
  /** The term of each noise site, ½ σᵢ² E_x Tr(Jᵢᵀ H Jᵢ) (0 where σᵢ = 0): input, hidden…, and the output last when it is selected. */
  perSite: number[];
}

/** The second-order explicit regulariser R of Camuto et al. (2020), from per-example Jacobians (one backward pass per output). */
/**
 * The terms ½ σᵢ² E_x Tr(Jᵢᵀ H Jᵢ) of all L + 1 sites as scalar tensors (null where σᵢ = 0), differentiable
 * with respect to the weights (double back-propagation), for training on L + R (Fig. 7).
 */
export function regularizerTerms(net: Network, x: tf.Tensor, type: NoiseType, sigmas: number[], loss: LossName): (tf.Scalar | null)[] {
  const K = net.outputSize;
  const n = x.shape[0]!;
  // clean activations at each site, and the output
  const acts: tf.Tensor[] = [];
  const out = forwardWith(net, x, (_i, h) => {
    acts.push(h);
    return h;
  });
  // taps δᵢ = 0 added at each site: ∂f/∂δᵢ = Jᵢ
  const taps = acts.map((a) => tf.zerosLike(a));
  const f = (k: number) => (...d: tf.Tensor[]) => tf.sum(tf.slice(forwardWith(net, x, (i, h) => tf.add(h, d[i]!)), [0, k], [-1, 1]));
  const p = loss === "cross-entropy" ? tf.softmax(out) : null;
  // A_ij = Σ_k w_k J_kj², B_ij = Σ_k p_k J_kj  (per example, per unit)
  const A: (tf.Tensor | null)[] = acts.map(() => null);
  const B: (tf.Tensor | null)[] = acts.map(() => null);
  for (let k = 0; k < K; k++) {
    const J = tf.grads(f(k))(taps);
    for (let i = 0; i < acts.length; i++) {
      if (sigmas[i] === 0) continue;
      const Jk = J[i]!;
      const wk = p ? tf.reshape(tf.slice(p, [0, k], [-1, 1]), [n, ...acts[i]!.shape.slice(1).map(() => 1)]) : tf.scalar(2 / K);
      const a = tf.mul(wk, tf.square(Jk));
      A[i] = A[i] ? tf.add(A[i]!, a) : a;
      if (p) {
        const b = tf.mul(wk, Jk);
        B[i] = B[i] ? tf.add(B[i]!, b) : b;
      }
    }
  }
  return acts.map((a, i) => {
    if (sigmas[i] === 0) return null;
    const tr = p ? tf.sub(A[i]!, tf.square(B[i]!)) : A[i]!;
    const weighted = type === "additive" ? tr : tf.mul(tr, tf.square(a)); // σ²hᵢⱼ² per unit for every other kind
    return tf.mul(tf.sum(weighted), (0.5 * sigmas[i]! ** 2) / n) as tf.Scalar;
  });
}

/** The second-order explicit regulariser R of Camuto et al. (2020), from per-example Jacobians (one backward pass per output). */
export function explicitRegularizer(net: Network, data: Dataset, options: ExplicitRegularizerOptions): ExplicitRegularizerResult {
  checkDataset("data", data);
  const { type, sigmas, output } = resolveNoiseFor(net, options.noise);
  const loss = checkOneOf("loss", options.loss, LOSSES);
  const perSite = tf.tidy(() => {
    const { x } = dataTensors(data);
    const all = regularizerTerms(net, x, type, sigmas, loss).map((t) => (t ? t.dataSync()[0]! : 0));
    return output ? all : all.slice(0, -1);
  });
  checkAllFinite("explicit regulariser terms", perSite);
  return { backend: currentBackend(), value: perSite.reduce((s, v) => s + v, 0), perSite };
}

/**
 * Gaussian noise injections (eq. 2.8) and the kinds the authors' published code uses.
 *
 * A network with L weight layers has L + 1 noise sites: site 0 is the input, sites 1 … L−1 the
 * hidden activations, site L the output f. Which sites get noise is `NoiseConfig.sites`
 * (default: input and hidden, never the output — the paper's eq. 2.8).
 *
 * Kinds (z ~ N(0, 1) drawn per example, unit and draw; ĥᵢ is the activation *as propagated*,
 * i.e. carrying the noise of earlier sites; hᵢ is the activation of a noise-free forward pass):
 * - `additive`:        h̃ᵢ = ĥᵢ + σz                 (eq. 2.8, εᵢ ~ N(0, σ²))
 * - `multiplicative`:  h̃ᵢ = ĥᵢ·(1 + σz)             (eq. 2.8, εᵢ ~ N(1, σ²)); the scale is the
 *   propagated ĥᵢ, so the noise of earlier sites is multiplied again here: it *compounds*
 *   across layers. As the authors' PyTorch notebooks (`x * (1 + torch.randn_like(x)*sig)`,
 *   asym-heavy-tails-bias-GNI playground/SkewKurtosisGradients.ipynb cell 6, `make_noisy_pred`;
 *   InjectingStableNoise.ipynb cell 6; ImplicitEffectMarginal.ipynb cell 6).
 * - `heteroscedastic`: h̃ᵢ = ĥᵢ + σ·|hᵢ|·z          additive noise whose standard deviation
 *   σ|hᵢ| is set by the *clean* activation: it does not compound (issue 9's "heteroscedastic
 *   additive kind").
 * - `exp-reg-mult`:    h̃ᵢ = ĥᵢ + σ·hᵢ·z            exactly exp_reg_GNIs' `noise_mode='mult'`:
 *   `gen_noise` (src_tf2/networks.py) draws `tf.random.normal(stddev=sigma*a)` = σ·a·z with `a`
 *   the activations of the clean pass `p_phi_y = mlp(features)` (src_tf2/GNIs.py), and
 *   `replace_mask_layer` adds it to the propagated activation (`x = l(x)`, then `x + noise`).
 *   Signed: where hᵢ < 0 (ELU, or a signed input) the draw is −σ|hᵢ|z.
 * `heteroscedastic` and `exp-reg-mult` have the same law given x (z is symmetric and independent
 * across units), so every expectation and every statistic of a single pass agrees; for the same
 * draws z they differ in sign wherever hᵢ < 0. For ReLU hidden activations (hᵢ ≥ 0) they are
 * identical draw by draw. At the input site both give x + σ|x|z resp. x(1 + σz).
 * In both, σ·hᵢ stays in the graph: ∂/∂w flows through the clean activation as well, as in
 * exp_reg_GNIs, where `tf.gradients` of the noisy loss reaches the weights through `stddev`.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Rng } from "@heavytails/stable";
import { checkNonNegative, checkOneOf } from "./validate.js";

export type NoiseType = "additive" | "multiplicative" | "heteroscedastic" | "exp-reg-mult";
export const NOISE_TYPES: readonly NoiseType[] = ["additive", "multiplicative", "heteroscedastic", "exp-reg-mult"];

/** Where noise can be injected: the input (site 0), every hidden activation (sites 1 … L−1), the output f (site L). */
export type NoiseSite = "input" | "hidden" | "output";
export const NOISE_SITES: readonly NoiseSite[] = ["input", "hidden", "output"];
/** Today's (and the paper's eq. 2.8) default: input and hidden activations, not the output. */
export const DEFAULT_NOISE_SITES: readonly NoiseSite[] = ["input", "hidden"];

export interface NoiseConfig {
  type: NoiseType;
  /**
   * Standard deviation σ of the injected noise (not the variance): one value for every selected
   * site, or one per site — L values (input + hidden sites, site 0 = input) or, when the output is
   * selected, L + 1 (the last for the output). Values at sites not selected are ignored (set to 0).
   */
  sigma: number | number[];
  /**
   * Which sites are noised (default ["input", "hidden"]). `[]` injects nothing: every noised pass
   * then equals the clean one. Authors' Fig. 2 network: ["input", "hidden", "output"]
   * (SkewKurtosisGradients.ipynb cell 6, `make_noisy_pred`: the input, every non-Linear layer and
   * the last Linear); Figs 4/5: ["hidden"] (InjectingStableNoise.ipynb cell 6: noise after each ReLU
   * only; ImplicitEffectMarginal.ipynb cell 6: the input line is commented out); exp_reg_GNIs: ["input", "hidden"]
   * (`non_targeted_layers += [N + 1]` in src_tf2/GNIs.py: never the logits).
   */
  sites?: readonly NoiseSite[];
  /** Older switch, kept: `false` = no input site (same as leaving "input" out of `sites`). Default true. */
  injectInput?: boolean;
}

/** Whether a kind needs the activations of a clean (noise-free) pass. */
export function needsCleanActivations(type: NoiseType): boolean {
  return type === "heteroscedastic" || type === "exp-reg-mult";
}

/** Mean of ε for the kinds whose noise is drawn as ε directly: 1 for multiplicative, 0 otherwise. */
export function noiseMean(type: NoiseType): number {
  return type === "multiplicative" ? 1 : 0;
}

/** The selected sites as a set, with `injectInput` folded in (throws when the two disagree). */
export function resolveSites(noise: NoiseConfig): Set<NoiseSite> {
  let sites: Set<NoiseSite>;
  if (noise.sites !== undefined) {
    if (!Array.isArray(noise.sites)) throw new TypeError(`noise.sites must be an array of ${NOISE_SITES.map((s) => JSON.stringify(s)).join(", ")}`);
    sites = new Set(noise.sites.map((s, i) => checkOneOf(`noise.sites[${i}]`, s, NOISE_SITES)));
    if (noise.injectInput !== undefined && noise.injectInput !== sites.has("input")) {
      throw new RangeError(`noise.injectInput = ${noise.injectInput} contradicts noise.sites = ${JSON.stringify(noise.sites)}; give one of them (sites is the newer)`);
    }
  } else {
    sites = new Set(DEFAULT_NOISE_SITES);
    if (noise.injectInput === false) sites.delete("input");
  }
  return sites;
}

/**
 * σᵢ for the `sites` input + hidden sites (0 where no noise is injected), followed by the
 * output's σ when the output site is selected (so `sites` or `sites + 1` values).
 */
export function resolveSigmas(noise: NoiseConfig, sites: number): number[] {
  const all = resolveAllSigmas(noise, sites);
  return resolveSites(noise).has("output") ? all : all.slice(0, sites);
}

/** σᵢ for all `sites + 1` sites: input, hidden…, output (0 where no noise is injected). */
export function resolveAllSigmas(noise: NoiseConfig, sites: number): number[] {
  checkOneOf("noise.type", noise.type, NOISE_TYPES);
  const selected = resolveSites(noise);
  const withOutput = selected.has("output");
  let s: number[];
  if (Array.isArray(noise.sigma)) {
    const n = noise.sigma.length;
    if (withOutput && n !== sites + 1) {
      throw new RangeError(`noise.sigma has ${n} values; with the output site selected the network has ${sites + 1} noise sites (input + hidden layers + output)`);
    }
    if (!withOutput && n !== sites) {
      const hint = n === sites + 1 ? `; ${sites + 1} values need "output" in noise.sites` : "";
      throw new RangeError(`noise.sigma has ${n} values; the network has ${sites} noise sites (input + hidden layers)${hint}`);
    }
    s = noise.sigma.map((v, i) => checkNonNegative(`noise.sigma[${i}]`, v));
    if (s.length === sites) s.push(0);
  } else {
    const v = checkNonNegative("noise.sigma", noise.sigma);
    s = Array.from({ length: sites + 1 }, () => v);
  }
  if (!selected.has("input")) s[0] = 0;
  if (!selected.has("hidden")) for (let i = 1; i < sites; i++) s[i] = 0;
  if (!withOutput) s[sites] = 0;
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

/**
 * The noised activation for ε = σz already drawn (mean 0; for `multiplicative`, ε is the
 * N(1, σ²) factor): ĥ + ε, ĥ·ε, ĥ + |h|·ε or ĥ + h·ε. `clean` (h) is needed by the last two.
 */
export function applyEps(h: tf.Tensor, type: NoiseType, eps: tf.Tensor, clean: tf.Tensor | null): tf.Tensor {
  switch (type) {
    case "additive":
      return tf.add(h, eps);
    case "multiplicative":
      return tf.mul(h, eps);
    case "heteroscedastic":
      return tf.add(h, tf.mul(tf.abs(cleanFor(type, clean)), eps));
    case "exp-reg-mult":
      return tf.add(h, tf.mul(cleanFor(type, clean), eps));
  }
}

function cleanFor(type: NoiseType, clean: tf.Tensor | null): tf.Tensor {
  if (!clean) throw new Error(`internal: noise type "${type}" needs the clean activations`);
  return clean;
}

/** h̃ for standard-normal z: ĥ + σz, ĥ·(1 + σz), ĥ + σ|h|z or ĥ + σhz (see the kinds above). */
export function injectNoise(h: tf.Tensor, type: NoiseType, sigma: number, z: tf.Tensor, clean: tf.Tensor | null = null): tf.Tensor {
  if (sigma === 0) return h;
  if (type === "multiplicative") return tf.mul(h, tf.add(tf.mul(z, sigma), 1));
  return applyEps(h, type, tf.mul(z, sigma), clean);
}

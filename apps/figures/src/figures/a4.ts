/**
 * Fig. A.4: univariate S_α (μ = 0) fitted by maximum likelihood to the implicit-effect gradient noise
 * ∇E_L of each layer of the Figure-2 network at initialisation, additive and multiplicative GNIs.
 */
import { createMlp, implicitGradientNoise, sinusoids, type NoiseSite, type NoiseType } from "@heavytails/gni";
import { createRng, fit } from "@heavytails/stable";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { COLORS } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { pairedChange, sig, spread, type Spread } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { renderSettings, type SourcedSetting } from "../protocol.js";
import {
  AUTHORS_M_REF, authorsNetworkAt, AUTHORS_NOTEBOOK, AUTHORS_SIGMA, AUTHORS_SITES, type AuthorsNetwork, authorsNetworkSettings, buildSetting, GNI_SIGMA, nbCell, noiseSeed,
} from "./gradient-noise.js";

export interface A4Config {
  noise: NoiseType[];
  sigma: number;
  hidden: number[];
  activation: "relu";
  points: number;
  mRef: number;
  chunk: number;
  /** At most this many entries per layer enter each fit (a seeded random subset). */
  maxFitSamples: number;
  seeds: number[];
  /** Claim thresholds: fitted α below alphaBelow, |β| above betaAbove. */
  alphaBelow: number;
  betaAbove: number;
  /**
   * Only under --protocol authors. No code for Fig. A.4 is published: the nearest published choice is the Fig. 2
   * notebook's network, data, noise sites and E_L (SkewKurtosisGradients.ipynb), its 4 hidden-layer weight matrices
   * (output layer left out, cell 7 grad_noise[:-1]), ∇E_L alone. Absent under --protocol paper (unchanged).
   */
  authors?: { network: AuthorsNetwork; sites: NoiseSite[]; layers: "all but the output layer" };
}

interface LayerFitRow {
  noise: NoiseType;
  seed: number;
  layer: string;
  /** Weights in the layer, and how many of their ∇E_L entries are exactly zero (left out of the fit). */
  entries: number;
  zeros: number;
  samples: number;
  alpha: number;
  beta: number;
  scale: number;
  method: string;
  converged: boolean;
}

export interface A4Data {
  tfjs: TfjsBackend;
  fits: LayerFitRow[];
  summary: Array<{ noise: NoiseType; layer: string; alpha: Spread; beta: Spread; absBeta: Spread; zeroFraction: number; heavy: boolean; skewed: boolean; ok: boolean }>;
}

/**
 * The claim for one (noise type, layer), the seeds being the replications (each its own network and noise draw):
 * heavy-tailed = mean fitted α below `alphaBelow` beyond replication noise (t_{0.975, S−1} × s.d. over seeds / √S);
 * skewed = mean |β| above `betaAbove` by the same rule. The margins are fixed in the configuration, not read off
 * the results: a maximum-likelihood α of Gaussian data sits just below 2 (the boundary), and |β| of a symmetric
 * law is positive, so 2 and 0 themselves would count estimator bias as an effect.
 */
export function decideFits(alphas: readonly number[], betas: readonly number[], alphaBelow: number, betaAbove: number): { heavy: boolean; skewed: boolean; ok: boolean } {
  const heavy = pairedChange(alphas.map((a) => alphaBelow - a), 1).beyondNoise;
  const skewed = pairedChange(betas.map((b) => Math.abs(b) - betaAbove), 1).beyondNoise;
  return { heavy, skewed, ok: heavy && skewed };
}

function subset(values: Float64Array, max: number, seed: number): Float64Array {
  if (values.length <= max) return values;
  // partial Fisher–Yates on indices, seeded
  const rng = createRng(seed);
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(rng.uniform() * (values.length - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return Float64Array.from(idx.subarray(0, max), (i) => values[i]!);
}

/** What one `a4-fit` sub-run needs (its checkpoint key). */
export type A4FitTask = Pick<A4Config, "sigma" | "hidden" | "activation" | "points" | "mRef" | "chunk" | "maxFitSamples" | "authors"> & { noise: NoiseType; seed: number };

/** The `a4-fit` sub-run (tasks.ts): the per-layer fits of one (noise, network). */
export function a4FitTask(t: A4FitTask): LayerFitRow[] {
  return computeSeed(t, t.noise, t.seed);
}

function computeSeed(cfg: Omit<A4FitTask, "noise" | "seed">, noise: NoiseType, seed: number): LayerFitRow[] {
  const { net, data } = cfg.authors
    ? buildSetting({ hidden: cfg.hidden, activation: cfg.activation, points: cfg.points, authors: cfg.authors }, seed)
    : { data: sinusoids({ n: cfg.points, seed: 0 }), net: createMlp({ inputSize: 1, outputSize: 1, hidden: cfg.hidden, activation: cfg.activation, seed: 1000 * seed + 1 }) };
  try {
    const noiseCfg = cfg.authors ? { type: noise, sigma: cfg.sigma, sites: cfg.authors.sites } : { type: noise, sigma: cfg.sigma };
    const g = implicitGradientNoise(net, data, { noise: noiseCfg, loss: "mse", mRef: cfg.mRef, chunk: cfg.chunk, seed: noiseSeed(seed, 0) });
    const layers = cfg.authors ? g.layers.slice(0, -1) : g.layers;
    return layers.map((l, j) => {
      // exact zeros (weights fed by a zero activation: no noise reaches them) are a point mass, not part of the law fitted
      const nonZero = l.weight.filter((v) => v !== 0);
      const x = subset(nonZero, cfg.maxFitSamples, 1000 * seed + 10 + j);
      const f = fit(x, { fix: { loc: 0 } });
      return { noise, seed, layer: l.layer, entries: l.weight.length, zeros: l.weight.length - nonZero.length, samples: x.length, alpha: f.alpha, beta: f.beta, scale: f.scale, method: f.method, converged: f.converged };
    });
  } finally {
    net.dispose();
  }
}

export const a4: ImplementedFigure<A4Config, A4Data> = {
  id: "A.4",
  title: "Appendix: implicit-effect gradient noise modelled by univariate S_α (fitted α < 2, |θ| > 0)",
  origin: "paper",
  caption: "Figure A.4 (appendix; caption not in the supplied paper text). Referenced in §4: \"in Figure A.4 of the Appendix we model ∇E_L(·) as being drawn from a univariate S_α. The equivalent S_α distributions are skewed (|θ|>0) and heavy-tailed (α < 2).\"",
  claim: "S_α fitted to the implicit-effect gradients are skewed (|θ| > 0) and heavy-tailed (α < 2).",
  protocols: ["authors", "paper"],
  implemented: true,
  version: 4,
  paperScale: "∇E_L of the Figure-2 networks modelled by univariate S_α fitted by maximum likelihood (Nolan 2001); the appendix settings are not in the supplied text.",
  config(options: RunOptions): A4Config {
    const tiny = options.preset === "tiny";
    if ((options.protocol ?? "paper") === "authors") {
      const network: AuthorsNetwork = authorsNetworkAt(tiny);
      return {
        noise: ["additive", "multiplicative"],
        sigma: AUTHORS_SIGMA,
        hidden: network.hidden,
        activation: "relu",
        points: tiny ? 20 : options.preset === "quick" ? 50 : 200,
        mRef: tiny ? 8 : AUTHORS_M_REF,
        chunk: tiny ? 8 : 25,
        maxFitSamples: tiny ? 500 : options.preset === "quick" ? 2000 : 10_000,
        seeds: seedList(options.seeds ?? (tiny ? 2 : options.preset === "quick" ? 3 : 5)),
        alphaBelow: 1.95,
        betaAbove: 0.05,
        authors: { network, sites: [...AUTHORS_SITES], layers: "all but the output layer" },
      };
    }
    return {
      noise: ["additive", "multiplicative"],
      sigma: GNI_SIGMA,
      hidden: tiny ? [32, 32, 32, 32] : [256, 256, 256, 256],
      activation: "relu",
      points: tiny ? 50 : 200,
      mRef: tiny ? 8 : options.preset === "quick" ? 64 : 256,
      chunk: 16,
      maxFitSamples: tiny ? 500 : options.preset === "quick" ? 2000 : 10_000,
      seeds: seedList(options.seeds ?? (tiny ? 2 : options.preset === "quick" ? 4 : 5)),
      alphaBelow: 1.95,
      betaAbove: 0.05,
    };
  },
  describe(cfg: A4Config, preset: Preset): string {
    if (cfg.authors) {
      const a = cfg.authors.network;
      const settings: SourcedSetting[] = [
        { setting: "published code", value: "none for Fig. A.4: every setting below is the nearest published choice, the Fig. 2 notebook's", source: "alexander-camuto/asym-heavy-tails-bias-GNI (no A.4 notebook); notes/authors-code.md" },
        ...authorsNetworkSettings(a, cfg.points, preset),
        { setting: "noise", value: `additive x + N(0, 1)·σ and multiplicative x·(1 + N(0, 1)·σ), σ = ${cfg.sigma} (s.d.); the notebook runs additive only`, source: `${nbCell(6)} make_noisy_pred; ${nbCell(20)}` },
        { setting: "noise sites", value: cfg.authors.sites.join(", "), source: `${nbCell(6)} make_noisy_pred` },
        { setting: "E_L", value: `L̃_1 − L̃_${cfg.mRef} (noise seed 1000·s + 2, Fig. 2's draw 0)`, source: `${nbCell(7)}; ${nbCell(12)} NUM_EXP = 100` },
        { setting: "layers", value: "the 4 hidden-layer weight matrices (output layer left out), ∇E_L alone", source: `${nbCell(7)} grad_noise[:-1]; paper §4 ("we model ∇E_L(·) as being drawn from a univariate S_α")` },
        { setting: "fit", value: `S_α(σ, β, 0) (S1, μ fixed at 0) by maximum likelihood on at most ${cfg.maxFitSamples} non-zero entries per layer (seeded subset)`, source: "paper §4 (MLE, Nolan 2001); μ = 0 as InjectingStableNoise.ipynb's fits" },
        { setting: "repeats", value: `${cfg.seeds.length} networks (seeds ${cfg.seeds.join(", ")})`, source: `${nbCell(20)} (5 repeats)` },
      ];
      return `Under --protocol authors (${AUTHORS_NOTEBOOK}'s network; no code for this figure is published): MLP ${a.inputSize} → ${a.hidden.join("×")} → ${a.outputSize} at initialisation with ${cfg.noise.join(" and ")} GNIs; for every hidden layer, S_α fitted to its weights' ∇E_L. Each point is one (layer, seed) fit; the dashed line marks α = 2 (Gaussian). ` +
        renderSettings("authors", settings) + " " +
        (preset === "tiny" ? `tiny preset: ${a.inputSize} → 4×${a.hidden[0]} → ${a.outputSize}, ${cfg.points} points (test size; outcome meaningless).` : preset === "quick" ? `quick preset: the full network, but ${cfg.points} points instead of 200 and ${cfg.seeds.length} networks.` : `paper preset: 200 points, ${cfg.seeds.length} networks, up to 10⁴ entries per fit.`);
    }
    return `The Figure-2 network (1 → ${cfg.hidden.join("×")} → 1, ReLU) at initialisation with ${cfg.noise.join(" and ")} GNIs (σ = √0.1), ${cfg.points} sinusoid points; ` +
      `∇E_L as in Figure 2 (M = 1 minus M_ref = ${cfg.mRef}); for every layer, S_α(σ, β, 0) (S1, μ fixed at 0) fitted by maximum likelihood to at most ${cfg.maxFitSamples} of its weights' non-zero ∇E_L entries (a seeded random subset). ` +
      `Seeds ${cfg.seeds.join(", ")} (same networks and noise as Figs 2 and A.3). Each point is one (layer, seed) fit; the dashed line marks α = 2 (Gaussian). ` +
      `Differences from the paper: settings not in the supplied text (σ² = 0.1 assumed); fits on a random subset of ${cfg.maxFitSamples} entries per layer; ` +
      renderSettings("paper", [
        { setting: "network", value: `1 → ${cfg.hidden.join("×")} → 1 ReLU, Glorot-uniform init, zero biases`, source: "paper §4 (the Figure-2 networks); init not stated: @heavytails/gni default" },
        { setting: "noise", value: `${cfg.noise.join(" and ")}, σ = √0.1 (s.d.) at the input and every hidden layer`, source: "paper eq. 2.8; σ not stated: σ² = 0.1 from Fig. 7" },
        { setting: "E_L", value: `∇L̃ (M = 1) − ∇L̃_{M_ref}, M_ref = ${cfg.mRef}, every layer`, source: "paper §3, eq. 3.2" },
        { setting: "fit", value: "univariate S_α by maximum likelihood, μ = 0", source: "paper §4 (Nolan 2001)" },
      ]) + " " +
      (preset === "tiny" ? "tiny preset: 32-unit layers (test size; outcome meaningless)." : preset === "quick" ? `quick preset: ${cfg.seeds.length} seeds.` : `paper preset: ${cfg.seeds.length} seeds, up to 10⁴ entries per fit.`);
  },
  async run(cfg: A4Config, ctx: FigureContext): Promise<FigureOutput<A4Data>> {
    const tfjs = await tfjsBackend();
    const pending: Array<Promise<LayerFitRow[]>> = [];
    for (const noise of cfg.noise) {
      for (const seed of cfg.seeds) {
        const key = { kind: "stable-fit-gradient-noise", noise, sigma: cfg.sigma, hidden: cfg.hidden, activation: cfg.activation, points: cfg.points, mRef: cfg.mRef, chunk: cfg.chunk, maxFitSamples: cfg.maxFitSamples, seed, backend: tfjs.backend, version: 2, ...(cfg.authors ? { protocol: "authors" as const, authors: cfg.authors } : {}) };
        pending.push(ctx.subRun("a4-fit", key, `${noise} seed ${seed}`));
      }
    }
    const fits = (await Promise.all(pending)).flat();
    const summary: A4Data["summary"] = [];
    for (const noise of cfg.noise) {
      for (const layer of [...new Set(fits.filter((f) => f.noise === noise).map((f) => f.layer))]) {
        const fs = fits.filter((f) => f.noise === noise && f.layer === layer);
        const alpha = spread(fs.map((f) => f.alpha));
        const beta = spread(fs.map((f) => f.beta));
        const absBeta = spread(fs.map((f) => Math.abs(f.beta)));
        const zeroFraction = fs.reduce((s, f) => s + f.zeros, 0) / fs.reduce((s, f) => s + f.entries, 0);
        const d = decideFits(fs.map((f) => f.alpha), fs.map((f) => f.beta), cfg.alphaBelow, cfg.betaAbove);
        summary.push({ noise, layer, alpha, beta, absBeta, zeroFraction, ...d });
      }
    }
    const ok = summary.every((s) => s.ok);
    const bad = summary.filter((s) => !s.ok);
    const claim: ClaimCheck = {
      claim: "S_α fitted to the implicit-effect gradient noise are heavy-tailed (α < 2) and skewed (|θ| > 0).",
      measured: Object.fromEntries(summary.map((s) => [`${s.noise} ${s.layer}`, { alphaMean: sig(s.alpha.mean, 4), alphaReplicationSE: sig(s.alpha.std / Math.sqrt(s.alpha.n), 3), absBetaReplicationSE: sig(s.absBeta.std / Math.sqrt(s.absBeta.n), 3), heavyTailed: s.heavy, skewed: s.skewed, alphaRange: [sig(s.alpha.min, 4), sig(s.alpha.max, 4)], betaMean: sig(s.beta.mean, 4), betaRange: [sig(s.beta.min, 4), sig(s.beta.max, 4)], absBetaMean: sig(s.absBeta.mean, 4), zeroFraction: sig(s.zeroFraction, 3), ok: s.ok }])),
      outcome: ok ? "pass" : "fail",
      details: `Replication test: the ${cfg.seeds.length} seeds (each its own network and noise draw) are the replications. Pass requires, for every (noise type, layer), the mean fitted α below ${cfg.alphaBelow} and the mean |β| above ${cfg.betaAbove}, each beyond replication noise: the margin exceeds t_{0.975, ${cfg.seeds.length - 1}} = ${pairedChange(cfg.seeds.map(() => 0), 1).t.toFixed(3)} × (s.d. over seeds / √${cfg.seeds.length}). The margins are fixed beforehand (a fit at the boundary α = 2 does not count; |β| per seed because the sign of the skew varies from one initialisation to the next). Exact zeros of ∇E_L (weights fed by a zero ReLU output under multiplicative noise) are left out of the fits, as @heavytails/gni's gradient-noise replacement does; their fraction is reported. ` +
        (ok ? "Holds everywhere." : `Fails for: ${bad.map((s) => `${s.noise} ${s.layer} (α ${s.alpha.mean.toFixed(3)} ± ${(s.alpha.std / Math.sqrt(s.alpha.n)).toFixed(3)}${s.heavy ? "" : " not below " + cfg.alphaBelow}, mean |β| ${s.absBeta.mean.toFixed(3)} ± ${(s.absBeta.std / Math.sqrt(s.absBeta.n)).toFixed(3)}${s.skewed ? "" : " not above " + cfg.betaAbove})`).join("; ")}.`) +
        ` Fits that fell back to McCulloch's quantile estimate: ${fits.filter((f) => f.method !== "mle").length} of ${fits.length}.`,
    };
    return { data: { tfjs, fits, summary }, claim };
  },
  spec(out: FigureOutput<A4Data>): Record<string, unknown> {
    const values = out.data.fits.map((f) => ({ noise: f.noise, layer: f.layer, seed: f.seed, alpha: sig(f.alpha, 4), beta: sig(f.beta, 4) }));
    return {
      hconcat: ["additive", "multiplicative"].map((noise) => ({
        title: `${noise} GNIs: fitted S_α per layer`,
        width: 320,
        height: 240,
        layer: [
          { data: { values: [{ alpha: 2 }] }, mark: { type: "rule", strokeDash: [6, 3], color: COLORS.black }, encoding: { x: { field: "alpha", type: "quantitative" } } },
          { data: { values: [{ beta: 0 }] }, mark: { type: "rule", color: COLORS.grey }, encoding: { y: { field: "beta", type: "quantitative" } } },
          {
            data: { values: values.filter((v) => v.noise === noise) },
            mark: { type: "point", filled: true, size: 70, opacity: 0.85 },
            encoding: {
              x: { field: "alpha", type: "quantitative", title: "fitted α (tail index)", scale: { domain: [0, 2.05], nice: false } },
              y: { field: "beta", type: "quantitative", title: "fitted β = θ (skewness)", scale: { domain: [-1, 1] } },
              color: { field: "layer", type: "nominal", title: "layer", legend: { orient: "bottom" } },
              shape: { field: "seed", type: "nominal", title: "seed" },
            },
          },
        ],
      })),
    };
  },
};

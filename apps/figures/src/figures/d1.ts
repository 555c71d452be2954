/**
 * Fig. D.1 (beyond the paper): is the across-weight heavy tail of the implicit-effect gradient noise ∇E_L a scale
 * mixture? For the Figure-2 (additive) and Figure-A.3 (multiplicative) networks at initialisation, per layer:
 * the across-weight excess kurtosis and skewness of ∇E_L; the same after each weight is standardised by its own
 * across-draw mean and s.d.; the part of ∇_W L̃ linear in the noise (exact directional derivative, scale-mixture.ts);
 * and the distribution of per-weight kurtosis against what Gaussian draws give.
 */
import { createMlp, objectiveGradients, sinusoids, type InitScheme, type Network, type NoiseSite, type NoiseType } from "@heavytails/gni";
import { createRng, kurtosis, skewness } from "@heavytails/stable";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { binCounts, type Bins } from "../histogram.js";
import { COLORS } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { sig } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { renderSettings, type SourcedSetting } from "../protocol.js";
import {
  AUTHORS_M_REF, authorsNetworkAt, AUTHORS_NOTEBOOK, AUTHORS_SIGMA, AUTHORS_SITES, type AuthorsNetwork, authorsNetworkSettings, buildSetting, GNI_SIGMA, nbCell,
} from "./gradient-noise.js";
import {
  cleanPass, gaussianPerWeightKurtosis, type JackknifeEstimate, layerVerdict, type LayerVerdict, linearPart, type MlpWeights,
  perWeightStats, PowerSums, replicationMean, scaleMixtureClaim, standardisedKurtosis, standardisedSkewness,
} from "./scale-mixture.js";

export interface D1Config {
  /** The network as Figs 2 / A.3 build it: 1 → hidden → 1, ReLU, @heavytails/gni's createMlp (Glorot uniform, zero biases), seed 1000·s + 1. */
  network: { inputSize: number; outputSize: number; hidden: number[]; activation: "relu"; initSeed: "1000*s+1" };
  /** Sinusoid grid points (phases from seed 0), as Fig. 2. */
  points: number;
  loss: "mse";
  /** The noise of each panel: type and σ (a standard deviation) at the input and every hidden site (and `sites` when given). */
  noises: Array<{ type: NoiseType; sigma: number; sites?: NoiseSite[] }>;
  /** Independent ∇E_L draws per network (M = 1 each); the per-weight statistics use all of them. */
  draws: number;
  /** The draws are split into this many groups of independent draws: the delete-a-group jackknife's replications. */
  groups: number;
  /** Draws of the linear part per network (exact derivative, float64 on the CPU: slower). */
  linearDraws: number;
  /** Noise samples of the reference ∇L̃_{M_ref} ≈ ∇E_ε L̃ subtracted from each draw (as Fig. 2). */
  mRef: number;
  chunk: number;
  seeds: number[];
  /** |standardised excess kurtosis − Gaussian null| below this = the tail vanished; above it = it persists (Fig. A.1's Gaussian-like threshold, fixed beforehand). */
  margin: number;
  /** Histogram of per-weight kurtosis. */
  kurtHist: Bins;
  /** Columns of the simulated Gaussian null of per-weight kurtosis. */
  nullColumns: number;
  /**
   * Only under --protocol authors: the Fig. 2 / A.3 networks of that protocol (SkewKurtosisGradients.ipynb: 100 → 4×512
   * → 100, PyTorch init, 100-d input of grid + N(0, 1), noise on input, hidden and output sites), the statistics over
   * the 4 hidden-layer weight matrices as Fig. 2 there (output layer left out). Absent under --protocol paper.
   */
  authors?: { network: AuthorsNetwork & { init: InitScheme }; layers: "all but the output layer" };
}

interface Est {
  estimate: number;
  se: number;
  t: number;
  groups: number;
}

interface LayerResult {
  layer: string;
  weights: number;
  /** Across-weight statistics of ∇E_L, one per draw. */
  rawKurtosis: number[];
  rawSkewness: number[];
  /** Across-weight statistics of the linear part, one per linear draw. */
  linKurtosis: number[];
  linSkewness: number[];
  /** After per-weight standardisation over all draws (kurtosis minus its Gaussian null −6/(draws + 1)), jackknife s.e. */
  standardisedKurtosis: Est & { used: number; excluded: number };
  standardisedSkewness: Est;
  /** The same for the linear part (exactly Gaussian per weight: a control of the method). */
  linStandardisedKurtosis: Est & { used: number; excluded: number };
  /** Histogram counts of per-weight kurtosis over all draws, and how many fell outside the bins. */
  perWeightCounts: number[];
  perWeightUsed: number;
  perWeightBelow: number;
  perWeightAbove: number;
  perWeightMedian: number;
  perWeightP99: number;
}

interface NoiseSeedRun {
  noise: NoiseType;
  sigma: number;
  seed: number;
  backend: string;
  seconds: number;
  layers: LayerResult[];
}

export interface D1Data {
  tfjs: TfjsBackend;
  runs: NoiseSeedRun[];
  /** Per-weight kurtosis of `draws` Gaussian draws: histogram density over the same bins. */
  nullDensity: Array<{ x: number; density: number }>;
  verdicts: Array<{ noise: NoiseType; seed: number; layer: string; verdict: LayerVerdict }>;
}

const est = (e: JackknifeEstimate): Est => ({ estimate: sig(e.estimate, 5), se: sig(e.se, 4), t: sig(e.t, 5), groups: e.groups });

function layerWeights(net: Network, all: ArrayLike<number>[]): Float32Array[] {
  const out: Float32Array[] = [];
  let k = 0;
  for (const l of net.layers) {
    out.push(all[k] as Float32Array);
    k += l.bias ? 2 : 1;
  }
  return out;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** What one `scale-mixture` sub-run needs (its checkpoint key). */
export type ScaleMixtureTask = Pick<D1Config, "network" | "points" | "loss" | "draws" | "groups" | "linearDraws" | "mRef" | "chunk" | "kurtHist" | "authors"> & { noise: D1Config["noises"][number]; seed: number };

/** The `scale-mixture` sub-run (tasks.ts): one (noise, network) of D.1. */
export function scaleMixtureTask(t: ScaleMixtureTask): NoiseSeedRun {
  return computeOne(t, t.noise, t.seed);
}

function computeOne(cfg: Omit<ScaleMixtureTask, "noise" | "seed">, noise: { type: NoiseType; sigma: number; sites?: NoiseSite[] }, seed: number): NoiseSeedRun {
  const t0 = performance.now();
  const { net, data } = cfg.authors
    ? buildSetting({ hidden: cfg.network.hidden, activation: cfg.network.activation, points: cfg.points, authors: cfg.authors }, seed)
    : { data: sinusoids({ n: cfg.points, seed: 0 }), net: createMlp({ inputSize: cfg.network.inputSize, outputSize: cfg.network.outputSize, hidden: cfg.network.hidden, activation: cfg.network.activation, seed: 1000 * seed + 1 }) };
  try {
    // under the authors' protocol the output layer is left out of the statistics (as their Fig. 2, cell 7 grad_noise[:-1])
    const names = net.layers.map((l) => l.name).slice(0, cfg.authors ? -1 : undefined);
    const sizes = [cfg.network.inputSize, ...cfg.network.hidden, cfg.network.outputSize];
    const outputNoised = noise.sites?.includes("output") ?? false;
    const nw = names.map((_, i) => sizes[i]! * sizes[i + 1]!);
    // the reference ∇L̃_{M_ref} (independent noise), as Fig. 2 subtracts it
    const refRes = objectiveGradients(net, data, { noise, M: cfg.mRef, chunk: cfg.chunk, loss: cfg.loss, rng: createRng(1000 * seed + 6) });
    const ref = layerWeights(net, refRes.grads);
    const groups = names.map((_, i) => Array.from({ length: cfg.groups }, () => new PowerSums(nw[i]!)));
    const rawK = names.map(() => [] as number[]);
    const rawS = names.map(() => [] as number[]);
    const rng = createRng(1000 * seed + 5);
    const e = nw.map((n) => new Float64Array(n));
    for (let d = 0; d < cfg.draws; d++) {
      const g = layerWeights(net, objectiveGradients(net, data, { noise, M: 1, loss: cfg.loss, rng }).grads);
      const grp = Math.floor((d * cfg.groups) / cfg.draws);
      for (let i = 0; i < names.length; i++) {
        const gi = g[i]!, ri = ref[i]!, ei = e[i]!;
        for (let j = 0; j < ei.length; j++) ei[j] = gi[j]! - ri[j]!;
        rawK[i]!.push(kurtosis(ei));
        rawS[i]!.push(skewness(ei));
        groups[i]![grp]!.add(ei);
      }
    }
    // the linear part: exact directional derivative along u = σz at the noise-free point
    const all = net.getWeights();
    const w: MlpWeights = { sizes, weights: [], biases: [] };
    let k = 0;
    for (const l of net.layers) {
      w.weights.push(Float64Array.from(all[k++]!));
      w.biases.push(l.bias ? Float64Array.from(all[k++]!) : new Float64Array(sizes[w.biases.length + 1]!));
    }
    const pass = cleanPass(w, data.x, data.y, noise.type);
    const linGroupsN = Math.min(cfg.groups, cfg.linearDraws);
    const linGroups = names.map((_, i) => Array.from({ length: linGroupsN }, () => new PowerSums(nw[i]!)));
    const linK = names.map(() => [] as number[]);
    const linS = names.map(() => [] as number[]);
    const lrng = createRng(1000 * seed + 8);
    for (let d = 0; d < cfg.linearDraws; d++) {
      const u = (outputNoised ? sizes : sizes.slice(0, -1)).map((width) => {
        const z = lrng.fillNormal(new Float64Array(cfg.points * width));
        for (let j = 0; j < z.length; j++) z[j]! *= noise.sigma;
        return z;
      });
      const lin = linearPart(w, pass, u);
      const grp = Math.floor((d * linGroupsN) / cfg.linearDraws);
      lin.slice(0, names.length).forEach((v, i) => {
        linK[i]!.push(kurtosis(v));
        linS[i]!.push(skewness(v));
        linGroups[i]![grp]!.add(v);
      });
    }
    const layers = names.map((layer, i): LayerResult => {
      const pw = perWeightStats(groups[i]!);
      const sorted = Float64Array.from(pw.kurtosis).sort();
      const counts = binCounts(pw.kurtosis, cfg.kurtHist);
      const inBins = counts.reduce((s, c) => s + c, 0);
      const below = pw.kurtosis.filter((v) => v < cfg.kurtHist.lo).length;
      const sk = standardisedKurtosis(groups[i]!);
      const lk = standardisedKurtosis(linGroups[i]!);
      return {
        layer,
        weights: nw[i]!,
        rawKurtosis: rawK[i]!.map((v) => sig(v, 5)),
        rawSkewness: rawS[i]!.map((v) => sig(v, 5)),
        linKurtosis: linK[i]!.map((v) => sig(v, 5)),
        linSkewness: linS[i]!.map((v) => sig(v, 5)),
        standardisedKurtosis: { ...est(sk), used: sk.used, excluded: sk.excluded },
        standardisedSkewness: est(standardisedSkewness(groups[i]!)),
        linStandardisedKurtosis: { ...est(lk), used: lk.used, excluded: lk.excluded },
        perWeightCounts: counts,
        perWeightUsed: pw.used,
        perWeightBelow: below,
        perWeightAbove: pw.used - inBins - below,
        perWeightMedian: sig(quantile(sorted, 0.5), 4),
        perWeightP99: sig(quantile(sorted, 0.99), 4),
      };
    });
    return { noise: noise.type, sigma: noise.sigma, seed, backend: refRes.backend, seconds: (performance.now() - t0) / 1000, layers };
  } finally {
    net.dispose();
  }
}

const SERIES = {
  raw: "∇E_L across weights",
  std: "per-weight standardised (− Gaussian null)",
  lin: "linear part in ε, across weights",
  linStd: "linear part, standardised (control)",
} as const;
const SERIES_COLORS = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.grey];

function summaryRows(runs: NoiseSeedRun[], noise: NoiseType, key: "kurtosis" | "skewness") {
  const rs = runs.filter((r) => r.noise === noise);
  const rows: Array<{ layer: string; series: string; y: number; lo: number; hi: number }> = [];
  for (let i = 0; i < rs[0]!.layers.length; i++) {
    const per = (f: (l: LayerResult) => Est) => {
      const es = rs.map((r) => f(r.layers[i]!));
      const y = es.reduce((s, e) => s + e.estimate, 0) / es.length;
      return { y: sig(y, 4), lo: sig(Math.min(...es.map((e) => e.estimate - e.t * e.se)), 4), hi: sig(Math.max(...es.map((e) => e.estimate + e.t * e.se)), 4) };
    };
    const layer = rs[0]!.layers[i]!.layer;
    if (key === "kurtosis") {
      rows.push({ layer, series: SERIES.raw, ...per((l) => replicationMean(l.rawKurtosis)) });
      rows.push({ layer, series: SERIES.std, ...per((l) => l.standardisedKurtosis) });
      rows.push({ layer, series: SERIES.lin, ...per((l) => replicationMean(l.linKurtosis)) });
      rows.push({ layer, series: SERIES.linStd, ...per((l) => l.linStandardisedKurtosis) });
    } else {
      rows.push({ layer, series: SERIES.raw, ...per((l) => replicationMean(l.rawSkewness)) });
      rows.push({ layer, series: SERIES.std, ...per((l) => l.standardisedSkewness) });
      rows.push({ layer, series: SERIES.lin, ...per((l) => replicationMean(l.linSkewness)) });
    }
  }
  return rows;
}

function statPanel(title: string, yTitle: string, values: Array<{ series: string }>, symlog: boolean, margin?: number): Record<string, unknown> {
  const present = new Set(values.map((v) => v.series));
  const domain = Object.values(SERIES).filter((s) => present.has(s));
  const color = { field: "series", type: "nominal", title: null, scale: { domain, range: SERIES_COLORS.filter((_, i) => present.has(Object.values(SERIES)[i]!)) }, legend: { orient: "bottom", columns: 2, labelLimit: 400 } };
  const x = { field: "layer", type: "nominal", title: "layer", sort: null };
  const yScale = symlog ? { type: "symlog" } : {};
  const rules: Record<string, unknown>[] = [{ mark: { type: "rule", color: COLORS.black }, encoding: { y: { datum: 0 } } }];
  if (margin !== undefined) {
    for (const m of [-margin, margin]) rules.push({ mark: { type: "rule", color: COLORS.grey, strokeDash: [4, 3] }, encoding: { y: { datum: m } } });
  }
  return {
    title,
    width: 330,
    height: 200,
    layer: [
      ...rules,
      {
        data: { values },
        layer: [
          { mark: { type: "rule", strokeWidth: 2 }, encoding: { x, xOffset: { field: "series", sort: domain }, y: { field: "lo", type: "quantitative", title: yTitle, scale: yScale }, y2: { field: "hi" }, color } },
          { mark: { type: "point", filled: true, size: 45 }, encoding: { x, xOffset: { field: "series", sort: domain }, y: { field: "y", type: "quantitative", title: yTitle, scale: yScale }, color } },
        ],
      },
    ],
  };
}

function histPanel(out: FigureOutput<D1Data>, cfg: D1Config, layerIndex: number): Record<string, unknown> {
  const b = cfg.kurtHist;
  const w = (b.hi - b.lo) / b.bins;
  const values: Array<{ x: number; series: string; density: number }> = [];
  for (const n of cfg.noises) {
    const rs = out.data.runs.filter((r) => r.noise === n.type);
    const total = rs.reduce((s, r) => s + r.layers[layerIndex]!.perWeightUsed, 0);
    for (let k = 0; k < b.bins; k++) {
      const c = rs.reduce((s, r) => s + r.layers[layerIndex]!.perWeightCounts[k]!, 0);
      if (c > 0) values.push({ x: sig(b.lo + (k + 0.5) * w), series: `${n.type} GNIs`, density: sig(c / (total * w)) });
    }
  }
  for (const p of out.data.nullDensity) if (p.density > 0) values.push({ x: p.x, series: `Gaussian draws (${cfg.draws} per weight)`, density: p.density });
  const domain = [...cfg.noises.map((n) => `${n.type} GNIs`), `Gaussian draws (${cfg.draws} per weight)`];
  const l0 = out.data.runs[0]!.layers[layerIndex]!;
  const above = cfg.noises.map((n) => {
    const rs = out.data.runs.filter((r) => r.noise === n.type);
    const a = rs.reduce((s, r) => s + r.layers[layerIndex]!.perWeightAbove, 0);
    const u = rs.reduce((s, r) => s + r.layers[layerIndex]!.perWeightUsed, 0);
    return `${n.type.slice(0, 4)}. ${((100 * a) / u).toFixed(1)}%`;
  });
  return {
    title: { text: `${l0.layer} (${l0.weights} weights): per-weight kurtosis`, subtitle: `beyond ${b.hi}: ${above.join(", ")}` },
    width: 200,
    height: 160,
    data: { values },
    mark: { type: "line", interpolate: "step", clip: true, strokeWidth: 1.6 },
    encoding: {
      x: { field: "x", type: "quantitative", title: "excess kurtosis of one weight over draws", scale: { domain: [b.lo, b.hi], nice: false } },
      y: { field: "density", type: "quantitative", title: "density", scale: { type: "log" }, axis: { format: "~g" } },
      color: { field: "series", type: "nominal", title: null, scale: { domain, range: [COLORS.blue, COLORS.red, COLORS.black] }, legend: { orient: "bottom", columns: 1, labelLimit: 400 } },
    },
  };
}

export const d1: ImplementedFigure<D1Config, D1Data> = {
  id: "D.1",
  title: "Beyond the paper: is the heavy tail of ∇E_L a scale mixture? (per-weight standardisation, linear part, per-weight kurtosis)",
  origin: "beyond",
  caption:
    "Figure D.1 (this project). The across-weight heavy tail of Figs 2 and A.3 mixes weights whose noise has very different scales. " +
    "Dividing each weight's ∇E_L by its own across-draw s.d. removes that mixing: if the tail is only a scale mixture of per-weight Gaussians, it vanishes. " +
    "The part of the gradient linear in the noise is exactly Gaussian per weight, so its across-weight kurtosis shows how heavy a pure scale mixture looks.",
  claim: "Under additive GNIs the across-weight heavy tail of ∇E_L vanishes after per-weight standardisation (a scale mixture of Gaussians); under multiplicative GNIs it does not.",
  protocols: ["authors", "paper"],
  implemented: true,
  version: 2,
  paperScale: "Not in the paper. The networks and noise of Figs 2 and A.3 (as this project builds them), at initialisation.",
  config(options: RunOptions): D1Config {
    const tiny = options.preset === "tiny";
    const quick = options.preset === "quick";
    if ((options.protocol ?? "paper") === "authors") {
      const a: AuthorsNetwork = authorsNetworkAt(tiny);
      const sites = [...AUTHORS_SITES];
      return {
        network: { inputSize: a.inputSize, outputSize: a.outputSize, hidden: a.hidden, activation: "relu", initSeed: "1000*s+1" },
        points: tiny ? 20 : quick ? 50 : 200,
        loss: "mse",
        noises: [{ type: "additive", sigma: AUTHORS_SIGMA, sites }, { type: "multiplicative", sigma: AUTHORS_SIGMA, sites }],
        draws: tiny ? 16 : quick ? 128 : 512,
        groups: tiny ? 4 : 8,
        linearDraws: tiny ? 8 : quick ? 16 : 128,
        mRef: tiny ? 8 : AUTHORS_M_REF,
        chunk: tiny ? 8 : 25,
        // quick: one network per noise type (the draws are the replications of every D.1 test); the 100 → 4×512 → 100
        // network costs about 75 s per (network, noise) on 2 cores, so a second one would break the quick budget
        seeds: seedList(options.seeds ?? (tiny ? 1 : quick ? 1 : 5)),
        margin: 1,
        kurtHist: { lo: -2, hi: 20, bins: 88 },
        nullColumns: tiny ? 2000 : 20_000,
        authors: { network: a, layers: "all but the output layer" },
      };
    }
    return {
      network: { inputSize: 1, outputSize: 1, hidden: tiny ? [32, 32, 32, 32] : [256, 256, 256, 256], activation: "relu", initSeed: "1000*s+1" },
      points: tiny ? 50 : 200,
      loss: "mse",
      noises: [{ type: "additive", sigma: GNI_SIGMA }, { type: "multiplicative", sigma: GNI_SIGMA }],
      draws: tiny ? 16 : quick ? 128 : 512,
      groups: tiny ? 4 : 8,
      linearDraws: tiny ? 8 : quick ? 16 : 128,
      mRef: tiny ? 8 : quick ? 64 : 256,
      chunk: 16,
      seeds: seedList(options.seeds ?? (tiny ? 1 : quick ? 2 : 5)),
      margin: 1,
      kurtHist: { lo: -2, hi: 20, bins: 88 },
      nullColumns: tiny ? 2000 : 20_000,
    };
  },
  describe(cfg: D1Config, preset: Preset): string {
    if (cfg.authors) {
      const a = cfg.authors.network;
      const settings: SourcedSetting[] = [
        ...authorsNetworkSettings(a, cfg.points, preset),
        { setting: "noise", value: `additive x + N(0, 1)·σ (Fig. 2) and multiplicative x·(1 + N(0, 1)·σ) (Fig. A.3: no multiplicative run cell, nearest published choice), σ = ${AUTHORS_SIGMA} (s.d.)`, source: `${nbCell(6)} make_noisy_pred; ${nbCell(20)}` },
        { setting: "noise sites", value: cfg.noises[0]!.sites!.join(", "), source: `${nbCell(6)} make_noisy_pred` },
        { setting: "E_L", value: `∇L̃_1 − ∇L̃_${cfg.mRef} (one reference per network, M_ref = NUM_EXP)`, source: `${nbCell(7)}; ${nbCell(12)} NUM_EXP = 100` },
        { setting: "layers", value: "the 4 hidden-layer weight matrices (output layer left out), as Fig. 2 under this protocol", source: `${nbCell(7)} grad_noise[:-1]` },
        { setting: "the rest", value: "per-weight standardisation, linear part, per-weight kurtosis, margin and jackknife: this project's (no notebook)", source: "issue 9 item 5" },
      ];
      return `Under --protocol authors: the Fig. 2 / A.3 networks of that protocol (${AUTHORS_NOTEBOOK}): MLP ${a.inputSize} → ${a.hidden.join("×")} → ${a.outputSize} (PyTorch default init, seed 1000·s + 1), ${cfg.points} points of the 100-d sinusoid data (phases and input jitter per seed), at initialisation; ${cfg.noises.map((n) => `${n.type} GNIs with σ = ${n.sigma}`).join(" and ")} on ${cfg.noises[0]!.sites!.join(", ")}. Networks (seeds) ${cfg.seeds.join(", ")}. ` +
        `For each network and noise type: ${cfg.draws} independent draws of ∇E_L = ∇L̃ (M = 1) − ∇L̃_{M_ref} (M_ref = ${cfg.mRef}, noise seed 1000·s + 6; draws from seed 1000·s + 5), weights of the 4 hidden layers. ` +
        `Per layer, (1) the across-weight excess kurtosis and skewness of each draw; (2) the same after per-weight standardisation over all ${cfg.draws} draws, minus the Gaussian null −6/(${cfg.draws} + 1), jackknife s.e. over ${cfg.groups} groups; (3) the exact part of ∇_W L̃ linear in the noise (${cfg.linearDraws} draws, the output site's noise included); (4) the histogram of per-weight kurtosis against ${cfg.nullColumns} simulated Gaussian weights. Panels as under --protocol paper. ` +
        renderSettings("authors", settings) + " " +
        (preset === "tiny" ? `tiny preset: ${a.inputSize} → 4×${a.hidden[0]} → ${a.outputSize}, ${cfg.points} points, 16 draws (test size; outcome meaningless).` : preset === "quick" ? `quick preset: the full network but ${cfg.points} points instead of 200; ${cfg.draws} draws, ${cfg.linearDraws} linear-part draws, ${cfg.seeds.length} network${cfg.seeds.length === 1 ? " per noise type (the draws are the replications of every test; one (network, noise) pair costs about 75 s on 2 cores)" : "s"}.` : `paper preset: 200 points, ${cfg.draws} draws, ${cfg.linearDraws} linear-part draws, ${cfg.seeds.length} networks.`);
    }
    return `The networks of Figs 2 and A.3 as built here: MLP ${cfg.network.inputSize} → ${cfg.network.hidden.join("×")} → ${cfg.network.outputSize} (ReLU, @heavytails/gni createMlp: Glorot-uniform weights, zero biases, seed 1000·s + 1), ` +
      `MSE on ${cfg.points} sinusoid grid points (phases from seed 0), at initialisation; ${cfg.noises.map((n) => `${n.type} GNIs with σ = ${n.sigma.toFixed(4)}`).join(" and ")} at the input and every hidden site. Networks (seeds) ${cfg.seeds.join(", ")}. ` +
      `For each network and noise type: ${cfg.draws} independent draws of ∇E_L = ∇L̃ (M = 1) − ∇L̃_{M_ref} (M_ref = ${cfg.mRef}, one reference per network, noise seed 1000·s + 6; draws from seed 1000·s + 5), weights only. ` +
      `Per layer: (1) across-weight excess kurtosis and skewness of each draw (mean over draws, s.e. = s.d./√${cfg.draws}); ` +
      `(2) the same after each weight is standardised by its own across-draw mean and s.d. over all ${cfg.draws} draws (= the mean over weights of the per-weight kurtosis; weights whose gradient never moves are left out and counted), the kurtosis reported minus its Gaussian null −6/(${cfg.draws} + 1), with a delete-a-group jackknife s.e. over ${cfg.groups} groups of ${cfg.draws / cfg.groups} independent draws; ` +
      `(3) the part of ∇_W L̃ linear in the noise: the exact directional derivative of the weight gradient along u = σz at the noise-free point (ReLU masks of the noise-free pass; float64 on the CPU; ${cfg.linearDraws} draws, seed 1000·s + 8), across weights, and standardised per weight as a control (it is exactly Gaussian per weight, so it must sit at the null); ` +
      `a finite difference in σ was rejected because the ReLU gradient jumps at every kink crossed and 200 × 1025 (example, unit) pairs cross some at every step size float32 resolves; ` +
      `(4) the histogram of per-weight excess kurtosis over the ${cfg.draws} draws, pooled over networks, against ${cfg.nullColumns} simulated weights with ${cfg.draws} Gaussian draws each (bins ${cfg.kurtHist.lo}…${cfg.kurtHist.hi}; values outside counted in data.json). ` +
      `Top rows: points = mean over networks, bars = the union of the networks' 95% intervals (t × s.e.); kurtosis on a symlog axis, dashed lines at ±${cfg.margin}. ` +
      renderSettings("paper", [
        { setting: "networks and noise", value: `those of Figs 2 and A.3 under --protocol paper (1 → ${cfg.network.hidden.join("×")} → 1, σ = √0.1 at the input and hidden sites)`, source: "paper §3, Fig. 2 caption; σ² = 0.1 from Fig. 7" },
        { setting: "the rest", value: "per-weight standardisation, linear part, per-weight kurtosis, margin and jackknife: this project's", source: "issue 9 item 5 (not in the paper)" },
      ]) + " " +
      (preset === "tiny" ? "tiny preset: 32-unit layers, 50 points, 16 draws (test size; outcome meaningless)." : preset === "quick" ? `quick preset: ${cfg.draws} draws, ${cfg.linearDraws} linear-part draws, ${cfg.seeds.length} networks.` : `paper preset: ${cfg.draws} draws, ${cfg.linearDraws} linear-part draws, ${cfg.seeds.length} networks.`);
  },
  async run(cfg: D1Config, ctx: FigureContext): Promise<FigureOutput<D1Data>> {
    const tfjs = await tfjsBackend();
    const pending: Array<Promise<NoiseSeedRun>> = [];
    for (const noise of cfg.noises) {
      for (const seed of cfg.seeds) {
        const key = { kind: "scale-mixture", network: cfg.network, points: cfg.points, loss: cfg.loss, noise, draws: cfg.draws, groups: cfg.groups, linearDraws: cfg.linearDraws, mRef: cfg.mRef, chunk: cfg.chunk, kurtHist: cfg.kurtHist, seed, backend: tfjs.backend, version: 1, ...(cfg.authors ? { protocol: "authors" as const, authors: cfg.authors } : {}) };
        pending.push(ctx.subRun("scale-mixture", key, `${noise.type} seed ${seed}`));
      }
    }
    const runs = await Promise.all(pending);
    const nullRng = createRng(424242);
    const nullK = gaussianPerWeightKurtosis(cfg.draws, cfg.nullColumns, () => nullRng.normal());
    const counts = binCounts(nullK, cfg.kurtHist);
    const w = (cfg.kurtHist.hi - cfg.kurtHist.lo) / cfg.kurtHist.bins;
    const nullDensity = counts.map((c, k) => ({ x: sig(cfg.kurtHist.lo + (k + 0.5) * w), density: sig(c / (cfg.nullColumns * w)) }));

    const verdicts: D1Data["verdicts"] = [];
    const measured: Record<string, unknown> = {};
    const outcomes: Record<string, boolean> = {};
    for (const noise of cfg.noises) {
      const expected = noise.type === "additive" ? "vanishes" : "persists";
      const vs: LayerVerdict[] = [];
      for (const r of runs.filter((x) => x.noise === noise.type)) {
        for (const l of r.layers) {
          const verdict = layerVerdict({ rawKurtosisPerDraw: l.rawKurtosis, standardised: l.standardisedKurtosis }, cfg.margin);
          vs.push(verdict);
          verdicts.push({ noise: noise.type, seed: r.seed, layer: l.layer, verdict });
          const raw = replicationMean(l.rawKurtosis);
          const lin = replicationMean(l.linKurtosis);
          const rs = replicationMean(l.rawSkewness);
          measured[`${noise.type} seed ${r.seed} ${l.layer}`] = {
            verdict,
            rawExcessKurtosis: { mean: sig(raw.estimate, 4), se: sig(raw.se, 3), draws: raw.groups },
            standardisedExcessKurtosisMinusNull: { estimate: l.standardisedKurtosis.estimate, jackknifeSE: l.standardisedKurtosis.se, t: l.standardisedKurtosis.t, weightsUsed: l.standardisedKurtosis.used, weightsExcluded: l.standardisedKurtosis.excluded },
            linearPartExcessKurtosis: { mean: sig(lin.estimate, 4), se: sig(lin.se, 3), draws: lin.groups },
            linearPartStandardisedMinusNull: { estimate: l.linStandardisedKurtosis.estimate, jackknifeSE: l.linStandardisedKurtosis.se },
            rawSkewness: { mean: sig(rs.estimate, 4), se: sig(rs.se, 3) },
            standardisedSkewness: { estimate: l.standardisedSkewness.estimate, jackknifeSE: l.standardisedSkewness.se },
            perWeightKurtosis: { median: l.perWeightMedian, p99: l.perWeightP99, aboveHistogram: l.perWeightAbove },
          };
        }
      }
      outcomes[noise.type] = scaleMixtureClaim(vs, expected);
    }
    const ok = Object.values(outcomes).every(Boolean);
    const count = (noise: NoiseType, v: LayerVerdict) => verdicts.filter((x) => x.noise === noise && x.verdict === v).length;
    const claim: ClaimCheck = {
      claim: d1.claim,
      measured: { outcomes, ...measured },
      outcome: ok ? "pass" : "fail",
      details:
        `Replication tests, per (noise type, network, layer). Heavy-tailed to begin with: the mean over the ${cfg.draws} independent draws of the across-weight excess kurtosis of ∇E_L > 0 by more than t_{0.975, ${cfg.draws - 1}} × (s.d. over draws / √${cfg.draws}); a layer that is not is reported ('not heavy-tailed') and left out of the claim. ` +
        `Vanishes: the whole 95% interval (estimate ± t_{0.975, ${cfg.groups - 1}} × delete-a-group jackknife s.e. over ${cfg.groups} groups of independent draws) of the per-weight-standardised excess kurtosis minus its Gaussian null lies inside ±${cfg.margin}; persists: it lies above ${cfg.margin}; otherwise undecided. ` +
        `The margin ${cfg.margin} is Fig. A.1's threshold for Gaussian-like, fixed before any run. Pass requires, for additive GNIs, every heavy-tailed layer of every network to vanish, and for multiplicative GNIs every heavy-tailed layer to persist, with at least one heavy-tailed layer each. ` +
        `Outcome: additive ${outcomes["additive"] ? "holds" : "does not hold"} (${["vanishes", "persists", "undecided", "not heavy-tailed"].map((v) => `${v} ${count("additive", v as LayerVerdict)}`).join(", ")}); ` +
        `multiplicative ${outcomes["multiplicative"] ? "holds" : "does not hold"} (${["vanishes", "persists", "undecided", "not heavy-tailed"].map((v) => `${v} ${count("multiplicative", v as LayerVerdict)}`).join(", ")}). ` +
        `Reported, not part of the outcome: the skewness before and after standardisation, the linear part (across weights, and standardised per weight as a control that must sit at 0), the per-weight kurtosis quantiles.`,
    };
    return { data: { tfjs, runs, nullDensity, verdicts }, claim };
  },
  spec(out: FigureOutput<D1Data>, cfg: D1Config): Record<string, unknown> {
    const types = cfg.noises.map((n) => n.type);
    return {
      // each row has its own colour legend (the statistics' series vs the histograms' noise types)
      resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
      vconcat: [
        { hconcat: types.map((t) => statPanel(`${t} GNIs: excess kurtosis per layer`, "excess kurtosis (symlog)", summaryRows(out.data.runs, t, "kurtosis"), true, cfg.margin)) },
        { hconcat: types.map((t) => statPanel(`${t} GNIs: skewness per layer`, "skewness", summaryRows(out.data.runs, t, "skewness"), false)) },
        { hconcat: out.data.runs[0]!.layers.map((_, i) => histPanel(out, cfg, i)) },
      ],
    };
  },
};

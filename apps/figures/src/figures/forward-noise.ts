/**
 * Figs A.1 and A.2: the accumulated forward noise 𝓔ᵢ = h̃ᵢ − hᵢ (eq. 2.9) at each noise site of the
 * Figure-2 network, for additive (A.1) and multiplicative (A.2) GNIs. For each example and unit the
 * M noise draws are standardised by their own mean and standard deviation (the noise one neuron sees
 * for one input), pooled, and compared with N(0, 1) on a log axis.
 */
import { accumulatedNoise, createMlp, sinusoids, type NoiseSite, type NoiseType } from "@heavytails/gni";
import { kurtosis, normalPdf, skewness } from "@heavytails/stable";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { binCounts, type Bins, midGrid, pooledBars } from "../histogram.js";
import { COLORS, densityPanel, type CurvePoint, type HistBar } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { pairedChange, sig, spread, type Spread } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { renderSettings, type SourcedSetting } from "../protocol.js";
import {
  authorsNetworkAt, AUTHORS_NOTEBOOK, AUTHORS_REPEATS, AUTHORS_SIGMA, AUTHORS_SITES, type AuthorsNetwork, authorsNetworkSettings, buildSetting, GNI_SIGMA, nbCell, standardise as standardiseAll,
} from "./gradient-noise.js";

export interface ForwardNoiseConfig {
  noise: { type: NoiseType; sigma: number; sites?: NoiseSite[] };
  hidden: number[];
  activation: "relu";
  points: number;
  /** Noise draws per example. */
  M: number;
  seeds: number[];
  hist: Bins;
  logFloor: number;
  /** |excess kurtosis| below this counts as Gaussian-like, above it (positive) as heavier-tailed. */
  kurtosisThreshold: number;
  /**
   * Only under --protocol authors: the authors' network and data (SkewKurtosisGradients.ipynb), one noise draw per
   * example (M = 1), and their statistic: the kurtosis of the raw 𝓔ᵢ pooled over examples and units (cell 7's
   * forward-tails loop, estimate_all_params), at the input and the 4 hidden sites (accumulated_noise[1:-1]: not the
   * output). Absent under --protocol paper (today's configuration, unchanged).
   */
  authors?: { network: AuthorsNetwork; statistic: "raw kurtosis pooled over examples and units" };
}

interface SiteStats {
  site: number;
  /** Standardised values pooled (columns with zero variance — e.g. multiplicative noise on a zero activation — left out). */
  n: number;
  zeroColumns: number;
  skewness: number;
  kurtosis: number;
  /** Excess kurtosis of the raw pooled 𝓔ᵢ (all examples and units mixed), for reference. */
  rawKurtosis: number;
  counts: number[];
}

interface SeedRun {
  seed: number;
  backend: string;
  sites: SiteStats[];
}

export interface ForwardNoiseData {
  tfjs: TfjsBackend;
  sites: Array<{ site: number; skewness: Spread; kurtosis: Spread; rawKurtosis: Spread; bars: HistBar[] }>;
  normal: CurvePoint[];
  runs: Array<Omit<SeedRun, "sites"> & { sites: Array<Omit<SiteStats, "counts">> }>;
}

const SERIES = { hist: "standardised 𝓔ᵢ (histogram)", normal: "N(0, 1)" };

/** Standardise each (example, unit) column over the M draws (values are draw-major). */
function standardise(values: Float64Array, M: number): { z: Float64Array; zeroColumns: number } {
  const cols = values.length / M;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let d = 0; d < M; d++) for (let c = 0; c < cols; c++) mean[c]! += values[d * cols + c]! / M;
  for (let d = 0; d < M; d++) for (let c = 0; c < cols; c++) sq[c]! += (values[d * cols + c]! - mean[c]!) ** 2;
  const keep: number[] = [];
  let zeroColumns = 0;
  for (let c = 0; c < cols; c++) {
    const sd = Math.sqrt(sq[c]! / M);
    if (sd > 1e-7 * (Math.abs(mean[c]!) + 1e-12) && sd > 0) keep.push(c);
    else zeroColumns++;
  }
  const z = new Float64Array(keep.length * M);
  let k = 0;
  for (let d = 0; d < M; d++) {
    for (const c of keep) z[k++] = (values[d * cols + c]! - mean[c]!) / Math.sqrt(sq[c]! / M);
  }
  return { z, zeroColumns };
}

/** What one `forward-noise` sub-run needs (its checkpoint key). */
export type ForwardNoiseTask = Pick<ForwardNoiseConfig, "noise" | "hidden" | "activation" | "points" | "M" | "hist" | "authors"> & { seed: number };

/** The `forward-noise` sub-run (tasks.ts): one network's per-site statistics. */
export function forwardNoiseTask(t: ForwardNoiseTask): SeedRun {
  return computeSeed(t, t.seed);
}

function computeSeedAuthors(cfg: Omit<ForwardNoiseTask, "seed">, seed: number): SeedRun {
  const { net, data } = buildSetting(cfg, seed);
  try {
    const r = accumulatedNoise(net, data, { noise: cfg.noise, M: cfg.M, seed: 1000 * seed + 3 });
    // the input and the hidden sites (cell 7: [input] + accumulated_noise[1:-1], the output left out)
    const sites = r.sites.slice(0, cfg.hidden.length + 1).map((s): SiteStats => {
      // estimate_all_params: standardised by the pooled mean and numpy s.d., then scipy skew / kurtosis (bias=True)
      const z = standardiseAll(s.values, 0);
      return { site: s.site, n: z.length, zeroColumns: 0, skewness: skewness(z), kurtosis: kurtosis(z), rawKurtosis: s.kurtosis, counts: binCounts(z, cfg.hist) };
    });
    return { seed, backend: r.backend, sites };
  } finally {
    net.dispose();
  }
}

function computeSeed(cfg: Omit<ForwardNoiseTask, "seed">, seed: number): SeedRun {
  if (cfg.authors) return computeSeedAuthors(cfg, seed);
  const data = sinusoids({ n: cfg.points, seed: 0 });
  const net = createMlp({ inputSize: 1, outputSize: 1, hidden: cfg.hidden, activation: cfg.activation, seed: 1000 * seed + 1 });
  try {
    const r = accumulatedNoise(net, data, { noise: cfg.noise, M: cfg.M, seed: 1000 * seed + 3 });
    const sites = r.sites.map((s): SiteStats => {
      const { z, zeroColumns } = standardise(s.values, cfg.M);
      return { site: s.site, n: z.length, zeroColumns, skewness: skewness(z), kurtosis: kurtosis(z), rawKurtosis: s.kurtosis, counts: binCounts(z, cfg.hist) };
    });
    return { seed, backend: r.backend, sites };
  } finally {
    net.dispose();
  }
}

export interface ForwardNoiseFigureSpec {
  id: string;
  noise: NoiseType;
  title: string;
  caption: string;
  claim: string;
  paperScale: string;
  /**
   * The claim check: given the excess kurtosis per site (site 0 = input) and per seed (the independent
   * replications: each seed is its own network and noise), pass or fail and why.
   */
  decide(kurtBySite: number[][], threshold: number): { ok: boolean; why: string };
}

/** Replication statistics of one site: mean, replication s.e. (s.d. over seeds / √S) and t_{0.975, S−1}. */
function repStats(reps: readonly number[]): { mean: number; se: number; t: number } {
  const r = pairedChange(reps, 1);
  return { mean: r.mean, se: r.se, t: r.t };
}

/** |mean| < threshold beyond replication noise: the whole 95% t-interval of the mean lies inside (−threshold, threshold). */
export function withinBand(reps: readonly number[], threshold: number): boolean {
  return pairedChange(reps.map((v) => threshold - v), 1).beyondNoise && pairedChange(reps.map((v) => v + threshold), 1).beyondNoise;
}

/** mean > threshold beyond replication noise: the whole 95% t-interval of the mean lies above the threshold. */
export function aboveBeyondNoise(reps: readonly number[], threshold: number): boolean {
  return pairedChange(reps.map((v) => v - threshold), 1).beyondNoise;
}

/** "mean ± replication s.e." for the claim's details. */
export function fmtRep(reps: readonly number[]): string {
  const r = repStats(reps);
  return `${r.mean.toFixed(2)} ± ${r.se.toFixed(2)}`;
}

export function forwardNoiseFigure(s: ForwardNoiseFigureSpec): ImplementedFigure<ForwardNoiseConfig, ForwardNoiseData> {
  return {
    id: s.id,
    title: s.title,
    origin: "paper",
    caption: s.caption,
    claim: s.claim,
    protocols: ["authors", "paper"],
    implemented: true,
    version: 3,
    paperScale: s.paperScale,
    config(options: RunOptions): ForwardNoiseConfig {
      const tiny = options.preset === "tiny";
      if ((options.protocol ?? "paper") === "authors") {
        const network: AuthorsNetwork = authorsNetworkAt(tiny);
        return {
          noise: { type: s.noise, sigma: AUTHORS_SIGMA, sites: [...AUTHORS_SITES] },
          hidden: network.hidden,
          activation: "relu",
          points: tiny ? 20 : 200,
          M: 1,
          seeds: seedList(options.seeds ?? (tiny ? 2 : AUTHORS_REPEATS)),
          hist: { lo: -8, hi: 8, bins: 80 },
          logFloor: 1e-6,
          kurtosisThreshold: 1,
          authors: { network, statistic: "raw kurtosis pooled over examples and units" },
        };
      }
      return {
        noise: { type: s.noise, sigma: GNI_SIGMA },
        hidden: tiny ? [32, 32, 32, 32] : [256, 256, 256, 256],
        activation: "relu",
        points: tiny ? 50 : 200,
        M: tiny ? 16 : options.preset === "quick" ? 32 : 128,
        seeds: seedList(options.seeds ?? (tiny ? 2 : options.preset === "quick" ? 5 : 8)),
        hist: { lo: -8, hi: 8, bins: 80 },
        logFloor: 1e-6,
        kurtosisThreshold: 1,
      };
    },
    describe(cfg: ForwardNoiseConfig, preset: Preset): string {
      if (cfg.authors) {
        const a = cfg.authors.network;
        const settings: SourcedSetting[] = [
          ...authorsNetworkSettings(a, cfg.points, preset).filter((x) => x.setting !== "measured at"),
          s.noise === "additive"
            ? { setting: "noise", value: `additive x + N(0, 1)·σ, σ = ${cfg.noise.sigma} (s.d.)`, source: `${nbCell(20)}: noise_type = 'add', go(opt, 5, 0.1, …); ${nbCell(6)} make_noisy_pred` }
            : { setting: "noise", value: `multiplicative x·(1 + N(0, 1)·σ), σ = ${cfg.noise.sigma}: no multiplicative run cell exists in the notebook; nearest published choice = the same network with make_noisy_pred's 'mult' branch and cell 20's σ`, source: `${nbCell(6)} make_noisy_pred (noise_type == 'mult'); ${nbCell(20)}` },
          { setting: "noise sites", value: `${cfg.noise.sites!.join(", ")}; 𝓔ᵢ shown at the input and the ${cfg.hidden.length} hidden sites (not the output)`, source: `${nbCell(6)} make_noisy_pred; ${nbCell(7)}: [input] + accumulated_noise[1:-1]` },
          { setting: "𝓔ᵢ", value: "noised minus clean activation, one noise draw per example and unit (M = 1), at initialisation", source: `${nbCell(7)}: accumulated_noise = [(noisy_a − a) for a, noisy_a in zip(acts, noisy_acts)], noisy_acts from one make_noisy_pred call` },
          { setting: "statistic", value: "excess kurtosis (and skewness) of the raw 𝓔ᵢ pooled over all examples and units, standardised by the pooled mean and s.d. (a scale mixture: units and examples of different scales mixed)", source: `${nbCell(6)} estimate_all_params; ${nbCell(7)} forward-tails loop` },
          { setting: "input panel", value: "the real 𝓔₀ (the noise injected on the input); the notebook plots fresh np.random.randn draws there instead, and prints 0.01·randn() as every panel's skewness: neither reproduced", source: `${nbCell(7)}: enumerate([np.random.randn(*accumulated_noise[0].shape)] + …), plot_tails_formatted(X, params, 0.01*np.random.randn(), k, …)` },
          { setting: "repeats", value: `${cfg.seeds.length} networks (seeds ${cfg.seeds.join(", ")}) with their own phases, input jitter, init and noise (seed 1000·s + 3): the replications of the claim`, source: `${nbCell(20)}: go(opt, 5, …)` },
        ];
        return `Under --protocol authors: the network, data and noise of the authors' notebook (${AUTHORS_NOTEBOOK}) at initialisation, MLP ${a.inputSize} → ${a.hidden.join("×")} → ${a.outputSize}, ${s.noise} GNIs with σ = ${cfg.noise.sigma}. ` +
          `Each panel: histogram of one site's 𝓔ᵢ, pooled over examples, units and networks, each network's values standardised by their pooled mean and s.d., against N(0, 1); log y (densities below ${cfg.logFloor} not drawn); titles give the pooled excess kurtosis (mean over networks), the statistic the claim is decided on. ` +
          renderSettings("authors", settings) + " " +
          (preset === "tiny" ? `tiny preset: ${a.inputSize} → 4×${a.hidden[0]} → ${a.outputSize}, ${cfg.points} points (test size; outcome meaningless).` : `${preset} preset: the notebook's network and 200 points, ${cfg.seeds.length} repeats (one forward pass each: cheap).`);
      }
      return `The Figure-2 network (1 → ${cfg.hidden.join("×")} → 1, ReLU, init seed 1000·s + 1) at initialisation, ${s.noise} GNIs with σ = √0.1 at the input (site 0) and every hidden layer (sites 1–${cfg.hidden.length}), ` +
        `${cfg.points} sinusoid grid points, M = ${cfg.M} noise draws per example (noise seed 1000·s + 3); seeds ${cfg.seeds.join(", ")}. ` +
        `𝓔ᵢ = h̃ᵢ − hᵢ (eq. 2.9); for each (example, unit) the M draws are standardised by their own mean and s.d. (columns with zero variance, e.g. multiplicative noise on a zero activation, left out) and pooled over examples, units and seeds; a value standardised by the s.d. of its own M draws cannot exceed √(M − 1) ≈ ${Math.sqrt(cfg.M - 1).toFixed(1)} in absolute value, so the histogram ends there and heavy tails pile up at that edge (the excess kurtosis is bounded likewise). ` +
        `Each panel: histogram of the standardised noise at one site against N(0, 1), log y (densities below ${cfg.logFloor} not drawn); titles give the excess kurtosis (mean over seeds). ` +
        `Differences from the paper: the appendix figure's settings are not in the supplied text; σ² = 0.1 (Fig. 7's additive variance) assumed; ` +
        renderSettings("paper", [
          { setting: "network", value: `1 → ${cfg.hidden.join("×")} → 1 ReLU, Glorot-uniform init, zero biases`, source: "paper §3 (the Figure-2 network, Fig. 2 caption); init not stated: @heavytails/gni default" },
          { setting: "noise", value: `${s.noise}, σ = √0.1 (s.d.) at the input and every hidden layer`, source: "paper eq. 2.8; σ not stated for A.1/A.2: σ² = 0.1 from Fig. 7" },
          { setting: "𝓔ᵢ", value: "h̃ᵢ − hᵢ at every site", source: "paper eq. 2.9" },
          { setting: "statistic", value: `excess kurtosis of 𝓔ᵢ standardised per (example, unit) over M = ${cfg.M} draws`, source: "this project (the appendix gives no statistic; per-neuron noise is what Lemma 3.1 bounds)" },
        ]) + " " +
        (preset === "tiny" ? "tiny preset: 32-unit layers, 50 points, M = 16 (test size; outcome meaningless)." : preset === "quick" ? `quick preset: M = 32 draws, ${cfg.seeds.length} seeds.` : `paper preset: M = 128 draws, ${cfg.seeds.length} seeds.`);
    },
    async run(cfg: ForwardNoiseConfig, ctx: FigureContext): Promise<FigureOutput<ForwardNoiseData>> {
      const tfjs = await tfjsBackend();
      const runs = await Promise.all(cfg.seeds.map((seed) => {
        const key = { kind: "accumulated-noise", noise: cfg.noise, hidden: cfg.hidden, activation: cfg.activation, points: cfg.points, M: cfg.M, hist: cfg.hist, seed, backend: tfjs.backend, version: 1, ...(cfg.authors ? { protocol: "authors" as const, authors: cfg.authors } : {}) };
        return ctx.subRun("forward-noise", key, `${s.noise} seed ${seed}`);
      }));
      const sites = runs[0]!.sites.map((s0, j) => {
        const ss = runs.map((r) => r.sites[j]!);
        return {
          site: s0.site,
          skewness: spread(ss.map((x) => x.skewness)),
          kurtosis: spread(ss.map((x) => x.kurtosis)),
          rawKurtosis: spread(ss.map((x) => x.rawKurtosis)),
          bars: pooledBars(ss.map((x) => x.counts), ss.map((x) => x.n), cfg.hist, cfg.logFloor),
        };
      });
      const xs = midGrid(cfg.hist.lo, cfg.hist.hi, 200);
      const np = normalPdf(xs, { loc: 0, scale: 1 });
      const normal: CurvePoint[] = [];
      for (let i = 0; i < xs.length; i++) if (np[i]! >= cfg.logFloor) normal.push({ x: sig(xs[i]!), series: SERIES.normal, y: sig(np[i]!), lo: sig(np[i]!), hi: sig(np[i]!) });
      const kurt = sites.map((x) => x.kurtosis.mean);
      const increasing = kurt.slice(1).every((k, i) => i === 0 || k > kurt[i]!);
      const kurtBySite = runs[0]!.sites.map((_, j) => runs.map((r) => r.sites[j]!.kurtosis));
      const { ok, why } = s.decide(kurtBySite, cfg.kurtosisThreshold);
      const claim: ClaimCheck = {
        claim: s.claim,
        measured: Object.fromEntries(sites.map((x) => [`site ${x.site}${x.site === 0 ? " (input)" : ""}`, {
          excessKurtosisMean: sig(x.kurtosis.mean, 4), excessKurtosisReplicationSE: sig(x.kurtosis.std / Math.sqrt(x.kurtosis.n), 3), excessKurtosisRange: [sig(x.kurtosis.min, 4), sig(x.kurtosis.max, 4)],
          skewnessMean: sig(x.skewness.mean, 4), rawPooledExcessKurtosisMean: sig(x.rawKurtosis.mean, 4),
        }])),
        outcome: ok ? "pass" : "fail",
        details: `Replication test: each of the ${cfg.seeds.length} seeds (its own network and noise) is one replication of a site's excess kurtosis (${cfg.authors ? "under --protocol authors: of the raw 𝓔ᵢ pooled over examples and units, one draw each, as the notebook's estimate_all_params computes it" : "of the per-(example, unit) standardised noise"}); a mean counts as inside or beyond the threshold ${cfg.kurtosisThreshold} only when its whole 95% Student-t interval (t_{0.975, ${cfg.seeds.length - 1}} × s.d. over seeds / √${cfg.seeds.length}) does. ${why} ` +
          `Reported, not part of the outcome: kurtosis increasing with depth over sites 1–${cfg.hidden.length}: ${increasing}; ${cfg.authors ? "the pooled kurtosis mixes units and examples of different noise scales (a scale mixture), so it can be heavy even where each neuron's noise is Gaussian." : "the raw pooled kurtosis (examples and units mixed, so a scale mixture) per site."}`,
      };
      return {
        data: { tfjs, sites, normal, runs: runs.map((r) => ({ ...r, sites: r.sites.map(({ counts: _c, ...rest }) => rest) })) },
        claim,
      };
    },
    spec(out: FigureOutput<ForwardNoiseData>, cfg: ForwardNoiseConfig): Record<string, unknown> {
      const colors = { [SERIES.hist]: COLORS.blue, [SERIES.normal]: COLORS.black };
      const pooled = cfg?.authors !== undefined;
      return {
        hconcat: out.data.sites.map((x) =>
          densityPanel({
            title: `site ${x.site}${x.site === 0 ? " (input)" : ""}: ${pooled ? "pooled " : ""}excess kurtosis ${x.kurtosis.mean.toFixed(2)}`,
            xTitle: pooled ? "𝓔ᵢ standardised over examples and units" : "standardised 𝓔ᵢ",
            yTitle: "density",
            bars: x.bars,
            barSeries: SERIES.hist,
            curves: out.data.normal,
            log: true,
            domain: [-8, 8],
            colors,
            width: 190,
            height: 170,
          }),
        ),
      };
    },
  };
}

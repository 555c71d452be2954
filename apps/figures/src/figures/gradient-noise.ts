/**
 * Figs 2 and A.3: the implicit-effect gradient noise ∇E_L (eq. 3.2) at initialisation, per layer, of a
 * 4-layer 256-unit ReLU MLP on the sinusoids: skewness, excess kurtosis, and the p.d.f. of the positive
 * entries against maximum-likelihood half-normal and half-Cauchy fits. One factory, two noise types.
 */
import { createMlp, implicitGradientNoise, sinusoids, type NoiseType } from "@heavytails/gni";
import { halfCauchyFit, halfCauchyPdf, halfNormalFit, halfNormalPdf } from "@heavytails/stable";
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { binCounts, type Bins, midGrid, pooledBars } from "../histogram.js";
import { COLORS, densityPanel, type CurvePoint, type HistBar } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { pairedChange, sig, spread, type Spread } from "../stats.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";

export interface GradNoiseConfig {
  noise: { type: NoiseType; sigma: number };
  hidden: number[];
  activation: "relu";
  /** Sinusoid points (grid on [0, 1)), phases from seed 0 for every run. */
  points: number;
  loss: "mse";
  /** Noise samples of the reference gradient ∇L̃_{M_ref} ≈ ∇E_ε L̃ (the Monte-Carlo expectation of eq. 3.2). */
  mRef: number;
  chunk: number;
  /**
   * Independent draws of ∇E_L per network (seed), each with its own noise and its own M_ref reference: the
   * replications that every skewness / kurtosis / tail claim takes its standard error from.
   */
  draws: number;
  seeds: number[];
  /** Histogram of positive entries in units of the fitted half-normal scale. */
  hist: Bins;
  logFloor: number;
}

interface LayerStats {
  layer: string;
  n: number;
  skewness: number;
  kurtosis: number;
  positives: number;
  halfNormal: { scale: number; logLikelihood: number };
  halfCauchy: { scale: number; logLikelihood: number };
  /** Mean per positive sample of log f_halfCauchy − log f_halfNormal. */
  logLikPerSample: number;
  /** Counts of positive entries / half-normal scale in hist bins. */
  counts: number[];
}

/** One independent draw of ∇E_L on the network of `seed`. */
interface SeedRun {
  seed: number;
  /** 0 … draws − 1; noise seed noiseSeed(seed, draw). */
  draw: number;
  backend: string;
  objective: number;
  layers: LayerStats[];
}

/** Noise seed of draw r on the network of seed s: draw 0 keeps the seed every earlier version (and Fig. A.4) used. */
export function noiseSeed(seed: number, draw: number): number {
  return 1000 * seed + 2 + 1_000_000 * draw;
}

export interface GradNoiseData {
  tfjs: TfjsBackend;
  layers: Array<{
    layer: string;
    n: number;
    skewness: Spread;
    kurtosis: Spread;
    logLikPerSample: Spread;
    cauchyOverNormalScale: Spread;
    bars: HistBar[];
    curves: CurvePoint[];
  }>;
  runs: SeedRun[];
}

const SERIES = { hist: "positive ∇E_L / σ̂_HN (histogram)", hn: "half-normal MLE", hc: "half-Cauchy MLE" };

function computeDraw(cfg: GradNoiseConfig, seed: number, draw: number): SeedRun {
  const data = sinusoids({ n: cfg.points, seed: 0 });
  const net = createMlp({ inputSize: 1, outputSize: 1, hidden: cfg.hidden, activation: cfg.activation, seed: 1000 * seed + 1 });
  try {
    const g = implicitGradientNoise(net, data, { noise: cfg.noise, loss: cfg.loss, mRef: cfg.mRef, chunk: cfg.chunk, seed: noiseSeed(seed, draw) });
    const layers = g.layers.map((l): LayerStats => {
      const pos = l.weight.filter((v) => v > 0);
      const hn = halfNormalFit(pos);
      const hc = halfCauchyFit(pos);
      return {
        layer: l.layer,
        n: l.weight.length,
        skewness: l.skewness,
        kurtosis: l.kurtosis,
        positives: pos.length,
        halfNormal: { scale: hn.scale, logLikelihood: hn.logLikelihood },
        halfCauchy: { scale: hc.scale, logLikelihood: hc.logLikelihood },
        logLikPerSample: (hc.logLikelihood - hn.logLikelihood) / pos.length,
        counts: binCounts(pos, cfg.hist, hn.scale),
      };
    });
    return { seed, draw, backend: g.backend, objective: g.objective, layers };
  } finally {
    net.dispose();
  }
}

/**
 * A replication test, two-sided: the mean of the replications differs from 0 beyond t_{0.975, R−1} standard
 * errors, the standard error being the replications' own s.d. / √R (never an i.i.d. formula: the entries of a
 * layer are strongly correlated, so one draw's statistic varies far more than √(6/n) says).
 */
export function beyondZero(reps: readonly number[]): { mean: number; se: number; t: number; beyondNoise: boolean } {
  const m = reps.reduce((a, b) => a + b, 0) / reps.length;
  const r = pairedChange(reps, m >= 0 ? 1 : -1);
  return { mean: r.mean, se: r.se, t: r.t, beyondNoise: r.beyondNoise };
}

export interface LayerDraw {
  /** Entries of the layer. */
  n: number;
  skewness: number;
  kurtosis: number;
  logLikPerSample: number;
}

/**
 * The claim for one layer of one network from its R independent ∇E_L draws: skewed = mean skewness ≠ 0 beyond
 * the draws' noise (two-sided); heavy-tailed = mean excess kurtosis > 0 beyond it; more Cauchy-like = mean
 * per-sample log-likelihood gain of the half-Cauchy over the half-normal > 0 beyond it.
 */
export function decideLayer(draws: readonly LayerDraw[]): {
  skewed: boolean; heavy: boolean; cauchy: boolean; ok: boolean;
  skew: { mean: number; se: number; t: number }; kurt: { mean: number; se: number; t: number }; ll: { mean: number; se: number; t: number };
} {
  const sk = beyondZero(draws.map((d) => d.skewness));
  const ku = pairedChange(draws.map((d) => d.kurtosis), 1);
  const ll = pairedChange(draws.map((d) => d.logLikPerSample), 1);
  const pick = (x: { mean: number; se: number; t: number }) => ({ mean: x.mean, se: x.se, t: x.t });
  return { skewed: sk.beyondNoise, heavy: ku.beyondNoise, cauchy: ll.beyondNoise, ok: sk.beyondNoise && ku.beyondNoise && ll.beyondNoise, skew: pick(sk), kurt: pick(ku), ll: pick(ll) };
}

function check(cfg: GradNoiseConfig, runs: SeedRun[], noiseName: string): ClaimCheck {
  const seeds = cfg.seeds;
  const rows = runs[0]!.layers.map((l0, j) => {
    const per = seeds.map((s) => {
      const draws = runs.filter((r) => r.seed === s).map((r) => r.layers[j]!);
      const d = decideLayer(draws);
      // what the i.i.d. rule of version 1 (|skew| > 3·√(6/n) per draw) would have said, for comparison only
      const iidSkewed = draws.filter((l) => Math.abs(l.skewness) > 3 * Math.sqrt(6 / l.n)).length;
      return { seed: s, ...d, iidSkewed, draws: draws.length };
    });
    return {
      layer: l0.layer,
      n: l0.n,
      perSeed: per.map((p) => ({
        seed: p.seed,
        skewness: { mean: sig(p.skew.mean, 4), replicationSE: sig(p.skew.se, 3), sdOverDraws: sig(p.skew.se * Math.sqrt(p.draws), 3), iidSdOfOneDraw: sig(Math.sqrt(6 / l0.n), 3), t: sig(p.skew.t, 4) },
        excessKurtosis: { mean: sig(p.kurt.mean, 4), replicationSE: sig(p.kurt.se, 3) },
        halfCauchyMinusHalfNormalLogLikPerSample: { mean: sig(p.ll.mean, 4), replicationSE: sig(p.ll.se, 3) },
        skewed: p.skewed, heavyTailed: p.heavy, moreCauchyLike: p.cauchy,
        drawsSkewedByIidRule: `${p.iidSkewed}/${p.draws}`,
      })),
      heavyTailed: per.filter((p) => p.heavy).length,
      skewed: per.filter((p) => p.skewed).length,
      moreCauchyLike: per.filter((p) => p.cauchy).length,
      /** s.d. of one draw's skewness over independent draws, divided by the i.i.d. √(6/n); mean over networks. */
      ratioDrawSdToIidSd: sig(per.reduce((a, p) => a + p.skew.se * Math.sqrt(p.draws), 0) / per.length / Math.sqrt(6 / l0.n), 3),
      ok: per.every((p) => p.ok),
    };
  });
  const ok = rows.every((r) => r.ok);
  const S = seeds.length;
  const R = cfg.draws;
  return {
    claim: `The implicit-effect gradient noise of ${noiseName} GNIs at initialisation is skewed and heavy-tailed in every layer, its positive part more Cauchy-like than Gaussian.`,
    measured: Object.fromEntries(rows.map((r) => [r.layer, r])),
    outcome: ok ? "pass" : "fail",
    details:
      `Replication test. For every layer (weights only) and each of the ${S} networks (seeds), ${R} independent draws of ∇E_L (own noise, own M_ref reference) are the replications: ` +
      `skewed = |mean skewness| > t_{0.975, ${R - 1}} = ${pairedChange(new Array(R).fill(0), 1).t.toFixed(3)} replication standard errors (s.d. over the ${R} draws / √${R}); ` +
      `heavy-tailed = mean excess kurtosis > 0 by the same margin; more Cauchy-like = mean per-sample log-likelihood of the MLE half-Cauchy minus that of the MLE half-normal on the positive entries > 0 by the same margin. ` +
      `Pass requires all three for every layer and network. The i.i.d. standard error √(6/n) is not used: a layer's entries are correlated, and the s.d. of one draw's skewness over independent draws is ${rows.map((r) => `${r.ratioDrawSdToIidSd}×`).join(", ")} √(6/n) (${rows.map((r) => r.layer).join(", ")}, mean over networks); how many single draws the old rule |skew| > 3·√(6/n) would have called skewed is listed per network. ` +
      `Counts per layer (out of ${S} networks): ${rows.map((r) => `${r.layer}: heavy ${r.heavyTailed}, skewed ${r.skewed}, Cauchy-like ${r.moreCauchyLike}`).join("; ")}.`,
  };
}

function aggregate(cfg: GradNoiseConfig, runs: SeedRun[]): GradNoiseData["layers"] {
  const xs = midGrid(cfg.hist.lo, cfg.hist.hi, 160);
  return runs[0]!.layers.map((l0, j) => {
    const ls = runs.map((r) => r.layers[j]!);
    const ratio = ls.map((l) => l.halfCauchy.scale / l.halfNormal.scale);
    // in units of the half-normal scale, the half-normal fit is HN(1) for every seed; the half-Cauchy has scale ratio
    const hn = halfNormalPdf(xs, { scale: 1 });
    const hc = ratio.map((r) => halfCauchyPdf(xs, { scale: r }));
    const curves: CurvePoint[] = [];
    for (let i = 0; i < xs.length; i++) {
      if (hn[i]! >= cfg.logFloor) curves.push({ x: sig(xs[i]!), series: SERIES.hn, y: sig(hn[i]!), lo: sig(hn[i]!), hi: sig(hn[i]!) });
      const s = spread(hc.map((d) => d[i]!));
      if (s.min >= cfg.logFloor) curves.push({ x: sig(xs[i]!), series: SERIES.hc, y: sig(s.mean), lo: sig(s.min), hi: sig(s.max) });
    }
    return {
      layer: l0.layer,
      n: l0.n,
      skewness: spread(ls.map((l) => l.skewness)),
      kurtosis: spread(ls.map((l) => l.kurtosis)),
      logLikPerSample: spread(ls.map((l) => l.logLikPerSample)),
      cauchyOverNormalScale: spread(ratio),
      bars: pooledBars(ls.map((l) => l.counts), ls.map((l) => l.positives), cfg.hist, cfg.logFloor),
      curves,
    };
  });
}

/** Mean with min–max over seeds, per layer, as points and rules. */
function momentPanel(layers: GradNoiseData["layers"], key: "skewness" | "kurtosis", title: string): Record<string, unknown> {
  const values = layers.map((l) => ({ layer: l.layer, mean: sig(l[key].mean, 4), lo: sig(l[key].min, 4), hi: sig(l[key].max, 4) }));
  const x = { field: "layer", type: "ordinal", title: "layer", sort: null };
  return {
    title,
    width: 260,
    height: 160,
    data: { values },
    layer: [
      { mark: { type: "rule", color: COLORS.grey }, encoding: { y: { datum: 0 } } },
      { mark: { type: "rule", color: COLORS.blue, strokeWidth: 2 }, encoding: { x, y: { field: "lo", type: "quantitative", title }, y2: { field: "hi" } } },
      { mark: { type: "point", filled: true, size: 60, color: COLORS.blue }, encoding: { x, y: { field: "mean", type: "quantitative", title } } },
    ],
  };
}

export interface GradNoiseFigureSpec {
  id: string;
  noise: NoiseType;
  title: string;
  caption: string;
  claim: string;
  paperScale: string;
}

/** σ of the injected noise: the paper gives no σ for Figs 2/A.3 in the supplied text; σ² = 0.1 is the variance it uses for additive GNIs in Fig. 7. */
export const GNI_SIGMA = Math.sqrt(0.1);

export function gradientNoiseFigure(s: GradNoiseFigureSpec): ImplementedFigure<GradNoiseConfig, GradNoiseData> {
  const noiseName = s.noise;
  return {
    id: s.id,
    title: s.title,
    origin: "paper",
    caption: s.caption,
    claim: s.claim,
    implemented: true,
    version: 2,
    paperScale: s.paperScale,
    config(options: RunOptions): GradNoiseConfig {
      const tiny = options.preset === "tiny";
      const defaultSeeds = tiny ? 2 : options.preset === "quick" ? 3 : 5;
      return {
        noise: { type: s.noise, sigma: GNI_SIGMA },
        hidden: tiny ? [32, 32, 32, 32] : [256, 256, 256, 256],
        activation: "relu",
        points: tiny ? 50 : 200,
        loss: "mse",
        mRef: tiny ? 8 : options.preset === "quick" ? 64 : 256,
        chunk: 16,
        draws: tiny ? 2 : options.preset === "quick" ? 6 : 10,
        seeds: seedList(options.seeds ?? defaultSeeds),
        hist: { lo: 0, hi: 8, bins: 64 },
        logFloor: 1e-5,
      };
    },
    describe(cfg: GradNoiseConfig, preset: Preset): string {
      return `MLP 1 → ${cfg.hidden.join("×")} → 1 (ReLU, Glorot-uniform init, seed 1000·s + 1), ${noiseName} GNIs with σ = √0.1 ≈ ${cfg.noise.sigma.toFixed(4)} at the input and every hidden layer, ` +
        `MSE on the sinusoids λ(x) = Σ sin(2π qᵢ x + φᵢ), qᵢ = 5…50, ${cfg.points} grid points on [0, 1) (phases from seed 0), at initialisation. ` +
        `∇E_L = ∇L̃(D; w, ε) (M = 1) − ∇L̃_{M_ref} with M_ref = ${cfg.mRef} independent noise samples, over the whole data set (no batching noise). Networks (seeds) ${cfg.seeds.join(", ")}; on each, ${cfg.draws} independent draws of ∇E_L (draw r: noise seed 1000·s + 2 + 10⁶·r, its own M_ref reference), the replications the claim's standard errors come from. ` +
        `Top: skewness and excess kurtosis of the weights' ∇E_L per layer (points: mean over all networks and draws, bars: min–max over them). Bottom: histogram of the positive entries, each divided by its draw's MLE half-normal scale σ̂_HN and pooled over networks and draws, with the MLE half-normal (HN(1) in these units) and half-Cauchy (mean, min–max shading over draws); log y, densities below ${cfg.logFloor} not drawn. ` +
        `Differences from the paper: σ is not given for this figure in the supplied text (σ² = 0.1, the paper's additive variance in Fig. 7, used); M_ref for the Monte-Carlo expectation not given (${cfg.mRef}); several networks and draws instead of one; ` +
        (preset === "tiny" ? "tiny preset: 32-unit layers, 50 points, M_ref = 8, 2 draws (test size; outcome meaningless)." : preset === "quick" ? `quick preset: the paper's network and data, M_ref = 64, ${cfg.seeds.length} networks × ${cfg.draws} draws.` : `paper preset: M_ref = 256, ${cfg.seeds.length} networks × ${cfg.draws} draws.`);
    },
    async run(cfg: GradNoiseConfig, ctx: FigureContext): Promise<FigureOutput<GradNoiseData>> {
      const tfjs = await tfjsBackend();
      const runs: SeedRun[] = [];
      for (const seed of cfg.seeds) {
        for (let draw = 0; draw < cfg.draws; draw++) {
          const key = { kind: "implicit-gradient-noise-init", noise: cfg.noise, hidden: cfg.hidden, activation: cfg.activation, points: cfg.points, loss: cfg.loss, mRef: cfg.mRef, chunk: cfg.chunk, hist: cfg.hist, seed, draw, backend: tfjs.backend, version: 2 };
          runs.push(await ctx.subRun("gradnoise-init", key, `${noiseName} seed ${seed} draw ${draw}`, () => computeDraw(cfg, seed, draw)));
        }
      }
      return { data: { tfjs, layers: aggregate(cfg, runs), runs }, claim: check(cfg, runs, noiseName) };
    },
    spec(out: FigureOutput<GradNoiseData>): Record<string, unknown> {
      const colors = { [SERIES.hist]: COLORS.blue, [SERIES.hn]: COLORS.orange, [SERIES.hc]: COLORS.green };
      const L = out.data.layers;
      return {
        vconcat: [
          { hconcat: [momentPanel(L, "skewness", "skewness of ∇E_L"), momentPanel(L, "kurtosis", "excess kurtosis of ∇E_L")] },
          {
            hconcat: L.map((l) =>
              densityPanel({
                title: `${l.layer} (${l.n} weights)`,
                xTitle: "positive ∇E_L / σ̂_HN",
                yTitle: "density",
                bars: l.bars,
                barSeries: SERIES.hist,
                curves: l.curves,
                log: true,
                domain: [0, 8],
                colors,
                width: 190,
                height: 160,
              }),
            ),
          },
        ],
      };
    },
  };
}

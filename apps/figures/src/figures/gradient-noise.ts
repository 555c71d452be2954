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
import { sig, spread, type Spread } from "../stats.js";
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
  seeds: number[];
  /** Histogram of positive entries in units of the fitted half-normal scale. */
  hist: Bins;
  logFloor: number;
  /** |skewness| must exceed this many standard errors √(6/n) of the Gaussian null to count as skewed. */
  skewZ: number;
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

interface SeedRun {
  seed: number;
  backend: string;
  objective: number;
  layers: LayerStats[];
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

function computeSeed(cfg: GradNoiseConfig, seed: number): SeedRun {
  const data = sinusoids({ n: cfg.points, seed: 0 });
  const net = createMlp({ inputSize: 1, outputSize: 1, hidden: cfg.hidden, activation: cfg.activation, seed: 1000 * seed + 1 });
  try {
    const g = implicitGradientNoise(net, data, { noise: cfg.noise, loss: cfg.loss, mRef: cfg.mRef, chunk: cfg.chunk, seed: 1000 * seed + 2 });
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
    return { seed, backend: g.backend, objective: g.objective, layers };
  } finally {
    net.dispose();
  }
}

function check(cfg: GradNoiseConfig, runs: SeedRun[], noiseName: string): ClaimCheck {
  const rows = runs[0]!.layers.map((_, j) => {
    const per = runs.map((r) => {
      const l = r.layers[j]!;
      const se = Math.sqrt(6 / l.n);
      return { heavy: l.kurtosis > 0, skewed: Math.abs(l.skewness) > cfg.skewZ * se, cauchy: l.logLikPerSample > 0, skewZ: Math.abs(l.skewness) / se };
    });
    const l0 = runs[0]!.layers[j]!;
    return {
      layer: l0.layer,
      n: l0.n,
      excessKurtosis: runs.map((r) => sig(r.layers[j]!.kurtosis, 4)),
      skewness: runs.map((r) => sig(r.layers[j]!.skewness, 4)),
      skewInStandardErrors: per.map((p) => sig(p.skewZ, 3)),
      halfCauchyMinusHalfNormalLogLikPerSample: runs.map((r) => sig(r.layers[j]!.logLikPerSample, 4)),
      heavyTailed: per.filter((p) => p.heavy).length,
      skewed: per.filter((p) => p.skewed).length,
      moreCauchyLike: per.filter((p) => p.cauchy).length,
      ok: per.every((p) => p.heavy && p.skewed && p.cauchy),
    };
  });
  const ok = rows.every((r) => r.ok);
  const S = runs.length;
  return {
    claim: `The implicit-effect gradient noise of ${noiseName} GNIs at initialisation is skewed and heavy-tailed in every layer, its positive part more Cauchy-like than Gaussian.`,
    measured: Object.fromEntries(rows.map((r) => [r.layer, r])),
    outcome: ok ? "pass" : "fail",
    details:
      `For every layer (weights only) and each of the ${S} seeds: heavy-tailed = sample excess kurtosis > 0; skewed = |skewness| > ${cfg.skewZ}·√(6/n) (${cfg.skewZ} standard errors of the skewness of n Gaussian draws); ` +
      `more Cauchy-like = the MLE half-Cauchy has a higher log-likelihood than the MLE half-normal on the positive entries. Pass requires all three for every layer and seed. ` +
      `Counts per layer (out of ${S} seeds): ${rows.map((r) => `${r.layer}: heavy ${r.heavyTailed}, skewed ${r.skewed}, Cauchy-like ${r.moreCauchyLike}`).join("; ")}.`,
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
    version: 1,
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
        seeds: seedList(options.seeds ?? defaultSeeds),
        hist: { lo: 0, hi: 8, bins: 64 },
        logFloor: 1e-5,
        skewZ: 3,
      };
    },
    describe(cfg: GradNoiseConfig, preset: Preset): string {
      return `MLP 1 → ${cfg.hidden.join("×")} → 1 (ReLU, Glorot-uniform init, seed 1000·s + 1), ${noiseName} GNIs with σ = √0.1 ≈ ${cfg.noise.sigma.toFixed(4)} at the input and every hidden layer, ` +
        `MSE on the sinusoids λ(x) = Σ sin(2π qᵢ x + φᵢ), qᵢ = 5…50, ${cfg.points} grid points on [0, 1) (phases from seed 0), at initialisation. ` +
        `∇E_L = ∇L̃(D; w, ε) (M = 1) − ∇L̃_{M_ref} with M_ref = ${cfg.mRef} independent noise samples (noise seed 1000·s + 2), over the whole data set (no batching noise). Seeds ${cfg.seeds.join(", ")}. ` +
        `Top: skewness and excess kurtosis of the weights' ∇E_L per layer (points: mean over seeds, bars: min–max). Bottom: histogram of the positive entries, each divided by its seed's MLE half-normal scale σ̂_HN and pooled over seeds, with the MLE half-normal (HN(1) in these units) and half-Cauchy (mean, min–max shading over seeds); log y, densities below ${cfg.logFloor} not drawn. ` +
        `Differences from the paper: σ is not given for this figure in the supplied text (σ² = 0.1, the paper's additive variance in Fig. 7, used); M_ref for the Monte-Carlo expectation not given (${cfg.mRef}); several seeds instead of one network; ` +
        (preset === "tiny" ? "tiny preset: 32-unit layers, 50 points, M_ref = 8 (test size; outcome meaningless)." : preset === "quick" ? "quick preset: the paper's network and data, M_ref = 64, 3 seeds." : "paper preset: M_ref = 256, 5 seeds.");
    },
    async run(cfg: GradNoiseConfig, ctx: FigureContext): Promise<FigureOutput<GradNoiseData>> {
      const tfjs = await tfjsBackend();
      const runs: SeedRun[] = [];
      for (const seed of cfg.seeds) {
        const key = { kind: "implicit-gradient-noise-init", noise: cfg.noise, hidden: cfg.hidden, activation: cfg.activation, points: cfg.points, loss: cfg.loss, mRef: cfg.mRef, chunk: cfg.chunk, hist: cfg.hist, seed, backend: tfjs.backend, version: 1 };
        runs.push(await ctx.subRun("gradnoise-init", key, `${noiseName} seed ${seed}`, () => computeSeed(cfg, seed)));
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

/**
 * Fig. 8: 2 × 256 ELU networks trained by mini-batch SGD on L̃_M (4.5) with multiplicative GNIs of several
 * variances σ²: test-set loss for several M [first row], and KDEs of the α and θ (= β) of univariate S_α
 * fitted by maximum likelihood to the implicit-effect gradient noise ∇E_L along the M = 1 runs [second row].
 * SVHN runs when --data-dir holds it; the same experiment on MNIST is the clearly-labelled stand-in.
 */
import type { ClaimCheck, FigureContext, FigureOutput, ImplementedFigure, RunOptions } from "../figure.js";
import { densityPanel, PALETTE, seedMeanCurve, type CurvePoint } from "../plot.js";
import { type Preset, seedList } from "../presets.js";
import { mean, pairedChange, sig, spread, strictlyMonotone, type Spread } from "../stats.js";
import { MLABEL as mLabel } from "./fig5.js";
import { tfjsBackend, type TfjsBackend } from "../tfjs.js";
import { DATA_LABEL, dataPanels, kdeCurve, loadPanel, netLabel, describeData, heldOutKey, notRunPanel, trainHeldOut, type DataName, type DataPanel, type HeldOutRun, type HeldOutRunConfig, type NetSpec } from "./held-out.js";

export interface Fig8Config {
  data: DataPanel[];
  net: NetSpec;
  sigma2: number[];
  M: number[];
  training: Omit<HeldOutRunConfig, "net" | "regime" | "noise" | "M" | "fits">;
  /** S_α fits to ∇E_L along the M = 1 runs. */
  fits: NonNullable<HeldOutRunConfig["fits"]>;
  seeds: number[];
  finalFraction: number;
}

interface Fig8Run extends HeldOutRun {
  data: DataName;
  sigma2: number;
  M: number;
}

interface Fig8Block {
  data: DataName;
  standIn: boolean;
  /** Per σ²: test-loss curves (series = M) and final test loss per M. */
  bySigma: Array<{ sigma2: number; curves: CurvePoint[]; finalTestLoss: Array<{ M: number; loss: Spread }>; gap: number }>;
  /** Per σ²: fitted α and θ over layers, checkpoints and seeds. */
  params: Array<{ sigma2: number; alpha: number[]; theta: number[]; meanAlpha: number; meanAbsTheta: number }>;
  alphaKde: CurvePoint[];
  thetaKde: CurvePoint[];
  /** Largest minus smallest σ², paired by seed: per seed, the mean fitted α (|θ|) over that run's checkpoints and layers; mean and standard error over seeds of the change. */
  alphaChange: Paired;
  absThetaChange: Paired;
  /** Per seed: gap(σ²_max) − gap(σ²_min), gap = final test loss at the smallest M minus at the largest M. */
  gapChange: Paired;
  heavierAndMoreSkewed: boolean;
  largerMWinsMore: boolean;
}

type Paired = ReturnType<typeof pairedChange>;

export interface Fig8Data {
  tfjs: TfjsBackend;
  notRun: Array<{ data: string; reason: string }>;
  blocks: Fig8Block[];
  runs: Fig8Run[];
}

const sLabel = (s2: number) => `σ² = ${s2}`;

/** Per σ² (ascending), per seed (same order): the per-seed aggregates Fig. 8's check decides on. */
export interface Fig8BlockInput {
  sigma2: number[];
  /** Mean fitted α over the checkpoints and layers of the seed's M = 1 run. */
  alphaBySeed: number[][];
  /** Mean fitted |θ| likewise. */
  absThetaBySeed: number[][];
  /** Final test loss at the smallest M minus at the largest M, per seed. */
  gapBySeed: number[][];
}

/**
 * Fig. 8's claim check for one data set, a pure function of per-seed aggregates. Standard errors come from the
 * seeds, the independent replications: the fits along one run (checkpoints, layers) are dependent, so each run is
 * reduced to its mean first. Pass requires (a) the mean over seeds of α strictly decreasing and of |θ| strictly
 * increasing in σ², and the change from the smallest to the largest σ², paired by seed, beyond t_{0.975, n−1}
 * standard errors; (b) the gap positive at the largest σ² and its increase from the smallest σ², paired by seed,
 * beyond noise. One seed cannot pass.
 */
export function checkFig8Block(b: Fig8BlockInput): { alphaChange: Paired; absThetaChange: Paired; gapChange: Paired; meanAlpha: number[]; meanAbsTheta: number[]; gaps: number[]; heavierAndMoreSkewed: boolean; largerMWinsMore: boolean } {
  const last = b.sigma2.length - 1;
  const diff = (v: number[][]) => v[last]!.map((x, i) => x - v[0]![i]!);
  const alphaChange = pairedChange(diff(b.alphaBySeed), -1);
  const absThetaChange = pairedChange(diff(b.absThetaBySeed), 1);
  const gapChange = pairedChange(diff(b.gapBySeed), 1);
  const meanAlpha = b.alphaBySeed.map(mean), meanAbsTheta = b.absThetaBySeed.map(mean), gaps = b.gapBySeed.map(mean);
  return {
    alphaChange, absThetaChange, gapChange, meanAlpha, meanAbsTheta, gaps,
    heavierAndMoreSkewed: strictlyMonotone(meanAlpha, -1) && strictlyMonotone(meanAbsTheta, 1) && alphaChange.beyondNoise && absThetaChange.beyondNoise,
    largerMWinsMore: gaps[last]! > 0 && gapChange.beyondNoise,
  };
}

export const fig8: ImplementedFigure<Fig8Config, Fig8Data> = {
  id: "8",
  title: "Test loss against M for multiplicative GNIs of several σ², and KDEs of the fitted S_α α and θ (SVHN, MNIST stand-in)",
  origin: "paper",
  caption: "Figure 8. [first row] We train 2-dense-layer-256-unit-per-layer ELU networks on the objective (1/M)Σ_m L̃(B; w, ε_m) with a cross-entropy loss (see Appendix B) for SVHN. We use multiplicative noise of variance σ² and batch size of 512. We plot the test-set loss (L_test). [second row] We fit univariate S_α via maximum likelihood (Nolan, 2001) to ∇E_L(·) and show KDE plots of parameters' estimates.",
  claim: "As σ² grows the gradient noise gets heavier-tailed and more skewed (α falls, |θ| rises), and larger-M models begin to outperform smaller-M ones on held-out data.",
  implemented: true,
  version: 4,
  paperScale: "SVHN, a 3072 → 256 → 256 → 10 ELU network, cross-entropy, multiplicative GNIs of several σ², several M, batch 512; S_α fitted by MLE to ∇E_L; the σ² and M values, learning rate and training length are not stated in the supplied text.",
  config(options: RunOptions): Fig8Config {
    const pr = options.preset;
    const tiny = pr === "tiny";
    const quick = pr === "quick";
    return {
      data: dataPanels(["svhn"], options.dataDir, {
        real: tiny ? [3, 2] : quick ? [5000, 2000] : [50000, 10000],
        mnist: tiny ? [24, 16] : quick ? [2000, 1000] : [8000, 2000],
      }),
      net: { kind: "mlp", hidden: tiny ? [8, 8] : quick ? [128, 128] : [256, 256], activation: "elu" },
      sigma2: tiny ? [0.1, 1] : [0.1, 0.5, 1],
      M: tiny ? [1, 2] : quick ? [1, 4, 16] : [1, 2, 4, 8, 16],
      training: { learningRate: 0.05, batchSize: tiny ? 8 : quick ? 64 : 512, steps: tiny ? 4 : quick ? 150 : 3000, evalEvery: tiny ? 2 : quick ? 10 : 100, chunk: tiny ? 2 : 8 },
      fits: { every: tiny ? 2 : quick ? 25 : 250, mRef: tiny ? 4 : 16, maxSamples: tiny ? 100 : quick ? 1000 : 2000, estimator: tiny ? "quantile" : "mle" },
      seeds: seedList(options.seeds ?? (tiny ? 1 : pr === "quick" ? 2 : 5)),
      finalFraction: 0.2,
    };
  },
  describe(cfg: Fig8Config, preset: Preset): string {
    const t = cfg.training;
    return describeData(cfg.data) +
      `Network: ${netLabel(cfg.net)}, softmax cross-entropy; multiplicative GNIs of variance σ² ∈ {${cfg.sigma2.join(", ")}} at the input and both hidden sites; M ∈ {${cfg.M.join(", ")}}. ` +
      `Mini-batch SGD, batch ${t.batchSize}, learning rate ${t.learningRate}, ${t.steps} steps; test loss every ${t.evalEvery} steps; seeds ${cfg.seeds.join(", ")}. ` +
      `Second row: along each M = 1 run, every ${cfg.fits.every} steps (and at step 0), ∇E_L = ∇L̃_1 − ∇L̃_${cfg.fits.mRef} on a fresh mini-batch, per layer (weights; non-zero entries, at most ${cfg.fits.maxSamples}, seeded subset), fitted by ${cfg.fits.estimator === "mle" ? "maximum likelihood" : "McCulloch's quantile estimator (tiny preset only)"} (S_α, μ = 0, @heavytails/stable); KDE (Gaussian kernel, Silverman bandwidth) over layers, checkpoints and seeds; θ is the skewness parameter β. ` +
      `Differences from the paper: σ², M, learning rate and training length are our choices (not in the supplied text); ` +
      (preset === "paper" ? "paper preset: batch 512, 2 × 256, 5 seeds." : preset === "quick" ? `quick preset: 2 × 128 instead of 2 × 256, batch ${t.batchSize} instead of 512, ${t.steps} steps, ${cfg.seeds.length} seeds, small training sets.` : "tiny preset: test size; outcome meaningless.");
  },
  async run(cfg: Fig8Config, ctx: FigureContext): Promise<FigureOutput<Fig8Data>> {
    const tfjs = await tfjsBackend();
    const runs: Fig8Run[] = [];
    for (const d of cfg.data) {
      if (d.missing) continue;
      let loaded: ReturnType<typeof loadPanel> | undefined;
      for (const sigma2 of cfg.sigma2) {
        for (const seed of cfg.seeds) {
          for (const M of cfg.M) {
            const rc: HeldOutRunConfig = { ...cfg.training, net: cfg.net, regime: "noise", noise: { type: "multiplicative", sigma: Math.sqrt(sigma2) }, M, ...(M === 1 ? { fits: cfg.fits } : {}) };
            const key = heldOutKey(d, rc, seed, cfg.finalFraction, tfjs.backend);
            const r = await ctx.subRun("held-out", key, `${DATA_LABEL[d.name]} σ²=${sigma2} M=${M} seed ${seed}`, () => {
              loaded ??= loadPanel(d, "flat");
              return trainHeldOut(rc, loaded, seed, cfg.finalFraction);
            });
            runs.push({ ...r, data: d.name, sigma2, M });
          }
        }
      }
    }
    const blocks: Fig8Block[] = cfg.data.filter((d) => !d.missing).map((d) => {
      const bySigma = cfg.sigma2.map((sigma2) => {
        const curves: CurvePoint[] = [];
        const finalTestLoss = cfg.M.map((M) => {
          const rs = runs.filter((r) => r.data === d.name && r.sigma2 === sigma2 && r.M === M);
          curves.push(...seedMeanCurve(rs.map((r) => r.testLoss), mLabel(M)));
          return { M, loss: spread(rs.map((r) => r.finalTestLoss ?? Infinity)) };
        });
        return { sigma2, curves, finalTestLoss, gap: finalTestLoss[0]!.loss.mean - finalTestLoss.at(-1)!.loss.mean };
      });
      const params = cfg.sigma2.map((sigma2) => {
        const fits = runs.filter((r) => r.data === d.name && r.sigma2 === sigma2 && r.M === 1).flatMap((r) => r.fits ?? []);
        const alpha = fits.map((f) => f.alpha);
        const theta = fits.map((f) => f.beta);
        return { sigma2, alpha, theta, meanAlpha: mean(alpha), meanAbsTheta: mean(theta.map(Math.abs)) };
      });
      const seedFits = (s2: number, seed: number) => runs.find((r) => r.data === d.name && r.sigma2 === s2 && r.M === 1 && r.seed === seed)?.fits ?? [];
      const seedGap = (s2: number, seed: number) => {
        const at = (M: number) => runs.find((r) => r.data === d.name && r.sigma2 === s2 && r.M === M && r.seed === seed)?.finalTestLoss ?? Infinity;
        return at(cfg.M[0]!) - at(cfg.M.at(-1)!);
      };
      const v = checkFig8Block({
        sigma2: cfg.sigma2,
        alphaBySeed: cfg.sigma2.map((s2) => cfg.seeds.map((seed) => mean(seedFits(s2, seed).map((f) => f.alpha)))),
        absThetaBySeed: cfg.sigma2.map((s2) => cfg.seeds.map((seed) => mean(seedFits(s2, seed).map((f) => Math.abs(f.beta))))),
        gapBySeed: cfg.sigma2.map((s2) => cfg.seeds.map((seed) => seedGap(s2, seed))),
      });
      const { alphaChange, absThetaChange, gapChange } = v;
      return {
        data: d.name,
        standIn: d.standIn,
        bySigma,
        params,
        alphaKde: params.flatMap((p) => kdeCurve(p.alpha, sLabel(p.sigma2), 0, 2)),
        thetaKde: params.flatMap((p) => kdeCurve(p.theta, sLabel(p.sigma2), -1, 1)),
        alphaChange,
        absThetaChange,
        gapChange,
        heavierAndMoreSkewed: v.heavierAndMoreSkewed,
        largerMWinsMore: v.largerMWinsMore,
      };
    });
    const notRun = cfg.data.filter((d) => d.missing).map((d) => ({ data: d.name, reason: d.missing! }));
    const ok = blocks.every((b) => b.heavierAndMoreSkewed && b.largerMWinsMore);
    const diverged = runs.filter((r) => r.finalTestLoss === null);
    const claim: ClaimCheck = {
      claim: "As σ² grows, the fitted α of ∇E_L falls and |θ| rises, and larger-M models begin to outperform smaller-M ones on held-out data.",
      measured: Object.fromEntries(blocks.map((b) => [DATA_LABEL[b.data], {
        meanFittedAlpha: Object.fromEntries(b.params.map((p) => [sLabel(p.sigma2), sig(p.meanAlpha, 4)])),
        meanAbsTheta: Object.fromEntries(b.params.map((p) => [sLabel(p.sigma2), sig(p.meanAbsTheta, 4)])),
        fits: Object.fromEntries(b.params.map((p) => [sLabel(p.sigma2), p.alpha.length])),
        finalTestLossMeanByM: Object.fromEntries(b.bySigma.map((s) => [sLabel(s.sigma2), Object.fromEntries(s.finalTestLoss.map((f) => [mLabel(f.M), sig(f.loss.mean, 4)]))])),
        gapSmallestMinusLargestM: Object.fromEntries(b.bySigma.map((s) => [sLabel(s.sigma2), sig(s.gap, 3)])),
        largestMinusSmallestSigma2: {
          alpha: { mean: sig(b.alphaChange.mean, 3), se: sig(b.alphaChange.se, 3), t: sig(b.alphaChange.t, 4), seeds: b.alphaChange.n, beyondNoise: b.alphaChange.beyondNoise },
          absTheta: { mean: sig(b.absThetaChange.mean, 3), se: sig(b.absThetaChange.se, 3), t: sig(b.absThetaChange.t, 4), seeds: b.absThetaChange.n, beyondNoise: b.absThetaChange.beyondNoise },
          gap: { mean: sig(b.gapChange.mean, 3), se: sig(b.gapChange.se, 3), t: sig(b.gapChange.t, 4), seeds: b.gapChange.n, beyondNoise: b.gapChange.beyondNoise },
        },
        heavierAndMoreSkewed: b.heavierAndMoreSkewed,
        largerMWinsMore: b.largerMWinsMore,
      }])),
      outcome: ok ? "pass" : "fail",
      details: `Measured on ${blocks.map((b) => DATA_LABEL[b.data]).join(" and ")}${notRun.length > 0 ? `; ${notRun.map((n) => DATA_LABEL[n.data as DataName]).join(" and ")} not run, so the outcome rests on ${blocks.some((b) => !b.standIn) ? "the data sets that ran" : "the MNIST stand-in only, not on the paper's data set"}` : ""}. ` +
        `Pass requires, on every data set run: (a) the mean fitted α strictly decreasing and the mean |θ| strictly increasing in σ² (means over layers, checkpoints and seeds of the M = 1 runs), with the change from the smallest to the largest σ² beyond t_{0.975, n−1} standard errors, where each seed's M = 1 run is first reduced to its mean α (|θ|) over checkpoints and layers and the change is paired by seed (the fits along one run are dependent: the seeds are the independent replications; n = ${cfg.seeds.length}, one seed cannot pass); (b) the gap "final test loss at M = ${cfg.M[0]} minus at M = ${cfg.M.at(-1)}" (mean over seeds) positive at the largest σ², and its increase from the smallest σ², paired by seed, beyond t_{0.975, n−1} standard errors (n = ${cfg.seeds.length} seeds; one seed cannot pass). ` +
        blocks.map((b) => `${DATA_LABEL[b.data]}: α/θ trend ${b.heavierAndMoreSkewed ? "holds" : "does not hold"}, larger-M advantage ${b.largerMWinsMore ? "holds" : "does not hold"}`).join("; ") + ". " +
        `Diverged runs (counted as the worst loss): ${diverged.map((r) => `${r.data} σ²=${r.sigma2} M=${r.M} seed ${r.seed} at step ${r.divergedAt}`).join(", ") || "none"}.`,
    };
    if (notRun.length > 0) claim.scope = blocks.some((x) => !x.standIn) ? `${notRun.map((n) => DATA_LABEL[n.data as DataName]).join(", ")} not run` : "MNIST stand-in only";
    return { data: { tfjs, notRun, blocks, runs }, claim };
  },
  spec(out: FigureOutput<Fig8Data>, cfg: Fig8Config): Record<string, unknown> {
    const mColors = Object.fromEntries(cfg.M.map((M, i) => [mLabel(M), PALETTE[i % PALETTE.length]!]));
    const sColors = Object.fromEntries(cfg.sigma2.map((s, i) => [sLabel(s), PALETTE[i % PALETTE.length]!]));
    const rows: Record<string, unknown>[] = [];
    for (const d of cfg.data) {
      if (d.missing) {
        rows.push({ hconcat: [notRunPanel(`${DATA_LABEL[d.name]}: test loss and fitted S_α parameters`, d.missing, 500)] });
        continue;
      }
      const b = out.data.blocks.find((x) => x.data === d.name)!;
      rows.push({
        hconcat: b.bySigma.map((s) => densityPanel({ title: `${DATA_LABEL[d.name]}, σ² = ${s.sigma2}`, xTitle: "SGD step", yTitle: "test loss (log)", curves: s.curves, log: true, logNice: false, domain: [0, cfg.training.steps], colors: mColors, width: 260, height: 180 })),
      });
      rows.push({
        hconcat: [
          densityPanel({ title: `${DATA_LABEL[d.name]}: fitted α of ∇E_L (M = 1 runs)`, xTitle: "α", yTitle: "density (KDE)", curves: b.alphaKde, log: false, domain: [0, 2], colors: sColors, width: 300, height: 180 }),
          densityPanel({ title: `${DATA_LABEL[d.name]}: fitted θ (skewness β)`, xTitle: "θ", yTitle: "density (KDE)", curves: b.thetaKde, log: false, domain: [-1, 1], colors: sColors, width: 300, height: 180 }),
        ],
      });
    }
    return { vconcat: rows, resolve: { scale: { color: "independent" } } };
  },
};

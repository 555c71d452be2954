/**
 * The gradient-noise replacement of Fig. 4 with the paper's estimator, maximum likelihood
 * (`estimator: 'mle'`, the default), which the quick test (test/train.test.ts) replaces by
 * McCulloch's quantile estimator for speed.
 *
 * 1. Training with replacement by MLE-fitted S_α runs (1 → 16×16 → 1 MLP, M = 4, 3 steps,
 *    seed 4, default maxFitSamples 2000) and reports a fit per layer and step; on the first
 *    step the data are the same as with `estimator: 'quantile'` (same seed, the noise is drawn
 *    before the fit), and the MLE must differ from the quantile fit there — otherwise the
 *    estimator option is ignored.
 * 2. On the same kind of data (the implicit gradient noise of a hidden layer, all of it, no
 *    subsampling) the MLE's log-likelihood is at least the quantile estimate's: the MLE starts
 *    from McCulloch's estimate and maximises the likelihood, so it can only improve on it.
 *    Both log-likelihoods are computed here with @heavytails/stable's logpdf.
 */
import { createRng, logpdf } from "@heavytails/stable";
import { beforeAll, describe, expect, it } from "vitest";
import { createMlp, fitNoiseLaw, implicitGradientNoise, sinusoids, train } from "../../src/index.js";
import { useBackend } from "../helpers.js";

beforeAll(async () => {
  await useBackend();
});

const data = sinusoids({ n: 64 });
const additive = { type: "additive" as const, sigma: 0.1 };

describe("gradient-noise replacement with the MLE fit (Fig. 4)", () => {
  it("trains with MLE-fitted replacement noise; the first-step fits differ from the quantile ones on the same data", () => {
    const run = (estimator: "mle" | "quantile") => {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], seed: 6 });
      const res = train(net, data, { noise: additive, M: 4, loss: "mse", learningRate: 0.01, steps: 3, seed: 4, gradientNoise: { distribution: "stable", estimator } });
      net.dispose();
      return res.steps.map((s) => s.fits!);
    };
    const mle = run("mle"), q = run("quantile");
    console.log("first step, mle:", JSON.stringify(mle[0]), "\nquantile:", JSON.stringify(q[0]));
    expect(mle).toHaveLength(3);
    for (const fits of mle) {
      expect(fits.map((f) => f.layer)).toEqual(["dense1", "dense2", "dense3"]);
      for (const f of fits) expect(Number.isFinite(f.alpha) && Number.isFinite(f.beta) && f.scale > 0, JSON.stringify(f)).toBe(true);
    }
    for (let j = 0; j < 3; j++) {
      expect(mle[0]![j]!.samples, "same data on the first step").toBe(q[0]![j]!.samples);
      const d = Math.abs(mle[0]![j]!.alpha - q[0]![j]!.alpha) + Math.abs(mle[0]![j]!.scale - q[0]![j]!.scale);
      expect(d, `layer ${j + 1}: MLE and quantile fits coincide (estimator ignored?)`).toBeGreaterThan(1e-9);
    }
  });

  it("the MLE's log-likelihood on implicit gradient noise is at least the quantile estimate's", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [32, 32], seed: 6 });
    const g = implicitGradientNoise(net, data, { noise: additive, loss: "mse", mRef: 64, chunk: 16, seed: 11 });
    net.dispose();
    const x = g.layers[1]!.weight.filter((v) => v !== 0);
    const ll = (p: { alpha: number; beta: number; scale: number }) => logpdf(x, { alpha: p.alpha, beta: p.beta, scale: p.scale, loc: 0 }).reduce((a, b) => a + b, 0);
    const m = fitNoiseLaw("layer 2", x, { estimator: "mle", maxSamples: x.length, rng: createRng(1) });
    const q = fitNoiseLaw("layer 2", x, { estimator: "quantile", maxSamples: x.length, rng: createRng(1) });
    const lm = ll(m), lq = ll(q);
    console.log(`n = ${x.length}: MLE ${JSON.stringify(m)} ll ${lm}; quantile ${JSON.stringify(q)} ll ${lq}`);
    expect(m.samples).toBe(x.length);
    expect(lm - lq, `MLE ll ${lm}, quantile ll ${lq}`).toBeGreaterThan(0);
  });
});
